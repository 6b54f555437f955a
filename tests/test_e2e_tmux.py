"""End to end: the installed `dailypapers` in a real terminal (tmux), as a user would run it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import SEEDS

pytestmark = pytest.mark.e2e

COMMAND = Path(sys.executable).with_name("dailypapers")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def session(tmp_path):
    """Start the reader in a tmux server of its own: `start(extra_env)` returns (tmux, wait)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it)")
    if not COMMAND.exists():
        pytest.skip(f"the dailypapers command is not installed next to {sys.executable}")
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    prose = "An abstract long enough to be prose, and here it is again to be sure. " * 2
    (library / "0000_hostile.txt").write_bytes(  # the oldest file
        f"Evil \x1b]0;pwned\x07Title \x1b[2J[bold]x[/bold]\n{prose}\x1b]2;pwned2\x07\n".encode()
    )
    name = f"dp-test-{os.getpid()}"

    def tmux(*args: str) -> str:
        return _tmux("-L", name, *args)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", name)

    def wait(predicate, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = screen()
            if predicate(text):
                return text
            time.sleep(0.2)
        raise AssertionError(f"screen never matched; last screen:\n{screen()}")

    def start(extra: str = "", clipboard: str = "on") -> tuple:
        env = (
            f"env HOME={tmp_path} XDG_CACHE_HOME={tmp_path}/cache XDG_DATA_HOME={tmp_path}/data "
            f"TERM=screen-256color DAILYPAPERS_LIBRARY={library} {extra}"
        )
        # tmux's own defaults (no ~/.tmux.conf), but for set-clipboard: on lets a program set tmux's
        # buffer (set before the reader starts: it asks tmux once).
        _tmux("-L", name, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
              f"sleep 0.3; {env} {COMMAND}")  # fmt: skip
        if clipboard:
            tmux("set-option", "-g", "set-clipboard", clipboard)
        return tmux, wait

    yield start
    subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


def toast(screen: str) -> str:
    """The notifications' text on a captured screen, their lines joined."""
    return " ".join(line.split("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line)


def _quits(tmux, name: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = subprocess.run(["tmux", "-L", name, "has-session", "-t", name], capture_output=True)
        if alive.returncode != 0:
            return
        time.sleep(0.2)
    raise AssertionError("the reader did not quit on q")


def test_opens_on_the_newest_day_without_colour_and_copies_into_tmux(session):
    tmux, wait = session("NO_COLOR=1")
    name = tmux("display-message", "-p", "#{session_name}").strip()
    first = wait(lambda s: "86 papers" in s and "Random Teachers are Good Teachers" in s and "newest" in s)
    assert "Mar 11 · 004_9c7d210b… · newest" in first  # the newest day (its file name cut at 80 columns)
    assert "Traceback" not in first and all(len(line) <= 80 for line in first.splitlines())
    assert tmux("show-option", "-gv", "allow-passthrough").strip() == "off"  # tmux's default
    tmux("send-keys", "-t", name, "y")
    wait(lambda s: "Copied the title" in s)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        buffer = subprocess.run(["tmux", "-L", name, "show-buffer"], capture_output=True, text=True).stdout
        if buffer:
            break
        time.sleep(0.1)
    assert buffer == "Random Teachers are Good Teachers"
    tmux("send-keys", "-t", name, "q")
    _quits(tmux, name)


def test_copy_with_tmuxs_default_clipboard_setting_goes_to_its_buffer_and_says_the_fix(session):
    """tmux's default `set-clipboard external` ignores a program's OSC 52: the reader puts the
    text in tmux's buffer itself (once) and says how to reach the system clipboard."""
    tmux, wait = session(clipboard="")
    name = tmux("display-message", "-p", "#{session_name}").strip()
    assert tmux("show-options", "-gv", "set-clipboard").strip() == "external"  # tmux's default
    wait(lambda s: "86 papers" in s and "newest" in s)  # the build done
    tmux("send-keys", "-t", name, "y")
    shown = wait(lambda s: "set-clipboard on" in toast(s))
    assert "For the system clipboard: tmux set -g set-clipboard on" in toast(shown)  # the fix, once
    assert (
        "Copied the title (no arXiv link known)" in shown.splitlines()[-2]
    )  # the status (the tip at its right)
    assert tmux("show-buffer") == "Random Teachers are Good Teachers"
    assert len(tmux("list-buffers").splitlines()) == 1
    tmux("send-keys", "-t", name, "q")
    _quits(tmux, name)


def test_type_a_query_read_the_hit_and_quit(session):
    tmux, wait = session()
    name = tmux("display-message", "-p", "#{session_name}").strip()
    wait(lambda s: "86 papers" in s and "newest" in s)  # the build done
    tmux("send-keys", "-t", name, "a")  # every day, newest first: the hostile file is the oldest
    tmux("send-keys", "-t", name, "G")
    hostile = wait(lambda s: "[bold]x[/bold]" in s)
    assert "Evil Title" in hostile
    title = tmux("display-message", "-p", "-t", name, "#{pane_title}")
    assert "pwned" not in title
    tmux("send-keys", "-t", name, "/")
    tmux("send-keys", "-t", name, "-l", "grokking lazy rich")
    # The best hit and its abstract, without another key; both counts.
    shown = wait(lambda s: "with all words" in s and "We propose that the" in s)
    assert "Grokking as the" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    tmux("send-keys", "-t", name, "Enter")  # to the list
    tmux("send-keys", "-t", name, "Enter")  # read the paper full-screen
    alone = wait(lambda s: "in 4 snapshots" in s)
    assert "Grokking as the Transition from Lazy to Rich Training Dynamics" in alone
    tmux("send-keys", "-t", name, "Escape")
    wait(lambda s: "with all words" in s and "/ Search" in s)  # the list again (its footer)
    tmux("send-keys", "-t", name, "q")
    _quits(tmux, name)


def test_a_mark_shown_as_saved_survives_sigkill(session, tmp_path):
    """Star a paper, and kill the reader (SIGKILL) as soon as the screen shows the star."""
    tmux, wait = session()
    name = tmux("display-message", "-p", "#{session_name}").strip()
    wait(lambda s: "86 papers" in s and "newest" in s)  # the build done
    tmux("send-keys", "-t", name, "s")
    wait(lambda s: "★ starred" in s)
    pid = int(tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
    os.kill(pid, signal.SIGKILL)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": f"{tmp_path}/data"}
    env["XDG_CACHE_HOME"] = f"{tmp_path}/cache"
    out = subprocess.run(
        [str(COMMAND), "--library", str(tmp_path / "library"), "marks", "--starred"],
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert "★  Random Teachers are Good Teachers" in out


def test_the_inbox_after_a_visit_yesterday_at_80x24(tmp_path):
    """Yesterday's visit saw the library up to its third day: the two days since are new. The
    inbox says so, triage works, and after a restart the same day the inbox is the same."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it)")
    if not COMMAND.exists():
        pytest.skip(f"the dailypapers command is not installed next to {sys.executable}")
    from tui_helpers import api_days

    from dailypapers.index.marks.db import Marks

    library = api_days(tmp_path / "library", days=5)
    marks = Marks(tmp_path / "marks.sqlite3")
    marks.record_visit("reader", "2026-06-03", at=time.time() - 86_400)
    marks.close()
    name = f"dp-inbox-{os.getpid()}"
    command = (
        f"env HOME={tmp_path} XDG_CACHE_HOME={tmp_path}/cache XDG_DATA_HOME={tmp_path}/data "
        f"TERM=screen-256color {COMMAND} --library {library} --marks {tmp_path}/marks.sqlite3"
    )

    def screen() -> str:
        return _tmux("-L", name, "capture-pane", "-p", "-t", name)

    def wait(predicate, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(text := screen()):
                return text
            time.sleep(0.2)
        raise AssertionError(f"screen never matched; last screen:\n{screen()}")

    counts = []
    try:
        for attempt in range(2):  # a restart the same day: the same inbox
            _tmux(
                "-L",
                name,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "80",
                "-y",
                "24",
                command,
            )
            first = wait(lambda s: "new since Thu 4 Jun (i)" in s or "new (i)" in s)
            assert "Fri 5 Jun 2026 · newest" in first and all(len(line) <= 80 for line in first.splitlines())
            _tmux("-L", name, "send-keys", "-t", name, "i")
            inbox = wait(lambda s: "New since Thu 4 Jun" in s and "follows first, then for you" in s)
            count = int(inbox.splitlines()[-2].split()[0])
            counts.append(count)
            if attempt == 0:
                _tmux("-L", name, "send-keys", "-t", name, "x")
                wait(lambda s: "not interested (u undoes)" in s)
                left = f"{count - 1} papers · follows first"
                wait(lambda s, left=left: left in s)
                _tmux("-L", name, "send-keys", "-t", name, "q")
                _quits(None, name)
            else:
                assert count == counts[0] - 1 > 0  # the one dismissed stays out
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


def test_the_daily_skim_through_an_attached_client_at_80x24(tmp_path):
    """Issue 23's Done-when, typed through a real client attached to a stock tmux (its default
    prefix ctrl+b and `set-clipboard external`): keys go through tmux's own key tables, as a
    user's do (send-keys would bypass them)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (CI installs it)")
    if not COMMAND.exists():
        pytest.skip(f"the dailypapers command is not installed next to {sys.executable}")
    import fcntl
    import pty
    import struct
    import termios

    from tui_helpers import api_days

    library = api_days(tmp_path / "library", days=20)
    name = f"dp-skim-{os.getpid()}"
    command = (
        f"env HOME={tmp_path} XDG_CACHE_HOME={tmp_path}/cache XDG_DATA_HOME={tmp_path}/data "
        f"{COMMAND} --library {library} --marks {tmp_path}/marks.sqlite3"
    )
    _tmux("-L", name, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 25, 80, 0, 0))  # the pane 80x24 (+ tmux's bar)
    client = subprocess.Popen(
        ["tmux", "-L", name, "attach", "-t", name],
        stdin=slave, stdout=slave, stderr=slave, env={**os.environ, "TERM": "xterm"}, start_new_session=True,
    )  # fmt: skip
    os.close(slave)

    def type_(keys: bytes) -> None:
        os.write(master, keys)
        # (a person's pace; after escape more than tmux's escape-time, 500 ms: escape and a key
        # within it reach the program as alt and the key)
        time.sleep(0.7 if keys.endswith(b"\x1b") else 0.3)

    def screen() -> str:
        while True:  # keep the client's output drained
            try:
                if not os.read(master, 65536):
                    break
            except (BlockingIOError, OSError):
                break
        return _tmux("-L", name, "capture-pane", "-p", "-t", name)

    os.set_blocking(master, False)

    def wait(predicate, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(text := screen()):
                return text
            time.sleep(0.2)
        raise AssertionError(f"screen never matched; last screen:\n{screen()}")

    try:
        assert _tmux("-L", name, "show-options", "-gv", "prefix").strip() == "C-b"
        assert _tmux("-L", name, "show-options", "-gv", "set-clipboard").strip() == "external"
        wait(lambda s: "Sat 20 Jun 2026 · newest" in s and "papers · page order" in s)
        type_(b"b")  # the drawer, with one key
        wait(lambda s: "All snapshots" in s and "Week 25" in s)
        type_(b"\x1b")
        wait(lambda s: "All snapshots" not in s)
        old = json.loads((library / "2026-06-03.json").read_text())[0]["paper"]
        words = " ".join(old["title"].split()[:4]).lower()
        type_(b"/" + words.encode() + b"\r")  # a paper of another day, found by typing its words
        found = wait(lambda s: "in every day" in s and old["title"][:30] in s)
        assert "h: only this day" in found or "h: here" in found, found
        type_(b"\x1b")  # to the list
        type_(b"\x1b")  # the query cleared
        wait(lambda s: "Sat 20 Jun 2026 · newest" in s and "papers · page order" in s)
        type_(b"aG")  # every day, scrolled to its end
        wait(lambda s: "All snapshots" in s and "newest first" in s)
        type_(b"o")  # a re-sort: the true top on the first row
        top = wait(lambda s: "by upvotes" in s)
        rows = [line for line in top.splitlines()[1:9] if line.strip()]
        figures = [int(line.split()[-1]) for line in rows if line.split()[-1].isdigit()]
        assert len(figures) == 8 and figures == sorted(figures, reverse=True) and figures[0] == 200
        type_(b"a")  # back to the newest day
        wait(lambda s: "Sat 20 Jun 2026 · newest" in s and "papers · page order" in s)
        type_(b"sjsjs")  # three quick stars
        shown = wait(lambda s: s.count("★") >= 3 and "★ starred" in s)
        status = shown.splitlines()[-2]
        assert status.startswith(" ★ starred") and "▌" not in shown  # one confirmation, no toast
        assert sum("★" in line for line in shown.splitlines()[1:4]) == 3  # every row readable, starred
        type_(b"l")  # the links; j: the PDF; enter: copied into tmux's buffer
        wait(lambda s: "https://arxiv.org/pdf/" in s)
        type_(b"j\r")
        wait(lambda s: "Copied the PDF link" in s)
        assert _tmux("-L", name, "show-buffer").startswith("https://arxiv.org/pdf/2606.")
    finally:
        client.terminate()
        os.close(master)
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)
