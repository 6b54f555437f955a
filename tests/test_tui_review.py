"""What a new user's review of the reader found (80x24 and 120x40, real libraries): keys that
work anywhere, escape on the start view, the first build, copying inside tmux, the palette,
counts under a filter, the sort column, the bundled seeds' first run."""

from __future__ import annotations

import pytest
from tui_helpers import drawer, main, paper_text, press, results, search_box, settle, state, status

from dailypapers.index.marks.db import Marks, default_marks_path
from dailypapers.tui.screens import HelpScreen
from dailypapers.tui.screens.reader import PaperScreen

SIZE = (80, 24)


@pytest.mark.parametrize("key", ["slash", "ctrl+f"])
async def test_search_keys_leave_the_paper_for_the_search_box(seed_app, key):
    """In the full-screen paper, `/` (or ctrl+f) then a query: the query is typed into the search
    box, never run as the paper's commands (x, e, r, y)."""
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = results(seed_app).current.paper
        await press(pilot, "enter")
        assert isinstance(seed_app.screen, PaperScreen)
        await press(pilot, key, *"xerys")
        await settle(pilot)
        assert not isinstance(seed_app.screen, PaperScreen)
        assert seed_app.focused is search_box(seed_app) and search_box(seed_app).value == "xerys"
        mark = Marks(default_marks_path()).all().get(first.id)
        assert mark is not None and mark.read and not mark.dismissed and not mark.starred and not mark.note


async def test_anywhere_keys_work_over_the_paper_and_the_help(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "b")  # the snapshot list, from the paper
        assert not isinstance(seed_app.screen, PaperScreen) and drawer(seed_app).display
        assert seed_app.focused is drawer(seed_app)
        await press(pilot, "b", "f1")
        assert isinstance(seed_app.screen, HelpScreen)
        await press(pilot, "slash", *"loss")  # from the help: to the search box
        await settle(pilot)
        assert seed_app.screen is main(seed_app) and search_box(seed_app).value == "loss"
        await press(pilot, "enter", "enter", "question_mark")  # the help over the paper
        assert isinstance(seed_app.screen, HelpScreen)
        await press(pilot, "b")
        assert seed_app.screen is main(seed_app) and drawer(seed_app).display
        await press(pilot, "escape", "enter", "ctrl+r")  # reload from the paper: it stays open
        await settle(pilot)
        assert isinstance(seed_app.screen, PaperScreen)
        assert "Reading the library again…" in seed_app.messages


async def test_q_closes_the_paper_and_quits_only_on_the_list(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "q")
        assert seed_app.screen is main(seed_app) and seed_app.is_running
        await press(pilot, "q")
        await pilot.pause()
        assert not seed_app.is_running


def test_a_watched_first_build_reads_newest_first_and_indexes_the_same(tmp_path):
    from tui_helpers import api_days

    from dailypapers.index import PaperIndex

    lib = api_days(tmp_path / "library", days=6)
    seen: list[tuple[int, str, int]] = []
    watched = PaperIndex(lib, tmp_path / "watched")

    def progress(done: int, total: int, snap) -> None:
        days = {a.snapshot for p in watched.papers_read() for a in p.appearances}
        seen.append((done, snap.id, len(days)))

    report = watched.update(progress=progress, browse=True)
    assert [s[1] for s in seen] == sorted((p.stem for p in lib.iterdir()), reverse=True)
    assert [s[2] for s in seen] == [1, 2, 3, 4, 5, 6]  # what the reader browses meanwhile
    assert report.added == sorted(p.name for p in lib.iterdir())
    plain = PaperIndex(lib, tmp_path / "plain")
    plain.update()

    def everything(pix):
        return [
            (
                p.id,
                p.title,
                p.abstract,
                p.aliases,
                [(a.snapshot, a.position, a.upvotes) for a in p.appearances],
            )
            for p in pix.papers()
        ]

    assert everything(watched) == everything(plain) and len(everything(plain)) > 60
    assert [r.file for r in watched.snapshots()] == [r.file for r in plain.snapshots()]
    watched.close()
    plain.close()


async def test_the_first_build_shows_the_newest_day_at_once_and_keeps_the_keys(tmp_path, monkeypatch):
    """While a first build reads 30 days (slowed down), the newest day is listed from the first
    refresh, not called "newest" before the build is done, and j j typed meanwhile stay; the
    paper beside the list is always the highlighted one."""
    import time

    from textual import events
    from tui_helpers import api_days, make_app, paper_view

    import dailypapers.index.paperindex.update
    from dailypapers.tui import say

    lib = api_days(tmp_path / "library", days=30)
    parse = dailypapers.index.paperindex.update.parse_snapshot

    def slowly(*args):
        time.sleep(0.04)
        return parse(*args)

    monkeypatch.setattr(dailypapers.index.paperindex.update, "parse_snapshot", slowly)
    app = make_app(lib, tmp_path / "ix")
    async with app.run_test(size=(120, 40)) as pilot:
        while not results(app).rows:
            await pilot.pause(0.01)
        view = state(app)
        assert not view.ready and view.scope.day == "2026-06-30"
        assert "newest" not in say.scope_label(view) and "indexing" in status(app)
        for key in "jj":
            app.post_message(events.Key(key, key))
            await pilot.pause(0.05)
        chosen = results(app).current
        assert results(app).cursor == 2
        refreshes = 0
        while not view.ready:
            before = results(app).rows
            await pilot.pause(0.05)
            refreshes += results(app).rows is not before
            assert results(app).current.paper.id == chosen.paper.id and view.scope.day == "2026-06-30"
            shown = paper_view(app).doc
            assert shown is not None and shown.paper.id == chosen.paper.id
        assert refreshes >= 2  # the list was refilled while the build read on
        await settle(pilot)
        assert results(app).current.paper.id == chosen.paper.id
        assert paper_text(app).startswith(chosen.paper.title)
        assert say.scope_label(view).endswith("· newest")


async def test_the_palette_offers_only_commands_that_work_here(seed_app):
    async with seed_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen in (seed_app.screen, None):
            if screen is None:
                await press(pilot, "enter")
                screen = seed_app.screen
            titles = [c.title for c in seed_app.get_system_commands(screen)]
            assert titles.count("Quit") == 1 and "Theme" in titles
            assert not {"Keys", "Maximize", "Minimize", "Screenshot"} & set(titles)


async def test_counts_under_a_filter_say_what_the_list_shows(api_library, tmp_path):
    """New only leaves out a paper dismissed (as the inbox does); a paper read under unread only
    stays listed and counted until the view changes; a query of fields only is "matching"."""
    import time

    from tui_helpers import make_app

    lib, prebuilt = api_library
    marks = Marks(default_marks_path())
    marks.record_visit("reader", "2026-06-19", at=time.time() - 86_400)  # the newest day is new
    marks.close()
    app = make_app(lib, tmp_path / "ix", prebuilt)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        day = len(results(app).rows)
        await press(pilot, "x")  # not interested
        await settle(pilot)
        await press(pilot, "f")  # new only
        await settle(pilot)
        assert len(results(app).rows) == day - 1 == len(state(app).inbox())
        assert f"· {day - 1} papers" in status(app) and f"{day - 1} new since" in status(app)
        await press(pilot, "x")  # a new paper dismissed: out of the list, as in the inbox
        await settle(pilot)
        assert len(results(app).rows) == day - 2 and f"· {day - 2} papers" in status(app)
        await press(pilot, "f", "a")  # unread only, every day
        await settle(pilot)
        listed = len(results(app).rows)
        await press(pilot, "enter", "escape")  # read: still listed (the list does not jump)
        await settle(pilot)
        assert len(results(app).rows) == listed and f"{listed:,} papers" in status(app)
        await press(pilot, "escape", "escape", "slash", *"has:code", "enter")
        await settle(pilot)
        assert f"{state(app).found.total:,} papers" in status(app)  # (abbreviated beside where it looked)
        await press(pilot, "o")  # by upvotes: still no words to have
        await settle(pilot)
        assert "matching" in status(app) and "with all words" not in status(app)


async def test_sorted_by_stars_or_comments_the_rows_say_which(api_library, tmp_path):
    from tui_helpers import make_app

    from dailypapers.tui.show import cells, short_count

    lib, prebuilt = api_library
    app = make_app(lib, tmp_path / "ix", prebuilt)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for order, sign in (("stars", "★"), ("comments", "✉")):
            while state(app).shown_order != order:
                await press(pilot, "o")
                await settle(pilot)
            top = results(app).rows[0].paper
            number = state(app).number(top)
            assert number is not None and cells(state(app), results(app).rows[0]).count == sign + short_count(
                number, 4
            )
            drawn = results(app)._render_item(results(app)._line_of[0], 98).text
            assert drawn.rstrip().endswith(" " + sign + short_count(number, 4))
        assert [short_count(n, 4) for n in (999, 1_234, 9_999, 12_345)] == ["999", "1.2k", "10k", "12k"]


async def test_the_seeds_first_run_offers_no_inbox_of_everything_and_w_o_say_why(seed_app):
    from dailypapers.tui import say

    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert state(seed_app).catchup is not None and not state(seed_app).inbox()  # a first run
        assert " new" not in status(seed_app)
        assert not any(state(seed_app).is_new(r.paper) for r in results(seed_app).rows)  # no + marks
        label = str(main(seed_app).query_one("#scope").render())
        assert label.strip() == f"‹ {say.scope_label(state(seed_app))} ›"  # both arrows, one dim
        await press(pilot, "w")
        assert "no dated days to group by week" in status(seed_app)
        await press(pilot, "o")
        assert "only page order here: these snapshots have no upvotes" in status(seed_app)
        await press(pilot, "j")
        assert "only page order" not in status(seed_app)  # said for the key before only


def test_tmux_copy_only_where_tmux_ignores_osc52(tmp_path):
    """Outside tmux, or with `set-clipboard on`, OSC 52 does the job (None); with tmux's default
    the text goes to tmux's buffer and the sentence gives the fix."""
    import os
    import shutil
    import subprocess

    from dailypapers.tui import clipboard

    assert clipboard.tmux_copy("x", "title", {}) is None
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it)")
    name = f"dp-clip-{os.getpid()}"
    tmux = ["tmux", "-L", name, "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-s", "c", "sleep 30"], check=True)
    try:
        socket = subprocess.run(
            [*tmux, "display-message", "-p", "#{socket_path}"], capture_output=True, text=True, check=True
        ).stdout.strip()
        said = clipboard.tmux_copy("Attention Is All You Need", "title", {"TMUX": f"{socket},1,0"})
        assert said is not None and "tmux's buffer" in said and "tmux set -g set-clipboard on" in said
        buffer = subprocess.run([*tmux, "show-buffer"], capture_output=True, text=True).stdout
        assert buffer == "Attention Is All You Need"
        subprocess.run([*tmux, "set-option", "-g", "set-clipboard", "on"], check=True)
        clipboard._ask_tmux.cache_clear()
        assert clipboard.tmux_copy("x", "title", {"TMUX": f"{socket},1,0"}) is None
    finally:
        clipboard._ask_tmux.cache_clear()
        subprocess.run([*tmux, "kill-server"], capture_output=True)
