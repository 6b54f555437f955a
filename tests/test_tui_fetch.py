"""The reader's fetch key (`R`): the plain capture in a worker thread, its days read in as they
land; offline, one line and the reader goes on."""

from __future__ import annotations

import socket
import time

from test_days import RECENT, api, item  # noqa: F401  (the loopback API fixture)
from tui_helpers import drawer_days, press, settle, state, status, titles

from dailypapers.index import Marks, PaperIndex
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.fetching import FetchOptions


def _app(tmp_path, library, base_url: str) -> DailyPapersApp:
    app = DailyPapersApp(PaperIndex(library, tmp_path / "ix"), marks=Marks(tmp_path / "m.db"))
    app.fetch_options = FetchOptions(recent=2, base_url=base_url, wait=0)
    return app


async def test_the_fetch_key_offline_says_one_line_and_the_reader_goes_on(tmp_path, library, monkeypatch):
    monkeypatch.setattr("dailypapers.index.intake.fetch.time.sleep", lambda _: None)  # the retries' pauses
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens there
    files = sorted(p.name for p in library.iterdir())
    app = _app(tmp_path, library, f"http://127.0.0.1:{port}")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        told = len(app.messages)
        await press(pilot, "R")
        await settle(pilot)
        lines = list(app.messages)[told:]
        assert len(lines) == 1 and lines[0].startswith("Fetch stopped (no day saved)"), lines
        assert "are you offline?" in lines[0] and "goes on with what it has" in lines[0]
        assert "fetching" not in status(app) and sorted(p.name for p in library.iterdir()) == files
        await press(pilot, "slash", *"diffusion", "enter")  # the reader goes on
        assert titles(app)


async def test_the_fetch_key_reads_the_new_day_in(tmp_path, library, api):  # noqa: F811
    api.days[RECENT] = [item(n, 3) for n in range(1, 4)]
    app = _app(tmp_path, library, api.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        days = len(drawer_days(app))
        await press(pilot, "R")
        await settle(pilot)
        assert (library / f"{RECENT}.json").exists() and len(drawer_days(app)) == days + 1
        assert list(app.messages)[-1] == "Fetched: 1 of 1 days new or changed"


async def test_the_inbox_says_what_changed_about_a_starred_paper(tmp_path, library, api):  # noqa: F811
    api.days[RECENT] = [item(n, 1) for n in range(1, 4)]
    app = _app(tmp_path, library, api.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "R")
        await settle(pilot)
        pix = PaperIndex(library, tmp_path / "ix2")
        pix.update()
        marks = Marks(tmp_path / "m.db")
        marks.set(pix.paper("2608.00002"), starred=True)
        marks.close()
        pix.close()
        api.days[RECENT] = [item(n, 1, "https://github.com/o/r" if n == 2 else None) for n in range(1, 4)]
        await press(pilot, "R")
        await settle(pilot)
        # The day saved is read in, then the catch-up worked out again (on the index thread):
        # wait for the change itself, bounded, not for a guess of how long that takes.
        deadline = time.monotonic() + 45
        while not (state(app).catchup and state(app).catchup.changes):
            assert time.monotonic() < deadline, "the change never reached the reader"
            await pilot.pause(0.05)
            await settle(pilot)
        await press(pilot, "i")
        items = state(app).items()
        assert items[0].label == "Changed since your last visit" and items[1].paper.id == "2608.00002"
        assert state(app).reason(items[1].paper).startswith("Changed: code released: https://github.com/o/r")
