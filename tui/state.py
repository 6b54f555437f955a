"""What the reader shows, as plain code (no Textual): the view models together, and the list
they make (rows in order, under day headings, with their dates and counts).

Each concern is a class of its own in `tui/view/`: the days and the catalogue (`LibraryView`),
marks and undo (`MarkBook`), catch-up and picks (`News`), the scope (`ScopeView`), filter and
orders (`Orders`), the query, its answer and paging (`Listing`), where a search looks (`Reach`).
`ViewState` owns one of each and the rules that span them (a new scope: its top, in its own
default order). What the top line, status line and an empty list say of it is `tui/say.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dailypapers.index import Paper, Sort, paper_key
from dailypapers.index.papers.record import replace

if TYPE_CHECKING:
    from dailypapers.index import Appearance, Mark, Recommendations, SavedSearch

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
)
from .view.catchup import News
from .view.daylist import by_day
from .view.library import COUNTS, LibraryView
from .view.listing import Listing
from .view.marks import MarkBook
from .view.orders import ENGINE_ORDERS, Orders
from .view.reach import Reach
from .view.rows import Found, Header, Item, Row, SearchRequest
from .view.scopes import ScopeView

__all__ = [
    "ALL", "DAY", "FOLLOW", "FOR_YOU", "INBOX", "MONTH", "STARRED", "WEEK",
    "Found", "Header", "Item", "Row", "Scope", "SearchRequest", "ViewState",
]  # fmt: skip


def _to(model: str, names: str) -> tuple[Any, ...]:
    """Attributes or methods of one of the view models, read through `ViewState` (read-only)."""

    def read(name: str) -> property:
        return property(lambda self: getattr(getattr(self, model), name))

    return tuple(read(name) for name in names.split())


class ViewState:
    """The reader's state; see the module docstring."""

    PAGE = 50  # ranked hits asked for at a time

    def __init__(self) -> None:
        self.library = LibraryView()
        self.book = MarkBook()
        self.news = News(self.book)
        self.where = ScopeView(self.library, self.book, self.news)
        self.orders_ = Orders()
        self.listing = Listing(self.PAGE)
        self.reach = Reach()  # where a search looks: every day from a day, else the list in view
        self.hint = ""  # why the last key did nothing (`w` on undated days): said until the view moves
        self.listed: int | None = None  # the papers the list shows (set as it is filled; the count)
        self.indexing = ""  # "indexing 3/580" while the index is brought up to date
        self.ready = False  # the index is open: search works
        self.searching = False  # a search is running for longer than a moment

    # -- what the models hold, read here as before (the screen, `say`, `show`, the tests) --

    days, rank, labels, periods, papers, counts, newest, day, period_counts = _to(
        "library", "days rank labels periods papers counts newest day period_counts"
    )
    marks, searches, mark_of, flag, starred_count, to_undo = _to(
        "book", "marks searches mark_of flag starred_count to_undo"
    )
    catchup, picks, picks_stale, new_ids, is_new, inbox, pick_list = _to(
        "news", "catchup picks picks_stale new_ids is_new inbox pick_list"
    )
    scope, following, can_step, why_no_week = _to("where", "scope following can_step why_no_week")
    query, typing, found, aside, has_query, wordless, more_to_fetch, show, fetch_more, leave_aside = _to(
        "listing", "query typing found aside has_query wordless more_to_fetch show fetch_more leave_aside"
    )
    (filter,) = _to("orders_", "filter")

    def reason(self, paper: Paper) -> str:
        """Why the paper is in the inbox or among the picks ("" when it is in neither)."""
        return self.news.reason(paper, for_you=self.scope.kind == FOR_YOU)

    # -- what changes them -------------------------------------------------------------

    def load(self, days: list[Day], papers: list[Paper]) -> None:
        """The library's snapshots and papers (page order). Until the user chooses a scope, it is
        the newest day (also while the first build reads the days, and when a newer one arrives)."""
        self.library.load(days, papers)
        self.where.loaded()

    def load_marks(self, marks: dict[str, Mark], searches: list[SavedSearch]) -> None:
        self.book.load(marks, searches)
        self.where.forget()

    def mark_saved(self, paper: Paper, mark: Mark) -> None:
        if self.book.saved(paper, mark):
            self.news.picks_stale = True
        self.where.forget()

    def set_catchup(self, catchup: CatchUp) -> None:
        self.news.catchup = catchup
        self.where.forget()
        if self.scope.kind == FOLLOW and catchup.follow(self.scope.key) is None:
            self.set_scope(Scope(ALL))

    def set_picks(self, picks: Recommendations) -> None:
        self.news.set_picks(picks)
        self.where.forget()

    def set_scope(self, scope: Scope) -> None:
        """To another list: its top, in its own default order (a week lists by upvotes, a day in
        page order), the aside left, the search's reach its default."""
        if scope.kind != self.scope.kind:
            self.orders_.chosen.clear()
        self.where.scope, self.where.following = scope, False
        self.listing.limit = self.PAGE
        self.reach.reset()
        self.where.forget()
        self.leave_aside()

    def go(self, scope: Scope | None) -> bool:
        """To a scope one of the moves found (`[` `]` `w` `a` `i`); False when there was none."""
        if scope is not None:
            self.set_scope(scope)
        return scope is not None

    def step_day(self, delta: int) -> bool:
        return self.go(self.where.stepped(delta))

    def widen(self) -> bool:
        return self.go(self.where.widened())

    def toggle_scope(self, scope: Scope) -> None:
        self.go(self.where.toggled(scope))

    def set_query(self, text: str) -> None:
        self.listing.typing = len(text) - len(self.query) <= 1  # more at once: a paste, not completed
        self.listing.query = text
        self.listing.limit = self.PAGE
        self.leave_aside()
        if not text.strip():
            self.listing.found, self.reach.chosen = None, None

    def cycle_filter(self) -> None:
        self.orders_.cycle_filter()
        self.listing.limit = self.PAGE

    def cycle_order(self) -> None:
        orders = self.orders
        self.orders_.chosen[self._slot] = orders[(orders.index(self.effective_order) + 1) % len(orders)]
        self.listing.limit = self.PAGE

    def enter_aside(self, aside: Aside, keep: str | None) -> None:
        self.listing.enter_aside(aside, keep)
        self.orders_.chosen.pop("aside", None)

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
            self.orders_.filter = ""
            return "filter"
        if self.scope != self.where.home:
            self.set_scope(self.where.home)
            self.where.following = True
            return "scope"
        return None

    # -- the search ---------------------------------------------------------------------

    @property
    def shown_scope(self) -> Scope:
        """Where the list's papers come from: every day for a search that looks there, else the scope."""
        wide = self.has_query and self.aside is None and self.reach.everywhere(self.scope, self.query)
        return Scope(ALL) if wide else self.scope

    def request(self) -> SearchRequest:
        """The search to run for the scope, filter, query and order."""
        wanted = self.effective_filter
        only = self.where.ids() if self.shown_scope == self.scope else None
        if wanted == "starred":
            only = self.book.starred_ids() & only if only is not None else self.book.starred_ids()
        elif wanted == "new":
            only = self.news.fresh_ids & only if only is not None else self.news.fresh_ids
        exclude = self.book.read_ids() if wanted == "unread" else None
        order = self.effective_order
        return SearchRequest(
            self.query, self.shown_scope.snapshot, self.listing.limit, only, exclude, self.scope,
            wanted, order if order in ENGINE_ORDERS else "relevance", self.listing.typing,
        )  # fmt: skip

    def accepts(self, request: SearchRequest) -> bool:
        """Whether a search's answer still fits what is asked (not overtaken by typing or a scope change)."""
        return request == replace(self.request(), limit=request.limit) and self.has_query

    # -- filter and order -----------------------------------------------------------------

    @property
    def effective_filter(self) -> str:
        return self.orders_.effective_filter(self.scope.kind)

    @property
    def _slot(self) -> str:
        return "aside" if self.aside else "query" if self.has_query else "browse"

    @property
    def orders(self) -> list[str]:
        """The orders `o` cycles through here, the default first."""
        counts = [*self.counts, *(["rising"] if self.news.rising else [])]
        aside = self.aside.orders if self.aside is not None else None
        return Orders.available(self.shown_scope.kind, self.has_query, counts, aside)

    @property
    def effective_order(self) -> str:
        orders, chosen = self.orders, self.orders_.chosen.get(self._slot)
        return chosen if chosen in orders else orders[0]

    @property
    def shown_order(self) -> str:
        """The order the list is in: a search's is the engine's (newest first for `has:code`)."""
        if self.aside is None and self.has_query and self.found is not None:
            return self.found.sort
        return self.effective_order

    def why_one_order(self) -> str:
        return Orders.why_one(self.effective_order, self.counts)

    # -- the list -------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """The papers listed, in order (without day headings)."""
        return [item for item in self.items() if isinstance(item, Row)]

    def items(self) -> list[Item]:
        """The list: papers in the chosen order; by day over several days, days as headings."""
        order, rank = self.shown_order, self.rank
        if self.aside is not None:
            rows = list(self.aside.rows)
            if order != "relevance":
                rows.sort(key=lambda r: paper_key(Sort(order), rank)(r.paper))
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
                key = paper_key(Sort(order), rank, self._in_scope(), self.news.rising)
                rows.sort(key=lambda r: key(r.paper))
            if self.shown_scope.kind == INBOX and order == "ranked":
                return self.news.with_changes(rows)
        if order in ("newest", "page") and self.shown_scope.kind != DAY:
            return by_day(rows, rank, self.library.day_label, newest=order == "newest")
        return list[Item](rows)

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
        scope, wanted, flag = self.scope, self.effective_filter, self.book.flag
        papers: Iterable[Paper] = self.papers
        if scope.kind == DAY:
            papers = (p for p in papers if any(a.snapshot == scope.day for a in p.appearances))
        elif scope.kind == INBOX:
            papers = self.news.inbox()
        elif scope.kind == FOR_YOU:
            papers = self.news.pick_list()
        elif scope.kind != ALL:
            ids = self.where.ids() or frozenset()
            papers = (p for p in papers if p.id in ids or (scope.kind == STARRED and flag(p, "starred")))
        if wanted == "starred":
            papers = (p for p in papers if flag(p, "starred"))
        elif wanted == "new":
            new = self.news.fresh_ids
            papers = (p for p in papers if p.id in new)
        elif wanted == "unread":
            papers = (p for p in papers if not flag(p, "read"))
        return list(papers)

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
