"""Where the list's papers come from, as plain code (no Textual): the kinds of scope, the weeks
and months of the library, what the catch-up found (new papers, follows) and the lists beside
the library (related papers, more by an author, more from an organisation).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dailypapers.index import Period, periods
from dailypapers.index.papers.record import field, record

if TYPE_CHECKING:
    from dailypapers.index import NewPaper, Paper
    from dailypapers.index.marks.alerts import Change

    from .days import Day
    from .view.rows import Row

# The kinds of scope.
DAY = "day"
ALL = "all"
STARRED = "starred"
WEEK = "week"
MONTH = "month"
INBOX = "inbox"  # new since the last visit
FOR_YOU = "foryou"
FOLLOW = "follow"
PERIODS = (WEEK, MONTH)
RANKED = (INBOX, FOR_YOU)  # lists in the engine's own order


@record(frozen=True)
class Scope:
    """Where the papers come from: one snapshot, all of them, the starred papers, a week or a
    month, the papers new since the last visit, the picks for you, a follow."""

    kind: str
    key: str | None = None  # a day's snapshot id, a period's label ("2026-W34", "2026-08"), a follow's name

    @property
    def day(self) -> str | None:
        return self.key if self.kind == DAY else None

    @property
    def snapshot(self) -> str | None:
        return self.day


def library_periods(days: list[Day]) -> dict[str, Period]:
    """The library's ISO weeks and months by label ("2026-W34", "2026-08"), newest first."""
    dated = [(d.id, d.date) for d in days if d.papers]
    return {p.label: p for by in (WEEK, MONTH) for p in periods(dated, by=by)}


def period_label(label: str, short: bool = False) -> str:
    """ "2026-W34" → "Week 34 · 17–23 Aug 2026" (short "W34 · 17–23 Aug"); "2026-08" → "August 2026"."""
    if "W" in label:
        year, week = int(label[:4]), int(label[6:])
        first, last = dt.date.fromisocalendar(year, week, 1), dt.date.fromisocalendar(year, week, 7)
        start = f"{first.day}" if first.month == last.month else f"{first.day} {first:%b}"
        span = f"{start}–{last.day} {last:%b}"
        return f"W{week} · {span}" if short else f"Week {week} · {span} {last.year}"
    month = dt.date(int(label[:4]), int(label[5:7]), 1)
    return f"{month:%b %Y}" if short else f"{month:%B %Y}"


def day_name(day: str | None) -> str:
    """ "2026-08-20" → "Thu 20 Aug" (the inbox's "New since …")."""
    try:
        date = dt.date.fromisoformat(day or "")
    except ValueError:
        return day or ""
    return f"{date:%a} {date.day} {date:%b}"


@record(frozen=True)
class Followed:
    """A follow, as the snapshot list and its scope need it."""

    name: str
    query: str
    ids: frozenset[str]  # every paper it matches (all the words, exactly: what `follows` counts)
    new: frozenset[str]  # those new since the last visit


@record()
class CatchUp:
    """What the catch-up job found: the day after which papers are new this session, the new
    papers in the inbox's order (follows first, then for you blended with upvotes), the follows."""

    since: str | None
    how: str  # how `since` was chosen: "your last visit (2026-08-20 09:12)"
    new: list[NewPaper] = field(default_factory=list)
    follows: list[Followed] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # to starred, followed, annotated papers
    rising: dict[str, float] = field(default_factory=dict)  # upvotes gained a day, by paper id
    changes_after: float = 0.0  # the time after which a change is news this session (kept)

    @property
    def first_day(self) -> str:
        """The first day whose papers are new, named ("Wed 19 Aug": papers first seen after the
        visit on Tue 18 Aug), as the command line's `--since` counts a day; "" with no visit."""
        from dailypapers.index import day_after  # (here: the inbox's module, with the alerts and
        # the signal history it imports, loads after the first frame)

        return day_name(day_after(self.since)) if self.since else ""

    @property
    def label(self) -> str:
        return f"New since {self.first_day}" if self.since else "New"

    def follow(self, name: str | None) -> Followed | None:
        return next((f for f in self.follows if f.name == name), None)


@record()
class Aside:
    """A list beside the library's (related papers, more by an author or from an organisation):
    `escape` goes back to the list before it."""

    label: str  # "Like: <title>", "By Tri Dao", "From ByteDance Seed"
    short: str
    rows: list[Row]
    orders: tuple[str, ...] = ("relevance",)
    paper: Paper | None = None  # the paper it was asked from
