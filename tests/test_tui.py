"""The reader's key flows, driven with Textual's pilot at 80x24 (and other sizes where noted)."""

from __future__ import annotations

import time

import pytest
from conftest import SEEDS
from textual import events
from textual.command import CommandPalette
from tui_helpers import main, paper_text, results, search_box, settle, snapshots, status, titles

from index import PaperIndex
from tui.app import DailyPapersApp
from tui.screens import HelpScreen
from tui.widgets import PaperView, ResultList, SnapshotList

GROK = "Grokking as the Transition from Lazy to Rich Training Dynamics"
SIZE = (80, 24)


async def test_start_shows_all_snapshots_in_page_order(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        snaps = snapshots(seed_app)
        assert len(snaps.snapshots) == 5 and snaps.scope is None
        assert [s.papers for s in snaps.snapshots] == [42, 48, 70, 119, 86]
        assert len(results(seed_app).rows) == 296 and titles(seed_app)[0] == GROK
        assert paper_text(seed_app).startswith(GROK)
        assert "296 papers" in status(seed_app) and "All snapshots" in status(seed_app)
        assert seed_app.focused is results(seed_app)


async def test_search_as_you_type_shows_best_hit(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert seed_app.focused is search_box(seed_app)
        await pilot.press(*"lazy rich grokk")  # the last word is a prefix while typing
        await settle(pilot)
        assert titles(seed_app)[0] == GROK and results(seed_app).cursor == 0
        assert paper_text(seed_app).startswith(GROK)
        assert "of" in status(seed_app) and "ms" in status(seed_app)
        await pilot.press("enter")
        assert seed_app.focused is results(seed_app)


async def test_ctrl_f_and_escape_ladder(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert seed_app.focused is search_box(seed_app)
        await pilot.press("escape")
        assert seed_app.focused is results(seed_app)
        await pilot.press("enter")
        assert isinstance(seed_app.focused, PaperView)
        await pilot.press("escape")
        assert seed_app.focused is results(seed_app)
        await pilot.press("shift+tab")
        assert isinstance(seed_app.focused, SnapshotList)
        await pilot.press("escape")
        assert seed_app.focused is results(seed_app)
        await pilot.press("escape", "escape")
        assert seed_app.is_running and seed_app.focused is results(seed_app)


async def test_tab_cycles_panes(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(seed_app.focused).__name__)
        assert seen == ["PaperView", "SearchBox", "SnapshotList", "ResultList"]


async def test_list_movement_keys_and_paper_follows(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rl = results(seed_app)
        await pilot.press("j", "j", "down")
        assert rl.cursor == 3 and paper_text(seed_app).startswith(rl.rows[3].paper.title)
        await pilot.press("k", "up")
        assert rl.cursor == 1
        await pilot.press("G")
        assert rl.cursor == 295 and paper_text(seed_app).startswith(rl.rows[295].paper.title)
        await pilot.press("g")
        assert rl.cursor == 0
        await pilot.press("end")
        assert rl.cursor == 295
        await pilot.press("home", "pagedown")
        page = rl.cursor
        assert page > 5
        await pilot.press("pagedown", "pageup")
        assert rl.cursor == page
        await pilot.press("pageup")
        assert rl.cursor == 0


async def test_paper_pane_scrolls_and_jumps_between_matches(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"grokking ")
        await settle(pilot)
        await pilot.press("enter", "enter")
        view = main(seed_app).query_one(PaperView)
        assert seed_app.focused is view and view.match_count >= 3
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("space")
        assert view.scroll_y > 5
        await pilot.press("pageup", "g")
        assert view.scroll_y == 0
        positions = []
        for _ in range(view.match_count):
            await pilot.press("n")
            positions.append(view.scroll_y)
        assert positions == sorted(positions) and positions[-1] > 0
        await pilot.press("N")
        assert view.scroll_y == positions[-2]


async def test_snapshot_keys_change_scope(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert snapshots(seed_app).scope == "000_cdc772e61a3bb25e"
        assert len(results(seed_app).rows) == 42 and "Sep 3" in status(seed_app)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert snapshots(seed_app).scope == "003_8e949063b2f08e09" and len(results(seed_app).rows) == 119
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert len(results(seed_app).rows) == 70
        await pilot.press("slash", *"loss", "enter")
        await settle(pilot)
        in_scope = results(seed_app).rows
        assert in_scope and all(
            any(a.snapshot == "002_259c45ceec9cf96d" for a in r.paper.appearances) for r in in_scope
        )
        in_scope_total = main(seed_app).result.total
        await pilot.press("a")
        await settle(pilot)
        assert snapshots(seed_app).scope is None and main(seed_app).result.total > in_scope_total


async def test_order_cycles(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"scaling laws", "enter")
        await settle(pilot)
        relevance = titles(seed_app)
        assert "relevance" in status(seed_app)
        await pilot.press("o")
        assert "page order" in status(seed_app) and sorted(titles(seed_app)) == sorted(relevance)
        assert titles(seed_app) != relevance
        await pilot.press("o")
        assert "newest first" in status(seed_app)
        newest = results(seed_app).rows
        rank = main(seed_app).snapshot_rank
        latest = [max(rank[a.snapshot] for a in r.paper.appearances) for r in newest]
        assert latest == sorted(latest, reverse=True)
        await pilot.press("o")
        assert "relevance" in status(seed_app) and titles(seed_app) == relevance


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_binding(seed_app, key):
    async with seed_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        assert isinstance(seed_app.screen, HelpScreen)
        rows = seed_app.screen.rows
        described = {does for _, _, does in rows}
        for words in (
            "Search",
            "Next match",
            "Prev snapshot",
            "Order",
            "Quit",
            "Read",
            "Next pane",
            "Star",
            "Filter",
            "Related",
            "Trend",
            "Copy abstract",
            "Save search",
            "Delete saved search",
        ):
            assert any(d.startswith(words) for d in described), words
        keys = {keys for _, keys, _ in rows}
        assert {
            "/",
            "^f",
            "[",
            "]",
            "a",
            "o",
            "n",
            "N",
            "q",
            "s",
            "r",
            "e",
            "f",
            "m",
            "t",
            "y",
            "Y",
            "S",
        } <= keys, keys
        await pilot.press("escape")
        assert not isinstance(seed_app.screen, HelpScreen)


async def test_command_palette_runs_reader_actions(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(seed_app.screen, CommandPalette)
        await pilot.press(*"next snapshot")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert snapshots(seed_app).scope == "000_cdc772e61a3bb25e"


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_keys(seed_app, key):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert not seed_app.is_running


async def test_single_letter_keys_type_into_the_search_input(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"qaojkgGnN[]?/")
        await settle(pilot)
        assert seed_app.is_running and search_box(seed_app).value == "qaojkgGnN[]?/"
        assert snapshots(seed_app).scope is None and isinstance(seed_app.screen, type(main(seed_app)))


async def test_a_burst_of_keys_is_routed_in_order(seed_app):
    """Keys typed faster than the UI settles: "/qa" types "qa", enter leaves the input, q quits."""
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, char in [("slash", "/"), ("q", "q"), ("a", "a"), ("slash", "/"), ("enter", "\r")]:
            seed_app.post_message(events.Key(key, char))  # queued at once, like a terminal burst
        await settle(pilot)
        assert search_box(seed_app).value == "qa/" and seed_app.focused is results(seed_app)
        seed_app.post_message(events.Key("q", "q"))
        await pilot.pause(0.2)
        assert not seed_app.is_running


async def test_did_you_mean_and_malformed_query_notes(seed_app):
    async with seed_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"grokking lazy rihc ")
        await settle(pilot)
        assert "did you mean: grokking lazy rich" in status(seed_app)
        assert titles(seed_app)[0] == GROK
        search_box(seed_app).value = ""
        await pilot.press(*'"grokking')
        await settle(pilot)
        assert "unbalanced quote" in status(seed_app) and titles(seed_app)


async def test_matches_highlighted_with_stemming(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"losses ")
        await settle(pilot)
        rows = results(seed_app).rows
        row = next(r for r in rows if r.title_spans)
        assert {row.paper.title[a:b].lower() for a, b in row.title_spans} <= {"loss", "losses"}
        view = main(seed_app).query_one(PaperView)
        assert view.match_count >= 1


async def test_empty_results_say_so(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzzqqqq ")
        await settle(pilot)
        assert results(seed_app).rows == [] and "No paper matches" in paper_text(seed_app)
        assert "0 of 0 papers" in status(seed_app)


@pytest.mark.parametrize("size", [(50, 20), (40, 12)])
async def test_narrow_shows_one_pane_at_a_time(seed_app, size):
    async with seed_app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main(seed_app)
        assert screen.has_class("-narrow")
        visible = [p.id for p in screen.query(".pane") if p.display]
        assert visible == ["results"]
        await pilot.press("enter")
        assert [p.id for p in screen.query(".pane") if p.display] == ["paper"]
        await pilot.press("escape", "shift+tab", "shift+tab")
        assert [p.id for p in screen.query(".pane") if p.display] == ["snapshots"]


async def test_three_panes_side_by_side_when_wide_and_at_80(seed_app):
    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panes = list(main(seed_app).query(".pane"))
        assert all(p.display and p.size.width > 20 for p in panes)
        assert panes[0].region.right <= panes[1].region.x < panes[2].region.x
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert all(p.display and p.size.width >= 18 for p in main(seed_app).query(".pane"))


async def test_resizing_keeps_query_scope_and_selection(seed_app):
    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.press("slash", *"loss", "enter")
        await settle(pilot)
        await pilot.press("j", "j")
        chosen = results(seed_app).current.paper.id
        for size in ((50, 20), (80, 24), (40, 12), (200, 60), (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert search_box(seed_app).value == "loss"
            assert snapshots(seed_app).scope == "000_cdc772e61a3bb25e"
            assert results(seed_app).current.paper.id == chosen


async def test_snapshot_pane_toggle(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+b")
        assert not main(seed_app).query_one(SnapshotList).display
        await pilot.press("ctrl+b")
        assert main(seed_app).query_one(SnapshotList).display


async def test_thousands_of_rows_stay_cheap(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rl = main(seed_app).query_one(ResultList)
        many = rl.rows * 340  # ~100,000 rows
        rl.set_rows(many, None)
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert rl.cursor == len(many) - 1 and rl.scroll_y >= len(many) - 30
        assert len(rl._cache) < 60  # only visible rows were rendered


async def test_sizes_and_a_burst_of_resizes(seed_app):
    sizes = [(40, 12), (60, 20), (80, 24), (120, 40), (250, 70), (41, 13), (199, 51)]
    async with seed_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"scaling laws", "enter")
        await settle(pilot)
        chosen = results(seed_app).current.paper.id
        for size in sizes:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert seed_app.is_running and results(seed_app).rows
        for _ in range(3):  # a burst: no pause between resizes
            for size in sizes:
                await pilot.resize_terminal(*size)
        await settle(pilot)
        assert seed_app.is_running and search_box(seed_app).value == "scaling laws"
        assert results(seed_app).current.paper.id == chosen
        main(seed_app).query_one(PaperView).focus()
        await pilot.press("space", "n", "G")
        assert seed_app.is_running


def test_no_color_is_respected(monkeypatch, tmp_path, prebuilt_seed_index):
    from conftest import SEEDS
    from textual.filter import Monochrome
    from tui_helpers import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(SEEDS, tmp_path / "ix", prebuilt_seed_index)
    assert app.no_color and any(isinstance(f, Monochrome) for f in app._filters)


async def test_results_are_paged_and_the_end_fetches_more(seed_app, monkeypatch):
    monkeypatch.setattr("tui.screens.main.PAGE", 5)
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"loss", "enter")
        await settle(pilot)
        assert len(results(seed_app).rows) == 5 and main(seed_app).result.total > 25
        await pilot.press("G")
        fifth = results(seed_app).current.paper.id
        await settle(pilot)
        assert len(results(seed_app).rows) == 25 and results(seed_app).current.paper.id == fifth
        assert results(seed_app).cursor == 4


async def test_typing_searches_at_once_when_idle_and_waits_while_a_search_runs(seed_app, monkeypatch):
    from tui.screens import main as main_module

    monkeypatch.setattr(main_module, "DEBOUNCE", 1.5)  # longer than the gaps between pilot keys
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(seed_app)
        pix = seed_app.backend.pix
        searched, search = [], pix.search

        def slow_search(text, **kwargs):
            searched.append(text)
            time.sleep(1.0 if text == "g" else 0.1)  # a broad query on a big library
            return search(text, **kwargs)

        pix.search = slow_search
        await pilot.press("slash", "g")
        assert screen._debounce._interval < 0.01  # idle: no wait before the search
        await pilot.pause(0.1)  # "g" is being searched now
        await pilot.press(*"rokk")  # each keystroke waits for a pause in the typing
        assert screen._debounce._interval == 1.5
        await pilot.pause(1.7)
        await settle(pilot)
        assert searched == ["g", "grokk"]  # "gr", "gro", "grok" never searched
        assert screen.result.query == "grokk" and titles(seed_app)[0].startswith("Grokking")


async def test_reader_given_a_function_makes_its_index_after_the_first_frame(tmp_path):
    made = []

    def make() -> PaperIndex:
        made.append(seed_app.screen.query_one("#results").border_title)  # the window is drawn
        return PaperIndex(SEEDS, tmp_path / "ix")

    seed_app = DailyPapersApp(make)
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot, rounds=6)
        assert made == ["Results"]
        assert len(results(seed_app).rows) == 296
