"""Each view model of the reader alone, without the app or `ViewState`: the library's days, the
marks and the undo, the catch-up, the scope's moves, the orders and filter, the query's paging."""

from __future__ import annotations

from view_helpers import Rec, paper

from dailypapers.index.marks.db import Mark
from dailypapers.index.marks.inbox import NewPaper
from dailypapers.tui.days import days_of
from dailypapers.tui.scope import (
    ALL,
    DAY,
    FOLLOW,
    INBOX,
    MONTH,
    STARRED,
    WEEK,
    Aside,
    CatchUp,
    Followed,
    Scope,
)
from dailypapers.tui.view.catchup import News
from dailypapers.tui.view.library import LibraryView
from dailypapers.tui.view.listing import Listing
from dailypapers.tui.view.marks import MarkBook
from dailypapers.tui.view.orders import Orders
from dailypapers.tui.view.rows import Found, Header, Row, SearchRequest
from dailypapers.tui.view.scopes import ScopeView

PAPERS = [
    paper("a", ("d1", 1)),
    paper("b", ("d1", 2), ("d2", 1)),
    paper("c", ("d2", 2)),
    paper("d", ("d3", 1)),
]


def shelf(*dates: str) -> LibraryView:
    """Days d1, d2, … on these dates, with PAPERS."""
    library = LibraryView()
    library.load(days_of([Rec(f"d{n}", f"{d}.json", d, 2) for n, d in enumerate(dates, 1)]), PAPERS)
    return library


def models(*dates: str) -> tuple[LibraryView, MarkBook, News, ScopeView]:
    library, book = shelf(*dates), MarkBook()
    news = News(book)
    return library, book, news, ScopeView(library, book, news)


def test_the_library_steps_through_days_weeks_and_months():
    library = shelf("2026-07-30", "2026-08-03", "2026-08-04")
    assert library.newest is not None and library.newest.id == "d3"
    assert library.steps(DAY) == ["d1", "d2", "d3"]
    assert library.steps(WEEK) == ["2026-W31", "2026-W32"] and library.steps(MONTH) == ["2026-07", "2026-08"]
    assert library.period_ids("2026-W32") == {"b", "c", "d"} and library.period_ids("nowhere") == frozenset()
    assert library.period_counts() == {"2026-W31": 2, "2026-W32": 3, "2026-07": 2, "2026-08": 3}
    assert library.counts == ()  # no upvotes, no site signals: no order by a count
    assert library.day_label(None) == "elsewhere"


def test_the_mark_book_says_when_the_picks_change_and_keeps_the_undo():
    book = MarkBook()
    a, b = PAPERS[0], PAPERS[1]
    assert book.saved(a, Mark("a", read=True))  # a first mark
    assert not book.saved(a, Mark("a", read=False))  # reading says nothing about interests
    assert book.saved(a, Mark("a", starred=True)) and book.starred_ids() == {"a"}
    assert book.saved(b, Mark("b", dismissed=True)) and book.to_undo() is b
    book.saved(b, Mark("b", dismissed=False))  # undone elsewhere: nothing left to undo
    assert book.to_undo() is None and book.read_ids() == frozenset()


def test_news_leaves_out_the_dismissed_and_says_why():
    book = MarkBook()
    news = News(book)
    assert news.inbox() == [] and news.new_ids == frozenset()
    news.catchup = CatchUp(
        "2026-08-01", "a test", [NewPaper(p, "2026-08-02", 0.5, f"why {p.id}") for p in PAPERS[:2]]
    )
    assert news.new_ids == {"a", "b"} and news.fresh_ids == {"a", "b"}
    book.saved(PAPERS[0], Mark("a", dismissed=True))
    assert news.inbox() == [PAPERS[1]] and news.new_ids == {"a", "b"}  # still new, not in the inbox
    assert news.reason(PAPERS[1], for_you=False) == "New: why b" and news.reason(PAPERS[2], False) == ""
    rows = [Row(PAPERS[1])]
    assert news.with_changes(rows) == rows  # nothing changed: the new papers alone


def test_the_scope_moves_without_going_there():
    _, book, news, where = models("2026-07-30", "2026-08-03", "2026-08-04")
    where.loaded()
    assert where.scope == Scope(DAY, "d3") and where.home == Scope(DAY, "d3")
    assert where.stepped(1) is None and where.stepped(-1) == Scope(DAY, "d2") and where.scope.key == "d3"
    assert where.widened() == Scope(WEEK, "2026-W32") and where.narrow == "d3"
    where.scope = Scope(WEEK, "2026-W32")
    assert where.widened() == Scope(MONTH, "2026-08") and where.ids() == {"b", "c", "d"}
    where.scope = Scope(MONTH, "2026-08")
    assert where.widened() == Scope(DAY, "d3")  # back to the day it widened from
    assert where.toggled(Scope(ALL)) == Scope(ALL)
    where.scope = Scope(ALL)
    assert where.toggled(Scope(ALL)) == Scope(DAY, "d3") and where.stepped(-1) == Scope(DAY, "d3")
    book.saved(PAPERS[2], Mark("c", starred=True))
    where.scope = Scope(STARRED)
    assert where.ids() == {"c"}
    news.catchup = CatchUp(None, "x", follows=[Followed("mine", "q", frozenset({"a"}), frozenset())])
    where.scope = Scope(FOLLOW, "mine")
    assert where.ids() == {"a"}
    where.scope = Scope(INBOX)
    assert where.ids() == frozenset()


def test_the_scope_leaves_a_day_the_library_lost():
    library, _, _, where = models("2026-08-03", "2026-08-04")
    where.scope, where.following = Scope(DAY, "d2"), False
    library.load(library.days[:1], PAPERS)
    where.loaded()
    assert where.scope == Scope(ALL)


def test_orders_and_filters_by_kind_of_list():
    orders = Orders()
    assert Orders.available(DAY, False, ["upvotes"], None) == ["page", "upvotes"]
    assert Orders.available(WEEK, False, ["upvotes"], None) == ["upvotes", "newest", "page"]
    assert Orders.available(INBOX, False, [], None) == ["ranked", "newest", "page"]
    assert Orders.available(DAY, True, [], None) == ["relevance", "page"]
    assert Orders.available(DAY, True, ["upvotes"], ("newest", "upvotes", "stars")) == ["newest", "upvotes"]
    assert (
        Orders.why_one("page", ())
        == "only page order here: these snapshots have no upvotes, stars or comments"
    )
    for wanted in ("new", "unread", "starred", ""):
        orders.cycle_filter()
        assert orders.filter == wanted
    orders.filter = "starred"
    assert orders.effective_filter(STARRED) == "" and orders.effective_filter(DAY) == "starred"


def test_the_listing_pages_and_comes_back_from_an_aside():
    listing = Listing(page=5)
    listing.query = "x"
    found = Found(SearchRequest("x", None, 5), 12, 12, 0, [Row(p) for p in PAPERS])
    listing.show(found)
    assert listing.has_query and listing.more_to_fetch and listing.wordless == set()
    listing.fetch_more()
    assert listing.limit == 25
    listing.enter_aside(Aside("Like", "≈", [Row(PAPERS[3])]), keep="b")
    listing.enter_aside(Aside("Like 2", "≈", [Row(PAPERS[2])]), keep="d")  # one aside after another
    assert listing.found is not None and listing.found.total == 1
    assert listing.leave_aside() == "b" and listing.found is found and listing.aside is None
    assert listing.leave_aside() is None
    listing.show(Found(SearchRequest("has:code", None, 5), 1, 0, 0, [], sort="newest"))
    assert listing.wordless == {"has:code"}  # the engine found no word to rank by
    assert isinstance(Header("x", 1), Header)
