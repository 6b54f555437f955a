"""SVG snapshots of the main views (textual is pinned exactly: a new version redraws them).

Update after an intended change: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from tui_helpers import press, settle

from dailypapers.tui.screens import MainScreen

SEARCH = "grokking lazy"


def _steady(keys: tuple[str, ...] = ()):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if keys:
            await press(pilot, *keys)
            await settle(pilot)
        for screen in pilot.app.screen_stack:
            if isinstance(screen, MainScreen) and screen.state.found is not None:
                screen.state.found.seconds = 0.001  # search time varies from run to run
                screen.refresh_status()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"])
def test_start(snap_compare, seed_app, size):
    assert snap_compare(seed_app, terminal_size=size, run_before=_steady())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_search(snap_compare, seed_app, size):
    keys = ("a", "slash", *SEARCH, "enter")
    assert snap_compare(seed_app, terminal_size=size, run_before=_steady(keys))


def test_narrow_paper(snap_compare, seed_app):
    keys = ("a", "slash", *SEARCH, "enter", "enter")
    assert snap_compare(seed_app, terminal_size=(50, 20), run_before=_steady(keys))


def test_drawer(snap_compare, seed_app):
    assert snap_compare(seed_app, terminal_size=(80, 24), run_before=_steady(("b",)))


def test_help(snap_compare, seed_app):
    assert snap_compare(seed_app, terminal_size=(80, 24), run_before=_steady(("question_mark",)))


@pytest.fixture
def api_app(api_library, tmp_path):
    import time

    from tui_helpers import make_app

    from dailypapers.index.marks.db import Marks, default_marks_path

    marks = Marks(default_marks_path())
    marks.record_visit("reader", "2026-06-18", at=time.time() - 86_400)  # yesterday: two days new
    marks.follow("Lab 2", 'org:"lab2"')
    marks.close()
    lib, prebuilt = api_library
    return make_app(lib, tmp_path / "ix", prebuilt)


@pytest.mark.parametrize(
    "keys",
    [("i",), ("w",), ("b",), ("enter",)],
    ids=["inbox", "week", "drawer", "paper"],
)
def test_api_days(snap_compare, api_app, keys):
    assert snap_compare(api_app, terminal_size=(80, 24), run_before=_steady(keys))
