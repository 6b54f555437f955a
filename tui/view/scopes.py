"""Where the list's papers come from, as state (no Textual): the scope, whether it follows the
newest day, the steps `[` `]` `w` `a` `i` take from it and the papers of a scope that is a set
(the starred, a week or a month, the inbox, the picks, a follow). The kinds of scope and the
catch-up's data are `tui/scope.py`."""

from __future__ import annotations

from dailypapers.index import month_of, week_of

from ..scope import ALL, DAY, FOLLOW, FOR_YOU, INBOX, MONTH, PERIODS, STARRED, WEEK, Scope
from .catchup import News
from .library import LibraryView
from .marks import MarkBook


class ScopeView:
    """The scope and its moves; see the module docstring. The moves return the scope to go to
    (None: none here); `ViewState.set_scope` goes there."""

    def __init__(self, library: LibraryView, book: MarkBook, news: News) -> None:
        self.library, self.book, self.news = library, book, news
        self.scope = Scope(ALL)
        self.following = True  # the scope is the newest day until the user chooses another
        self.narrow: str | None = None  # the day `w` widened from (back to it after the month)
        self._ids: tuple[object, frozenset[str]] | None = None  # the scope's ids, memoised

    def loaded(self) -> None:
        """The library changed: the newest day while following it, every day when the scope left."""
        library, self._ids = self.library, None
        newest, kind, key = library.newest, self.scope.kind, self.scope.key
        if self.following and newest is not None:
            self.scope = Scope(DAY, newest.id)
        elif (kind == DAY and key not in library.rank) or (kind in PERIODS and key not in library.periods):
            self.scope = Scope(ALL)

    def forget(self) -> None:
        """The marks, the catch-up or the picks changed: the scope's papers again."""
        self._ids = None

    @property
    def home(self) -> Scope:
        """The start view's scope: the newest day (every day in a library with none readable)."""
        newest = self.library.newest
        return Scope(DAY, newest.id) if newest is not None else Scope(ALL)

    def stepped(self, delta: int) -> Scope | None:
        """`]` one newer, `[` one older: day, week or month (from another scope: the newest day)."""
        kind = self.scope.kind if self.scope.kind in PERIODS else DAY
        steps = self.library.steps(kind)
        if not steps:
            return None
        if self.scope.kind not in (DAY, *PERIODS):
            return Scope(kind, steps[-1])
        here = steps.index(self.scope.key) if self.scope.key in steps else len(steps) - 1
        return Scope(kind, steps[here + delta]) if 0 <= here + delta < len(steps) else None

    def can_step(self, delta: int) -> bool:
        """Whether `[` (-1) or `]` (1) leads to another day (or week, or month)."""
        steps = self.library.steps(self.scope.kind)
        if self.scope.kind not in (DAY, *PERIODS):
            return bool(steps)
        here = steps.index(self.scope.key) if self.scope.key in steps else -1
        return here >= 0 and 0 <= here + delta < len(steps)

    def widened(self) -> Scope | None:
        """`w`: the day's ISO week, then its month, then back to the day (from elsewhere: the
        newest week). None when there is none (an undated day)."""
        library, kind, key = self.library, self.scope.kind, self.scope.key
        if kind == MONTH:
            newest = library.newest
            back = self.narrow if self.narrow in library.rank else (newest.id if newest else None)
            return Scope(DAY, back) if back is not None else None
        if kind == WEEK:
            period = library.periods[key or ""]
            month = month_of(max(library.labels[s].date or "" for s in period.snapshots))
            return Scope(MONTH, month) if month in library.periods else None
        day = library.day(key) if kind == DAY else library.newest
        week = week_of(day.date) if day and day.date else None
        if week not in library.periods or day is None:
            return None
        self.narrow = day.id
        return Scope(WEEK, week)

    def why_no_week(self) -> str:
        """Why `w` finds no week here."""
        if not self.library.periods:
            return "no dated days to group by week (these snapshots' dates have no year)"
        return "this day has no full date: no week or month"

    def toggled(self, scope: Scope) -> Scope:
        """`a`, `i`: to this scope; from it, back to the newest day."""
        newest = self.library.newest
        return Scope(DAY, newest.id) if self.scope == scope and newest is not None else scope

    def ids(self) -> frozenset[str] | None:
        """The papers of a scope that is a set (None: a day, every day)."""
        book, news = self.book, self.news
        memo = self._ids
        key = (self.scope, id(news.catchup), id(news.picks), id(book.marks), len(book.marks))
        if memo is not None and memo[0] == key:
            return memo[1]
        kind, ids = self.scope.kind, None
        if kind == STARRED:
            ids = book.starred_ids()
        elif kind in PERIODS:
            ids = self.library.period_ids(self.scope.key)
        elif kind == INBOX:
            ids = frozenset(p.id for p in news.inbox())
        elif kind == FOR_YOU:
            ids = frozenset(p.id for p in news.pick_list())
        elif kind == FOLLOW:
            ids = news.follow_ids(self.scope.key)
        self._ids = (key, ids) if ids is not None else None
        return ids
