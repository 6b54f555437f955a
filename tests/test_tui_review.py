"""What a new user's review of the reader found (80x24 and 120x40, real libraries): keys that
work anywhere, escape on the start view, the first build, copying inside tmux, the palette,
counts under a filter, the sort column, the bundled seeds' first run."""

from __future__ import annotations

import pytest
from tui_helpers import drawer, main, paper_text, press, results, search_box, settle, state, status

from index.marks.db import Marks, default_marks_path
from tui.screens import HelpScreen
from tui.screens.reader import PaperScreen

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
        await press(pilot, "enter", "ctrl+b")  # the snapshot list, from the paper
        assert not isinstance(seed_app.screen, PaperScreen) and drawer(seed_app).display
        assert seed_app.focused is drawer(seed_app)
        await press(pilot, "ctrl+b", "f1")
        assert isinstance(seed_app.screen, HelpScreen)
        await press(pilot, "slash", *"loss")  # from the help: to the search box
        await settle(pilot)
        assert seed_app.screen is main(seed_app) and search_box(seed_app).value == "loss"
        await press(pilot, "enter", "enter", "question_mark")  # the help over the paper
        assert isinstance(seed_app.screen, HelpScreen)
        await press(pilot, "ctrl+b")
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
