"""What the reader shows, as plain code (no Textual): scope, query result, order, filter, the lists
beside the library (related papers, an author's, an organisation's) and the way back, what is
new since the last visit, the picks for you, and the list's rows.

The screen feeds it (library loaded, marks, a search's result, the catch-up) and asks it what to
show; every rule of the reader that is not about widgets lives here and is tested without a
terminal. Where the papers come from is `tui/scope.py`; what the top line, the status line and
an empty list say about it, `tui/say.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from dailypapers.index import (
    Appearance,
    Mark,
    Paper,
    Period,
    Recommendations,
    SavedSearch,
    Sort,
    month_of,
    paper_key,
    votes_text,
    week_of,
)
from dailypapers.index import find_mark as find

from .days import Day, short_date
from .scope import (
    ALL,
    DAY,
    FOLLOW,
    FOR_YOU,
    INBOX,
    MONTH,
    PERIODS,
    RANKED,
    STARRED,
    WEEK,
    Aside,
    CatchUp,
    Scope,
    library_periods,
)
from .view.daylist import by_day
from .view.reach import Reach

FILTERS = ("", "new", "unread", "starred")
COUNTS = ("upvotes", "stars", "comments")  # orders by a count, most first (`views.Sort`)
__all__ = ["ALL", "DAY", "FOLLOW", "FOR_YOU", "INBOX", "MONTH", "STARRED", "WEEK", "Scope", "ViewState"]


@dataclass(slots=True)
class Row:
    """A paper in the list: what matched (for highlighting) and whether it is complete."""

    paper: Paper
    terms: frozenset[tuple[str, str]] = frozenset()
    title_spans: tuple[tuple[int, int], ...] = ()
    complete: bool = True  # False: a catalogue entry, abstract and metadata still to fetch
    abstract_spans: tuple[tuple[int, int], ...] | None = None  # None: not worked out yet

    @property
    def spans_known(self) -> bool:
        return not self.terms or self.abstract_spans is not None


@dataclass(frozen=True, slots=True)
class Header:
    """A day's heading in a list of several days."""

    label: str
    count: int


Item = Row | Header


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search for the engine: `only` / `exclude` are paper ids (the scope's and the filter's)."""

    text: str
    snapshot: str | None
    limit: int | None
    only: frozenset[str] | None = None
    exclude: frozenset[str] | None = None
    scope: Scope = field(default_factory=lambda: Scope(ALL))
    filter: str = ""
    sort: str = "relevance"
    typing: bool = True  # the query is being typed: its last word is completed (not once pasted or entered)


@dataclass(slots=True)
class Found:
    """A search's answer, as the list needs it."""

    request: SearchRequest
    total: int
    all_words: int
    some_words: int
    rows: list[Row]
    seconds: float = 0.0
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    other: int | None = None  # what it finds in the other reach (`h`): every day, or the day left
    sort: str = "relevance"  # the order the engine used (newest for a query with no words to rank)
    by_every_word: bool = False  # a long query: ranked by every word, not all words first


@dataclass(slots=True)
class _Saved:
    """The view before an aside list, to go back to."""

    found: Found | None
    keep: str | None


class ViewState:
    """The reader's state; see the module docstring."""

    PAGE = 50  # ranked hits asked for at a time

    def __init__(self) -> None:
        self.days: list[Day] = []  # library order, oldest first
        self.rank: dict[str, int] = {}
        self.labels: dict[str, Day] = {}  # the days by id
        self.periods: dict[str, Period] = {}  # the ISO weeks and months by label
        self.papers: list[Paper] = []  # the catalogue (light papers), page order
        self.marks: dict[str, Mark] = {}
        self.searches: list[SavedSearch] = []
        self.catchup: CatchUp | None = None  # what is new since the last visit, the follows
        self.picks: Recommendations | None = None  # for you
        self.picks_stale = True  # stars or dismissals changed since the picks were made
        self.undo: list[Paper] = []  # papers dismissed in this session, the latest last (`u`)
        self.scope = Scope(ALL)
        self.query = ""
        self.typing = True  # the query is typed a key at a time (not pasted, not entered)
        self.found: Found | None = None
        self._chosen: dict[str, str | None] = {}  # the order chosen with `o` when browsing, searching, aside
        self.filter = ""
        self.limit = self.PAGE
        self.aside: Aside | None = None
        self._back: list[_Saved] = []
        self._narrow: str | None = None  # the day `w` widened from (back to it after the month)
        self._ids: tuple[object, frozenset[str]] | None = None  # the scope's ids, memoised
        self._counts: tuple[object, dict[str, int]] = (None, {})  # papers per week and month
        self.counts: tuple[str, ...] = COUNTS  # the counts the library knows (none in page captures)
        self._new: tuple[object, frozenset[str]] = (None, frozenset())  # the new papers' ids, memoised
        self.hint = ""  # why the last key did nothing (`w` on undated days): said until the view moves
        self.listed: int | None = None  # the papers the list shows (set as it is filled; the count)
        self.wordless: set[str] = set()  # queries the engine found no words in to rank by (`has:code`)
        self.indexing = ""  # "indexing 3/580" while the index is brought up to date
        self.ready = False  # the index is open: search works
        self.searching = False  # a search is running for longer than a moment
        self.following = True  # the scope is the newest day until the user chooses another
        self.reach = Reach()  # where a search looks: every day from a day, else the list in view

    # -- the library -----------------------------------------------------------

    def load(self, days: list[Day], papers: list[Paper]) -> None:
        """The library's snapshots and papers (page order). Until the user chooses a scope, it is
        the newest day (also while the first build reads the days, and when a newer one arrives)."""
        self.days = days
        self.rank = {d.id: n for n, d in enumerate(days)}
        self.labels = {d.id: d for d in days}
        self.periods = library_periods(days)
        self.papers = papers
        self._ids = None
        upvotes = any(a.upvotes is not None for p in papers for a in p.appearances)
        api = any(a.signals is not None for p in papers for a in p.appearances)
        self.counts = tuple(c for c in COUNTS if (api if c != "upvotes" else upvotes))
        newest = self.newest
        kind, key = self.scope.kind, self.scope.key
        if self.following and newest is not None:
            self.scope = Scope(DAY, newest.id)
        elif (kind == DAY and key not in self.rank) or (kind in PERIODS and key not in self.periods):
            self.scope = Scope(ALL)

    @property
    def newest(self) -> Day | None:
        return next((d for d in reversed(self.days) if d.papers), None)

    def day(self, sid: str | None) -> Day | None:
        return self.labels.get(sid) if sid else None

    def _steps(self) -> list[str]:
        """What `[` and `]` step through here: the readable days, or the weeks or the months."""
        kind = self.scope.kind
        if kind in PERIODS:
            return sorted(p for p in self.periods if (("W" in p) == (kind == WEEK)))
        return [d.id for d in self.days if d.papers]

    def step_day(self, delta: int) -> bool:
        """`]` one newer, `[` one older: day, week or month (from another scope: the newest day)."""
        steps = self._steps()
        if not steps:
            return False
        kind = self.scope.kind if self.scope.kind in PERIODS else DAY
        if self.scope.kind not in (DAY, *PERIODS):
            target = steps[-1]
        else:
            here = steps.index(self.scope.key) if self.scope.key in steps else len(steps) - 1
            if not 0 <= here + delta < len(steps):
                return False
            target = steps[here + delta]
        self.set_scope(Scope(kind, target))
        return True

    def can_step(self, delta: int) -> bool:
        """Whether `[` (-1) or `]` (1) leads to another day (or week, or month)."""
        steps = self._steps()
        if self.scope.kind not in (DAY, *PERIODS):
            return bool(steps)
        here = steps.index(self.scope.key) if self.scope.key in steps else -1
        return here >= 0 and 0 <= here + delta < len(steps)

    def set_scope(self, scope: Scope) -> None:
        if scope.kind != self.scope.kind:
            self._chosen.clear()  # a week lists by upvotes, a day in page order: each its own default
        self.scope, self.following = scope, False
        self.limit = self.PAGE
        self.reach.reset()
        self._ids = None
        self.leave_aside()

    def widen(self) -> bool:
        """`w`: the day's ISO week, then its month, then back to the day (from elsewhere: the
        newest week). False when there is none (an undated day)."""
        kind, key = self.scope.kind, self.scope.key
        if kind == MONTH:
            back = self._narrow if self._narrow in self.rank else (self.newest.id if self.newest else None)
            if back is None:
                return False
            self.set_scope(Scope(DAY, back))
            return True
        if kind == WEEK:
            period = self.periods[key or ""]
            month = month_of(max(self.labels[s].date or "" for s in period.snapshots))
            if month not in self.periods:
                return False
            self.set_scope(Scope(MONTH, month))
            return True
        day = self.day(key) if kind == DAY else self.newest
        week = week_of(day.date) if day and day.date else None
        if week not in self.periods or day is None:
            return False
        self._narrow = day.id
        self.set_scope(Scope(WEEK, week))
        return True

    def why_no_week(self) -> str:
        """Why `w` finds no week here."""
        if not self.periods:
            return "no dated days to group by week (these snapshots' dates have no year)"
        return "this day has no full date: no week or month"

    def toggle_scope(self, scope: Scope) -> None:
        """`a`, `i`: to this scope; from it, back to the newest day."""
        newest = self.newest
        if self.scope == scope and newest is not None:
            self.set_scope(Scope(DAY, newest.id))
        else:
            self.set_scope(scope)

    # -- marks -------------------------------------------------------------------

    def mark_of(self, paper: Paper) -> Mark | None:
        return find(self.marks, paper) if self.marks else None

    def mark_saved(self, paper: Paper, mark: Mark) -> None:
        before = self.mark_of(paper)
        for key in paper.keys:
            self.marks.pop(key, None)
        if not mark.empty:
            self.marks[mark.key] = mark
        if before is None or (before.starred, before.dismissed) != (mark.starred, mark.dismissed):
            self.picks_stale = True
        if mark.dismissed and not (before and before.dismissed):
            self.undo.append(paper)
        self._ids = None

    def flag(self, paper: Paper, what: str) -> bool:
        mark = self.mark_of(paper)
        return bool(mark and getattr(mark, what))

    @property
    def starred_count(self) -> int:
        return sum(1 for m in self.marks.values() if m.starred)

    def to_undo(self) -> Paper | None:
        """The latest paper dismissed in this session that is still dismissed (`u` brings it back)."""
        while self.undo and not self.flag(self.undo[-1], "dismissed"):
            self.undo.pop()
        return self.undo[-1] if self.undo else None

    # -- what is new, the follows, the picks ----------------------------------------------

    def set_catchup(self, catchup: CatchUp) -> None:
        self.catchup = catchup
        self._ids = None
        if self.scope.kind == FOLLOW and catchup.follow(self.scope.key) is None:
            self.set_scope(Scope(ALL))

    def set_picks(self, picks: Recommendations) -> None:
        self.picks, self.picks_stale = picks, False
        self._ids = None

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
        return [n.paper for n in new if not self.flag(n.paper, "dismissed")]

    def pick_list(self) -> list[Paper]:
        picks = self.picks.picks if self.picks else []
        return [p.paper for p in picks if not self.flag(p.paper, "dismissed")]

    def reason(self, paper: Paper) -> str:
        """Why the paper is in the inbox or among the picks ("" when it is in neither)."""
        change = [c for c in (self.catchup.changes if self.catchup else []) if c.paper.id == paper.id]
        if change:
            return "Changed: " + "; ".join(f"{c.text} (seen {c.when})" for c in change)
        if self.scope.kind == FOR_YOU and self.picks is not None:
            pick = next((p for p in self.picks.picks if p.paper.id == paper.id), None)
            if pick is not None and pick.why:
                return "For you: " + pick.why
        new = next((n for n in self.catchup.new if n.paper.id == paper.id), None) if self.catchup else None
        why = [w for w in new.why.split("; ") if w != votes_text(new.paper)] if new is not None else []
        return "New: " + "; ".join(why) if why else ""  # (upvotes alone say nothing the row does not)

    def scope_ids(self) -> frozenset[str] | None:
        """The papers of a scope that is a set (None: a day, every day)."""
        memo = self._ids
        key = (self.scope, id(self.catchup), id(self.picks), id(self.marks), len(self.marks))
        if memo is not None and memo[0] == key:
            return memo[1]
        kind, ids = self.scope.kind, None
        if kind == STARRED:
            ids = frozenset(k for k, m in self.marks.items() if m.starred)
        elif kind in PERIODS:
            period = self.periods.get(self.scope.key or "")
            snaps = set(period.snapshots) if period else set()
            ids = frozenset(p.id for p in self.papers if any(a.snapshot in snaps for a in p.appearances))
        elif kind == INBOX:
            ids = frozenset(p.id for p in self.inbox())
        elif kind == FOR_YOU:
            ids = frozenset(p.id for p in self.pick_list())
        elif kind == FOLLOW:
            follow = self.catchup.follow(self.scope.key) if self.catchup else None
            ids = follow.ids if follow else frozenset()
        self._ids = (key, ids) if ids is not None else None
        return ids

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

    # -- the query -------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        # More than a character at once is a paste: searched as it is, not completed.
        self.typing = len(text) - len(self.query) <= 1
        self.query = text
        self.limit = self.PAGE
        self.leave_aside()
        if not text.strip():
            self.found, self.reach.chosen = None, None

    @property
    def has_query(self) -> bool:
        return bool(self.query.strip())

    @property
    def shown_scope(self) -> Scope:
        """Where the list's papers come from: every day for a search that looks there, else the scope."""
        wide = self.has_query and self.aside is None and self.reach.everywhere(self.scope, self.query)
        return Scope(ALL) if wide else self.scope

    def request(self) -> SearchRequest:
        """The search to run for the scope, filter, query and order."""
        only, exclude = self._restriction()
        order = self.effective_order
        return SearchRequest(
            self.query, self.shown_scope.snapshot, self.limit, only, exclude, self.scope,
            self.effective_filter, order if order in (*COUNTS, "rising", "newest", "page") else "relevance",
            self.typing,
        )  # fmt: skip

    def _restriction(self) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        wanted = self.effective_filter
        only = self.scope_ids() if self.shown_scope == self.scope else None
        if wanted == "starred":
            starred = frozenset(k for k, m in self.marks.items() if m.starred)
            only = starred & only if only is not None else starred
        elif wanted == "new":
            only = self.fresh_ids & only if only is not None else self.fresh_ids
        exclude = frozenset(k for k, m in self.marks.items() if m.read) if wanted == "unread" else None
        return only, exclude

    def accepts(self, request: SearchRequest) -> bool:
        """Whether a search's answer still fits what is asked (not overtaken by typing or a scope change)."""
        return request == replace(self.request(), limit=request.limit) and self.has_query

    def show(self, found: Found) -> None:
        self.found = found
        if found.request.sort == "relevance":  # the engine ranks by words when the query has some
            (self.wordless.discard if found.sort == "relevance" else self.wordless.add)(found.request.text)

    @property
    def more_to_fetch(self) -> bool:
        found = self.found
        return found is not None and found.total > len(found.rows) and found.request.limit is not None

    def fetch_more(self) -> None:
        self.limit *= 5

    # -- filter and order -------------------------------------------------------------

    @property
    def effective_filter(self) -> str:
        return "" if self.scope.kind == STARRED and self.filter == "starred" else self.filter

    def cycle_filter(self) -> None:
        """All → new → unread → starred."""
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.limit = self.PAGE

    @property
    def orders(self) -> list[str]:
        """The orders `o` cycles through here, the default first (by a count only when the
        library knows it: page captures have no upvotes)."""
        if self.aside is not None:
            return [o for o in self.aside.orders if o not in COUNTS or o in self.counts]
        kind, counts = self.shown_scope.kind, [*self.counts, *(["rising"] if self.rising else [])]
        by_day = ["page"] if kind == DAY else ["newest", "page"]
        if self.has_query:
            return ["relevance", *counts, *by_day]
        if kind == DAY:
            return ["page", *counts]
        if kind in PERIODS:
            return [*counts, *by_day]
        if kind in RANKED:
            return ["ranked", *counts, *by_day]
        return ["newest", *counts, "page"]

    @property
    def order(self) -> str | None:
        """The order chosen with `o` (None: the default); kept apart for browsing, for a query
        (a new search starts by relevance) and for an aside list."""
        return self._chosen.get("aside" if self.aside else "query" if self.has_query else "browse")

    @order.setter
    def order(self, value: str | None) -> None:
        self._chosen["aside" if self.aside else "query" if self.has_query else "browse"] = value

    @property
    def effective_order(self) -> str:
        orders = self.orders
        return self.order if self.order in orders else orders[0]

    @property
    def shown_order(self) -> str:
        """The order the list is in: a search's is the engine's (newest first for `has:code`)."""
        if self.aside is None and self.has_query and self.found is not None:
            return self.found.sort
        return self.effective_order

    def why_one_order(self) -> str:
        """What `o` says when there is no other order here."""
        order = self.effective_order
        name = {"page": "page order", "relevance": "relevance", "newest": "newest first"}.get(order, order)
        missing = "" if self.counts else ": these snapshots have no upvotes, stars or comments"
        return f"only {name} here{missing}"

    def cycle_order(self) -> None:
        orders = self.orders
        self.order = orders[(orders.index(self.effective_order) + 1) % len(orders)]
        self.limit = self.PAGE

    # -- lists beside the library and the way back -----------------------------------------

    def enter_aside(self, aside: Aside, keep: str | None) -> None:
        if self.aside is None:
            self._back.append(_Saved(self.found, keep))
        self.aside = aside
        self._chosen.pop("aside", None)
        self.found = Found(SearchRequest("", None, None), len(aside.rows), len(aside.rows), 0, aside.rows)

    def leave_aside(self) -> str | None:
        """Back to the view before the aside list; the paper to highlight there (None when not in one)."""
        if self.aside is None or not self._back:
            self.aside = None
            return None
        saved = self._back.pop()
        self.aside, self.found = None, saved.found
        return saved.keep

    # -- escape -------------------------------------------------------------------------

    @property
    def home(self) -> Scope:
        """The start view's scope: the newest day (every day in a library with none readable)."""
        newest = self.newest
        return Scope(DAY, newest.id) if newest is not None else Scope(ALL)

    def escape(self) -> str | None:
        """One step back: an aside list, then the query, the filter, the scope (back to the start
        view: the newest day, followed again). What was undone; None on the start view itself."""
        if self.aside is not None:
            self.leave_aside()
            return "aside"
        if self.has_query:
            self.set_query("")
            return "query"
        if self.filter:
            self.filter = ""
            return "filter"
        if self.scope != self.home:
            self.set_scope(self.home)
            self.following = True
            return "scope"
        return None

    # -- the list -------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """The papers listed, in order (without day headings)."""
        return [item for item in self.items() if isinstance(item, Row)]

    def items(self) -> list[Item]:
        """The list: papers in the chosen order; by day over several days, days as headings."""
        order = self.shown_order
        if self.aside is not None:
            rows = list(self.aside.rows)
            if order != "relevance":
                rows.sort(key=lambda r: paper_key(Sort(order), self.rank)(r.paper))
            return list[Item](rows)
        if self.has_query:
            rows = list(self.found.rows) if self.found is not None else []
        else:
            # The inbox's and the picks' papers are whole, and so are those a first build has read.
            complete = self.scope.kind in RANKED or not self.ready
            rows = [Row(p, complete=complete) for p in self._browsed()]
            if order == "page" and self.scope.kind == DAY:
                day = self.scope.day
                rows.sort(key=lambda r: min(a.position for a in r.paper.appearances if a.snapshot == day))
            elif order in (*COUNTS, "rising"):
                key = paper_key(Sort(order), self.rank, self._in_scope(), self.rising)
                rows.sort(key=lambda r: key(r.paper))
            if self.shown_scope.kind == INBOX and order == "ranked" and self.catchup and self.catchup.changes:
                return self._with_changes(rows, self.catchup)
        if order in ("newest", "page") and self.shown_scope.kind != DAY:
            return by_day(rows, self.rank, self._day_label, newest=order == "newest")
        return list[Item](rows)

    @property
    def rising(self) -> dict[str, float]:
        """Upvotes gained a day by paper id (from the signals' history, with the catch-up)."""
        return self.catchup.rising if self.catchup else {}

    def _with_changes(self, rows: list[Row], catchup: CatchUp) -> list[Item]:
        """The inbox: the papers you care about that changed, then the new papers."""
        changed = {c.paper.id: c.paper for c in catchup.changes if not self.flag(c.paper, "dismissed")}
        rest = [r for r in rows if r.paper.id not in changed]
        head = Header("Changed since your last visit", len(changed))
        return [head, *(Row(p) for p in changed.values()), Header(catchup.label, len(rest)), *rest]

    def _in_scope(self) -> Callable[[Appearance], bool] | None:
        """The appearances that count in the scope (ties of a count broken by the scope's days)."""
        scope = self.shown_scope
        if scope.kind == DAY:
            day = scope.day
            return lambda a: a.snapshot == day
        if scope.kind in PERIODS and scope.key in self.periods:
            snaps = set(self.periods[scope.key].snapshots)
            return lambda a: a.snapshot in snaps
        return None

    def _browsed(self) -> list[Paper]:
        """The scope's papers through the filter (no query)."""
        scope, wanted = self.scope, self.effective_filter
        papers: Iterable[Paper] = self.papers
        if scope.kind == DAY:
            papers = (p for p in papers if any(a.snapshot == scope.day for a in p.appearances))
        elif scope.kind == INBOX:
            papers = self.inbox()
        elif scope.kind == FOR_YOU:
            papers = self.pick_list()
        elif scope.kind != ALL:
            ids = self.scope_ids() or frozenset()
            papers = (p for p in papers if p.id in ids or (scope.kind == STARRED and self.flag(p, "starred")))
        if wanted == "starred":
            papers = (p for p in papers if self.flag(p, "starred"))
        elif wanted == "new":
            new = self.fresh_ids
            papers = (p for p in papers if p.id in new)
        elif wanted == "unread":
            papers = (p for p in papers if not self.flag(p, "read"))
        return list(papers)

    def _day_label(self, sid: str | None) -> str:
        day = self.day(sid)
        return day.label if day else "elsewhere"

    @property
    def dated_rows(self) -> bool:
        """Rows carry their date: several days not grouped under day headings."""
        if self.aside is not None:
            return True
        return self.shown_scope.kind != DAY and self.shown_order not in ("newest", "page")

    def row_date(self, paper: Paper) -> str:
        """When the paper appeared (last, in the scope), short: "Aug 21", "May 2024", a capture's label."""
        scope = self._in_scope() if self.aside is None else None
        apps = [a for a in paper.appearances if a.snapshot in self.rank]
        if scope is not None:
            apps = [a for a in apps if scope(a)] or apps
        if not apps:
            return ""
        app = max(apps, key=lambda a: self.rank[a.snapshot])
        newest = self.newest
        year = int(newest.date[:4]) if newest and newest.date and newest.date[:4].isdigit() else None
        day = self.day(app.snapshot)
        return short_date(app.date, year) or (day.tiny if day else "")

    def number(self, paper: Paper) -> int | None:
        """The row's count: what the list is sorted by (stars, comments), else the upvotes (in the
        chosen day when the list is that day's page order, else the latest known)."""
        order = self.shown_order
        signals = paper.signals
        if order == "stars":
            return signals.github.stars if signals.github else None
        if order == "comments":
            return signals.comments
        if order != "upvotes" and self.shown_scope.kind == DAY and self.aside is None:
            apps = [a for a in paper.appearances if a.snapshot == self.scope.day and a.upvotes is not None]
            if apps:
                return apps[0].upvotes
        return paper.upvotes
