"""The view models together (`ViewState`), without a terminal: the scope, the filter, the query and
its paging, the way back, moved from test_tui_state.py."""

from __future__ import annotations

from view_helpers import catchup, ids, library, paper

from dailypapers.index.marks.db import Mark
from dailypapers.tui import say
from dailypapers.tui.scope import Aside
from dailypapers.tui.state import ALL, DAY, STARRED, Found, Header, Row, Scope, ViewState


def test_opens_on_the_newest_day_in_page_order():
    state = library()
    assert state.scope == Scope("day", "d3") and ids(state) == ["e", "d"]
    assert state.effective_order == "page" and say.scope_label(state) == "Mon 3 Aug 2026 · newest"


def test_days_step_and_stop_at_the_ends():
    state = library()
    assert not state.step_day(1)  # already the newest
    assert state.step_day(-1) and state.scope.day == "d2" and ids(state) == ["b", "c"]
    assert state.step_day(-1) and not state.step_day(-1) and state.scope.day == "d1"
    state.set_scope(Scope(ALL))
    assert state.step_day(-1) and state.scope.day == "d3"  # from all days: the newest


def test_several_days_newest_first_under_day_headings():
    state = library()
    state.load(state.days, [*state.papers, paper("f", ("d3", 3)), paper("g", ("d2", 3))])
    state.set_scope(Scope(ALL))
    items = state.items()
    assert [i.label if isinstance(i, Header) else i.paper.id for i in items] == [
        "Mon 3 Aug 2026", "e", "d", "f", "Sun 2 Aug 2026", "b", "c", "g", "Sat 1 Aug 2026", "a",
    ]  # fmt: skip
    assert [i.count for i in items if isinstance(i, Header)] == [3, 3, 1]
    state.load(state.days, state.papers[:5])  # two papers a day or fewer: no headings, dates in rows
    assert [i.paper.id for i in state.items() if isinstance(i, Row)] == ["e", "d", "b", "c", "a"]
    assert not any(isinstance(i, Header) for i in state.items())
    state.cycle_order()  # page order: the oldest day first (no count to sort by in page captures)
    assert state.effective_order == "page" and ids(state) == ["a", "b", "c", "e", "d"]


def test_new_means_first_seen_since_the_last_visit():
    state = library()
    assert not any(state.is_new(p) for p in state.papers)  # not known until the catch-up is
    state.set_catchup(catchup(state, "c", "e"))
    assert [p.id for p in state.papers if state.is_new(p)] == ["c", "e"]


def test_filters_and_their_search_restriction():
    state = library()
    state.load_marks({"b": Mark("b", starred=True), "c": Mark("c", read=True)}, [])
    state.set_scope(Scope("day", "d2"))
    state.set_catchup(catchup(state, "c", "e"))
    state.cycle_filter()  # new
    assert state.filter == "new" and ids(state) == ["c"]
    state.cycle_filter()  # unread
    assert ids(state) == ["b"]
    state.set_query("x")
    assert state.request().exclude == frozenset({"c"}) and state.request().only is None
    state.cycle_filter()  # starred
    assert state.request().only == frozenset({"b"})
    state.set_query("")
    assert ids(state) == ["b"]
    state.set_scope(Scope(STARRED))
    state.cycle_filter()  # all again
    assert state.filter == "" and ids(state) == ["b"] and state.request().only == frozenset({"b"})


def test_a_query_lists_the_engine_answer_and_counts_both_tiers():
    state = library()
    state.set_query("world model")
    request = state.request()
    assert request.snapshot is None and request.limit == ViewState.PAGE and state.accepts(request)
    rows = [Row(p) for p in state.papers[:2]]
    state.show(Found(request, 1236, 349, 887, rows))
    assert ids(state) == ["a", "b"] and state.effective_order == "relevance"
    assert say.count(state).text == "1,236 papers: 349 with all words · 887 with some"
    assert state.more_to_fetch
    state.show(Found(request, 1236, 349, 887, rows, by_every_word=True))  # a long query: no tiers
    assert say.count(state).text.endswith("887 with some · ranked by every word")
    state.set_query("world models")
    assert not state.accepts(request)  # overtaken by typing
    assert state.typing  # typed a key at a time: completed; a paste is not
    state.set_query("world models, pasted at once")
    assert not state.typing and not state.request().typing
    state.cycle_order()  # the engine sorts every hit, a page at a time
    assert state.effective_order == "newest" and state.request().sort == "newest"
    assert state.request().limit == ViewState.PAGE


def test_escape_clears_query_then_filter_then_scope():
    state = library()
    state.set_query("x")
    state.cycle_filter()
    assert state.escape() == "query" and not state.has_query
    assert state.escape() == "filter" and state.filter == ""
    assert state.escape() is None and state.scope == Scope(DAY, "d3")  # the start view stays
    state.set_scope(Scope(ALL))
    assert state.escape() == "scope" and state.scope == Scope(DAY, "d3") and state.following
    state.set_scope(Scope(DAY, "d1"))
    assert state.escape() == "scope" and state.scope == Scope(DAY, "d3")
    assert state.escape() is None


def test_related_and_the_way_back():
    state = library()
    state.set_query("x")
    before = Found(state.request(), 2, 2, 0, [Row(p) for p in state.papers[:2]])
    state.show(before)
    state.enter_aside(Aside("Like: Title a", "≈ Title a", [Row(state.papers[3])]), keep="b")
    assert ids(state) == ["d"] and say.scope_label(state) == "Like: Title a"
    assert state.escape() == "aside" and state.found is before and ids(state) == ["a", "b"]
