"""The library as the reader sees it, as plain code (no Textual): its days in library order, their
weeks and months, the catalogue's papers, and which counts it knows (page captures have none)."""

from __future__ import annotations

from dailypapers.index import Paper, Period

from ..days import Day
from ..scope import PERIODS, WEEK, library_periods

COUNTS = ("upvotes", "stars", "comments")  # orders by a count, most first (`views.Sort`)


class LibraryView:
    """The days and the catalogue; see the module docstring."""

    def __init__(self) -> None:
        self.days: list[Day] = []  # library order, oldest first
        self.rank: dict[str, int] = {}
        self.labels: dict[str, Day] = {}  # the days by id
        self.periods: dict[str, Period] = {}  # the ISO weeks and months by label
        self.papers: list[Paper] = []  # the catalogue (light papers), page order
        self.counts: tuple[str, ...] = COUNTS  # the counts the library knows (none in page captures)
        self._counts: tuple[object, dict[str, int]] = (None, {})  # papers per week and month
        self.loaded = False  # days and papers were loaded (False: the reader is opening)

    def load(self, days: list[Day], papers: list[Paper]) -> None:
        """The library's snapshots and papers (page order)."""
        self.days, self.loaded = days, True
        self.rank = {d.id: n for n, d in enumerate(days)}
        self.labels = {d.id: d for d in days}
        self.periods = library_periods(days)
        self.papers = papers
        upvotes = any(a.upvotes is not None for p in papers for a in p.appearances)
        api = any(a.signals is not None for p in papers for a in p.appearances)
        self.counts = tuple(c for c in COUNTS if (api if c != "upvotes" else upvotes))

    @property
    def newest(self) -> Day | None:
        """The newest day with papers."""
        return next((d for d in reversed(self.days) if d.papers), None)

    def day(self, sid: str | None) -> Day | None:
        return self.labels.get(sid) if sid else None

    def day_label(self, sid: str | None) -> str:
        day = self.day(sid)
        return day.label if day else "elsewhere"

    def steps(self, kind: str) -> list[str]:
        """What `[` and `]` step through in a scope of this kind: the readable days, or the weeks
        or the months."""
        if kind in PERIODS:
            return sorted(p for p in self.periods if (("W" in p) == (kind == WEEK)))
        return [d.id for d in self.days if d.papers]

    def period_ids(self, label: str | None) -> frozenset[str]:
        """The papers of a week or a month."""
        period = self.periods.get(label or "")
        snaps = set(period.snapshots) if period else set()
        return frozenset(p.id for p in self.papers if any(a.snapshot in snaps for a in p.appearances))

    def period_counts(self) -> dict[str, int]:
        """How many papers each week and month holds (worked out once per catalogue)."""
        if self._counts[0] is self.papers:
            return self._counts[1]
        of: dict[str, list[str]] = {}
        for label, period in self.periods.items():
            for sid in period.snapshots:
                of.setdefault(sid, []).append(label)
        counts: dict[str, int] = dict.fromkeys(self.periods, 0)
        for paper in self.papers:
            for label in {label for a in paper.appearances for label in of.get(a.snapshot, ())}:
                counts[label] += 1
        self._counts = (self.papers, counts)
        return counts
