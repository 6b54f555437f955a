"""The first keystroke (issue 26): with an index built already, a query typed the moment the
reader is drawn is answered from it at once, not after the update, the catalogue or the
catch-up; a search answered before the update is run again once the update brings new papers."""

from __future__ import annotations

import asyncio
import shutil
import threading
import time

from helpers import FIXTURES
from tui_helpers import main, search_box, settle, state, status, titles

from dailypapers.index import PaperIndex
from dailypapers.tui import jobs
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.backend import Backend
from dailypapers.tui.scope import DAY

SIZE = (120, 40)


async def _until(pilot, condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition never met")
        await pilot.pause(0.01)


def _held(monkeypatch, owner, name: str) -> tuple[threading.Event, threading.Event]:
    """`owner.name`'s first call made to wait for the first event (set: go on); the second event
    is set once it waits."""
    real, go, waiting = getattr(owner, name), threading.Event(), threading.Event()

    def held(*args, **kwargs):
        if not waiting.is_set():
            waiting.set()
            assert go.wait(10), "never let go"
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return go, waiting


async def _type_while_opening(pilot, query: str, opening: threading.Event) -> None:
    """`query` typed as soon as the reader is drawn, while the index is being opened (its
    first refresh held until then: the reader's first keystrokes come in while the engine loads)."""
    await pilot.press("slash", *query)
    await _until(pilot, lambda: search_box(pilot.app).value == query)
    opening.set()


async def test_a_query_typed_at_once_is_answered_before_the_catalogue(seed_app, monkeypatch):
    go, waiting = _held(monkeypatch, jobs, "catalogue")
    opening, _ = _held(monkeypatch, PaperIndex, "refresh")
    app = seed_app
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _type_while_opening(pilot, "grokking lazy", opening)
            await _until(pilot, lambda: bool(titles(app)))
            assert titles(app)[0] == "Grokking as the Transition from Lazy to Rich Training Dynamics"
            assert "in every day" in status(app) and "relevance" in status(app)
            assert not state(app).days and not go.is_set()  # the catalogue is held back
            assert await asyncio.to_thread(waiting.wait, 5)  # its turn came after the search
            go.set()
            await settle(pilot)
            assert state(app).scope.kind == DAY  # the newest day, the search still in every day
            assert titles(app)[0] == "Grokking as the Transition from Lazy to Rich Training Dynamics"
            assert "in every day" in status(app) and "checking" not in status(app)
    finally:
        go.set()
        opening.set()


async def test_a_search_before_the_update_is_run_again_with_the_new_day(
    tmp_path, reader_seeds, prebuilt_seed_index, monkeypatch
):
    library = tmp_path / "library"
    shutil.copytree(reader_seeds, library)  # (file times kept: only the new day is to read)
    shutil.copytree(prebuilt_seed_index, tmp_path / "ix")
    shutil.copy(FIXTURES / "capture_variants.txt", library / "zz_new.txt")
    pix = PaperIndex(library, tmp_path / "ix")
    go, _ = _held(monkeypatch, pix, "update")
    opening, _ = _held(monkeypatch, PaperIndex, "refresh")
    app = DailyPapersApp(pix)
    new = "Sparse Mixtures of Recurrent Experts"
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _type_while_opening(pilot, "sparse mixtures recurrent experts", opening)
            await _until(pilot, lambda: bool(titles(app)))
            assert new not in titles(app)  # the index as last built, and the status line says so
            assert "checking for new days" in status(app)
            go.set()
            await settle(pilot)
            assert titles(app)[0] == new and "checking" not in status(app)
            assert state(app).scope.day == "zz_new"  # the new day, the search in every day
    finally:
        go.set()
        opening.set()


async def test_typing_never_waits_for_the_catch_up(seed_app, monkeypatch):
    from dailypapers.index import CatchUp

    app, ran = seed_app, []
    real_search, real_new = jobs.search, CatchUp.new_since
    monkeypatch.setattr(jobs, "search", lambda *a, **k: ran.append("search") or real_search(*a, **k))
    monkeypatch.setattr(CatchUp, "new_since", lambda *a, **k: ran.append("new") or real_new(*a, **k))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        go, waiting = _held(monkeypatch, CatchUp, "new_ids")  # (in its first step)
        ran.clear()
        try:
            main(app).loader.load_catchup(record=False)
            assert await asyncio.to_thread(waiting.wait, 5)  # the catch-up runs on the index thread
            await pilot.press("slash", "g")
            await _until(pilot, lambda: main(app).backend.pending > 1)  # the search typed waits
            go.set()
            await settle(pilot)
        finally:
            go.set()
        assert ran[:2] == ["search", "new"]  # it ran before the catch-up's next step


def test_a_search_goes_before_the_jobs_waiting(tmp_path):
    backend = Backend(lambda: PaperIndex(tmp_path, tmp_path / "ix"), marks=None)  # type: ignore[arg-type]
    go, ran = threading.Event(), []
    backend.submit(go.wait, 5)
    later = [backend.submit(ran.append, n) for n in ("catalogue", "catch-up")]
    searched = backend.submit(ran.append, "search", first=True)
    assert backend.searching == 1 and backend.pending == 4
    go.set()
    for future in (searched, *later):
        future.result(5)
    assert ran == ["search", "catalogue", "catch-up"]
    assert backend.searching == 0 and backend.pending == 0
    backend._thread.shutdown(wait=True)
