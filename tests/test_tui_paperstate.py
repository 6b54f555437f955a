"""The full-screen paper's latest state (tui/latest.py in screens/reader.py): the upvotes over time
as a sparkline with dates, asked of a loopback site when the last capture is a day old, with the
counts linked on the Hub; drawn before the site answers; offline, what is kept and one line."""

from __future__ import annotations

import asyncio
import json
import socket
import time

from statesite import StateSite, listed, paper, serve
from test_days import RECENT, REPO, item
from textual import events
from tui_helpers import screen_lines, settle

from dailypapers.index import Marks, PaperIndex
from dailypapers.index.marks.history import DAY, History, Seen
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.fetching import FetchOptions
from dailypapers.tui.screens.reader import PaperScreen
from dailypapers.tui.widgets import PaperView

PID = "2608.00003"


def _app(tmp_path, base_url: str, **options) -> DailyPapersApp:
    """A library of one paper (▲1), captured three days ago."""
    lib = tmp_path / "library"
    lib.mkdir()
    (lib / f"{RECENT}.json").write_text(json.dumps([item(3, 1)]), "utf-8")
    history = History(tmp_path / "m.db")
    history.observe(PID, Seen(time.time() - 3 * DAY, RECENT, 1, 0, None, None, None))
    history.close()
    app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix"), marks=Marks(tmp_path / "m.db"))
    app.fetch_options = FetchOptions(base_url=base_url, wait=0, **({"paper_state": True} | options))
    return app


def shown(app) -> list[str]:
    box = app.screen.query_one("#reader-state")
    return [line.strip() for line in screen_lines(box)] if box.display else []


async def until(pilot, test, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, "never came"
        await asyncio.sleep(0.005)
    await pilot.pause()


async def test_the_paper_shows_its_latest_state_and_never_waits_for_it(tmp_path):
    with serve(StateSite()) as site:
        site.papers[PID] = paper(PID, 92, REPO)
        site.lists = {"models": {PID: listed(3)}, "datasets": {PID: listed(1)}, "spaces": {PID: listed(2)}}
        site.hold = True  # every answer waits for the test
        app = _app(tmp_path, site.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.post_message(events.Key("enter", "\r"))
            await until(pilot, lambda: site.reached.is_set() and isinstance(app.screen, PaperScreen))
            await until(pilot, lambda: shown(app))
            # drawn while the site has not answered: the paper, and what was kept
            assert "Growing paper 3" in app.screen.query_one(PaperView).text
            assert len(shown(app)) == 1 and shown(app)[0].startswith("▲ 1 · ")
            assert site.log == [f"/api/papers/{PID}"]
            site.release.set()
            await settle(pilot)
            lines = shown(app)
            assert lines[0].startswith("▲ 92  ▁█ ") and " → " in lines[0], lines
            assert "code: GitHub owner/released ★152" in lines[0]
            assert lines[1:] == ["On the Hub: 3 models · 1 dataset · 2 Spaces"]
            await app.action_quit()
    history = History(tmp_path / "m.db")
    assert [s.upvotes for s in history.series([PID])] == [1, 92]  # kept: rising and alerts see it
    assert history.linked(PID) is not None
    history.close()


async def test_offline_the_paper_shows_what_is_kept_and_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there
    app = _app(tmp_path, f"http://127.0.0.1:{port}")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.post_message(events.Key("enter", "\r"))
        await until(pilot, lambda: isinstance(app.screen, PaperScreen))
        await settle(pilot)
        lines = shown(app)
        assert len(lines) == 2 and lines[0].startswith("▲ 1 · "), lines
        assert lines[1].startswith("Not fetched now (shown as seen ") and len(lines[1]) <= 78
        assert "cannot reach 127.0.0.1" in lines[1]
        assert "Growing paper 3" in app.screen.query_one(PaperView).text


async def test_the_setting_off_asks_nothing(tmp_path):
    with serve(StateSite()) as site:
        app = _app(tmp_path, site.url, paper_state=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.post_message(events.Key("enter", "\r"))
            await until(pilot, lambda: isinstance(app.screen, PaperScreen))
            await settle(pilot)
            lines = shown(app)
            assert len(lines) == 1 and lines[0].startswith("▲ 1 · "), lines
        assert site.log == []


def test_the_config_file_turns_the_asking_off(tmp_path):
    from dailypapers.index.cli.config import resolve
    from dailypapers.tui.cli import fetch_options

    env = {"XDG_CONFIG_HOME": str(tmp_path)}  # no config file there
    assert fetch_options(resolve({}, env, None)).paper_state is True  # the program's default
    path = tmp_path / "c.toml"
    path.write_text("paper_state = false\n", "utf-8")
    assert fetch_options(resolve({}, env, path)).paper_state is False
    assert fetch_options(None).paper_state is False  # an app made without a config (tests) asks nothing
