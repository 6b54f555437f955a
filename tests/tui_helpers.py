"""Helpers for driving the reader with Textual's pilot."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from textual.worker import WorkerCancelled

from index import PaperIndex
from tui.app import DailyPapersApp
from tui.screens import MainScreen
from tui.widgets import PaperView, ResultList, SearchBox, SnapshotList, StatusLine


async def settle(pilot, rounds: int = 3) -> None:
    """Let debounce timers fire and background workers finish, then let the UI catch up."""
    for _ in range(rounds):
        await pilot.pause(0.08)
        with contextlib.suppress(WorkerCancelled):  # superseded by a newer one: expected
            await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def make_app(library: Path, index_dir: Path, prebuilt: Path | None = None) -> DailyPapersApp:
    if prebuilt is not None and not index_dir.exists():
        shutil.copytree(prebuilt, index_dir)
    return DailyPapersApp(PaperIndex(library, index_dir))


def main(app) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), screen
    return screen


def results(app) -> ResultList:
    return main(app).query_one(ResultList)


def paper_text(app) -> str:
    """The paper pane's text, with the wrapping undone."""
    view = main(app).query_one(PaperView)
    return " ".join(str(view.query_one("#paper-text").render()).split())


def status(app) -> str:
    return str(main(app).query_one(StatusLine).render())


def search_box(app) -> SearchBox:
    return main(app).query_one(SearchBox)


def snapshots(app) -> SnapshotList:
    return main(app).query_one(SnapshotList)


def titles(app) -> list[str]:
    return [r.paper.title for r in results(app).rows]
