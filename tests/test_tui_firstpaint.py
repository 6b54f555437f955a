"""The reader's first frame (issue 26): what is on it and what start-up did before it.

The reader is started as `dailypapers` starts it (the CLI, `open_reader`), headless, in a
subprocess that stops at its first frame of the main screen."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading

from helpers import ROOT, isolated_env

# run in a subprocess: what it has imported by then, and what the frame holds
FIRST_FRAME = """
import gc, io, json, os, sys
from textual.app import App
from textual.widgets._footer import FooterKey

class Terminal(io.StringIO):  # the reader reads keys from a terminal: this one is a pretend
    def isatty(self):
        return True

sys.stdin = Terminal()
run, display = App.run, App._display

def headless(self, *args, **kwargs):
    return run(self, *args, headless=True, size=(100, 30), **kwargs)

def first(self, screen, renderable):
    display(self, screen, renderable)
    if type(screen).__name__ == "MainScreen" and renderable is not None:
        heavy = ("whoosh", "rapidfuzz", "markdown_it", "dailypapers.index.paperindex",
                 "dailypapers.index.search.scoring", "dailypapers.index.fulltext.render",
                 "dailypapers.index.marks.inbox", "dailypapers.index.marks.alerts",
                 "dailypapers.index.marks.history", "dailypapers.index.marks.recommend",
                 "dailypapers.index.search.queryfields", "dailypapers.index.papers.snapshot")
        keys = [key.description for key in screen.query(FooterKey)]
        made = [f"{name}.{k}" for name, module in list(sys.modules.items())
                if name.startswith("dailypapers") for k, v in vars(module).items()
                if isinstance(v, type) and v.__module__ == name and "__dataclass_fields__" in vars(v)]
        print(json.dumps({"imported": [m for m in heavy if m in sys.modules], "footer": keys,
                          "gc": gc.isenabled(), "classes": sorted(screen.classes),
                          "dataclasses": made}), flush=True)
        os._exit(0)

App.run, App._display = headless, first
from dailypapers.tui.cli import main
sys.argv = ["dailypapers", "--library", sys.argv[1], "--index-dir", sys.argv[2]]
main()
"""


def first_frame(tmp_path) -> dict:
    env = isolated_env(tmp_path)
    env["DAILYPAPERS_MARKS"] = str(tmp_path / "marks.sqlite3")
    args = [sys.executable, "-c", FIRST_FRAME, str(ROOT / "seeds"), str(tmp_path / "ix")]
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.splitlines()[-1])


def test_the_first_frame_has_the_footer_keys_and_none_of_the_engine(tmp_path):
    """The footer's keys are on the first frame (Textual's footer draws them a frame later, after
    what the reader does once it is drawn: 90 ms later at start-up), the engine is loaded only
    after it (no Whoosh, no rapidfuzz, no Markdown parser, no PaperIndex), and no garbage
    collection ran while the reader started (one full pass there took 20-25 ms)."""
    frame = first_frame(tmp_path)
    assert frame["imported"] == []
    assert "Lists" in frame["footer"] and "Search" in frame["footer"]
    assert frame["gc"] is False


def test_no_dataclass_is_made_before_the_first_frame(tmp_path):
    """The reader's classes loaded before its first frame are `record`s, not dataclasses: each
    dataclass costs ~0.5 ms to make (27 of them were 16.5 ms of the start), a record ~0.1 ms."""
    assert first_frame(tmp_path)["dataclasses"] == []


def test_the_first_frame_has_the_class_of_the_terminal_width(tmp_path):
    """The main screen has its width's class (`-stacked` below 160 columns) on its first frame:
    given by Textual on its first resize, after that frame, it restyled the whole screen (~20 ms)
    and drew it again before the after-paint work could start."""
    assert "-stacked" in first_frame(tmp_path)["classes"]


# in a pseudo-terminal, Textual's own driver and writer thread: a slow terminal (each full frame
# taken 0.3 s after it is handed over), and what came first: a frame written or the after-paint work
IN_A_TERMINAL = """
import json, os, sys, time
from textual.drivers import _writer_thread
from dailypapers.tui.screens import loading

events, out = [], sys.argv[3]
run, start = _writer_thread.WriterThread.run, loading.Loading.start

class SlowFile:
    def __init__(self, file):
        self.file = file
    def write(self, text):
        if len(text) > 1000:  # a frame (the rest: a few modes and cursor moves)
            time.sleep(0.3)
        self.file.write(text)
        if len(text) > 1000:
            events.append("frame written" + (" with the footer's keys" if "Lists" in text else ""))
    def flush(self):
        self.file.flush()

def slow_run(self):
    self._file = SlowFile(self._file)
    run(self)

def after_paint(self):
    events.append("after-paint work")
    with open(out, "w") as file:
        json.dump(events, file)
    os._exit(0)

_writer_thread.WriterThread.run, loading.Loading.start = slow_run, after_paint
from dailypapers.tui.cli import main
sys.argv = ["dailypapers", "--library", sys.argv[1], "--index-dir", sys.argv[2]]
main()
"""


def test_the_after_paint_work_waits_for_the_first_frame_to_be_written(tmp_path):
    """The first frame written to the terminal is all of the main screen, its footer's keys with
    it (pushed from the app's `on_mount`, its first frame was drawn in Textual's start-up batch,
    which writes none, and the parts unchanged since came with the after-paint work's next
    layout), and the reader's after-paint work (the hidden widgets, the marks, the library and its
    index thread) starts once that frame is written, not when it is handed to Textual's writer
    thread: started at once, it kept the writer thread from writing and the terminal from drawing."""
    env = isolated_env(tmp_path)
    env.update(DAILYPAPERS_MARKS=str(tmp_path / "marks.sqlite3"), TERM="xterm-256color")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    out = tmp_path / "events.json"
    args = [sys.executable, "-c", IN_A_TERMINAL, str(ROOT / "seeds"), str(tmp_path / "ix"), str(out)]
    proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)

    shown: list[bytes] = []

    def drain() -> None:  # the terminal reads what the reader writes
        try:
            while data := os.read(master, 65536):
                shown.append(data)
        except OSError:
            pass

    threading.Thread(target=drain, daemon=True).start()
    try:
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        os.close(master)
    assert out.exists(), b"".join(shown)[-3000:]
    events = json.loads(out.read_text())
    assert events[0] == "frame written with the footer's keys" and events[-1] == "after-paint work"


async def test_the_footer_composes_its_keys_once_and_again_when_they_change(seed_app, monkeypatch):
    """The main screen's footer has its keys from its first compose and composes them again only
    when they change (Textual's composed the same keys four times while the reader opened, ~20 ms
    each, once before the first frame): `/` puts the search box's keys there instead."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey
    from tui_helpers import press, settle

    from dailypapers.tui.widgets import KeyFooter

    composed: list[int] = []
    compose = Footer.compose

    def counted(self):
        keys = list(compose(self))
        composed.append(len(keys))
        yield from keys

    monkeypatch.setattr(Footer, "compose", counted)
    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = pilot.app.screen.query_one(KeyFooter)
        shown = [k.description for k in footer.query(FooterKey)]
        assert len(composed) == 1 and "Lists" in shown
        await press(pilot, "slash")
        await settle(pilot)
        await pilot.pause()
        assert len(composed) > 1
        assert [k.description for k in footer.query(FooterKey)] != shown


async def test_the_footers_keys_are_styled_once_not_again_for_their_compact_class(seed_app, monkeypatch):
    """Textual's footer keys are born compact, and those bound to the footer's `compact` (not
    compact) are then made not: two class changes a key, each styling it again, 17 restyles
    before the first frame. The keys are born with the class they keep: none is restyled for it,
    the palette's key is compact and the others are not."""
    from textual.widgets._footer import FooterKey
    from tui_helpers import settle

    from dailypapers.tui.widgets import KeyFooter

    restyled: list[str] = []
    update = FooterKey.update_node_styles

    def counted(self, animate: bool = True) -> None:
        restyled.append(self.key)
        update(self, animate)

    monkeypatch.setattr(FooterKey, "update_node_styles", counted)
    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = list(pilot.app.screen.query_one(KeyFooter).query(FooterKey))
        assert len(keys) > 3 and restyled == []
        compact = {k.key: (k.compact, k.has_class("-compact")) for k in keys}
        palette = pilot.app.COMMAND_PALETTE_BINDING
        assert compact.pop(palette) == (True, True)
        assert set(compact.values()) == {(False, False)}


async def test_resizes_of_the_size_laid_out_do_not_lay_the_screen_out_again(seed_app, monkeypatch):
    """Textual sends the screen three resizes at start, all of the size it was laid out at (its
    list and paper shared in `on_mount`): each laid the screen out and drew it again after the
    first frame. They are left out; a real resize still shares the screen anew."""
    from textual.geometry import Size
    from textual.screen import Screen
    from tui_helpers import settle

    from dailypapers.tui.widgets import ResultList

    resized: list[Size] = []
    handler = Screen._on_resize

    async def counted(self, event):
        resized.append(event.size)
        await handler(self, event)

    monkeypatch.setattr(Screen, "_on_resize", counted)
    async with seed_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert resized == []
        height = pilot.app.screen.query_one(ResultList).styles.height
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        await pilot.pause()
        assert resized == [Size(120, 30)]
        assert pilot.app.screen.query_one(ResultList).styles.height != height
