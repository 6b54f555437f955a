"""The user's marks as the reader holds them, as plain code (no Textual): each paper's mark (star,
read, not interested, note), the saved searches, and the papers dismissed in this session (`u`
brings the latest back)."""

from __future__ import annotations

from dailypapers.index import Mark, Paper, SavedSearch
from dailypapers.index import find_mark as find


class MarkBook:
    """The marks and the undo; see the module docstring."""

    def __init__(self) -> None:
        self.marks: dict[str, Mark] = {}
        self.searches: list[SavedSearch] = []
        self.undo: list[Paper] = []  # papers dismissed in this session, the latest last (`u`)

    def load(self, marks: dict[str, Mark], searches: list[SavedSearch]) -> None:
        self.marks, self.searches = marks, searches

    def mark_of(self, paper: Paper) -> Mark | None:
        return find(self.marks, paper) if self.marks else None

    def saved(self, paper: Paper, mark: Mark) -> bool:
        """A mark written to the database; True when its star or its dismissal changed (what
        the picks are made from)."""
        before = self.mark_of(paper)
        for key in paper.keys:
            self.marks.pop(key, None)
        if not mark.empty:
            self.marks[mark.key] = mark
        if mark.dismissed and not (before and before.dismissed):
            self.undo.append(paper)
        return before is None or (before.starred, before.dismissed) != (mark.starred, mark.dismissed)

    def flag(self, paper: Paper, what: str) -> bool:
        mark = self.mark_of(paper)
        return bool(mark and getattr(mark, what))

    def starred_ids(self) -> frozenset[str]:
        return frozenset(k for k, m in self.marks.items() if m.starred)

    def read_ids(self) -> frozenset[str]:
        return frozenset(k for k, m in self.marks.items() if m.read)

    @property
    def starred_count(self) -> int:
        return sum(1 for m in self.marks.values() if m.starred)

    def to_undo(self) -> Paper | None:
        """The latest paper dismissed in this session that is still dismissed (`u` brings it back)."""
        while self.undo and not self.flag(self.undo[-1], "dismissed"):
            self.undo.pop()
        return self.undo[-1] if self.undo else None
