"""Reading across snapshots in the reader: marks, filters, saved searches, related, trend, copy, export."""

from __future__ import annotations

import json
import shutil

from helpers import SEEDS, parse_bibtex
from textual.widgets import Sparkline
from tui_helpers import (
    drawer,
    main,
    make_app,
    paper_text,
    press,
    results,
    search_box,
    settle,
    starred_entry,
    state,
    status,
    titles,
    to_entry,
)

from dailypapers.index.marks.db import Marks, default_marks_path
from dailypapers.tui import say
from dailypapers.tui.screens.note import NoteScreen
from dailypapers.tui.screens.prompt import PromptScreen
from dailypapers.tui.screens.reader import PaperScreen
from dailypapers.tui.show import cells
from dailypapers.tui.widgets import PaperView, TrendBar

GROK = "Grokking as the Transition from Lazy to Rich Training Dynamics"
SIZE = (100, 30)


def _cells(app, row):
    """What the row's right column shows (marks, date, upvotes) and whether it is dimmed."""
    return cells(main(app).state, row)


async def test_star_read_and_note_are_saved_and_shown(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = results(seed_app).rows[0]
        await press(pilot, "s")
        await settle(pilot)
        assert _cells(seed_app, first).marks.startswith("★")
        assert "★ starred" in paper_text(seed_app)
        assert starred_entry(seed_app) == "1"
        saved = Marks(default_marks_path()).all()
        assert saved[first.paper.id].starred and not saved[first.paper.id].read
        await press(pilot, "enter")  # reading a paper marks it read
        await settle(pilot)
        assert isinstance(seed_app.screen, PaperScreen) and "★ starred · read" in paper_text(
            seed_app, seed_app.screen.query_one(PaperView)
        )
        assert _cells(seed_app, first).dim is True and Marks(default_marks_path()).all()[first.paper.id].read
        await press(pilot, "escape", "r")  # r toggles it back
        await settle(pilot)
        assert _cells(seed_app, first).dim is False
        await press(pilot, "e")
        assert isinstance(seed_app.screen, NoteScreen)
        await press(pilot, *"see [bold]fig 3[/]", "ctrl+s")
        await settle(pilot)
        assert "Note: see [bold]fig 3[/]" in paper_text(seed_app)  # shown as typed, not as markup
        await press(pilot, "e", "x", "escape")  # cancelled: unchanged
        await settle(pilot)
        assert Marks(default_marks_path()).all()[first.paper.id].note == "see [bold]fig 3[/]"
        await press(pilot, "s")
        await settle(pilot)
        assert not Marks(default_marks_path()).all()[first.paper.id].starred


async def test_marks_from_the_paper_screen(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "s", "J", "s")
        await settle(pilot)
        first, second = results(seed_app).rows[:2]
        saved = Marks(default_marks_path()).all()
        assert (
            saved[first.paper.id].starred and saved[second.paper.id].starred and saved[second.paper.id].read
        )


async def test_marks_are_there_after_a_restart(tmp_path, reader_seeds, prebuilt_seed_index):
    app = make_app(reader_seeds, tmp_path / "ix", prebuilt_seed_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "s")
        await settle(pilot)
        starred = results(app).rows[1].paper.title
    again = make_app(reader_seeds, tmp_path / "ix")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = results(again).rows[1]
        assert row.paper.title == starred and _cells(again, row).marks.startswith("★")


async def test_filters_new_unread_starred_and_their_counts(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "left_square_bracket", "left_square_bracket")  # Apr 24, the third file
        await settle(pilot)
        scope = state(seed_app).scope.day
        everything = list(results(seed_app).rows)
        new = state(seed_app).new_ids  # first seen since the last visit: here (no visit yet) the newest day
        expected_new = [r.paper.id for r in everything if r.paper.id in new]
        assert sum(_cells(seed_app, r).marks[1] == "+" for r in everything) == len(expected_new)
        await press(pilot, "s", "j", "enter", "escape")  # star the first, read the second
        await settle(pilot)
        await press(pilot, "f")  # new
        await settle(pilot)
        assert [r.paper.id for r in results(seed_app).rows] == expected_new and "new only" in status(seed_app)
        assert f"· {len(expected_new)} papers" in status(seed_app)  # (after what s did)
        await press(pilot, "f")  # unread
        await settle(pilot)
        assert len(results(seed_app).rows) == len(everything) - 1
        assert everything[1].paper.id not in {r.paper.id for r in results(seed_app).rows}
        await press(pilot, "slash", *"learning", "enter", "h")  # with a query: the engine counts the filter
        await settle(pilot)
        found = state(seed_app).found
        unread = [h for h in main(seed_app).backend.pix.search("learning", scope, None).hits]
        assert found.total == len([h for h in unread if h.paper.id != everything[1].paper.id])
        await press(pilot, "f")  # starred
        await settle(pilot)
        assert state(seed_app).found.total == len(results(seed_app).rows) <= 1
        await press(pilot, "escape", "f")  # all again
        await settle(pilot)
        assert len(results(seed_app).rows) == len(everything)


async def test_starred_entry_and_saved_searches_in_the_snapshot_list(seed_app):
    Marks(default_marks_path()).save_search("grok [x]", "grokking", None)  # saved by an earlier release
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "s")
        await settle(pilot)
        starred = results(seed_app).rows[2].paper.id
        await to_entry(pilot, "★ Starred")
        await settle(pilot)
        assert [r.paper.id for r in results(seed_app).rows] == [starred]
        await press(pilot, "k", "enter")  # all snapshots
        await to_entry(pilot, "⌕ grok [x]")
        await settle(pilot)
        assert search_box(seed_app).value == "grokking"
        hits = main(seed_app).backend.pix.search("grokking", None, 50).hits
        assert titles(seed_app) == [h.paper.title for h in hits] and hits
        await press(pilot, "d")
        await settle(pilot)
        snaps = drawer(seed_app)
        ids = [snaps.get_option_at_index(i).id for i in range(snaps.option_count)]
        assert Marks(default_marks_path()).searches() == [] and "\x00search:grok [x]" not in ids


async def test_related_papers_and_the_way_back(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"grokking lazy rich", "enter")
        await settle(pilot)
        before = titles(seed_app)
        assert before[0] == GROK
        await press(pilot, "m")
        await settle(pilot)
        related = titles(seed_app)
        assert GROK not in related and len(related) >= 5
        assert any("Grokking" in t for t in related[:5])
        assert "escape: back" in status(seed_app)
        assert say.scope_label(state(seed_app)).startswith("Like: Grokking")
        await press(pilot, "j", "escape")
        await settle(pilot)
        assert titles(seed_app) == before and results(seed_app).current.paper.title == GROK


async def test_trend_sparkline_matches_the_index(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"diffusion", "enter", "t")
        await settle(pilot)
        bar = main(seed_app).query_one(TrendBar)
        assert bar.display
        points, _ = main(seed_app).backend.pix.trend("diffusion")
        assert list(bar.query_one(Sparkline).data) == [p.count for p in points]
        peak = max(points, key=lambda p: p.count)
        assert f"peak {peak.count} {peak.date}" in str(bar.query_one("#trend-label").render())
        await press(pilot, "t")
        assert not bar.display


async def test_copy_title_link_and_abstract(seed_app, monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-1/default,1,0")
    monkeypatch.setattr("dailypapers.tui.clipboard.system_copy", lambda text, env=None: None)
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        paper = results(seed_app).rows[0].paper
        assert seed_app.clipboard == paper.title  # a capture: no arXiv id, the title alone
        await press(pilot, "Y")
        await settle(pilot)
        assert seed_app.clipboard == main(seed_app).backend.pix.paper(paper.id).abstract
        assert any("OSC 52 to tmux" in m for m in seed_app.messages)


async def test_api_paper_title_is_an_osc8_link_and_shows_upvotes(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(SEEDS, lib)
    items = [
        {"paper": {"id": "2405.00001", "title": "Linked Paper", "summary": "About links.", "upvotes": n}}
        for n in (3,)
    ]
    (lib / "2024-05-27.json").write_text(json.dumps(items))
    later = [{"paper": {**items[0]["paper"], "upvotes": 40}}]
    (lib / "2024-05-28.json").write_text(json.dumps(later))
    app = make_app(lib, tmp_path / "ix")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"linked paper", "enter")
        await settle(pilot)
        view = main(app).query_one(PaperView)
        links = {s.style.link for n in range(3) for s in view.render_line(n) if s.style and s.style.link}
        assert links == {"https://arxiv.org/abs/2405.00001"}
        text = paper_text(app)
        assert "▲ upvotes 3 (Mon 27 May 2024) → 40 (Tue 28 May 2024)" in text
        assert "in 2 snapshots: first Mon 27 May 2024 (#1)" in text


async def test_export_from_the_palette_writes_what_the_status_counts(seed_app, tmp_path):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s", "j", "s")
        await settle(pilot)
        await main(seed_app).run_action("export('starred', 'bibtex')")
        await pilot.pause()
        assert isinstance(seed_app.screen, PromptScreen)
        target = tmp_path / "out.bib"
        await press(pilot, "ctrl+u", *str(target), "enter")
        await settle(pilot)
        entries = parse_bibtex(target.read_text("utf-8"))
        assert len(entries) == 2 and {e["title"][1:-1] for e in entries} == set(titles(seed_app)[:2])
        await press(pilot, "a", "slash", *"model training", "enter")
        await settle(pilot)
        total = state(seed_app).found.total
        assert len(results(seed_app).rows) < total  # a page of it is listed so far
        await main(seed_app).run_action("export('listed', 'json')")
        await pilot.pause()
        target = tmp_path / "listed.json"
        await press(pilot, "ctrl+u", *str(target), "enter")
        await settle(pilot)
        assert len(json.loads(target.read_text("utf-8"))) == total
        assert f"{total:,} papers" in status(seed_app)


async def test_unopenable_marks_turn_marks_off_and_browsing_goes_on(
    tmp_path, reader_seeds, prebuilt_seed_index
):
    from dailypapers.index import PaperIndex
    from dailypapers.tui.app import DailyPapersApp

    shutil.copytree(prebuilt_seed_index, tmp_path / "ix")
    (tmp_path / "blocked").write_text("a file where the marks directory should be")
    blocked = Marks(tmp_path / "blocked" / "m.sqlite3")
    app = DailyPapersApp(PaperIndex(reader_seeds, tmp_path / "ix"), marks=blocked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = list(app.messages)
        assert any("cannot open the marks database" in m and "marks are off" in m for m in messages)
        await press(pilot, "s")
        await settle(pilot)
        assert any("marks are off" in m for m in app.messages)
        assert len(results(app).rows) == 86 and not _cells(app, results(app).rows[0]).marks.startswith("★")
        await press(pilot, "a", "slash", *"grokking", "enter")
        await settle(pilot)
        assert titles(app)[0].startswith("Grokking") and app.is_running


async def test_marks_made_by_another_process_show_up(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = results(seed_app).rows[3]
        assert not _cells(seed_app, row).marks.startswith("★")
        other = Marks(default_marks_path())  # another connection: the CLI, a second reader
        other.set(row.paper, starred=True)
        other.close()
        main(seed_app).check_library()  # what the 5-second check runs
        await settle(pilot, periodic=True)  # (the check itself waited for: it was run here)
        assert _cells(seed_app, row).marks.startswith("★") and starred_entry(seed_app) == "1"
