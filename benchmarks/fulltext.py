"""The full text's speed: opening a cached 40-page paper (v) against opening its abstract (enter),
key to first screen painted, at 80x24 and 120x40, in the reader run headless; the Markdown read
and laid out; one paper's full text indexed.

    python benchmarks/fulltext.py [--runs 5]

The paper is made from corpus abstracts (tests/papersite.py: the seeds' without the corpus), 40
pages of about six paragraphs; nothing is fetched (it is put in the cache first).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from papersite import library, markdown, pool

from dailypapers.index import FullTextCache, PaperIndex, parse_markdown, text_lines
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.screens.fulltext import FullTextScreen
from dailypapers.tui.screens.reader import PaperScreen


async def _open(app: DailyPapersApp, key: str, size: tuple[int, int]) -> float:
    """Seconds from the key to the new screen painted (its lines rendered once)."""
    async with app.run_test(size=size) as pilot:
        while not app.screen.query("ResultList") or not app.backend.pix.fulltext:
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        start = time.perf_counter()
        await pilot.press(key)
        want = FullTextScreen if key == "v" else PaperScreen
        while not (isinstance(app.screen, want) and (key != "v" or app.screen.state is not None)):
            await asyncio.sleep(0.001)
        await pilot.pause()  # the refresh that paints it
        took = time.perf_counter() - start
        await pilot.press("escape")
        return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        lib, _, day = library(root, n=8)
        text = markdown(day[0], pool(), pages=40)
        cache = FullTextCache(root / "fulltext")
        cache.put(day[0]["paper"]["id"], text)
        pix = PaperIndex(lib, root / "ix", cache)
        pix.update()
        start = time.perf_counter()
        doc = parse_markdown(text)
        parsed = time.perf_counter() - start
        laid = [time.perf_counter(), len(text_lines(doc, 80)), time.perf_counter()]
        print(f"40-page paper: {len(text) / 1024:.0f} KB of Markdown, {laid[1]:,} lines at 80 columns")
        print(f"  parse {parsed * 1000:.0f} ms, lay out at 80 columns {(laid[2] - laid[0]) * 1000:.0f} ms")
        pix.fulltext = None  # index it again below, as `read` does after a fetch
        pix.update(rebuild=True)
        pix.fulltext = cache
        took = []
        for _ in range(runs):
            start = time.perf_counter()
            pix.add_full_text(day[0]["paper"]["id"], doc.body())  # (parsed already, as by `read` and v)
            took.append(time.perf_counter() - start)
        print(f"  index its full text (add_full_text): median {statistics.median(took) * 1000:.0f} ms")
        for size in ((80, 24), (120, 40)):
            for key, what in (("enter", "abstract"), ("v", "full text (cached)")):
                times = []
                for _ in range(runs):
                    app = DailyPapersApp(PaperIndex(lib, root / "ix", cache))
                    times.append(asyncio.run(_open(app, key, size)))
                middle = statistics.median(times) * 1000
                worst = max(times) * 1000
                print(f"  {size[0]}x{size[1]} open the {what}: median {middle:.0f} ms, max {worst:.0f} ms")


if __name__ == "__main__":
    main()
