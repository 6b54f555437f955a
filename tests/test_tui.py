"""The reader's key flows, driven with Textual's pilot at 80x24 (and other sizes where noted)."""

from __future__ import annotations

import time

import pytest
from helpers import SEEDS
from textual import events
from textual.command import CommandPalette
from tui_helpers import (
    abstract_lines,
    drawer,
    main,
    paper_text,
    paper_view,
    press,
    results,
    search_box,
    settle,
    state,
    status,
    title_widths,
    titles,
)

from dailypapers.index import PaperIndex
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.screens import HelpScreen
from dailypapers.tui.screens.reader import PaperScreen
from dailypapers.tui.state import Header
from dailypapers.tui.widgets import PaperView, ResultList, SearchBox, SnapshotList

GROK = "Grokking as the Transition from Lazy to Rich Training Dynamics"
NEWEST = "004_9c7d210b3a9e649e"  # "Mar 11", 86 papers: the last file of the library
SIZE = (80, 24)


async def test_opens_on_the_newest_day_in_page_order(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert state(seed_app).scope.day == NEWEST
        rows = results(seed_app).rows
        assert len(rows) == 86 and titles(seed_app)[0] == "Random Teachers are Good Teachers"
        positions = [next(a.position for a in r.paper.appearances if a.snapshot == NEWEST) for r in rows]
        assert positions == sorted(positions)
        assert paper_text(seed_app).startswith("Random Teachers are Good Teachers")
        assert status(seed_app).startswith("86 papers · page order")
        assert seed_app.focused is results(seed_app)
        # The snapshot list: every snapshot, newest first, duplicates told apart, undated by file name.
        await press(pilot, "b")
        await settle(pilot)
        entries = [str(drawer(seed_app).get_option_at_index(i).prompt) for i in range(9)]
        names = [e.rsplit(" ", 1)[0].strip() for e in entries]
        assert names[0].startswith("New since ")  # what is new since the last visit, first
        assert names[1:4] == ["For you", "All snapshots", "★ Starred"]
        assert names[4] == "Mar 11 · 004_9c7d210b3a9e649e" and names[5].startswith("003_8e949063b2f08e09 · ")
        assert names[6:] == ["Apr 24", "Mar 11 · 001_3f74e06ca7665146", "Sep 3"]  # undated: file and time


async def test_search_as_you_type_shows_the_best_hit(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")  # every day
        await press(pilot, "slash")
        assert seed_app.focused is search_box(seed_app)
        await press(pilot, *"lazy rich grokk")  # the last word is a prefix while typing
        await settle(pilot)
        assert titles(seed_app)[0] == GROK and results(seed_app).cursor == 0
        assert paper_text(seed_app).startswith(GROK)
        found = state(seed_app).found
        assert f"{found.total} papers" in status(seed_app) and "ms" in status(seed_app)
        await press(pilot, "enter")
        assert seed_app.focused is results(seed_app)


async def test_arrows_move_the_selection_while_typing(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"learning")
        await settle(pilot)
        await press(pilot, "down", "down", "up", "pagedown")
        assert seed_app.focused is search_box(seed_app) and search_box(seed_app).value == "learning"
        assert results(seed_app).cursor > 1
        assert paper_text(seed_app).startswith(results(seed_app).current.paper.title)


async def test_escape_goes_back_to_the_list_then_clears_query_filter_scope_never_leaving_the_newest_day(
    seed_app,
):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        assert seed_app.focused is search_box(seed_app)
        await press(pilot, *"loss", "escape")
        await settle(pilot)
        assert seed_app.focused is results(seed_app) and search_box(seed_app).value == "loss"
        await press(pilot, "f")  # filter: new
        await settle(pilot)
        assert "new only" in status(seed_app)
        await press(pilot, "escape")
        await settle(pilot)
        assert search_box(seed_app).value == "" and state(seed_app).filter == "new"
        await press(pilot, "escape")
        await settle(pilot)
        assert state(seed_app).filter == "" and state(seed_app).scope.day == NEWEST
        await press(pilot, "g", "escape", "j", "escape")  # on the start view escape does nothing
        await settle(pilot)
        assert state(seed_app).scope.day == NEWEST and results(seed_app).cursor == 1
        await press(pilot, "a", "escape")  # every day, and back to the newest day
        await settle(pilot)
        assert state(seed_app).scope.day == NEWEST and len(results(seed_app).rows) == 86
        await press(pilot, "escape", "escape")
        assert seed_app.is_running and seed_app.focused is results(seed_app)


async def test_enter_reads_the_paper_alone_and_escape_comes_back(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"grokking lazy rich", "enter")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        screen = seed_app.screen
        assert isinstance(screen, PaperScreen)
        view = screen.query_one(PaperView)
        text = paper_text(seed_app, view)
        assert text.startswith(GROK) and "in 4 snapshots: first Sep 3 (#1), Apr 24 (#29)" in text
        assert text.rstrip().endswith(view.abstract_lines[-1].strip())  # the whole abstract
        assert view.match_count >= 3
        await press(pilot, "j", "j")
        assert view.scroll_y == 2
        await press(pilot, "k")
        assert view.scroll_y == 1
        await press(pilot, "g")
        positions = []
        for _ in range(view.match_count):
            await press(pilot, "n")
            positions.append(view.scroll_y)
        assert positions == sorted(positions) and positions[-1] > 0
        await press(pilot, "J")  # the next paper of the list
        await settle(pilot)
        assert paper_text(seed_app, view).startswith(titles(seed_app)[1])
        await press(pilot, "escape")
        assert not isinstance(seed_app.screen, PaperScreen) and results(seed_app).cursor == 1
        await press(pilot, "enter")
        await press(pilot, "q")
        assert not isinstance(seed_app.screen, PaperScreen) and seed_app.is_running


async def test_tab_cycles_visible_panes_only(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(3):
            await press(pilot, "tab")
            seen.append(type(seed_app.focused).__name__)
        assert seen == ["PaperView", "SearchBox", "ResultList"]
        await press(pilot, "b")
        assert isinstance(seed_app.focused, SnapshotList)
        await press(pilot, "shift+tab")
        assert isinstance(seed_app.focused, PaperView)
        await press(pilot, "escape")  # closes the drawer
        assert not drawer(seed_app).display
        for _ in range(4):
            await press(pilot, "tab")
            assert seed_app.focused.display and seed_app.focused.region.area > 0


async def test_list_movement_keys_and_the_paper_follows(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rl = results(seed_app)
        await press(pilot, "j", "j", "down")
        assert rl.cursor == 3 and paper_text(seed_app).startswith(rl.rows[3].paper.title)
        await press(pilot, "k", "up")
        assert rl.cursor == 1
        await press(pilot, "G")
        assert rl.cursor == 85 and paper_text(seed_app).startswith(rl.rows[85].paper.title)
        await press(pilot, "g")
        assert rl.cursor == 0
        await press(pilot, "end")
        assert rl.cursor == 85
        await press(pilot, "home", "pagedown")
        page = rl.cursor
        assert page > 5
        await press(pilot, "pagedown", "pageup")
        assert rl.cursor == page
        await press(pilot, "pageup")
        assert rl.cursor == 0


async def test_days_move_with_brackets_and_a_shows_every_day(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "right_square_bracket")  # already the newest: nothing moves
        await press(pilot, "left_square_bracket")
        await settle(pilot)
        assert state(seed_app).scope.day == "003_8e949063b2f08e09" and len(results(seed_app).rows) == 119
        await press(pilot, "left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert state(seed_app).scope.day == "001_3f74e06ca7665146" and len(results(seed_app).rows) == 48
        await press(pilot, "slash", *"loss", "enter", "h")  # h: the search only in the day in view
        await settle(pilot)
        in_scope = results(seed_app).rows
        assert in_scope and all(
            any(a.snapshot == "001_3f74e06ca7665146" for a in r.paper.appearances) for r in in_scope
        )
        scoped = state(seed_app).found.total
        assert scoped == len(in_scope) <= 48  # a day's count is that day's
        await press(pilot, "a")
        await settle(pilot)
        assert state(seed_app).scope.kind == "all" and state(seed_app).found.total > scoped
        await press(pilot, "a")
        await settle(pilot)
        assert state(seed_app).scope.day == NEWEST


async def test_every_day_is_listed_newest_first_under_day_headings(seed_app):
    async with seed_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await settle(pilot)
        items = results(seed_app).items
        headings = [i.label for i in items if isinstance(i, Header)]
        assert headings[0] == "Mar 11 · 004_9c7d210b3a9e649e" and headings[1].startswith(
            "003_8e949063b2f08e09 · "
        )
        assert headings[2:] == ["Apr 24", "Mar 11 · 001_3f74e06ca7665146", "Sep 3"]
        assert sum(i.count for i in items if isinstance(i, Header)) == len(results(seed_app).rows) == 296
        assert isinstance(items[0], Header) and results(seed_app).cursor == 0
        assert "296 papers" in status(seed_app) and "newest first" in status(seed_app)
        await press(pilot, "o")  # page order (page captures have no upvotes to sort by)
        await settle(pilot)
        headings = [i.label for i in results(seed_app).items if isinstance(i, Header)]
        assert headings[0] == "Sep 3" and "page order" in status(seed_app)


async def test_order_cycles_with_a_query(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"scaling laws", "enter")
        await settle(pilot)
        relevance = titles(seed_app)
        assert "relevance" in status(seed_app)
        await press(pilot, "o")
        await settle(pilot)
        newest = titles(seed_app)  # the papers with every word, by day (as `search --sort newest`)
        assert "newest first" in status(seed_app) and set(newest) <= set(relevance)
        assert f"{len(newest)} papers with all words" in status(seed_app)
        assert len(newest) == state(seed_app).found.total
        rank = state(seed_app).rank
        latest = [max(rank[a.snapshot] for a in r.paper.appearances) for r in results(seed_app).rows]
        assert latest == sorted(latest, reverse=True)
        await press(pilot, "o", "o")
        await settle(pilot)
        assert "relevance" in status(seed_app) and titles(seed_app) == relevance


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key_by_where_it_works(seed_app, key):
    async with seed_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, key)
        assert isinstance(seed_app.screen, HelpScreen)
        groups = dict(seed_app.screen.rows)
        assert list(groups)[:3] == [
            "Anywhere",
            "In the search input",
            "On the list (and the paper beside it)",
        ]
        every = {keys: does for rows in groups.values() for keys, does in rows}
        for keys in ("/, ^f", "[", "]", "a", "o", "f", "s", "r", "e", "m", "t", "y", "Y", "S", "n", "N", "J"):
            assert keys in every, keys
        assert "^q" in every and "esc" in every and "⏎" in every
        body = seed_app.screen.query_one("#help-body")
        await press(pilot, "j", "j")
        assert body.scroll_y == 2
        await press(pilot, "space")
        assert body.scroll_y > 10
        await press(pilot, "escape")
        assert not isinstance(seed_app.screen, HelpScreen)


async def test_the_palette_offers_the_same_commands(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c.help for c in seed_app.get_system_commands(seed_app.screen)}
        assert commands["Older day"] == "The previous (older) day ([)"
        assert {"Star", "Filter", "Related", "Export listed as JSON", "Export starred as BibTeX"} <= set(
            commands
        )
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(seed_app.screen, CommandPalette)
        await pilot.press(*"older day")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert state(seed_app).scope.day == "003_8e949063b2f08e09"


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
        await press(pilot, "slash", *"qaojkgGnN[]?/")
        await settle(pilot)
        assert seed_app.is_running and search_box(seed_app).value == "qaojkgGnN[]?/"
        assert state(seed_app).scope.day == NEWEST and seed_app.screen is main(seed_app)


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


async def test_did_you_mean_and_notes_are_never_cut(seed_app):
    async with seed_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"grokking lazy rihc ")
        await settle(pilot)
        assert "did you mean: grokking lazy rich" in status(seed_app)
        assert titles(seed_app)[0] == GROK
        search_box(seed_app).value = ""
        await press(pilot, *'="grokking')
        await settle(pilot)
        assert "unbalanced quote" in status(seed_app) and titles(seed_app)
        note = next(n for n in state(seed_app).found.notes if "unbalanced" in n)
        assert note in status(seed_app)  # in full
    app = DailyPapersApp(PaperIndex(seed_app.backend.pix.library, seed_app.backend.pix.dir))
    async with app.run_test(size=(80, 24)) as pilot:  # abbreviated to fit
        await settle(pilot)
        await press(pilot, "slash", *'="grokking')
        await settle(pilot)
        assert "⚠ could not parse the query (unbalanced quote)" in status(app)
        assert not any("unbalanced quote" in m for m in app.messages)
        await pilot.resize_terminal(40, 12)  # too narrow even so: a second line, wrapped; no toast
        await settle(pilot)
        first, _, second = status(app).partition("\n")
        assert "unbalanced quote" not in first and second == f"⚠ {note}"
        assert not any("unbalanced quote" in m for m in app.messages)


async def test_a_slow_search_says_searching(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pix = seed_app.backend.pix
        search = pix.search

        def slow(*args, **kwargs):
            time.sleep(0.6)
            return search(*args, **kwargs)

        pix.search = slow
        await pilot.press("slash", *"loss")
        await pilot.pause(0.35)
        assert status(seed_app).startswith("searching…")
        await settle(pilot)
        assert "searching" not in status(seed_app) and state(seed_app).found.request.text == "loss"


async def test_matches_highlighted_with_stemming(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"losses ")
        await settle(pilot)
        rows = results(seed_app).rows
        row = next(r for r in rows if r.title_spans)
        assert {row.paper.title[a:b].lower() for a, b in row.title_spans} <= {"loss", "losses"}
        results(seed_app).cursor = rows.index(row)
        await settle(pilot)
        assert paper_view(seed_app).match_count >= 1


async def test_empty_results_say_so(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"zzzzqqqq ")
        await settle(pilot)
        assert results(seed_app).rows == [] and "No paper matches" in paper_text(seed_app)
        assert status(seed_app).startswith("0 papers")


@pytest.mark.parametrize("size", [(50, 20), (40, 12)])
async def test_narrow_keeps_the_list_over_the_paper(seed_app, size):
    async with seed_app.run_test(size=size) as pilot:
        await settle(pilot)
        rl, view = results(seed_app), paper_view(seed_app)
        assert rl.region.bottom <= view.region.y and rl.size.height >= 3 and view.size.height >= 3
        await press(pilot, "tab")
        assert seed_app.focused is view and view.display


async def test_side_by_side_from_160_columns_stacked_below(seed_app):
    async with seed_app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        rl, view = results(seed_app), paper_view(seed_app)
        assert rl.region.right <= view.region.x and rl.size.width > view.size.width
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert rl.region.bottom <= view.region.y and rl.size.width >= 118


async def test_resizing_keeps_query_scope_and_selection(seed_app):
    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "left_square_bracket")
        await press(pilot, "slash", *"loss", "enter")
        await settle(pilot)
        await press(pilot, "j", "j")
        chosen = results(seed_app).current.paper.id
        for size in ((50, 20), (80, 24), (40, 12), (200, 60), (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert search_box(seed_app).value == "loss"
            assert state(seed_app).scope.day == "003_8e949063b2f08e09"
            assert results(seed_app).current.paper.id == chosen


async def test_the_snapshot_drawer(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        snaps = drawer(seed_app)
        assert snaps.display and seed_app.focused is snaps and snaps.region.width < 50
        await press(pilot, "j")  # the next entry down: the undated snapshot; the list follows
        await settle(pilot)
        assert state(seed_app).scope.day == "003_8e949063b2f08e09" and len(results(seed_app).rows) == 119
        await press(pilot, "enter")
        assert not snaps.display and seed_app.focused is results(seed_app)
        await press(pilot, "b", "g", "j", "j")  # the first entry is what is new, then for you
        await settle(pilot)
        assert state(seed_app).scope.kind == "all"
        for _ in range(2):  # closed and opened twice: every entry still on one line
            await press(pilot, "b")
            await press(pilot, "b")
        await settle(pilot)
        assert snaps.display and all(
            snaps.get_option_at_index(i).prompt.cell_len < snaps.size.width for i in range(9)
        )


async def test_thousands_of_rows_stay_cheap(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rl = main(seed_app).query_one(ResultList)
        many = rl.rows * 1200  # ~100,000 rows
        rl.set_items(many)
        await pilot.pause()
        await press(pilot, "G")
        await pilot.pause()
        assert rl.cursor == len(many) - 1 and rl.scroll_y >= len(many) - 30
        assert rl.rendered_lines < 60  # only the lines on screen were drawn


async def test_sizes_and_a_burst_of_resizes(seed_app):
    sizes = [(40, 12), (60, 20), (80, 24), (120, 40), (250, 70), (41, 13), (199, 51)]
    async with seed_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"scaling laws", "enter")
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
        main(seed_app).set_focus(paper_view(seed_app))
        await press(pilot, "space", "n", "G")
        assert seed_app.is_running


async def test_no_color_starts_and_keeps_selection_and_matches_visible(
    monkeypatch, tmp_path, reader_seeds, prebuilt_seed_index
):
    from tui_helpers import make_app

    monkeypatch.setenv("NO_COLOR", "")  # set, even empty
    app = make_app(reader_seeds, tmp_path / "ix", prebuilt_seed_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color and app.is_running
        await press(pilot, "a", "slash", *"grokking", "enter")
        await settle(pilot)
        rl = results(app)
        cursor_line = rl.render_line(0)  # relevance order: no heading above the first paper
        assert any(s.style and s.style.reverse for s in cursor_line)  # the selection
        view = paper_view(app)
        assert view.match_count and any(
            s.style and s.style.reverse and s.style.bold
            for n in range(len(view.text.splitlines()))
            for s in view.render_line(n)
        )  # the matches
        svg = app.export_screenshot()
        assert "Grokking" in svg.replace("&#160;", " ")
        await press(pilot, "r", "j")  # read: told apart by italics, not by a shade of grey
        await settle(pilot)
        read_row = rl.render_line(0)
        assert rl.cursor == 1 and any(s.style and s.style.italic and "rokking" in s.text for s in read_row)
        assert not any(s.style and s.style.italic for s in rl.render_line(1))


async def test_results_are_paged_and_the_end_fetches_more(seed_app, monkeypatch):
    monkeypatch.setattr("dailypapers.tui.state.ViewState.PAGE", 5)
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a", "slash", *"loss", "enter")
        await settle(pilot)
        total = state(seed_app).found.total
        assert len(results(seed_app).rows) == 5 and total > 25
        assert f"{total} papers" in status(seed_app)  # the count is the whole list's
        await press(pilot, "G")
        fifth = results(seed_app).current.paper.id
        await settle(pilot)
        assert len(results(seed_app).rows) == 25 and results(seed_app).current.paper.id == fifth
        assert results(seed_app).cursor == 4


async def test_each_keystroke_searches_at_once_and_replaces_the_search_waiting(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        backend = seed_app.backend
        pix = backend.pix
        searched, search = [], pix.search

        def slow_search(text, *args, **kwargs):
            if (args[1] if len(args) > 1 else kwargs.get("limit")) != 0:  # not a count
                searched.append(text)
                time.sleep(1.0 if text == "g" else 0.1)  # a broad query on a big library
            return search(text, *args, **kwargs)

        pix.search = slow_search
        finder, asked = main(seed_app).finder, []
        typed = finder.typed

        def typed_and_asked(value: str) -> None:
            typed(value)
            asked.append((value, backend.searching))  # searches asked when the key is handled

        finder.typed = typed_and_asked
        await pilot.press("slash", "g")
        await pilot.pause(0.1)  # "g" is being searched now
        await pilot.press(*"rokk")
        # No pause in the typing waited for: each key's search is asked as the key is handled,
        # the one it replaced dropped before it started ("g" running, the last key's next).
        assert asked == [("g", 1), ("gr", 2), ("gro", 2), ("grok", 2), ("grokk", 2)]
        await settle(pilot)
        assert searched == ["g", "grokk"]
        assert state(seed_app).found.request.text == "grokk"


async def test_reader_given_a_function_makes_its_index_after_the_first_frame(tmp_path):
    made = []

    def make() -> PaperIndex:
        made.append(app.screen.query_one(SearchBox).placeholder)  # the window is drawn
        return PaperIndex(SEEDS, tmp_path / "ix")

    app = DailyPapersApp(make)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert made == ["/ search"]
        assert len(results(app).rows) == 86


async def test_abstract_lines_and_title_widths_at_80x24_on_the_seeds(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = zip(title_widths(seed_app), results(seed_app).rows, strict=False)
        assert all(w >= 50 or w == len(r.paper.title) for w, r in shown)
        assert len(abstract_lines(seed_app)) >= 8


def test_the_mouse_is_the_terminals_unless_asked_for(tmp_path):
    from dailypapers.index.cli.main import main as cli_main

    seen = []

    def open_reader(make_index, notices, marks, mouse, settings):
        seen.append(mouse)
        return 0

    args = ["--library", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert cli_main(args, open_reader=open_reader) == 0
    assert cli_main([*args, "--mouse"], open_reader=open_reader) == 0
    assert seen == [False, True]


async def test_keys_queued_behind_quit_do_nothing(seed_app):
    """`q` then `e` in one burst (a key typed as the reader closes): it quits, and the note
    editor that `e` asks for is never opened on a closing app (it crashed before)."""
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, char in (("q", "q"), ("e", "e"), ("s", "s"), ("question_mark", "?")):
            seed_app.post_message(events.Key(key, char))  # all queued before the first is handled
        await pilot.pause()
    assert seed_app.return_code == 0
    assert not any(type(s).__name__ in ("NoteScreen", "HelpScreen") for s in seed_app.screen_stack)
