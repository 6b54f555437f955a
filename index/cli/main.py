"""The `dailypapers` command line. Never imports Textual: the reader is handed in."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..intake.add import IntakeError
from ..marks.db import Marks, MarksError, default_marks_path
from ..papers.model import Paper, Snapshot
from ..papers.views import SORTS, Sort, month_days, week_days
from ..search.highlight import snippet
from ..text import json_text
from ..text import shown as printable
from . import catchup as commands_catchup
from . import commands
from .paths import default_index_dir, default_library, fallback_index_dir

if TYPE_CHECKING:
    from ..paperindex import PaperIndex, Progress

# Opens the reader: given a function making the PaperIndex, the notices, the marks, whether
# the reader takes the mouse.
OpenReader = Callable[[Callable[[], "PaperIndex"], list[str], Marks, bool], int]


class UsageError(Exception):
    """A user error: one line on stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, not a usage dump
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dailypapers",
        description="Read and search saved Hugging Face Daily Papers snapshots. "
        "With no command, open the reader.",
    )
    parser.add_argument(
        "--library",
        type=Path,
        help="directory of snapshot files "
        "(default: $DAILYPAPERS_LIBRARY, else a library in your data directory)",
    )
    parser.add_argument(
        "--index-dir", type=Path, help="where the index lives (default: your cache directory)"
    )
    parser.add_argument(
        "--marks",
        type=Path,
        metavar="FILE",
        help="the marks database (default: $DAILYPAPERS_MARKS, else marks.sqlite3 in your data directory)",
    )
    parser.add_argument(
        "--mouse",
        action="store_true",
        help="the reader takes the mouse (click, scroll); by default the terminal keeps it, so "
        "selecting text works as usual",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser("index", help="bring the index up to date (progress on stderr)")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p = sub.add_parser("snapshots", help="one row per snapshot file")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("list", help="papers of the library, a snapshot, a week or a month")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--snapshot", metavar="ID")
    which.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W34 (sorted by upvotes)")
    which.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-08 (sorted by upvotes)")
    _sort_option(p, "page order; by upvotes for --week and --month")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("search", help="search titles and abstracts (Whoosh query syntax)")
    p.add_argument("query")
    p.add_argument("--snapshot", metavar="ID")
    p.add_argument("--limit", type=_positive, default=10, metavar="N")
    _sort_option(p, "relevance; newest first for a query with no words to rank by")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("show", help="one paper in full")
    p.add_argument("paper_id", metavar="PAPER_ID")
    p.add_argument("--json", action="store_true")
    commands.add_parsers(sub)
    commands_catchup.add_parsers(sub)
    return parser


def _sort_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("--sort", choices=SORTS, help=f"order (default: {default})")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv: list[str] | None = None, open_reader: OpenReader | None = None) -> int:
    try:
        return _main(build_parser().parse_args(argv), open_reader)
    except UsageError as exc:
        _err(f"error: {exc}")
        return 2
    except (IntakeError, MarksError) as exc:
        _err(f"error: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`: not an error
        return 0
    except OSError as exc:
        _err(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 1


def open_library(args: argparse.Namespace) -> tuple[Callable[[], PaperIndex], list[str]]:
    """A function making the PaperIndex the arguments name, and notices for the user (a
    usage error when there is no library). The index machinery is imported when it is called."""
    notices: list[str] = []
    if args.library is not None:
        library = args.library.expanduser()
    else:
        library, notice = default_library()
        if notice:
            notices.append(notice)
    if not library.is_dir():
        raise UsageError(f"library not found: {library}")
    index_dir = args.index_dir.expanduser() if args.index_dir else default_index_dir(library)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        (index_dir / "lock").touch()
    except OSError as exc:
        fallback = fallback_index_dir(library)
        notices.append(
            f"cannot write the index in {index_dir} ({exc.strerror or exc}); "
            f"using a temporary one in {fallback}"
        )
        index_dir = fallback
    return partial(_paper_index, library, index_dir), notices


def _paper_index(library: Path, index_dir: Path) -> PaperIndex:
    from ..paperindex import PaperIndex

    return PaperIndex(library, index_dir)


def open_marks(args: argparse.Namespace) -> Marks:
    path = args.marks or (
        Path(os.environ["DAILYPAPERS_MARKS"]) if os.environ.get("DAILYPAPERS_MARKS") else None
    )
    return Marks(path.expanduser() if path else default_marks_path())


def _main(args: argparse.Namespace, open_reader: OpenReader | None) -> int:
    make_index, notices = open_library(args)
    marks = open_marks(args)
    if args.command is None:
        if open_reader is None:
            raise UsageError("no command given")
        return open_reader(make_index, notices, marks, args.mouse)
    pix = make_index()
    for notice in notices:
        _err(notice)
    status, added = 0, []
    if args.command in ("add", "capture"):
        status, added = commands.intake(args, pix.library)
    procs = min(4, os.cpu_count() or 1)
    report = pix.update(
        rebuild=getattr(args, "rebuild", False), progress=_progress(args.command), procs=procs
    )
    for note in report.notes:
        _err(note)
    _report_problems(pix, verbose=args.command in ("index", "snapshots") or report.changed)
    if not any(rec.papers for rec in pix.snapshots()):
        raise UsageError(f"no readable snapshot in {pix.library}")
    if args.command in ("add", "capture"):
        for line in added:
            print(printable(line))
        total = len(pix)
        print(f"indexed in {report.seconds:.2f}s: {total} papers in {len(pix.snapshots())} snapshots")
        return status
    if args.command in MARK_COMMANDS:
        try:
            return MARK_COMMANDS[args.command](pix, args, marks)
        finally:
            marks.close()
    if args.command == "index":
        papers = len(pix)
        _err(
            f"{len(pix.snapshots())} snapshots, {papers} papers; "
            f"{len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.deleted)} removed in {report.seconds:.2f}s"
        )
        return 0
    return COMMANDS[args.command](pix, args)


def _progress(command: str) -> Progress | None:
    tty = sys.stderr.isatty()

    def show(done: int, total: int, snap: Snapshot) -> None:
        if tty:
            end = "" if done < total else "\n"
            name = _clip(printable(snap.file), 40)
            print(f"\rreading {done}/{total} {name:<40}", end=end, file=sys.stderr, flush=True)
        elif done == total or done % max(1, total // 10) == 0:
            print(f"reading {done}/{total}", file=sys.stderr)
        if done == total:
            print("writing the index…", file=sys.stderr, flush=True)

    return show if command == "index" or tty else None


def _report_problems(pix: PaperIndex, verbose: bool) -> None:
    problems = [p for p in pix.problems() if verbose or p.fatal]
    for p in problems:
        _err(("skipped " if p.fatal else "note: ") + str(p))


def _err(text: str) -> None:
    """One line on stderr; what it quotes (file names, snapshot text) is escaped."""
    print(f"dailypapers: {printable(text)}", file=sys.stderr)


def _dump(data: object) -> None:
    print(json_text(data))


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def _check_snapshot(pix: PaperIndex, sid: str | None) -> None:
    if sid is not None and sid not in pix.snapshot_order():
        raise UsageError(f"no snapshot {sid!r} (see 'dailypapers snapshots')")


def cmd_snapshots(pix: PaperIndex, args: argparse.Namespace) -> int:
    rows = pix.snapshots()
    if args.json:
        _dump(
            [
                {
                    "id": r.id,
                    "file": r.file,
                    "date": r.date,
                    "papers": r.papers,
                    "skipped": r.skipped,
                    "furniture": r.furniture,
                    "problems": [
                        {"line": p.line, "reason": p.reason, "fatal": p.fatal} for p in r.problem_list
                    ],
                }
                for r in rows
            ]
        )
        return 0
    width = _width()
    for r in rows:
        row = f"{_clip(printable(r.id), 36):<36} {printable(r.date or '—'):>12} {printable(r.account(pad=4))}"
        print(_clip(row, width))
    return 0


def cmd_list(pix: PaperIndex, args: argparse.Namespace) -> int:
    _check_snapshot(pix, args.snapshot)
    days, view = None, args.week or args.month
    if view:
        try:
            days = week_days(view) if args.week else month_days(view)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    sort = Sort(args.sort or (Sort.UPVOTES if view else Sort.PAGE))
    papers = pix.papers(args.snapshot, days=days, sort=sort)
    if args.json:
        _dump([p.to_json() for p in papers])
        return 0
    if view and not papers:
        _err(f"no papers in {view} ({days[0]} to {days[-1]})")
    width = _width()
    wanted = set(days or ())
    votes = max((len(_votes(p)) for p in papers), default=0)
    code = 3 if any(p.signals.github for p in papers) else 0
    for n, paper in enumerate(papers, start=1):
        apps = [a for a in paper.appearances if args.snapshot in (None, a.snapshot)]
        app = next((a for a in reversed(apps) if not wanted or a.date in wanted), None)
        where = ""
        if app:
            label = _clip(printable(app.date or app.snapshot), 20)
            where = f"#{app.position}" if args.snapshot else f"#{app.position} {label}"
        slots = [("</>" if paper.signals.github else "").ljust(code), _votes(paper).rjust(votes)]
        right = " ".join(slot for slot in [*slots, where] if slot)
        head = f"{n:4d}. "
        print(_clip(head + paper.title, width - len(right) - 1).ljust(width - len(right)) + right)
    return 0


def cmd_search(pix: PaperIndex, args: argparse.Namespace) -> int:
    _check_snapshot(pix, args.snapshot)
    sort = Sort(args.sort or Sort.RELEVANCE)
    result = pix.search(args.query, snapshot=args.snapshot, limit=args.limit, sort=sort)
    if args.json:
        _dump(result.to_json())
        return 0
    for note in result.notes:
        _err(note)
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    width = _width()
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    for n, hit in enumerate(result.hits, start=1):
        paper = hit.paper
        badges = _badges(paper)
        title = _clip(paper.title, width - 6 - len(badges))
        print(
            f"{n:3d}. {_link(title, paper.url, bold)}{' ' * (width - 5 - len(title) - len(badges))}{badges}"
        )
        signals = paper.signals
        value = {
            Sort.RELEVANCE: f"score {hit.score:.1f}",
            Sort.STARS: _count(signals.github.stars, "star")
            if signals.github and signals.github.stars
            else "",
            Sort.COMMENTS: _count(signals.comments, "comment") if signals.comments is not None else "",
        }.get(result.sort, "")
        print(_clip(f"     {_where(paper)}  id {paper.id}  {value}".rstrip(), width))
        text, marks = snippet(
            paper.abstract, pix.spans("abstract", paper.abstract, hit.terms), 3 * (width - 6)
        )
        for line in textwrap.wrap(_mark(text, marks, bold), width - 5):
            print("     " + line)
    print(count_line(result, args.limit))
    return 0


def count_line(result, limit: int | None = None) -> str:
    """ "10 of 1236 papers: 349 with all words, 887 with some (--limit 10)"; a sorted search
    names its order ("10 of 87 papers, most upvoted first")."""
    shown, total = len(result.hits), result.total
    line = f"{shown} of {total} papers"
    if result.sort is not Sort.RELEVANCE:
        line += f", {_ORDER_NAMES[result.sort]}"
    elif result.some_words:
        line += f": {result.all_words} with all words, {result.some_words} with some"
    return line + (f" (--limit {limit})" if limit and shown < total else "")


_ORDER_NAMES = {
    "upvotes": "most upvoted first",
    "stars": "most GitHub stars first",
    "comments": "most comments first",
    "newest": "newest first",
    "page": "in page order",
}


def _badges(paper: Paper) -> str:
    """`</>` when the paper has code, `▲N` for its latest upvotes: what fits a list row."""
    return f"{'</>' if paper.signals.github else ''} {_votes(paper)}".strip()


def _votes(paper: Paper) -> str:
    return f"▲{paper.upvotes}" if paper.upvotes is not None else ""


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" if n == 1 else f"{n:,} {what}s"


def cmd_show(pix: PaperIndex, args: argparse.Namespace) -> int:
    paper = pix.paper(args.paper_id)
    if paper is None:
        print(f"dailypapers: no paper with id {args.paper_id!r}", file=sys.stderr)
        return 1
    if args.json:
        _dump(paper.to_json())
        return 0
    width = _width()
    tty = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    wrap = partial(textwrap.wrap, width=width)
    s = paper.signals
    print("\n".join(_link(line, paper.url, tty) for line in wrap(paper.title)))
    print(_where(paper, every=True))
    if paper.authors:
        print("\n".join(wrap(", ".join(paper.authors))))
    facts = [
        f"▲ {_count(paper.upvotes, 'upvote')}" if paper.upvotes is not None else "",
        _count(s.comments, "comment") if s.comments is not None else "",
        f"submitted by {s.submitted_by.label}" if s.submitted_by else "",
    ]
    if any(facts):
        print("\n".join(wrap(" · ".join(f for f in facts if f))))
    if s.organization:
        print("\n".join(wrap(f"Organisation: {s.organization.label}")))
    if s.keywords:
        print("\n".join(wrap(f"Keywords: {'; '.join(s.keywords)}")))
    if s.ai_summary:
        print()
        print("\n".join(wrap(f"TL;DR: {s.ai_summary}")))
    links = paper.links()
    if links:
        print()
        size = max(len(label) for label, _ in links)
        for label, url in links:
            print(f"{label:<{size}}  {_link(url, url, tty)}")
    print()
    print("\n".join(wrap(paper.abstract)))
    return 0


def _where(paper: Paper, every: bool = False) -> str:
    apps = paper.appearances if every else paper.appearances[:2]
    text = ", ".join(f"{printable(a.date or a.snapshot)} #{a.position}" for a in apps)
    more = len(paper.appearances) - len(apps)
    return text + (f" (+{more} more)" if more > 0 else "")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _link(text: str, url: str | None, tty: bool) -> str:
    """An OSC 8 hyperlink on a terminal (ignored by terminals without them); the url is built
    from a checked arXiv id, or is a URL `signals.url` validated (http/https, printable ASCII)."""
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\" if tty and url else text


def _mark(text: str, marks: list[tuple[int, int]], bold: bool) -> str:
    if not bold:
        return text
    out, last = [], 0
    for a, b in marks:
        out += [text[last:a], "\x1b[1m", text[a:b], "\x1b[0m"]
        last = b
    return "".join(out) + text[last:]


COMMANDS: dict[str, Callable[[PaperIndex, argparse.Namespace], int]] = {
    "snapshots": cmd_snapshots,
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
}

MARK_COMMANDS = {"marks": commands.cmd_marks, "export": commands.cmd_export, "trend": commands.cmd_trend}
MARK_COMMANDS.update(commands_catchup.COMMANDS)
