"""The list's order and filter, as state (no Textual): `f` cycles all → new → unread → starred,
`o` the orders that make sense here (by a count only when the library knows it), each chosen
order kept apart for browsing, for a query and for an aside list."""

from __future__ import annotations

from ..scope import DAY, PERIODS, RANKED, STARRED
from .library import COUNTS

FILTERS = ("", "new", "unread", "starred")
ENGINE_ORDERS = (*COUNTS, "rising", "newest", "page")  # what a search asks the engine for (else relevance)


class Orders:
    """The filter and the chosen orders; see the module docstring."""

    def __init__(self) -> None:
        self.filter = ""
        self.chosen: dict[str, str | None] = {}  # the order chosen with `o`: "browse", "query", "aside"

    def effective_filter(self, kind: str) -> str:
        """The filter in a scope of this kind (starred among the starred papers is no filter)."""
        return "" if kind == STARRED and self.filter == "starred" else self.filter

    def cycle_filter(self) -> None:
        """All → new → unread → starred."""
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]

    @staticmethod
    def available(kind: str, query: bool, counts: list[str], aside: tuple[str, ...] | None) -> list[str]:
        """The orders `o` cycles through in a list of this kind, the default first: `counts` are
        those the library knows (and rising when known), `aside` the orders of an aside list."""
        if aside is not None:
            return [o for o in aside if o not in COUNTS or o in counts]
        by_day = ["page"] if kind == DAY else ["newest", "page"]
        if query:
            return ["relevance", *counts, *by_day]
        if kind == DAY:
            return ["page", *counts]
        if kind in PERIODS:
            return [*counts, *by_day]
        if kind in RANKED:
            return ["ranked", *counts, *by_day]
        return ["newest", *counts, "page"]

    @staticmethod
    def why_one(order: str, counts: tuple[str, ...]) -> str:
        """What `o` says when there is no other order here."""
        name = {"page": "page order", "relevance": "relevance", "newest": "newest first"}.get(order, order)
        missing = "" if counts else ": these snapshots have no upvotes, stars or comments"
        return f"only {name} here{missing}"
