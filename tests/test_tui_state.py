"""The reader's rules as plain code, without a terminal: view state, day labels, the status line,
the layout, the table of commands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from dailypapers.index.marks.db import Mark
from dailypapers.index.marks.inbox import NewPaper
from dailypapers.index.papers.model import Appearance, Paper, Problem
from dailypapers.tui import say
from dailypapers.tui.days import date_label, days_of, file_name, story
from dailypapers.tui.layout import split
from dailypapers.tui.scope import Aside, CatchUp
from dailypapers.tui.state import ALL, DAY, STARRED, Found, Header, Row, Scope, ViewState
from dailypapers.tui.status import Part, fit


@dataclass
class Rec:
    id: str
    file: str
    date: str | None
    papers: int
    problems: list[Problem] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    mtime_ns: int = -1

    @property
    def problem_list(self) -> list[Problem]:
        return self.problems

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)


def paper(pid: str, *apps: tuple[str, int], upvotes: int | None = None) -> Paper:
    return Paper(pid, f"Title {pid}", "", appearances=[Appearance(s, s, p, upvotes) for s, p in apps])


def library() -> ViewState:
    """Three days: d1 (a, b), d2 (b again, c), d3 (d, e); b appears twice."""
    state = ViewState()
    days = days_of([Rec(f"d{n}", f"2026-08-0{n}.json", f"2026-08-0{n}", 2) for n in (1, 2, 3)])
    papers = [
        paper("a", ("d1", 1)),
        paper("b", ("d1", 2), ("d2", 1)),
        paper("c", ("d2", 2)),
        paper("d", ("d3", 2)),
        paper("e", ("d3", 1)),
    ]
    state.load(days, papers)
    state.ready = True
    return state


def ids(state: ViewState) -> list[str]:
    return [r.paper.id for r in state.rows()]


def catchup(state: ViewState, *new: str, since: str = "2026-08-01") -> CatchUp:
    """A catch-up holding these papers as new (in this order)."""
    by_id = {p.id: p for p in state.papers}
    return CatchUp(since, "a test", [NewPaper(by_id[i], "2026-08-02", 0.5, f"why {i}") for i in new])


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
    state.marks = {"b": Mark("b", starred=True), "c": Mark("c", read=True)}
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


def test_status_parts_say_searching_did_you_mean_and_notes():
    state = library()
    state.set_query("grokking lazy rihc")
    state.show(Found(state.request(), 3, 3, 0, [], 0.012, "grokking lazy rich", ["a note"]))
    state.searching = True
    texts = [p.text for p in say.status(state)]
    assert texts[0] == "searching…" and "did you mean: grokking lazy rich" in texts and "⚠ a note" in texts
    assert "12 ms" in texts


def test_status_fit_keeps_what_matters_and_hands_back_what_does_not_fit():
    parts = [
        Part(
            "1,236 papers: 349 with all words · 887 with some",
            1,
            "1,236 (349 all · 887 some)",
            "1,236 papers",
        ),
        Part("relevance", 4),
        Part("24 ms", 5),
        Part("did you mean: grokking lazy rich", 0, urgent=True),
    ]
    wide, left = fit(parts, 120)
    assert wide[0][0].startswith("1,236 papers: 349") and not left
    narrow, left = fit(parts, 64)
    assert [f for f, _ in narrow] == ["1,236 (349 all · 887 some)", "did you mean: grokking lazy rich"]
    tier = [parts[0], Part("4 in every day (a)", 1, "4 in all (a)")]
    shared, _ = fit(tier, 48)  # one priority: both abbreviated rather than one left out
    assert [f for f, _ in shared] == ["1,236 (349 all · 887 some)", "4 in all (a)"]
    tiny, left = fit(parts, 20)
    assert [f for f, _ in tiny] == ["1,236 papers"] and [p.text for p in left] == [parts[3].text]


STAMP = int(dt.datetime(2024, 3, 10, 12, 30).timestamp() * 1e9)  # local time


def test_day_labels_are_unique_and_undated_ones_say_file_and_time():
    recs = [
        Rec("000_cdc772e61a3bb25e", "000_cdc772e61a3bb25e.txt", "Sep 3", 42),
        Rec("001_3f74e06ca7665146", "001_3f74e06ca7665146.txt", "Mar 11", 48),
        Rec("003_8e949063b2f08e09", "003_8e949063b2f08e09.txt", None, 119, mtime_ns=STAMP),
        Rec("004_9c7d210b3a9e649e", "004_9c7d210b3a9e649e.txt", "Mar 11", 86),
        Rec("2024-05-27", "2024-05-27.json", "2024-05-27", 17, [Problem("x", "note", fatal=False)], [{}]),
        Rec("bad", "bad.txt", None, 0, [Problem("bad.txt", "binary file")]),
    ]
    labels = {d.id: d.label for d in days_of(recs)}
    assert labels == {
        "000_cdc772e61a3bb25e": "Sep 3",
        "001_3f74e06ca7665146": "Mar 11 · 001_3f74e06ca7665146",
        "003_8e949063b2f08e09": "003_8e949063b2f08e09 · 10 Mar 12:30",  # (not "003_8e94")
        "004_9c7d210b3a9e649e": "Mar 11 · 004_9c7d210b3a9e649e",
        "2024-05-27": "Mon 27 May 2024",
        "bad": "bad",
    }
    day = days_of(recs)[4]
    assert day.count == "17 papers · 1 skipped" and days_of(recs)[5].count == "unreadable"
    assert days_of(recs)[5].problem == "binary file"
    assert date_label("2026-08-21") == "Fri 21 Aug 2026" and file_name("a.txt", keep_suffix=True) == "a.txt"


def test_story_runs_in_library_order():
    days = days_of([Rec("b", "b.txt", "Mar 11", 1), Rec("a", "a.txt", "Sep 3", 1)])
    p = Paper("p", "T", "", appearances=[Appearance("b", "Mar 11", 4), Appearance("a", "Sep 3", 2)])
    rank = {d.id: n for n, d in enumerate(days)}
    assert story(p, {d.id: d for d in days}, rank) == "in 2 snapshots: first Sep 3 (#2), Mar 11 (#4)"


@pytest.mark.parametrize(
    ("size", "side_by_side", "list_size", "paper_size"),
    [
        ((80, 24), False, 8, 13),
        ((120, 40), False, 16, 21),
        ((50, 20), False, 5, 12),
        ((200, 50), True, 110, 90),
    ],
)
def test_layout_split(size, side_by_side, list_size, paper_size):
    shape = split(*size)
    assert (shape.side_by_side, shape.list_size, shape.paper_size) == (side_by_side, list_size, paper_size)


def test_every_command_is_declared_once_per_place():
    from dailypapers.tui.commands import COMMANDS, GROUPS, bindings, palette

    seen = set()
    for c in COMMANDS:
        assert c.where in GROUPS
        for key in c.keys.split(","):
            assert (c.owner, key, c.priority) not in seen, (c.owner, key)
            seen.add((c.owner, key, c.priority))
    assert {b.id for b in bindings("main")} >= {"main.toggle_star", "main.day(1)", "main.escape"}
    titles = {c.title for c in palette(("app", "main"))}
    assert {"Star", "Older day", "Export listed as BibTeX", "Help"} <= titles
