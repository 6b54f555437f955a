"""Write docs/screens.md: the reader as a stock tmux shows it (tmux's own defaults, its
`capture-pane` text) at 80x24, 120x40 and 200x50: the opening view, a search for a paper of
another day, the inbox and the links list. Run from the repository, with the package installed
(the `dailypapers` next to this Python) and tmux on the PATH:

    python docs/screens.py

The library is the last 60 real days of ../shared/corpora (the synthetic days of the tests when
it is absent), with three stars, a follow and a visit two days before the newest day.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
CORPUS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
COMMAND = Path(sys.executable).with_name("dailypapers")
SIZES = [(80, 24), (120, 40), (200, 50)]
SERVER = f"dp-screens-{os.getpid()}"  # + the size: a server of its own for each


def library(tmp: Path) -> tuple[Path, str, str]:
    """The library, and the words of a paper of one of its older days (what a user remembers)."""
    from dailypapers.index import Marks, PaperIndex

    lib = tmp / "library"
    if CORPUS.is_dir():
        lib.mkdir()
        for path in sorted(CORPUS.glob("*.json"))[-60:]:
            shutil.copy(path, lib / path.name)
        source = "the last 60 days of ../shared/corpora"
    else:
        from tui_helpers import api_days

        api_days(lib, days=60)
        source = "60 synthetic days (tests/tui_helpers.api_days: ../shared/corpora is absent)"
    days = sorted(lib.glob("*.json"))
    pix = PaperIndex(lib, tmp / "ix")
    pix.update()
    marks = Marks(tmp / "marks.sqlite3")
    for hit in pix.search("world model", None, 3).hits:  # three stars
        marks.set(hit.paper, starred=True)
    marks.follow("agents", "agent benchmark")
    marks.record_visit("reader", days[-3].stem, at=time.time() - 86_400)  # the last two days are new
    marks.close()
    pix.close()
    old = json.loads(days[len(days) // 3].read_text(encoding="utf-8"))[0]["paper"]["title"]
    words = re.sub(r"[^\w\s]", " ", old).split()  # (a colon would make a field of the word before)
    return lib, " ".join(words[:4]).lower(), source


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SERVER, *args], check=True, capture_output=True, text=True).stdout


def wait(predicate, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = tmux("capture-pane", "-p", "-t", SERVER)
        if predicate(text):
            time.sleep(0.3)  # the last paint
            return tmux("capture-pane", "-p", "-t", SERVER)
        time.sleep(0.2)
    raise SystemExit(f"the screen never showed what was waited for:\n{text}")


def keys(*typed: str, literal: bool = False) -> None:
    tmux("send-keys", "-t", SERVER, *(["-l"] if literal else []), *typed)


def screens(tmp: Path, lib: Path, words: str, size: tuple[int, int]) -> list[tuple[str, str]]:
    global SERVER
    width, height = size
    SERVER = f"{SERVER.split('@')[0]}@{width}x{height}"
    env = f"env HOME={tmp} XDG_CACHE_HOME={tmp}/cache XDG_DATA_HOME={tmp}/data"
    command = f"{env} {COMMAND} --library {lib} --index-dir {tmp}/ix --marks {tmp}/marks.sqlite3"
    tmux("-f", "/dev/null", "new-session", "-d", "-s", SERVER, "-x", str(width), "-y", str(height), command)
    shots = []
    try:
        shots.append(("The opening view: the newest day", wait(lambda s: "newest" in s and "papers ·" in s)))
        keys("/")
        keys(words, literal=True)
        keys("Enter")
        shots.append((f"A search for “{words}”, a paper of another day", wait(lambda s: "in every day" in s)))
        keys("Escape", "Escape")
        time.sleep(0.7)  # (tmux's escape-time: escape and a key within 500 ms are alt and the key)
        keys("i")
        shots.append(("The inbox (i): new since the last visit", wait(lambda s: "follows first" in s)))
        keys("l")
        shots.append(("The links list (l) of the inbox's first paper", wait(lambda s: "arxiv.org/pdf/" in s)))
        keys("Escape")
        time.sleep(0.7)
        keys("q")
    finally:
        subprocess.run(["tmux", "-L", SERVER, "kill-server"], capture_output=True)
    return shots


def main() -> None:
    if shutil.which("tmux") is None or not COMMAND.exists():
        raise SystemExit("needs tmux and the installed dailypapers (pip install -e .)")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        lib, words, source = library(tmp)
        version = tmux_version()
        out = [
            "# The reader in a stock tmux",
            "",
            f"Written by `python docs/screens.py` from the code as it is: {source}, three stars, a",
            "follow (`agent benchmark`) and a visit two days before the newest day; the installed",
            f"`dailypapers` in {version} with its default settings (prefix ctrl+b, `set-clipboard",
            "external`), each screen its `capture-pane -p` text (colours and the selection are not",
            "in the text).",
        ]
        for size in SIZES:
            out += ["", f"## {size[0]}x{size[1]}"]
            for title, text in screens(tmp, lib, words, size):
                out += ["", f"### {title}", "", "```text", text.rstrip("\n"), "```"]
    (ROOT / "docs" / "screens.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("wrote docs/screens.md")


def tmux_version() -> str:
    return subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
