"""Draw the README's pictures of the reader at 120x40. Run from the repository:
python docs/screenshot.py

- docs/reader.svg: the bundled snapshots, all days, searching "grokking lazy";
- docs/inbox.svg: the last 60 real days of ../shared/corpora (skipped when absent), what is new
  since a visit two days before the newest day, for a reader with three stars and two follows.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
CORPUS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"

from tui_helpers import make_app, pinned_seeds, press, settle  # noqa: E402


async def reader(tmp: Path) -> str:
    app = make_app(pinned_seeds(tmp / "seeds"), tmp / "ix")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, timeout=120)
        await pilot.press("a", "slash", *"grokking lazy", "enter")
        await settle(pilot)
        screen = app.screen
        screen.state.found.seconds = 0.012  # a typical time, not this run's
        screen.refresh_status()
        await pilot.pause()
        return app.export_screenshot(title="dailypapers")


async def inbox(tmp: Path) -> str | None:
    if not CORPUS.is_dir():
        print("../shared/corpora is absent: docs/inbox.svg left as it is")
        return None
    from dailypapers.index import Marks, default_marks_path

    lib = tmp / "library"
    lib.mkdir()
    days = sorted(CORPUS.glob("*.json"))[-60:]
    for path in days:
        shutil.copy(path, lib / path.name)
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")  # a marks database of its own
    from dailypapers.index import PaperIndex

    pix = PaperIndex(lib, tmp / "ix")
    pix.update()
    marks = Marks(default_marks_path())
    for hit in pix.search('"world model" date:2026-07', None, 3).hits:  # three stars of last month
        marks.set(hit.paper, starred=True)
    pix.close()
    marks.record_visit("reader", days[-3].stem, at=time.time() - 86_400)  # the last two days are new
    marks.follow("world models", '"world model"')
    marks.follow("Qwen", 'org:"qwen"')
    marks.close()
    app = make_app(lib, tmp / "ix")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, timeout=300)
        await press(pilot, "i")
        await settle(pilot)
        await pilot.pause()
        return app.export_screenshot(title="dailypapers")


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        svg = await reader(Path(tmp) / "reader")
        (ROOT / "docs" / "reader.svg").write_text(svg, encoding="utf-8")
        (Path(tmp) / "inbox").mkdir()
        svg = await inbox(Path(tmp) / "inbox")
        if svg is not None:
            (ROOT / "docs" / "inbox.svg").write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())
