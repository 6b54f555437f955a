"""Page-capture builds: the 580 real days rendered as saved page text, read and indexed.

    python benchmarks/captures_build.py [DAYS_DIR] [--runs N] [--smoke] [--dump FILE]

Each day is rendered by the test suite's page renderer (`tests/captures.py::page`) in one of
its five layouts in turn (the site's text, compact, noisy, a browser extension's Markdown,
`lynx -dump`), every other day hard-wrapped at 80 columns (a greedy wrapper). Measured, runs
alternating: CPU seconds to parse every file (`parse_snapshot`) beside a bare FTS5 loader
(each file's text read and inserted as one row, in a process that imports `sqlite3` only),
and the whole `dailypapers index` process beside that loader's process. `--dump FILE` writes
what every file parsed into (entries, skipped blocks, furniture, date, problems) as JSON, to
compare two versions of the readers: they must be identical.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
LAYOUTS = ("blank", "compact", "noisy", "markdown", "lynx")


def render(days: Path, into: Path, count: int | None = None) -> list[Path]:
    """The days as page captures in `into` (layouts in turn, every other one wrapped at 80)."""
    from captures import greedy, page

    from dailypapers.index.reading.files import read_snapshot, snapshot_files

    files = snapshot_files(days)[:count] if count else snapshot_files(days)
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for i, path in enumerate(files):
        snap = read_snapshot(path)
        papers = [(e.title, e.abstract) for e in snap.entries if e.abstract]
        layout = LAYOUTS[i % len(LAYOUTS)]
        text = page(papers, layout, greedy if i % 2 else None, 80)
        out = into / f"{path.stem}.{'md' if layout == 'markdown' else 'txt'}"
        out.write_text(text, "utf-8")
        written.append(out)
    return written


def parsed(files: list[Path]) -> dict:
    """What each file parsed into, as JSON."""
    from dailypapers.index.reading.files import parse_snapshot

    found = {}
    for path in files:
        snap = parse_snapshot(path.read_bytes(), path.name, path.stem)
        found[path.name] = {
            "date": snap.date,
            "entries": [[e.title, e.abstract, e.position] for e in snap.entries],
            "skipped": [s.to_json() for s in snap.skipped],
            "furniture": snap.furniture,
            "problems": [p.to_json() for p in snap.problems],
        }
    return found


def bare_load(files: list[Path], db: Path) -> None:
    """The bare FTS5 loader: each file's text, one row."""
    connection = sqlite3.connect(db)
    connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS f USING fts5(name UNINDEXED, body, tokenize='porter')"
    )
    connection.executemany(
        "INSERT INTO f VALUES (?, ?)", [(p.name, p.read_bytes().decode("utf-8", "replace")) for p in files]
    )
    connection.commit()
    connection.close()


def _cpu(call) -> float:
    start = time.process_time()
    call()
    return time.process_time() - start


def _process(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU of the process and its children) seconds."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def measure(library: Path, work: Path, runs: int) -> dict:
    from dailypapers.index.reading.files import parse_snapshot

    files = sorted(library.iterdir())
    data = [(p.read_bytes(), p.name, p.stem) for p in files]
    ours_parse, bare_parse, ours_build, bare_build = [], [], [], []
    load = [os.getloadavg()[0]]
    for i in range(runs):  # alternating: the machine's load moves
        bare_parse.append(_cpu(lambda i=i: bare_load(files, work / f"bare-{i}.db")))
        ours_parse.append(_cpu(lambda: [parse_snapshot(*d) for d in data]))
        loader = [sys.executable, str(Path(__file__)), "--load", str(library), str(work / f"load-{i}.db")]
        bare_build.append(_process(loader))
        command = [sys.executable, "-m", "dailypapers.tui.cli", "--library", str(library)]
        ours_build.append(_process([*command, "--index-dir", str(work / f"ix-{i}"), "index"]))
        load.append(os.getloadavg()[0])
    med = statistics.median
    return {
        "files": len(files),
        "megabytes": sum(len(d[0]) for d in data) / 2**20,
        "parse_cpu": med(ours_parse),
        "bare_cpu": med(bare_parse),
        "build_wall": med(w for w, _ in ours_build),
        "build_cpu": med(c for _, c in ours_build),
        "loader_wall": med(w for w, _ in bare_build),
        "loader_cpu": med(c for _, c in bare_build),
        "runs": runs,
        "load": load,
    }


def report(r: dict) -> None:
    print(f"{r['files']} page captures, {r['megabytes']:.1f} MB; {r['runs']} alternating runs, medians")
    print(
        f"parse (CPU): {r['parse_cpu']:.2f} s vs bare FTS5 load {r['bare_cpu']:.2f} s: "
        f"{r['parse_cpu'] / r['bare_cpu']:.1f}×"
    )
    print(
        f"full build, whole process: {r['build_wall']:.2f} s wall / {r['build_cpu']:.2f} s CPU vs bare "
        f"FTS5 loader {r['loader_wall']:.2f} s / {r['loader_cpu']:.2f} s: "
        f"{r['build_wall'] / r['loader_wall']:.1f}× wall, {r['build_cpu'] / r['loader_cpu']:.1f}× CPU "
        "(target ≤ 12×)"
    )
    print(f"load average (1 min) during the run: {', '.join(f'{x:.2f}' for x in r['load'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="?", type=Path, default=DEFAULT_DAYS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="20 days, 1 run")
    parser.add_argument("--dump", type=Path, help="write what every file parsed into (JSON) and stop")
    parser.add_argument("--load", nargs=2, type=Path, metavar=("LIBRARY", "DB"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "captures_build.json")
    args = parser.parse_args()
    if args.load:  # the bare loader's own process
        bare_load(sorted(args.load[0].iterdir()), args.load[1])
        return
    with tempfile.TemporaryDirectory(prefix="dp-cap-") as tmp:
        work = Path(tmp)
        files = render(args.days, work / "captures", 20 if args.smoke else None)
        if args.dump:
            args.dump.write_text(json.dumps(parsed(files), indent=1, ensure_ascii=False))
            print(f"{len(files)} files parsed into {args.dump}")
            return
        result = measure(work / "captures", work, 1 if args.smoke else args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    report(result)


if __name__ == "__main__":
    main()
