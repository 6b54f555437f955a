"""The speed benchmark: dailypapers side by side with SQLite FTS5 and grep, on real days.

    python benchmarks/run.py [DAYS_DIR] [--runs N] [--no-x10] [--smoke] [--out FILE]

Builds its libraries in a temporary directory from ../shared/corpora/hf-daily-api-dumps
(580 days, 9,881 papers) and a ×10 library (~99k papers), measures each figure as a
median of several runs, prints one table and writes the figures to a JSON file.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import fts5  # noqa: E402
from corpora import copy_days, make_x10  # noqa: E402

from dailypapers.index import PaperIndex  # noqa: E402

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
COMMAND = [sys.executable, "-m", "dailypapers.tui.cli"]
QUERIES = [
    "diffusion",
    "reinforcement learning",
    "large language model reasoning",
    "vision transformer",
    "video generation",
    "mixture of experts",
    "retrieval augmented generation",
    "speculative decoding",
    "3d gaussian splatting",
    "reward model",
    "chain of thought",
    "multimodal benchmark",
    "quantization",
    "robot manipulation",
    "text to image",
    "long context",
    "agents tool use",
    "preference optimization",
    "scaling laws",
    "hallucination",
]
TYPED = ["diffusion", "reasoning", "transformer"]  # typed letter by letter: d, di, dif, ...


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else float("nan")


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    return time.perf_counter() - start


def ours(library: Path, index_dir: Path, *args: str) -> list[str]:
    return [*COMMAND, "--library", str(library), "--index-dir", str(index_dir), *args]


def interactive_queries() -> list[str]:
    typed = [w[:n] for w in TYPED for n in range(2, len(w) + 1)]
    return QUERIES + typed


# -- measures ------------------------------------------------------------------


def measure_build(library: Path, work: Path, runs: int) -> dict:
    ours_times, fts_times = [], []
    for i in range(runs):
        ix = work / f"build-{i}"
        ours_times.append(timed(ours(library, ix, "index")))
        db = work / f"fts-{i}.db"
        fts_times.append(timed([sys.executable, str(HERE / "fts5.py"), "build", str(library), str(db)]))
        if i < runs - 1:
            shutil.rmtree(ix)
    return {
        "ours": median(ours_times),
        "fts5": median(fts_times),
        "index_dir": str(work / f"build-{runs - 1}"),
        "db": str(work / f"fts-{runs - 1}.db"),
    }


def measure_noop(library: Path, index_dir: Path, runs: int) -> dict:
    return {"ours": median([timed(ours(library, index_dir, "index")) for _ in range(runs)])}


def measure_add(library: Path, index_dir: Path, db: str, spare: Path, runs: int) -> dict:
    ours_times, fts_times = [], []
    target = library / spare.name
    for _ in range(runs):
        shutil.copy(spare, target)
        ours_times.append(timed(ours(library, index_dir, "index")))
        target.unlink()
        timed(ours(library, index_dir, "index"))  # restore, not timed
        fts_times.append(timed([sys.executable, str(HERE / "fts5.py"), "add", db, str(spare)]))
    return {"ours": median(ours_times), "fts5": median(fts_times)}


def measure_oneshot(library: Path, index_dir: Path, db: str, runs: int) -> dict:
    ours_times, fts_times, grep_times = [], [], []
    for query in QUERIES[:6]:
        for _ in range(runs):
            ours_times.append(timed(ours(library, index_dir, "search", query)))
            fts_times.append(timed([sys.executable, str(HERE / "fts5.py"), "search", db, query]))
            grep_times.append(timed_grep(query.split()[0], library))
    return {"ours": median(ours_times), "fts5": median(fts_times), "grep": median(grep_times)}


def timed_grep(word: str, library: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["grep", "-ril", word, str(library)], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def measure_latency(library: Path, index_dir: Path, db: str, rounds: int = 3) -> dict:
    """Query latency as the reader searches (limit 50, totals not forced), ours beside FTS5's.

    Warm: the query was just run, so every word of it has been scored (the per-word cache).
    Cold: the cache emptied before each query (the searcher, its field lengths and the
    vocabulary stay loaded, as in the reader). Typing: each of QUERIES typed letter by letter,
    every keystroke timed, the cache emptied before each query's first letter. The three are
    taken in turn, `rounds` times: the machine is shared, and its load moves.
    """
    pix = PaperIndex(library, index_dir)
    pix.update()
    queries = interactive_queries()
    keystrokes = [[q[:n] for n in range(1, len(q) + 1)] for q in QUERIES]
    connection = fts5.sqlite3.connect(db)
    for q in queries:  # load the searcher, its lengths, the vocabulary; and FTS5's pages
        pix.search(q)
        fts5.search(connection, q, limit=50)
    times: dict[str, list[float]] = {name: [] for name in ("warm", "cold", "typing", "fts5", "fts5_typing")}

    def ours(q: str) -> float:
        return timed_call(lambda: pix.search(q, limit=50))

    for _ in range(rounds):
        for q in queries:
            ours(q)
            times["warm"].append(ours(q))
        for q in queries:
            pix.forget_scores()
            times["cold"].append(ours(q))
        for typed in keystrokes:
            pix.forget_scores()
            times["typing"] += [ours(q) for q in typed]
        for q in queries:
            times["fts5"].append(timed_call(lambda q=q: fts5.search(connection, q, limit=50)))
        for typed in keystrokes:
            times["fts5_typing"] += [
                timed_call(lambda q=q: fts5.search(connection, q, limit=50)) for q in typed
            ]
    pix.close()
    found = {"queries": len(queries), "keystrokes": sum(map(len, keystrokes))}
    for name, values in times.items():
        key = {"warm": "ours"}.get(name, name)
        found[f"{key}_p50"], found[f"{key}_p95"] = median(values), p95(values)
    return found


FUZZY = [
    "transfomer~2 architecture",
    "difusion~2",
    "reinforcment~2 learning",
    "halucination~2",
    "retreival~2 augmented",
    "gausian~2 splatting",
    "speculativ~1 decoding",
    "pre*",
    "diffus* model",
    "quantiz*",
]


def measure_parsing(days: list[Path], rounds: int = 5) -> dict:
    """Reading the library's files into snapshots beside a bare `json.loads` loop over the same
    files, in turn, CPU seconds (the files are in the page cache after the first round)."""
    import json as json_module

    from dailypapers.index.reading.files import read_snapshot

    bare, ours = [], []
    for _ in range(rounds):
        start = time.process_time()
        for path in days:
            json_module.loads(path.read_bytes())
        bare.append(time.process_time() - start)
        start = time.process_time()
        for path in days:
            read_snapshot(path)
        ours.append(time.process_time() - start)
    return {"ours": median(ours), "bare": median(bare), "files": len(days)}


def measure_fuzzy(library: Path, index_dir: Path, rounds: int = 3, whoosh: bool = True) -> dict:
    """Fuzzy terms and prefixes through the exact scorer (expanded with rapidfuzz), cold (scores
    forgotten before each query; the term list stays loaded, as in the reader), beside Whoosh
    ranking the same queries itself (limit=None, as the engine asked before: once each, it takes
    seconds), and the index's segment count."""
    from dailypapers.index.search.engine import query_parser
    from dailypapers.index.store import whooshlib as wl

    pix = PaperIndex(library, index_dir)
    pix.update()
    pix.search(FUZZY[0])  # the term lists read once per searcher
    times = []
    for _ in range(rounds):
        for q in FUZZY:
            pix.forget_scores()
            times.append(timed_call(lambda q=q: pix.search(q, limit=50)))
    found = {"ours_p50": median(times), "ours_p95": p95(times), "queries": len(FUZZY)}
    searcher = pix._index._searcher
    if whoosh:
        parse = query_parser(searcher.schema, wl.qparser.AndGroup).parse
        theirs = [timed_call(lambda q=q: searcher.search(parse(q), limit=None, terms=True)) for q in FUZZY]
        found["whoosh_p50"], found["whoosh_p95"] = median(theirs), p95(theirs)
    pix.close()
    return found


def segments_of(library: Path, index_dir: Path) -> dict:
    """How many segments a fresh full build wrote (every query walks each)."""
    pix = PaperIndex(library, index_dir)
    found = {"count": len(pix._index._searcher.reader().leaf_readers()), "papers": len(pix)}
    pix.close()
    return found


def print_build_rows(r: dict) -> None:
    """The rows of the build half of issue 15: parsing, segments, fuzzy queries."""
    if "parsing" in r:
        pa = r["parsing"]
        print(
            row(
                f"parsing {pa['files']} files (CPU)",
                pa["ours"],
                pa["bare"],
                "s",
                "≤ 2× json.load (issue 15)",
                "json.load",
                2,
            )
        )
    if "segments" in r:
        n = r["segments"]["count"]
        print(
            f"| segments of the full build | {n} | — | — | 1 (under ~50k papers) | "
            f"{'yes' if n == 1 else 'no'} |"
        )
    if "fuzzy" in r:
        fz = r["fuzzy"]
        base = fz.get("whoosh_p50")
        print(row("fuzzy/prefix query p50, cold (in process)", fz["ours_p50"], base, "s", "—", "Whoosh"))
        print(
            row(
                "fuzzy/prefix query p95, cold (in process)",
                fz["ours_p95"],
                fz.get("whoosh_p95"),
                "s",
                "≤ 50 ms",
                "Whoosh",
                0.050,
            )
        )


def timed_call(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


# -- the reader ------------------------------------------------------------------


_sessions = iter(range(1_000_000))


def _tmux_first_paint(command: str, marker: str, size=(120, 40), timeout: float = 30.0) -> float:
    name = f"dp-bench-{os.getpid()}-{next(_sessions)}"  # a fresh server each time: no shutdown races
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "-L",
            name,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            command,
        ],
        check=True,
    )
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "-L", name, "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"no {marker!r} on screen after {timeout}s")
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


def _reader_env(library: Path, index_dir: Path) -> str:
    """The reader's environment: this library, and marks of its own (never the user's)."""
    marks = index_dir.parent / "bench-marks.sqlite3"
    return f"env DAILYPAPERS_LIBRARY={library} DAILYPAPERS_MARKS={marks} TERM=xterm-256color"


def measure_first_paint(library: Path, index_dir: Path, runs: int) -> dict:
    env = _reader_env(library, index_dir)
    reader = f"{env} {sys.executable} -m dailypapers.tui.cli --index-dir {index_dir}"
    bare = f"{env} {sys.executable} {HERE / 'bare_app.py'}"
    os.chdir(ROOT)
    window: list[float] = []
    loaded: list[float] = []
    baseline: list[float] = []
    for _ in range(runs):  # alternating: the machine's load moves
        baseline.append(_tmux_first_paint(bare, "Snapshots"))
        window.append(_tmux_first_paint(reader, "Lists"))  # (the footer's b Lists)
        loaded.append(_tmux_first_paint(reader, "· newest"))  # (the newest day listed)
    return {"ours": median(window), "ours_loaded": median(loaded), "bare": median(baseline), "runs": runs}


def measure_rss(library: Path, index_dir: Path) -> float:
    """Peak RSS (MB) of the reader after loading the library and answering a few queries."""
    name = f"dp-rss-{os.getpid()}"
    env = _reader_env(library, index_dir)
    cmd = f"{env} {sys.executable} -m dailypapers.tui.cli --index-dir {index_dir}"
    subprocess.run(
        ["tmux", "-L", name, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", cmd],
        check=True,
        cwd=ROOT,
    )
    try:
        pid = subprocess.run(
            ["tmux", "-L", name, "list-panes", "-F", "#{pane_pid}"], capture_output=True, text=True
        ).stdout.split()[0]
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:
            screen = subprocess.run(
                ["tmux", "-L", name, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if "papers ·" in screen and "indexing" not in screen:
                break
            time.sleep(0.2)
        # Then until the start-up's work is done (the catch-up, the picks for you run after the
        # list is shown and make the peak): the peak unchanged for 3 s.
        status_file = Path(f"/proc/{pid}/status")
        last, still = -1, 0
        while time.perf_counter() < deadline and still < 3:
            time.sleep(1.0)
            peak = next(line for line in status_file.read_text().splitlines() if line.startswith("VmHWM"))
            still, last = (still + 1, last) if peak == last else (0, peak)
        for query in ("diffusion", "language model", "transformer"):
            subprocess.run(["tmux", "-L", name, "send-keys", "/", query, "Enter"])
            time.sleep(1.0)
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024
    finally:
        subprocess.run(["tmux", "-L", name, "kill-server"], capture_output=True)


async def _keystrokes(library: Path, index_dir: Path, rounds: int) -> list[float]:
    from textual import events

    from dailypapers.index.marks.db import Marks
    from dailypapers.tui.app import DailyPapersApp
    from dailypapers.tui.screens import MainScreen

    app = DailyPapersApp(
        PaperIndex(library, index_dir), marks=Marks(index_dir.parent / "bench-marks.sqlite3")
    )
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        while not (isinstance(screen, MainScreen) and screen.state.ready):
            await pilot.pause(0.05)
            screen = app.screen
        await pilot.press("slash")
        for query in QUERIES * rounds:
            box = screen.query_one("#search")
            box.value = query[:-1]
            box.cursor_position = len(box.value)
            await pilot.pause(0.2)
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            app.post_message(events.Key(query[-1], query[-1]))
            deadline = time.perf_counter() + 10
            while not _shows(screen, query) and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            await pilot.pause()  # the frame with the results
            times.append(time.perf_counter() - start)
    return times


def _shows(screen, query: str) -> bool:
    """The screen holds the answer to `query`."""
    found = screen.state.found
    return found is not None and found.request.text == query


def measure_keystroke(library: Path, index_dir: Path, rounds: int = 2) -> dict:
    """The last letter of each query typed (the rest typed and searched before), to the frame
    with its results, in Textual's pilot (headless, 120x40)."""
    times = asyncio.run(_keystrokes(library, index_dir, rounds))
    return {"p50": median(times), "p95": p95(times), "keystrokes": len(times)}


def measure_tmux(library: Path, index_dir: Path, rounds: int) -> dict:
    """Issue 26's reader figures in a real terminal (see `tmux_latency.py`): held-out queries
    typed, keystroke → wanted paper on screen, and first paint beside a bare Textual app,
    alternating, with the load average."""
    import tmux_latency

    queries = tmux_latency.held_out_queries(library, index_dir, 10)
    return tmux_latency.measure(library, index_dir, rounds, queries)


def _wall_and_peak(cmd: list[str]) -> tuple[float, float]:
    """A command's wall time (s), then its peak RSS (MB) from GNU time run apart (`wait4` here
    would say this process's size: Linux keeps the high-water mark of the memory a child
    starts in, and Python starts children in its own); NaN without `/usr/bin/time`."""
    wall = timed(cmd)
    peak = float("nan")
    if Path("/usr/bin/time").exists():
        with tempfile.NamedTemporaryFile("r") as out:
            timed(["/usr/bin/time", "-f", "%M", "-o", out.name, *cmd])
            peak = int(out.read().split()[-1]) / 1024
    return wall, peak


JUNK_MB = 100


def measure_junk(library: Path, index_dir: Path, work: Path, runs: int) -> dict:
    """Issue 26's last row: the same library with a 100 MB junk `.md` beside its days (made of
    random words, as a stray export would be), then the later commands (`search`, `snapshots`)
    alternating with the library without it: wall and peak RSS."""
    import random

    junk_lib = work / "junk-lib"
    junk_lib.mkdir()
    for day in library.iterdir():
        try:
            os.link(day, junk_lib / day.name)
        except OSError:
            shutil.copy(day, junk_lib / day.name)
    rng = random.Random(26)
    words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(3, 9))) for _ in range(5000)]
    with open(junk_lib / "junk.md", "w") as out:
        written = 0
        while written < JUNK_MB * 1_000_000:
            line = " ".join(rng.choices(words, k=12)) + "\n"
            written += out.write(line)
    junk_ix = work / "junk-ix"
    first = _wall_and_peak(ours(junk_lib, junk_ix, "index"))
    figures: dict = {"first": first[0], "first_mb": first[1]}
    for name, args in (("search", ("search", "diffusion")), ("snapshots", ("snapshots",))):
        plain, junk = [], []
        for _ in range(runs):  # alternating: the machine's load moves
            plain.append(_wall_and_peak(ours(library, index_dir, *args)))
            junk.append(_wall_and_peak(ours(junk_lib, junk_ix, *args)))
        figures[name] = {
            "plain": median([w for w, _ in plain]),
            "junk": median([w for w, _ in junk]),
            "plain_mb": max(m for _, m in plain),
            "junk_mb": max(m for _, m in junk),
        }
    return figures


def measure_captures(days: Path, work: Path, runs: int, count: int | None) -> dict:
    """The days rendered as page captures: parsing, and the whole build, beside a bare FTS5
    loader of the same files (see `captures_build.py`)."""
    import captures_build

    captures_build.render(days, work / "captures", count)
    return captures_build.measure(work / "captures", work, runs)


def measure_x10(days: Path, work: Path) -> dict:
    big = make_x10(days, work / "x10")
    start = time.perf_counter()
    subprocess.run(ours(big, work / "x10-ix", "index"), check=True, stderr=subprocess.DEVNULL, cwd=ROOT)
    big_build = time.perf_counter() - start
    start = time.perf_counter()
    fts5.build(big, work / "x10.db").close()
    result = {
        "papers": len(PaperIndex(big, work / "x10-ix")),
        "build": big_build,
        "fts5_build": time.perf_counter() - start,
        "latency": measure_latency(big, work / "x10-ix", str(work / "x10.db"), rounds=2),
    }
    if shutil.which("tmux"):
        result["rss_mb"] = measure_rss(big, work / "x10-ix")
    return result


def _section(results: dict, name: str, measure) -> None:
    """Run one measure; a failure is recorded and the rest of the run goes on."""
    try:
        results[name] = measure()
    except Exception as exc:
        print(f"{name} failed: {exc!r}", file=sys.stderr, flush=True)
        results.setdefault("failed", {})[name] = repr(exc)


# -- the table -------------------------------------------------------------------


def row(
    name: str,
    ours_value: float,
    theirs: float | None,
    unit: str,
    target: str,
    label: str = "",
    limit: float | None = None,
) -> str:
    """One line of the table; `limit` is the target as a number (seconds, MB, or a ratio when
    the target is "× baseline"), to say whether it is met."""

    def fmt(v: float | None) -> str:
        if v is None:
            return "—"
        return (
            f"{v * 1000:.1f} ms" if unit == "s" and v < 1 else f"{v:.2f} s" if unit == "s" else f"{v:.0f} MB"
        )

    ratio = f"{ours_value / theirs:.2f}×" if theirs else "—"
    met = "—"
    if limit is not None:
        value = ours_value / theirs if "×" in target and theirs else ours_value
        met = "yes" if value <= limit else "no"
    return f"| {name} | {fmt(ours_value)} | {fmt(theirs)} {label} | {ratio} | {target} | {met} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="?", type=Path, default=DEFAULT_DAYS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-x10", action="store_true", help="skip the ~100k-paper library")
    parser.add_argument("--smoke", action="store_true", help="a tiny run (CI): 30 days, 1 run, no reader")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    args = parser.parse_args()
    if not args.days.is_dir():
        raise SystemExit(f"no days directory at {args.days}")
    runs = 1 if args.smoke else args.runs
    # Bytecode as an installed copy has it (pip and pipx compile it): with PYTHONDONTWRITEBYTECODE
    # set, or a fresh checkout, each process would compile every module again (~80 ms).
    compileall.compile_dir(ROOT / "index", quiet=1)
    compileall.compile_dir(ROOT / "tui", quiet=1)
    machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_start": os.getloadavg()}
    results: dict = {"machine": machine, "runs": runs}
    with tempfile.TemporaryDirectory(prefix="dp-bench-") as tmp:
        work = Path(tmp)
        files = sorted(args.days.glob("*.json"))
        spare = files[-1]
        lib = copy_days(args.days, work / "real", count=30 if args.smoke else None)
        (lib / spare.name).unlink(missing_ok=True)
        say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
        say(f"library: {len(list(lib.iterdir()))} days")
        build = results["build"] = measure_build(lib, work, min(runs, 3))
        ix, db = Path(build["index_dir"]), build["db"]
        _section(results, "segments", lambda: segments_of(lib, ix))
        say("build done")
        results["noop"] = measure_noop(lib, ix, runs)
        results["add"] = measure_add(lib, ix, db, spare, runs)
        say("update done")
        results["oneshot"] = measure_oneshot(lib, ix, db, 1 if args.smoke else 3)
        results["latency"] = measure_latency(lib, ix, db)
        _section(results, "junk", lambda: measure_junk(lib, ix, work, 1 if args.smoke else runs))
        _section(
            results, "parsing", lambda: measure_parsing(sorted(lib.glob("*.json")), 1 if args.smoke else 5)
        )
        _section(results, "fuzzy", lambda: measure_fuzzy(lib, ix, 1 if args.smoke else 3, not args.smoke))
        say("queries done")
        _section(
            results,
            "captures",
            lambda: measure_captures(args.days, work / "cap", min(runs, 3), 10 if args.smoke else None),
        )
        say("page captures done")
        if not args.smoke and shutil.which("tmux"):
            _section(results, "first_paint", lambda: measure_first_paint(lib, ix, 3 * runs))
            _section(results, "keystroke", lambda: measure_keystroke(lib, ix))
            _section(results, "tmux", lambda: measure_tmux(lib, ix, runs))
            say("reader done")
        if not args.smoke and not args.no_x10:
            _section(results, "x10", lambda: measure_x10(args.days, work))
            say("x10 done")
    machine["load_end"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print_table(results)
    print(f"\nfigures written to {args.out}")


def print_table(r: dict) -> None:
    m = r["machine"]
    if "load_start" in m:
        loads = [f"{x:.2f}" for x in (*m["load_start"], *m.get("load_end", ()))]
        start, end = ", ".join(loads[:3]), ", ".join(loads[3:])
        print(f"load average (1, 5, 15 min) at the start: {start}; at the end: {end}")
    print("| measure | dailypapers | baseline | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    b = r["build"]
    print(row("full build (whole process)", b["ours"], b["fts5"], "s", "≤ 4× FTS5 (issue 15)", "FTS5", 4))
    print(row("`index`, nothing changed", r["noop"]["ours"], None, "s", "≤ 0.5 s", limit=0.5))
    print(row("add one day's file", r["add"]["ours"], r["add"]["fts5"], "s", "≤ 1 s", "FTS5", 1.0))
    one = r["oneshot"]
    oneshot_target = "≤ 2.5× FTS5 (issue 26)"
    print(row("one-shot search process", one["ours"], one["fts5"], "s", oneshot_target, "FTS5", 2.5))
    print(row("one-shot search vs grep -ril", one["ours"], one["grep"], "s", "—", "grep"))
    if "junk" in r:
        j = r["junk"]
        for name in ("search", "snapshots"):
            f = j[name]
            print(
                row(
                    f"`{name}` with a {JUNK_MB} MB junk file",
                    f["junk"],
                    f["plain"],
                    "s",
                    "≈ 1× without (issue 26)",
                    "without",
                )
            )
            print(
                row(
                    f"`{name}` with it: peak RSS",
                    f["junk_mb"],
                    f["plain_mb"],
                    "MB",
                    "≈ 1× without (issue 26)",
                    "without",
                )
            )
    lat = r["latency"]
    for name, key, base, target, limit in (
        ("query p50, warm (in process)", "ours_p50", "fts5_p50", "—", None),
        ("query p95, warm (in process)", "ours_p95", "fts5_p95", "≤ 10 ms", 0.010),
        ("query p50, cold (in process)", "cold_p50", "fts5_p50", "—", None),
        ("query p95, cold (in process)", "cold_p95", "fts5_p95", "≤ 30 ms", 0.030),
        ("query p50, typing (each keystroke)", "typing_p50", "fts5_typing_p50", "—", None),
        ("query p95, typing (each keystroke)", "typing_p95", "fts5_typing_p95", "—", None),
    ):
        if key in lat:
            print(row(name, lat[key], lat[base], "s", target, "FTS5", limit))
    print_build_rows(r)
    if "captures" in r:
        c = r["captures"]
        label = f"bare FTS5 loader ({c['files']} files)"
        print(row("page captures: parsing (CPU)", c["parse_cpu"], c["bare_cpu"], "s", "—", label))
        for name, key, base in (("CPU", "build_cpu", "loader_cpu"), ("wall", "build_wall", "loader_wall")):
            what = f"page captures: full build ({name})"
            print(row(what, c[key], c[base], "s", "≤ 12× (issue 26)", label, 12))
    if "first_paint" in r:
        fp = r["first_paint"]
        target = "≤ 1.3× (issue 15)"
        print(row("reader first paint (tmux)", fp["ours"], fp["bare"], "s", target, "bare Textual", 1.3))
        print(row("reader: library listed (tmux)", fp["ours_loaded"], fp["bare"], "s", "—", "bare Textual"))
    if "keystroke" in r:
        ks = r["keystroke"]
        print(row("keystroke → results p50", ks["p50"], None, "s", "—"))
        print(row("keystroke → results p95", ks["p95"], None, "s", "≤ 100 ms (issue 15, pilot)", limit=0.100))
    if "tmux" in r:
        t = r["tmux"]
        load = f"load {min(t['load']):.1f}–{max(t['load']):.1f}"
        print(
            row(f"keystroke → wanted paper on screen p50 (tmux, {load})", t["keystroke_p50"], None, "s", "—")
        )
        print(
            row(
                "keystroke → wanted paper on screen p95 (tmux)",
                t["keystroke_p95"],
                None,
                "s",
                "≤ 100 ms (issue 26)",
                limit=0.1,
            )
        )
        print(
            row(
                f"first paint (tmux, alternating, {len(t.get('paints', [])) or t['rounds']} each)",
                t["paint"],
                t["bare"],
                "s",
                "≤ 1.5× bare (issue 26)",
                "bare Textual",
                1.5,
            )
        )
        if "first_keystroke" in t:
            print(row("a query typed at first paint → answered (tmux)", t["first_keystroke"], None, "s", "—"))
    if "x10" in r:
        x = r["x10"]
        xl = x["latency"]
        print(row(f"×10 full build ({x['papers']:,} papers)", x["build"], x["fts5_build"], "s", "—", "FTS5"))
        print(row("×10 query p50, warm", xl["ours_p50"], xl["fts5_p50"], "s", "—", "FTS5"))
        print(row("×10 query p95, warm", xl["ours_p95"], xl["fts5_p95"], "s", "≤ 40 ms", "FTS5", 0.040))
        if "cold_p95" in xl:
            print(row("×10 query p95, cold", xl["cold_p95"], xl["fts5_p95"], "s", "—", "FTS5"))
            print(row("×10 query p95, typing", xl["typing_p95"], xl["fts5_typing_p95"], "s", "—", "FTS5"))
        if "rss_mb" in x:
            print(row("×10 reader peak RSS", x["rss_mb"], None, "MB", "≤ 200 MB", limit=200))


if __name__ == "__main__":
    main()
