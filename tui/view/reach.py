"""Where a search looks, as plain code (no Textual).

A search typed on a day (the opening view is the newest day) looks in every day: a paper
remembered from last month is found wherever it appeared. `h` narrows it to the day in view
(and widens it again). A chosen list (a week, a follow, the inbox, the starred papers) keeps
its search inside it, and the status line says how to look everywhere (`h`). A query that
names its own place (`date:`, `snapshot:`) always looks where it says, whatever the list.
"""

from __future__ import annotations

import re

from dailypapers.index.papers.record import record

from ..scope import ALL, DAY, Scope

_OWN_PLACE = re.compile(r"(?<![\w-])(?:date|snapshot):", re.IGNORECASE)
KEY = "h"  # the key that narrows or widens a search


def names_place(query: str) -> bool:
    """The query says where to look itself (`date:2026-07`, `snapshot:…`)."""
    return bool(_OWN_PLACE.search(query))


@record()
class Reach:
    """The reach of the search chosen with `h` (None: the default for the list in view)."""

    chosen: bool | None = None  # True: every day; False: the list in view

    def everywhere(self, scope: Scope, query: str) -> bool:
        """Whether a search of `query` from `scope` looks in every day."""
        if scope.kind == ALL or names_place(query):
            return True
        return self.chosen if self.chosen is not None else scope.kind == DAY

    def toggle(self, scope: Scope, query: str) -> bool:
        """`h`: the other reach; False when there is none (every day already, or the query's own)."""
        if scope.kind == ALL or names_place(query):
            return False
        self.chosen = not self.everywhere(scope, query)
        return True

    def reset(self) -> None:
        self.chosen = None

    def where(self, scope: Scope, query: str, here: str) -> str:
        """What the status line says about where the search looked (`here`: the list's name)."""
        if names_place(query):
            return "where the query's date: says"
        if self.everywhere(scope, query):
            return "in every day"
        return f"in {here}"

    def way_out(self, scope: Scope, query: str, here: str) -> str:
        """The key to the other reach, said on screen ("" when there is none)."""
        if scope.kind == ALL or names_place(query):
            return ""
        return f"{KEY}: only {here}" if self.everywhere(scope, query) else f"{KEY}: every day"
