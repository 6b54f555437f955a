"""Draw docs/reader.svg: the reader at 120x40 on the bundled snapshots, all days, searching
"grokking lazy". Run from the repository: python docs/screenshot.py"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from tui_helpers import make_app, settle  # noqa: E402


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(ROOT / "seeds", Path(tmp) / "ix")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, timeout=120)
            await pilot.press("a", "slash", *"grokking lazy", "enter")
            await settle(pilot)
            screen = app.screen
            screen.state.found.seconds = 0.012  # a typical time, not this run's
            screen.refresh_status()
            await pilot.pause()
            svg = app.export_screenshot(title="dailypapers")
    (ROOT / "docs" / "reader.svg").write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    asyncio.run(main())
