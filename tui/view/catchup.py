"""Catching up, as plain code (no Textual): what is new since the last visit (the inbox), what
changed about the papers you care about, the follows, the picks for you and why each paper is
there. Papers marked not interested leave the inbox and the picks (`MarkBook`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dailypapers.index import Paper

from ..scope import CatchUp
from .marks import MarkBook
from .rows import Header, Item, Row

if TYPE_CHECKING:
    from dailypapers.index import Recommendations


class News:
    """The catch-up and the picks; see the module docstring."""

    def __init__(self, book: MarkBook) -> None:
        self.book = book
        self.catchup: CatchUp | None = None  # what is new since the last visit, the follows
        self.picks: Recommendations | None = None  # for you
        self.picks_stale = True  # stars or dismissals changed since the picks were made
        self._new: tuple[object, frozenset[str]] = (None, frozenset())  # the new papers' ids, memoised

    def set_picks(self, picks: Recommendations) -> None:
        self.picks, self.picks_stale = picks, False

    @property
    def new_ids(self) -> frozenset[str]:
        """Papers first seen after the last visit (none until the catch-up is known)."""
        catchup = self.catchup
        if self._new[0] is not catchup:
            self._new = (catchup, frozenset(n.paper.id for n in catchup.new) if catchup else frozenset())
        return self._new[1]

    def is_new(self, paper: Paper) -> bool:
        """First seen after the last visit: the row's `+`."""
        return paper.id in self.new_ids

    @property
    def fresh_ids(self) -> frozenset[str]:
        """The new papers not dismissed since: the inbox's, and the "new" filter's."""
        return frozenset(p.id for p in self.inbox())

    def inbox(self) -> list[Paper]:
        """The new papers in the inbox's order, without those dismissed since."""
        new = self.catchup.new if self.catchup else []
        return [n.paper for n in new if not self.book.flag(n.paper, "dismissed")]

    def pick_list(self) -> list[Paper]:
        picks = self.picks.picks if self.picks else []
        return [p.paper for p in picks if not self.book.flag(p.paper, "dismissed")]

    def follow_ids(self, name: str | None) -> frozenset[str]:
        follow = self.catchup.follow(name) if self.catchup else None
        return follow.ids if follow else frozenset()

    @property
    def rising(self) -> dict[str, float]:
        """Upvotes gained a day by paper id (from the signals' history, with the catch-up)."""
        return self.catchup.rising if self.catchup else {}

    def reason(self, paper: Paper, for_you: bool) -> str:
        """Why the paper is in the inbox or among the picks (`for_you`: the list is the picks; ""
        when it is in neither)."""
        change = [c for c in (self.catchup.changes if self.catchup else []) if c.paper.id == paper.id]
        if change:
            return "Changed: " + "; ".join(f"{c.text} (seen {c.when})" for c in change)
        if for_you and self.picks is not None:
            pick = next((p for p in self.picks.picks if p.paper.id == paper.id), None)
            if pick is not None and pick.why:
                return "For you: " + pick.why
        from dailypapers.index import votes_text  # (the picks' module: after the first frame)

        new = next((n for n in self.catchup.new if n.paper.id == paper.id), None) if self.catchup else None
        why = [w for w in new.why.split("; ") if w != votes_text(new.paper)] if new is not None else []
        return "New: " + "; ".join(why) if why else ""  # (upvotes alone say nothing the row does not)

    def with_changes(self, rows: list[Row]) -> list[Item]:
        """The inbox: the papers you care about that changed, then the new papers (as they are
        without changes)."""
        catchup = self.catchup
        if catchup is None or not catchup.changes:
            return list[Item](rows)
        changed = {c.paper.id: c.paper for c in catchup.changes if not self.book.flag(c.paper, "dismissed")}
        rest = [r for r in rows if r.paper.id not in changed]
        head = Header("Changed since your last visit", len(changed))
        return [head, *(Row(p) for p in changed.values()), Header(catchup.label, len(rest)), *rest]
