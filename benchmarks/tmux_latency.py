"""The reader in a real terminal (tmux): keystroke → wanted paper on screen, and first paint.

    python benchmarks/tmux_latency.py [DAYS_DIR] [--rounds N] [--queries N] [--smoke]

Held-out queries of issue 26's style, built from the library with a fixed seed: a paper's two
commonest title words typed at a fast typist's pace (one key every 80 ms), then its one
distinguishing title word (in no other title) in a burst; the time from that burst to the
frame showing the paper's title, in all days (`a`, then `/`). Each query's paper is checked
in process first, with the request the reader makes for it (`reader_request`: typed key by key,
so its last word is completed; every day; the reader's order): not on the first screen for the
two common words (else its title could show before the burst was searched), on it for the
three. A query whose paper never shows is a failure line, not the end of the run. Rounds
alternate a bare Textual app's first paint (`bare_app.py`) with the reader's, then the queries
in that reader. The screen is read through one tmux control-mode client (`tmux -C`: no process
started per poll), polled every millisecond or so. Prints medians, p95 and the machine's load
(`os.getloadavg()`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
SIZE = (120, 40)
ROWS = 16  # the list's rows at 120x40: the wanted paper must be among them
PACE = 0.080  # seconds between keys typed one by one
_STOP = {
    "with",
    "from",
    "into",
    "over",
    "than",
    "that",
    "this",
    "using",
    "via",
    "towards",
    "toward",
    "through",
}
_sessions = iter(range(1_000_000))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


# -- the queries -------------------------------------------------------------------


def _words(title: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", title.lower()) if len(w) >= 4 and w not in _STOP]


def reader_state(pix):
    """The reader's state on this library, in all days (`a`), as the benchmark drives it."""
    from dailypapers.tui.days import days_of
    from dailypapers.tui.scope import ALL, Scope
    from dailypapers.tui.state import ViewState

    state = ViewState()
    state.ready = True
    state.load(days_of(pix.snapshots()), pix.papers(light=True))
    state.set_scope(Scope(ALL))
    return state


def reader_request(state, text: str):
    """The search the reader runs once `text` is typed key by key (`ViewState.request`: the last
    word completed while typing, the scope's reach, the order)."""
    state.set_query("")
    for n in range(1, len(text) + 1):
        state.set_query(text[:n])
    return state.request()


def first_screen(pix, state, text: str) -> list[str]:
    """The ids of the papers on the reader's first screen for `text` typed key by key."""
    from dailypapers.tui import jobs

    return [row.paper.id for row in jobs.search(pix, reader_request(state, text)).rows[:ROWS]]


def held_out_queries(
    library: Path, index_dir: Path, count: int, seed: int = 26
) -> list[tuple[str, str, str]]:
    """(the two common words typed, the distinguishing word, the title's first 40 characters):
    papers drawn with `seed`, kept when the three words put them on the first screen and the
    two alone do not."""
    from dailypapers.index import PaperIndex

    pix = PaperIndex(library, index_dir)
    pix.update(procs=min(4, os.cpu_count() or 1))
    state = reader_state(pix)
    papers = [p for p in pix.papers(light=True) if p.title.isascii() and len(p.title) >= 40]
    df = Counter(w for p in papers for w in set(_words(p.title)))
    rng = random.Random(seed)
    rng.shuffle(papers)
    found: list[tuple[str, str, str]] = []
    for paper in papers:
        words = _words(paper.title)
        rare = [w for w in words if df[w] == 1 and len(w) >= 5]
        common = sorted({w for w in words if df[w] >= 20}, key=lambda w: -df[w])[:2]
        if not rare or len(common) < 2:
            continue
        typed, burst = " ".join(common) + " ", rare[0]
        shown = first_screen(pix, state, typed + burst)
        if paper.id not in shown or paper.id in first_screen(pix, state, typed):
            continue
        found.append((typed, burst, paper.title[:40]))
        if len(found) == count:
            break
    pix.close()
    return found


def first_query(library: Path, index_dir: Path) -> tuple[str, str]:
    """A query typed as soon as the reader is drawn: the newest day's top paper's rarest title
    word (the reader opens on the newest day), and its title's first 40 characters."""
    from dailypapers.index import PaperIndex

    pix = PaperIndex(library, index_dir)
    pix.update()
    newest = pix.snapshots()[-1].id
    paper = pix.papers(newest)[0]
    df = Counter(w for p in pix.papers(light=True) for w in set(_words(p.title)))
    pix.close()
    return min(_words(paper.title), key=lambda w: df[w]), paper.title[:40]


# -- tmux ------------------------------------------------------------------------------


class Terminal:
    """A program in its own tmux server at SIZE, driven and read by one control-mode client."""

    def __init__(self, command: str) -> None:
        self.name = f"dp-lat-{os.getpid()}-{next(_sessions)}"
        self.started = time.perf_counter()
        x, y = SIZE
        subprocess.run(
            [
                "tmux",
                "-L",
                self.name,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(x),
                "-y",
                str(y),
                command,
            ],
            check=True,
        )
        self._control = subprocess.Popen(
            ["tmux", "-L", self.name, "-C", "attach-session", "-t", self.name, "-f", "no-output,ignore-size"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

        self._answer()  # (attaching answers with an empty block first)

    def _ask(self, command: str) -> list[str]:
        assert self._control.stdin
        self._control.stdin.write(command + "\n")
        self._control.stdin.flush()
        return self._answer()

    def _answer(self) -> list[str]:
        assert self._control.stdout
        lines: list[str] = []
        inside = False
        for line in self._control.stdout:
            line = line.rstrip("\n")
            if line.startswith("%begin"):
                inside, lines = True, []
            elif line.startswith(("%end", "%error")) and inside:
                return lines
            elif inside:
                lines.append(line)
        raise RuntimeError("tmux control client ended")

    def screen(self) -> str:
        return "\n".join(self._ask(f"capture-pane -p -t {self.name}"))

    def keys(self, text: str, literal: bool = True) -> None:
        quoted = "'" + text.replace("'", "'\\''") + "'"
        self._ask(f"send-keys -t {self.name} {'-l ' if literal else ''}{quoted}")

    def wait(self, shown, timeout: float = 60.0, since: float | None = None) -> float:
        """Seconds from `since` (default: the start) until `shown(screen)` holds."""
        start = self.started if since is None else since
        while time.perf_counter() - start < timeout:
            if shown(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.001)
        raise RuntimeError(f"not shown after {timeout}s:\n{self.screen()}")

    def close(self) -> None:
        if self._control.stdin:
            self._control.stdin.close()
        self._control.wait(timeout=10)
        subprocess.run(["tmux", "-L", self.name, "kill-server"], capture_output=True)


def reader_command(library: Path, index_dir: Path) -> str:
    marks = index_dir.parent / "bench-marks.sqlite3"
    env = f"env DAILYPAPERS_LIBRARY={library} DAILYPAPERS_MARKS={marks} TERM=xterm-256color"
    return f"cd {ROOT} && {env} {sys.executable} -m dailypapers.tui.cli --index-dir {index_dir}"


def bare_command() -> str:
    return f"cd {ROOT} && env TERM=xterm-256color {sys.executable} {HERE / 'bare_app.py'}"


def _query_time(term: Terminal, typed: str, burst: str, title: str) -> float | str:
    """The seconds from the burst to the title on screen (the search box has the focus); when it
    never shows (20 s), what the screen showed instead (its first lines and status line)."""
    for key in typed:
        term.keys(key)
        time.sleep(PACE)
    # the two words' answer painted (the wanted paper is not on its first screen)
    term.wait(
        lambda s: s.splitlines()[0].strip().startswith(typed.strip()) and title not in s,
        10,
        time.perf_counter(),
    )
    start = time.perf_counter()
    term.keys(burst)
    try:
        seconds: float | str = term.wait(lambda s: title in s, timeout=20, since=start)
    except RuntimeError:  # never shown: a failure line in the report, with what showed instead
        lines = term.screen().splitlines()
        seconds = " | ".join(line.strip()[:60] for line in [*lines[:3], *lines[-2:-1]])
    term.keys("C-u", literal=False)  # the query cleared: all days, no query
    term.wait(lambda s: typed.strip() not in s.splitlines()[0], 10, time.perf_counter())
    return seconds


def measure(library: Path, index_dir: Path, rounds: int, queries: list[tuple[str, str, str]]) -> dict:
    """Alternating rounds: the bare app's first paint, the reader's with a query typed as soon
    as it is drawn (to its answer on screen), the bare app's again, then the reader's again with
    the queries typed: both readers' first paints are counted, two of each a round."""
    first_word, first_title = first_query(library, index_dir)
    bare, paint, keys, first = [], [], [], []
    failed: list[str] = []
    load = [os.getloadavg()[0]]

    def bare_paint() -> None:
        term = Terminal(bare_command())
        try:
            bare.append(term.wait(lambda s: "Snapshots" in s))
        finally:
            term.close()

    for _ in range(rounds):  # each reader started beside a bare app started just before it
        bare_paint()
        term = Terminal(reader_command(library, index_dir))
        try:  # the first keystroke: a query typed the moment the window is drawn
            paint.append(term.wait(lambda s: "Lists" in s))  # (the footer's b Lists: drawn)
            start = time.perf_counter()
            term.keys("/")
            term.keys(first_word)
            answered = lambda s: first_title in s and "relevance" in s.splitlines()[-2]  # noqa: E731
            try:
                first.append(term.wait(answered, since=start))
            except RuntimeError:
                failed.append(f"first keystroke {first_word!r}: {first_title!r} never shown (60 s)")
        finally:
            term.close()
        bare_paint()
        term = Terminal(reader_command(library, index_dir))
        try:
            paint.append(term.wait(lambda s: "Lists" in s))  # (the footer's b Lists)
            term.wait(lambda s: "· newest" in s)
            term.keys("a")
            term.wait(lambda s: "‹ All snapshots ›" in s, since=time.perf_counter())
            term.keys("/")
            time.sleep(0.3)  # (the focus moved: the typed words are seen in the box below)
            for typed, burst, title in queries:
                seconds = _query_time(term, typed, burst, title)
                if isinstance(seconds, str):
                    failed.append(f"{typed}{burst}: {title!r} never shown (20 s); shown: {seconds}")
                else:
                    keys.append(seconds)
        finally:
            term.close()
        load.append(os.getloadavg()[0])
    return {
        "keystroke_p50": median(keys),
        "keystroke_p95": p95(keys),
        "keystrokes": len(keys),
        "first_keystroke": median(first),
        "first_keystroke_p95": p95(first),
        "first_query": first_word,
        "queries": [f"{t}{b}" for t, b, _ in queries],
        "paint": median(paint),
        "paints": paint,
        "bares": bare,
        "paint_p95": p95(paint),
        "bare": median(bare),
        "bare_p95": p95(bare),
        "rounds": rounds,
        "load": load,
        "failed": failed,
    }


def report(r: dict) -> None:
    print(
        f"keystroke → wanted paper on screen (tmux, {r['keystrokes']} bursts, {len(r['queries'])} queries): "
        f"p50 {r['keystroke_p50'] * 1000:.0f} ms, p95 {r['keystroke_p95'] * 1000:.0f} ms "
        "(target p95 ≤ 100 ms)"
    )
    print(
        f"first paint (tmux, {len(r['paints'])} alternating runs each): reader {r['paint'] * 1000:.0f} ms "
        f"(p95 {r['paint_p95'] * 1000:.0f}), bare Textual {r['bare'] * 1000:.0f} ms "
        f"(p95 {r['bare_p95'] * 1000:.0f}): {r['paint'] / r['bare']:.2f}× (target ≤ 1.5×)"
    )
    print(
        f"first keystroke (a query typed as soon as the reader is drawn, {r['first_query']!r}) → "
        f"its answer on screen: p50 {r['first_keystroke'] * 1000:.0f} ms, "
        f"p95 {r['first_keystroke_p95'] * 1000:.0f} ms"
    )
    print(f"load average (1 min) during the run: {', '.join(f'{x:.2f}' for x in r['load'])}")
    for line in r["failed"]:
        print(f"FAILED: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="?", type=Path, default=DEFAULT_DAYS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="30 days, 2 queries, 1 round")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "tmux_latency.json")
    args = parser.parse_args()
    if not shutil.which("tmux"):
        raise SystemExit("tmux is needed")
    from corpora import copy_days

    with tempfile.TemporaryDirectory(prefix="dp-lat-") as tmp:
        work = Path(tmp)
        library = copy_days(args.days, work / "days", count=30 if args.smoke else None)
        index_dir = work / "ix"
        queries = held_out_queries(library, index_dir, 2 if args.smoke else args.queries)
        result = measure(library, index_dir, 1 if args.smoke else args.rounds, queries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    report(result)


if __name__ == "__main__":
    main()
