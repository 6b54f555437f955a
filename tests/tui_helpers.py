"""Helpers for driving the reader with Textual's pilot, and for measuring what it shows."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from textual import events
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget

from dailypapers.index import PaperIndex
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.screens import MainScreen
from dailypapers.tui.state import Row
from dailypapers.tui.widgets import PaperView, ResultList, SearchBox, SnapshotList, StatusLine

PERIODIC = {"check"}  # worker groups that run on a timer: not waited for
ASKING = {"ask"}  # worker groups that wait for the user's answer in a modal screen: not waited for then


async def settle(pilot, timeout: float = 15.0, periodic: bool = False) -> None:
    """Wait until the reader is idle: every worker done (but the periodic check, unless
    `periodic`: a test that ran it), no search waiting for a pause in the typing or running on
    the index thread. Then let the UI catch up."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:  # idle twice in a row: nothing was about to start
        await asyncio.sleep(0.002)
        quiet = quiet + 1 if _idle(app, periodic) else 0
        if time.monotonic() > deadline:
            running = [w.name for w in app.workers if not w.is_finished]
            raise AssertionError(f"the reader never settled: {running}")
    await pilot.pause(0)


# What a key types, for the keys the tests press (others type nothing).
KEY_CHARS = {
    "slash": "/",
    "space": " ",
    "enter": "\r",
    "escape": "\x1b",
    "tab": "\t",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
}


async def press(pilot, *keys: str) -> None:
    """Press keys one after the other, each once the reader has settled after the one before.

    What `pilot.press` does, without its wait for the CPU to go quiet after every key (tens of
    milliseconds each): a query typed this way searches after each character, as typed."""
    for key in keys:
        char = key if len(key) == 1 else KEY_CHARS.get(key)
        screen = pilot.app.screen
        pilot.app.post_message(events.Key(key, char))
        await settle(pilot)
        if pilot.app.screen is not screen:
            await pilot.pause()  # a new screen: let it be laid out before the next key


def _idle(app, periodic: bool = False) -> bool:
    screen = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    if screen is not None and not (screen.loader.started and screen.idle):  # (loading after the first frame)
        return False
    asking = isinstance(app.screen, ModalScreen)
    if any(
        not w.is_finished and (periodic or w.group not in PERIODIC) and not (asking and w.group in ASKING)
        for w in app.workers
    ):
        return False
    pumps = [app, *app.screen_stack, *(w for s in app.screen_stack for w in s.walk_children())]
    return all(p.message_queue_size == 0 for p in pumps)


def pinned_seeds(root: Path) -> Path:
    """The bundled snapshots copied with fixed modification times, one day apart, the newest on
    2024-03-11: their dates have no year, so when a paper was first seen comes from the file's
    time, and what the reader calls new must not depend on when the repository was checked out."""
    import datetime as dt
    import os

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    shutil.copytree(seeds, root)
    files = sorted(root.iterdir())
    for n, path in enumerate(files):
        day = dt.datetime(2024, 3, 11, 12, tzinfo=dt.UTC) - dt.timedelta(days=len(files) - 1 - n)
        os.utime(path, (day.timestamp(), day.timestamp()))
    return root


def make_app(library: Path, index_dir: Path, prebuilt: Path | None = None) -> DailyPapersApp:
    if prebuilt is not None and not index_dir.exists():
        shutil.copytree(prebuilt, index_dir)
    return DailyPapersApp(PaperIndex(library, index_dir))


def main(app) -> MainScreen:
    screen = next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)
    assert screen is not None, app.screen_stack
    return screen


def results(app) -> ResultList:
    return main(app).query_one(ResultList)


def paper_view(app) -> PaperView:
    return main(app).query_one(PaperView)


def paper_text(app, view: PaperView | None = None) -> str:
    """The paper's text, with the wrapping undone."""
    view = view or paper_view(app)
    return " ".join(view.text.split())


def status(app) -> str:
    return main(app).query_one(StatusLine).shown


def search_box(app) -> SearchBox:
    return main(app).query_one(SearchBox)


def drawer(app) -> SnapshotList:
    return main(app).query_one(SnapshotList)


def drawer_days(app) -> list[str]:
    """The days the snapshot list shows (entry ids), newest first."""
    days = set(state(app).rank)
    return [e.id for e in drawer(app).entries if e.id in days]


def entry(app, label: str) -> int:
    """The index of the snapshot list's entry with this label (its name without the counts)."""
    entries = drawer(app).entries
    return next(n for n, e in enumerate(entries) if e.label == label)


async def to_entry(pilot, label: str) -> None:
    """Open the snapshot list and move down (j, as a user would) to the entry with this label."""
    app = pilot.app
    await press(pilot, "b", "g")
    for _ in range(len(drawer(app).entries)):
        here = drawer(app).entry(drawer(app).chosen)
        if here is not None and here.label == label:
            await settle(pilot)
            return
        await press(pilot, "j")
    raise AssertionError(f"no entry {label!r} in the snapshot list")


def starred_entry(app) -> str:
    """The count the ★ Starred entry shows."""
    return next(e.count for e in drawer(app).entries if e.label == "★ Starred")


def titles(app) -> list[str]:
    return [r.paper.title for r in results(app).rows]


def state(app):
    return main(app).state


def screen_lines(widget: Widget) -> list[str]:
    """What a widget shows, line by line, as drawn (Textual's own `render_lines`)."""
    size = widget.outer_size
    return [strip.text for strip in widget.render_lines(Region(0, 0, size.width, size.height))]


def title_widths(app) -> list[int]:
    """For each paper row on screen: how many characters of its title show (all of them when whole)."""
    widths = []
    rl = results(app)
    top = int(rl.scroll_offset.y)
    for n, text in enumerate(screen_lines(rl)):
        if top + n >= len(rl.items):
            break
        item = rl.items[top + n]
        if not isinstance(item, Row):
            continue
        title = item.paper.title
        shown = text[1:].split("…")[0] if "…" in text else text[1:]
        widths.append(len(title) if title in text else len(_common_prefix(title, shown)))
    return widths


def abstract_lines(app, view: PaperView | None = None) -> list[str]:
    """The abstract's lines within the paper area as drawn (not those scrolled out of sight)."""
    view = view or paper_view(app)
    shown = [line.strip(" │─") for line in screen_lines(view)]
    body = view.abstract_lines
    return [line for line in shown if line and any(line.startswith(b.strip()) and b.strip() for b in body)]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


ORGS = [{"name": f"lab{n}", "fullname": f"Lab {n} Research"} for n in range(6)]


def api_days(root: Path, days: int = 60, seed: int = 11, start: str = "2026-06-01") -> Path:
    """A synthetic library of `days` API day files shaped like the real ones (titles of 20 to
    160 characters, median about 75; abstracts of about 1,400; 10 to 30 papers a day, in
    upvote order), with what the site shows in the real shares (a TL;DR for 60%, code for 37%,
    an organisation for 30%: 6 of them, keywords, comments, a submitter) and authors drawn from
    120 names, so that authors and organisations have several papers; for when ../shared/corpora
    is absent, and for the catch-up tests."""
    import datetime as dt
    import json
    import random

    from synth import abstract, word

    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    first = dt.date.fromisoformat(start)
    names = [f"{word(rng).capitalize()} {word(rng).capitalize()}" for _ in range(120)]
    number = 0
    for d in range(days):
        day = first + dt.timedelta(days=d)
        items = []
        for votes in sorted((rng.randint(0, 200) for _ in range(rng.randint(10, 30))), reverse=True):
            number += 1
            length = max(20, min(160, int(rng.gauss(78, 25))))
            title = ""
            while len(title) < length:
                title += word(rng).capitalize() + " "
            text = " ".join(abstract(rng) for _ in range(5))
            paper = {
                "id": f"2606.{number:05d}",
                "title": title.strip(),
                "summary": text,
                "upvotes": votes,
                "authors": [{"name": name} for name in rng.sample(names, 6)],
            }
            if rng.random() < 0.6:
                paper["ai_summary"] = abstract(rng).split(".")[0] + "."
                paper["ai_keywords"] = [word(rng) for _ in range(4)]
            if rng.random() < 0.37:
                paper["githubRepo"] = f"https://github.com/{word(rng)}/{word(rng)}"
                paper["githubStars"] = rng.randint(0, 5000)
            item = {"paper": paper, "publishedAt": f"{day.isoformat()}T00:00:00.000Z"}
            item["numComments"] = rng.randint(0, 12)
            item["submittedBy"] = {"name": word(rng), "fullname": names[number % len(names)]}
            if rng.random() < 0.3:
                paper["organization"] = rng.choice(ORGS)
            items.append(item)
        (root / f"{day.isoformat()}.json").write_text(json.dumps(items), encoding="utf-8")
    return root
