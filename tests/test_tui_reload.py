"""The reader picks up snapshot files added, changed or removed while it is open."""

from __future__ import annotations

import shutil

from helpers import FIXTURES
from tui_helpers import drawer_days, press, results, settle, state, status, titles

from dailypapers.index import PaperIndex
from dailypapers.index.store.generations import IndexDir
from dailypapers.tui.app import DailyPapersApp


async def test_reload_picks_up_changes(tmp_path, library):
    app = DailyPapersApp(PaperIndex(library, tmp_path / "ix"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "j", "j")
        await settle(pilot)
        chosen = results(app).current.paper.id
        shutil.copy(FIXTURES / "capture_variants.txt", library / "zz_new.txt")
        await press(pilot, "ctrl+r")
        await settle(pilot)
        assert len(drawer_days(app)) == 6 and len(results(app).rows) == 299
        assert results(app).current.paper.id == chosen  # the selection survives the reload
        (library / "000_cdc772e61a3bb25e.txt").unlink()
        (library / "zz_new.txt").write_text((library / "zz_new.txt").read_text().replace("Sparse", "Dense"))
        await press(pilot, "f5")
        await settle(pilot)
        assert len(drawer_days(app)) == 5
        await press(pilot, "slash", *"dense mixtures", "enter")
        await settle(pilot)
        assert titles(app)[0] == "Dense Mixtures of Recurrent Experts"


async def test_changes_are_noticed_without_a_key(tmp_path, library, monkeypatch):
    monkeypatch.setattr("dailypapers.tui.screens.main.CHECK_EVERY", 0.2)
    app = DailyPapersApp(PaperIndex(library, tmp_path / "ix"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shutil.copy(FIXTURES / "capture_variants.txt", library / "zz_new.txt")
        for _ in range(30):
            await pilot.pause(0.1)
            if len(drawer_days(app)) == 6:
                break
        await settle(pilot)
        assert len(drawer_days(app)) == 6  # a newer day arrived: the reader follows it (no key pressed)
        assert state(app).scope.day == "zz_new" and status(app).startswith("3 papers")


async def _until(pilot, condition, seconds: float = 10.0) -> None:
    """Pause until `condition()`; the loader keeps waiting for the lock, so workers never all finish."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never met")


async def test_reader_opens_while_another_process_holds_the_index(tmp_path, library):
    holder = PaperIndex(library, tmp_path / "ix")
    holder.update()
    app = DailyPapersApp(PaperIndex(library, tmp_path / "ix"))
    with IndexDir(holder.dir).lock(wait=True):
        async with app.run_test(size=(80, 24)) as pilot:
            await _until(pilot, lambda: len(results(app).rows) == 86)  # the last complete index
            await pilot.press("a", "slash", *"grokking lazy", "enter")
            await _until(pilot, lambda: bool(titles(app)) and titles(app)[0].startswith("Grokking as the"))
            assert app.is_running
    holder.close()
