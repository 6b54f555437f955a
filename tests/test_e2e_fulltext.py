"""End to end in tmux at 80x24: a paper's full text, its third section through the contents, a
word found with `/`, and back to the list; the site is a loopback one (tests/papersite.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from papersite import WORD, library, serve

pytestmark = pytest.mark.e2e

COMMAND = Path(sys.executable).with_name("dailypapers")


def test_full_text_contents_find_and_back_in_tmux(tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it)")
    if not COMMAND.exists():
        pytest.skip(f"the dailypapers command is not installed next to {sys.executable}")
    lib, site, _ = library(tmp_path)
    name = f"dp-fulltext-{os.getpid()}"

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-L", name, *args], check=True, capture_output=True, text=True).stdout

    def wait(predicate, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = tmux("capture-pane", "-p", "-t", name)
            if predicate(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"screen never matched; last screen:\n{text}")

    def keys(*pressed: str) -> None:
        tmux("send-keys", "-t", name, *pressed)

    with serve(site):
        env = (
            f"env HOME={tmp_path} XDG_CACHE_HOME={tmp_path}/cache XDG_DATA_HOME={tmp_path}/data "
            f"TERM=screen-256color DAILYPAPERS_LIBRARY={lib} DAILYPAPERS_BASE_URL={site.url}"
        )
        tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", f"{env} {COMMAND}")
        try:
            wait(lambda s: "of 8 papers" in s or "8 papers" in s)
            keys("v")
            wait(lambda s: "Abstract" in s and s.startswith(" Top · "))
            assert len(site.log) == 1
            keys("c")
            wait(lambda s: "3 Experiments" in s and "2 Method" in s)
            keys("Down", "Down", "Down", "Down", "Enter")  # the title, Abstract, 1, 2, then 3
            screen = wait(lambda s: "§3 Experiments" in s.splitlines()[0])
            assert screen.splitlines()[1].strip() == "3 Experiments"
            keys("/")
            wait(lambda s: "find in the text" in s)
            keys(*WORD[:7])
            keys("Enter")
            screen = wait(lambda s: f'"{WORD[:7]}" 1 of 1' in s)
            assert WORD in screen
            keys("Escape")
            wait(lambda s: "of 8 papers" in s or "8 papers" in s)
            keys("q")
        finally:
            subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)
