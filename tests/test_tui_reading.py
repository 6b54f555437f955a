"""Reading across snapshots in the reader: marks, filters, saved searches, related, trend, copy, export."""

from __future__ import annotations

import base64
import json
import re
import shutil

from conftest import SEEDS
from test_export import parse_bibtex
from textual.widgets import Sparkline
from tui_helpers import main, make_app, paper_text, results, search_box, settle, snapshots, status, titles

from index.marks import Marks, default_marks_path
from tui.screens.note import NoteScreen
from tui.screens.prompt import PromptScreen
from tui.widgets import PaperView, TrendBar

GROK = "Grokking as the Transition from Lazy to Rich Training Dynamics"
SIZE = (100, 30)


def _flags(app, row) -> tuple[str, bool]:
    text, dim = main(app)._decorate(row.paper)
    return text.plain, dim


async def test_star_read_and_note_are_saved_and_shown(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = results(seed_app).rows[0]
        await pilot.press("s")
        await settle(pilot)
        assert _flags(seed_app, first)[0].startswith("★")
        assert "★ starred" in paper_text(seed_app)
        assert snapshots(seed_app).starred == 1
        saved = Marks(default_marks_path()).all()
        assert saved[first.paper.id].starred and not saved[first.paper.id].read
        await pilot.press("enter")  # opening a paper marks it read
        await settle(pilot)
        assert _flags(seed_app, first)[1] is True and Marks(default_marks_path()).all()[first.paper.id].read
        await pilot.press("escape", "r")  # r toggles it back
        await settle(pilot)
        assert _flags(seed_app, first)[1] is False
        await pilot.press("e")
        assert isinstance(seed_app.screen, NoteScreen)
        await pilot.press(*"see [bold]fig 3[/]", "ctrl+s")
        await settle(pilot)
        assert "Note: see [bold]fig 3[/]" in paper_text(seed_app)  # shown as typed, not as markup
        await pilot.press("e", "x", "escape")  # cancelled: unchanged
        await settle(pilot)
        assert Marks(default_marks_path()).all()[first.paper.id].note == "see [bold]fig 3[/]"
        await pilot.press("s")
        await settle(pilot)
        assert not Marks(default_marks_path()).all()[first.paper.id].starred


async def test_marks_are_there_after_a_restart(tmp_path, prebuilt_seed_index):
    app = make_app(SEEDS, tmp_path / "ix", prebuilt_seed_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "s")
        await settle(pilot)
        starred = results(app).rows[1].paper.title
    again = make_app(SEEDS, tmp_path / "ix")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = results(again).rows[1]
        assert row.paper.title == starred and _flags(again, row)[0].startswith("★")


async def test_filters_new_unread_starred(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(seed_app)
        await pilot.press("right_square_bracket", "right_square_bracket")  # the second snapshot
        await settle(pilot)
        scope = snapshots(seed_app).scope
        everything = list(results(seed_app).rows)
        order = screen.snapshot_rank
        expected_new = [
            r.paper.id
            for r in everything
            if min(order[a.snapshot] for a in r.paper.appearances) == order[scope]
        ]
        assert 0 < len(expected_new) < len(everything)
        assert sum(_flags(seed_app, r)[0][1] == "+" for r in everything) == len(expected_new)
        await pilot.press("s", "j", "enter", "escape")  # star the first, read the second
        await settle(pilot)
        await pilot.press("f")  # new
        await settle(pilot)
        assert [r.paper.id for r in results(seed_app).rows] == expected_new and "new only" in status(seed_app)
        await pilot.press("f")  # unread
        await settle(pilot)
        assert len(results(seed_app).rows) == len(everything) - 1
        assert everything[1].paper.id not in {r.paper.id for r in results(seed_app).rows}
        await pilot.press("f")  # starred
        await settle(pilot)
        assert [r.paper.id for r in results(seed_app).rows] == [everything[0].paper.id]
        await pilot.press("f")  # all again
        await settle(pilot)
        assert len(results(seed_app).rows) == len(everything)


async def test_starred_entry_and_saved_searches_in_the_snapshot_pane(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "s")
        await settle(pilot)
        starred = results(seed_app).rows[2].paper.id
        snapshots(seed_app).choose("\x00starred")
        await settle(pilot)
        assert [r.paper.id for r in results(seed_app).rows] == [starred]
        snapshots(seed_app).choose(None)
        await pilot.press("slash", *"grokking", "enter", "S")
        assert isinstance(seed_app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"grok [x]", "enter")
        await settle(pilot)
        assert [s.name for s in Marks(default_marks_path()).searches()] == ["grok [x]"]
        grok_titles = titles(seed_app)
        search_box(seed_app).value = ""
        await settle(pilot)
        assert len(results(seed_app).rows) == 296
        snapshots(seed_app).choose("\x00search:grok [x]")
        await settle(pilot)
        assert search_box(seed_app).value == "grokking" and titles(seed_app) == grok_titles
        main(seed_app).set_focus(snapshots(seed_app))
        await pilot.press("d")
        await settle(pilot)
        snaps = snapshots(seed_app)
        ids = [snaps.get_option_at_index(i).id for i in range(snaps.option_count)]
        assert Marks(default_marks_path()).searches() == [] and "\x00search:grok [x]" not in ids


async def test_related_papers_and_the_way_back(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"grokking lazy rich", "enter")
        await settle(pilot)
        before = titles(seed_app)
        assert before[0] == GROK
        await pilot.press("m")
        await settle(pilot)
        related = titles(seed_app)
        assert GROK not in related and len(related) >= 5
        assert any("Grokking" in t for t in related[:5])
        assert "like the paper" in status(seed_app) and str(results(seed_app).border_title).startswith(
            "Like:"
        )
        await pilot.press("j", "escape")
        await settle(pilot)
        assert titles(seed_app) == before and results(seed_app).current.paper.title == GROK


async def test_trend_sparkline_matches_the_index(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"diffusion", "enter", "t")
        await settle(pilot)
        bar = main(seed_app).query_one(TrendBar)
        assert bar.display
        points, _ = main(seed_app).backend.pix.trend("diffusion")
        assert list(bar.query_one(Sparkline).data) == [p.count for p in points]
        peak = max(points, key=lambda p: p.count)
        assert f"peak {peak.count} {peak.date}" in str(bar.query_one("#trend-label").render())
        await pilot.press("t")
        assert not bar.display


async def test_copy_title_link_and_abstract_with_osc52(seed_app, monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-1/default,1,0")
    monkeypatch.setattr("tui.clipboard.system_copy", lambda text, env=None: None)
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        written: list[str] = []
        main(seed_app).write_terminal = written.append
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("Y")
        await settle(pilot)
        assert len(written) == 2 and all(w.startswith("\x1bPtmux;\x1b\x1b]52;c;") for w in written)
        payloads = [base64.b64decode(re.search(r"52;c;([^\x07]+)", w).group(1)).decode() for w in written]
        paper = results(seed_app).rows[0].paper
        assert payloads[0] == paper.title  # a capture: no arXiv id, the title alone
        assert payloads[1] == main(seed_app).backend.pix.paper(paper.id).abstract


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
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"linked paper", "enter")
        await settle(pilot)
        view = main(app).query_one(PaperView)
        text = view.query_one("#paper-text").render()
        links = {s.style.link for s in text.spans if hasattr(s.style, "link") and s.style.link}
        assert links == {"https://arxiv.org/abs/2405.00001"}
        assert "upvotes 3 (2024-05-27) → 40 (2024-05-28)" in paper_text(app)
        assert "in 2 snapshots: first 2024-05-27 (#1)" in paper_text(app)


async def test_export_from_the_palette_flow(seed_app, tmp_path):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "s")
        await settle(pilot)
        main(seed_app).export_papers("starred", "bibtex")
        await pilot.pause()
        assert isinstance(seed_app.screen, PromptScreen)
        target = tmp_path / "out.bib"
        await pilot.press("ctrl+u", *str(target), "enter")
        await settle(pilot)
        entries = parse_bibtex(target.read_text("utf-8"))
        assert len(entries) == 2 and {e["title"][1:-1] for e in entries} == set(titles(seed_app)[:2])


async def test_unopenable_marks_turn_marks_off_and_browsing_goes_on(tmp_path, prebuilt_seed_index):
    from index import PaperIndex
    from tui.app import DailyPapersApp

    shutil.copytree(prebuilt_seed_index, tmp_path / "ix")
    (tmp_path / "blocked").write_text("a file where the marks directory should be")
    app = DailyPapersApp(PaperIndex(SEEDS, tmp_path / "ix"), marks=Marks(tmp_path / "blocked" / "m.sqlite3"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("cannot open the marks database" in m and "marks are off" in m for m in messages)
        await pilot.press("s")
        await settle(pilot)
        assert any("marks are off" in n.message for n in app._notifications)
        assert len(results(app).rows) == 296 and not _flags(app, results(app).rows[0])[0].startswith("★")
        await pilot.press("slash", *"grokking", "enter")
        await settle(pilot)
        assert titles(app)[0].startswith("Grokking") and app.is_running


async def test_marks_made_by_another_process_show_up(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = results(seed_app).rows[3]
        assert not _flags(seed_app, row)[0].startswith("★")
        other = Marks(default_marks_path())  # another connection: the CLI, a second reader
        other.set(row.paper, starred=True)
        other.close()
        main(seed_app).check_library()  # what the 5-second check runs
        await settle(pilot)
        assert _flags(seed_app, row)[0].startswith("★") and snapshots(seed_app).starred == 1
