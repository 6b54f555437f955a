"""First paint in tmux, timed in the process too: when the terminal driver started, when the
first frame was handed to it and written by its writer thread, when the after-paint threads
started, beside when the frame was on the tmux screen and when the newest day was listed.

    python benchmarks/paint_trace.py [--rounds N] [--library DAYS] [--index-dir IX] CHECKOUT...

Each CHECKOUT is `LABEL=DIR` (run with DIR/.venv/bin/python in DIR) or `LABEL=DIR:PYTHONPATH`
(an exported tree run with this interpreter and PYTHONPATH, e.g. an older commit); `bare` is
benchmarks/bare_app.py. Rounds alternate the checkouts. The in-process times are milliseconds
from the interpreter's start of this file's harness (`--child`), which patches Textual's
private `App._display` and `WriterThread.run` to look (a benchmark: nothing else may).
Wall-clock figures follow the machine's load; the intervals from the driver's start are the
steadier ones. The index must be built (`dailypapers --library DAYS --index-dir IX index`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(out: str, kind: str, args: list[str]) -> None:
    """The harness, in the process measured (run inside tmux)."""
    t0, events, lock = time.perf_counter(), {}, threading.Lock()

    def mark(name: str, value: float | None = None) -> None:
        with lock:
            events.setdefault(name, round((time.perf_counter() - t0) * 1000, 1) if value is None else value)
            Path(out + ".tmp").write_text(json.dumps(events))
            os.replace(out + ".tmp", out)

    from textual.app import App
    from textual.drivers import _writer_thread

    handed = [False]

    def run(self) -> None:  # Textual's WriterThread.run, marking the first frame written
        write, flush, get, qsize = self._file.write, self._file.flush, self._queue.get, self._queue.qsize
        while (text := get()) is not None:
            write(text)
            if handed[0] and len(text) > 1000:
                mark("frame_written")
                mark("frame_has_lists", float("Lists" in text))
            if qsize() == 0:
                flush()
        flush()

    display = App._display

    def shown(self, screen, renderable) -> None:
        main = kind == "bare" or type(screen).__name__ == "MainScreen"
        if renderable is not None and main and not self._batch_count and not handed[0]:
            mark("handed")
            handed[0] = True
        display(self, screen, renderable)

    start = threading.Thread.start

    def started(self) -> None:
        if self.name != "textual-output":
            mark("thread:" + self.name.split("_")[0])
        start(self)

    _writer_thread.WriterThread.run, App._display, threading.Thread.start = run, shown, started
    if kind == "bare":
        import runpy

        sys.argv = [str(HERE / "bare_app.py")]
        runpy.run_path(sys.argv[0], run_name="__main__")
    else:
        from dailypapers.tui.cli import main

        sys.argv = ["dailypapers", "--library", args[0], "--index-dir", args[1]]
        main()


def command(label: str, where: str, out: Path, library: Path, index_dir: Path) -> str:
    me = Path(__file__).resolve()
    if label == "bare":
        return f"env TERM=xterm-256color {sys.executable} {me} --child {out} bare"
    folder, _, path = where.partition(":")
    python = f"env PYTHONPATH={path} {sys.executable}" if path else f"{folder}/.venv/bin/python"
    marks = out.with_suffix(".marks.sqlite3")
    env = f"env DAILYPAPERS_MARKS={marks} TERM=xterm-256color"
    return f"cd {folder} && {env} {python} {me} --child {out} reader {library} {index_dir}"


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    sys.path.insert(0, str(HERE))
    from tmux_latency import DEFAULT_DAYS, Terminal

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", help="bare, or LABEL=DIR[:PYTHONPATH]")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--library", type=Path, default=DEFAULT_DAYS)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=Path("/tmp/dp-paint-trace"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[dict]] = {}
    load = [os.getloadavg()[0]]
    for _ in range(args.rounds):
        for checkout in args.checkouts:
            label, _, where = checkout.partition("=")
            out = args.work / f"{label}.json"
            out.unlink(missing_ok=True)
            term = Terminal(command(label, where, out, args.library, args.index_dir))
            try:
                marker = "Snapshots" if label == "bare" else "Lists"
                row = {"tmux": term.wait(lambda s, marker=marker: marker in s)}
                if label != "bare":
                    row["newest"] = term.wait(lambda s: "· newest" in s)
                time.sleep(0.3)
            finally:
                term.close()
            row = {k: v * 1000 for k, v in row.items()} | json.loads(out.read_text())
            base = row.get("thread:textual-input", float("nan"))
            for key in ("handed", "frame_written"):
                row[f"{key} after the driver"] = row.get(key, float("nan")) - base
            runs.setdefault(label, []).append(row)
        load.append(os.getloadavg()[0])
    loads = ", ".join(f"{x:.2f}" for x in load)
    print(f"medians of {args.rounds} alternating rounds, ms (load average {loads})")
    for label, rows in runs.items():
        keys = [k for k in rows[0] if k != "frame_has_lists"]
        medians = {k: round(statistics.median(r.get(k, float("nan")) for r in rows)) for k in keys}
        lists = sum(r.get("frame_has_lists", 0) for r in rows)
        print(f"{label}: {medians} (first frame written with `Lists`: {lists:.0f}/{len(rows)})")


if __name__ == "__main__":
    main()
