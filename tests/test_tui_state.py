"""The reader's rules as plain code, without a terminal: day labels, the status line,
the layout, the table of commands."""

from __future__ import annotations

import datetime as dt

import pytest
from view_helpers import Rec, library

from dailypapers.index.papers.model import Appearance, Paper
from dailypapers.index.papers.snapshot import Problem
from dailypapers.tui import say
from dailypapers.tui.days import date_label, days_of, file_name, story
from dailypapers.tui.layout import split
from dailypapers.tui.state import Found
from dailypapers.tui.status import Part, fit


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
