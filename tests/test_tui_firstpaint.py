"""The reader's first frame (issue 26): what is on it and what start-up did before it.

The reader is started as `dailypapers` starts it (the CLI, `open_reader`), headless, in a
subprocess that stops at its first frame of the main screen."""

from __future__ import annotations

import json
import subprocess
import sys

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
                 "dailypapers.index.search.scoring", "dailypapers.index.fulltext.render")
        keys = [key.description for key in screen.query(FooterKey)]
        print(json.dumps({"imported": [m for m in heavy if m in sys.modules], "footer": keys,
                          "gc": gc.isenabled()}), flush=True)
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
