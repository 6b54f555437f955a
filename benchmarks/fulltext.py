"""The full text's speed: opening a cached 40-page paper (v) against opening its abstract (enter),
key to first screen painted, at 80x24 and 120x40, in the reader run headless; held keys (j,
space, n) in the full text; the Markdown parsed, read back from the parse kept, laid out; one
paper's full text indexed.

    python benchmarks/fulltext.py [--runs 5]

Two clocks for opening. "key to paint": from the key event sent to the reader to the first
screen written with the new view's lines on it (the screen turned into a terminal's bytes, as a
real terminal's driver would; the headless driver writes nothing). "pilot round trip": what
Textual's `pilot.press` takes and then a refresh (the earlier measure here): it also waits for
the process to go quiet, so it counts what runs after the first paint (the rest of the text laid
out, the contents) and the pilot's own polling (20 ms steps).

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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from papersite import library, markdown, pool
from textual import events

from dailypapers.index import FullTextCache, PaperIndex, parse_markdown, text_lines
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.screens.fulltext import FullTextScreen
from dailypapers.tui.screens.reader import PaperScreen
from dailypapers.tui.widgets import FullTextView

KEYS = {"v": "v", "enter": "\r", "j": "j", "space": " ", "n": "n"}


class Paints:
    """When the app writes a screen that `ready` accepts (each write turned into a terminal's
    bytes first, as a terminal's driver does: the headless driver writes nothing)."""

    def __init__(self, app: DailyPapersApp, ready: Callable[[], bool]) -> None:
        self.app, self.times = app, []
        real = type(app)._display

        def display(screen, update) -> None:
            if update is not None and ready():
                if hasattr(update, "render_segments"):
                    update.render_segments(app.console)
                self.times.append(time.perf_counter())
            real(app, screen, update)

        app._display = display  # type: ignore[method-assign]

    async def after(self, count: int = 0, timeout: float = 10.0) -> float:
        deadline = time.perf_counter() + timeout
        while len(self.times) <= count:
            if time.perf_counter() > deadline:
                raise TimeoutError("no paint")
            await asyncio.sleep(0.0005)
        del self.app._display  # (the app's own again)
        return self.times[count]


DRAWN: list[int] = [0]  # how many lines of a full text the view has drawn
_render_line = FullTextView.render_line


def _counted(view: FullTextView, y: int):
    if view.state is not None:
        DRAWN[0] += 1
    return _render_line(view, y)


FullTextView.render_line = _counted  # type: ignore[method-assign]


def send(app: DailyPapersApp, key: str) -> float:
    start = time.perf_counter()
    app._driver.send_message(events.Key(key, KEYS.get(key)))  # type: ignore[union-attr]
    return start


def text_painted() -> bool:
    return DRAWN[0] > 0


async def _ready(app: DailyPapersApp, pilot) -> None:
    while not app.screen.query("ResultList") or not app.backend.pix.fulltext:
        await pilot.pause(0.05)
    await pilot.pause(0.3)


async def key_to_paint(app: DailyPapersApp, key: str, size: tuple[int, int]) -> float:
    """Seconds from the key to the first screen written with the new view on it."""
    async with app.run_test(size=size) as pilot:
        await _ready(app, pilot)
        DRAWN[0] = 0
        painted = Paints(app, text_painted if key == "v" else lambda: isinstance(app.screen, PaperScreen))
        start = send(app, key)
        took = await painted.after() - start
        await pilot.pause(0.3)
        await pilot.press("escape")
        return took


async def round_trip(app: DailyPapersApp, key: str, size: tuple[int, int]) -> float:
    """Seconds `pilot.press` takes, until the new screen is there and refreshed (the earlier measure)."""
    async with app.run_test(size=size) as pilot:
        await _ready(app, pilot)
        start = time.perf_counter()
        await pilot.press(key)
        want = FullTextScreen if key == "v" else PaperScreen
        while not (isinstance(app.screen, want) and (key != "v" or app.screen.state is not None)):
            await asyncio.sleep(0.001)
        await pilot.pause()  # the refresh that paints it
        took = time.perf_counter() - start
        await pilot.press("escape")
        return took


async def held(app: DailyPapersApp, size: tuple[int, int], key: str, presses: int) -> tuple[list, float]:
    """In the full text: each key's time to its screen painted (one after the other), and the
    time per key of `presses` keys sent at once (as a held key's repeats queue up)."""
    async with app.run_test(size=size) as pilot:
        await _ready(app, pilot)
        await pilot.press("v")
        while not (isinstance(app.screen, FullTextScreen) and app.screen.state and app.screen.state.done):
            await pilot.pause(0.01)
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, FullTextScreen) and screen.state is not None
        screen.state.find("$d_")  # (as / does: n goes to the next line with it; one in each section)
        view = screen.query_one(FullTextView)
        moves = []
        for _ in range(presses):
            top = view.top
            painted = Paints(app, lambda top=top: view.top != top)
            start = send(app, key)
            moves.append(await painted.after() - start)
        screen.go(0)
        await pilot.pause(0.2)
        goal = None
        if key in ("j", "space"):
            step = 1 if key == "j" else view.scrollable_content_region.height - 1
            goal = min(view.max_scroll_y, presses * step)
        else:
            state = screen.state
            goal = state.matches[(presses - 1) % len(state.matches)] - 2 if state.matches else None
            state.current = None
        start = time.perf_counter()
        for _ in range(presses):
            send(app, key)
        while goal is not None and view.top != max(0, goal):
            await asyncio.sleep(0.0005)
        burst = (await Paints(app, lambda: True).after() - start) / presses  # (to the paint after the last)
        return moves, burst


def ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=50)
    args = parser.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        lib, _, day = library(root, n=8)
        pid = day[0]["paper"]["id"]
        text = markdown(day[0], pool(), pages=40)
        cache = FullTextCache(root / "fulltext")
        cache.put(pid, text)
        pix = PaperIndex(lib, root / "ix", cache)
        pix.update()  # (reads the full text kept: its parse kept beside it from now on)
        parsed, kept, laid = [], [], []
        for _ in range(runs):
            start = time.perf_counter()
            doc = parse_markdown(text)
            parsed.append(time.perf_counter() - start)
            start = time.perf_counter()
            cache.document(pid)
            kept.append(time.perf_counter() - start)
            start = time.perf_counter()
            count = len(text_lines(doc, 80))
            laid.append(time.perf_counter() - start)
        print(f"40-page paper: {len(text) / 1024:.0f} KB of Markdown, {count:,} lines at 80 columns")
        print(f"  parse (markdown-it-py): {ms(parsed)}")
        print(f"  read back the parse kept beside it (cache.document): {ms(kept)}")
        print(f"  lay out all of it at 80 columns: {ms(laid)}")
        pix.fulltext = None  # index it again below, as `read` does after a fetch
        pix.update(rebuild=True)
        pix.fulltext = cache
        took = []
        for _ in range(runs):
            start = time.perf_counter()
            pix.add_full_text(pid, doc.body())  # (parsed already, as by `read` and v)
            took.append(time.perf_counter() - start)
        print(f"  index its full text (add_full_text): {ms(took)}")
        for size in ((80, 24), (120, 40)):
            for key, what in (("enter", "the abstract"), ("v", "the full text (cached)")):
                for clock, how in ((key_to_paint, "key to paint"), (round_trip, "pilot round trip")):
                    times = [
                        asyncio.run(clock(DailyPapersApp(PaperIndex(lib, root / "ix", cache)), key, size))
                        for _ in range(runs)
                    ]
                    print(f"  {size[0]}x{size[1]} open {what}, {how}: {ms(times)}")
            for key in ("j", "space", "n"):
                app = DailyPapersApp(PaperIndex(lib, root / "ix", cache))
                moves, burst = asyncio.run(held(app, size, key, args.presses))
                said = f"key to paint {ms(moves)}; sent at once {burst * 1000:.1f} ms a key"
                print(f"  {size[0]}x{size[1]} {key} x{args.presses} in the full text: {said}")


if __name__ == "__main__":
    main()
