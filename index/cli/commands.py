"""CLI commands across the library: marks, export, trend, and getting snapshots in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..papers.model import Paper
from ..store.files import atomic_write
from ..text import json_text, shown, strip_controls

if TYPE_CHECKING:  # the rest is imported by the command that needs it: the reader starts sooner
    from ..marks.db import Mark, Marks
    from ..paperindex import PaperIndex

FORMATS = ("md", "json", "bibtex")
DEFAULT_BASE_URL = "https://huggingface.co"


def add_parsers(sub) -> None:
    """The subcommands of this module, on the CLI's subparsers."""
    p = sub.add_parser("add", help="copy snapshot files into the library and index them")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p = sub.add_parser("capture", help="fetch days from the Daily Papers API into the library")
    which = p.add_mutually_exclusive_group()
    day = {"type": _day, "metavar": "YYYY-MM-DD"}
    which.add_argument("--date", **day, help="one day (default: today, UTC)")
    which.add_argument("--from", dest="start", **day, help="backfill every day from this one")
    p.add_argument("--to", dest="end", **day, help="... up to this one (default: today)")
    p.add_argument("--refresh", action="store_true", help="fetch again the days already in the library")
    p.add_argument("--wait", type=float, default=1.0, metavar="SECONDS", help="between requests (default: 1)")
    p.add_argument("--base-url", default=DEFAULT_BASE_URL, help=argparse.SUPPRESS)
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS")
    p = sub.add_parser("marks", help="papers you starred, read or annotated")
    p.add_argument("--starred", action="store_true", help="only starred papers")
    p.add_argument("--unread", action="store_true", help="only papers not marked read")
    p.add_argument("--json", action="store_true")
    sync = p.add_mutually_exclusive_group()
    sync.add_argument(
        "--export", type=Path, metavar="FILE", help="write every mark and follow, with times, as JSON lines"
    )
    sync.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE",
        help="merge an export: the newest change wins per paper and field",
    )
    p = sub.add_parser("export", help="write papers as Markdown, JSON or BibTeX")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--starred", action="store_true", help="starred papers (the default)")
    which.add_argument("--query", metavar="Q", help="the papers a search finds (every match)")
    p.add_argument("--format", choices=FORMATS, default="md")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    p = sub.add_parser("trend", help="how many papers match a query in each snapshot")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")


def intake(args: argparse.Namespace, library: Path) -> tuple[int, list[str]]:
    """Before indexing: put the files (or the fetched day) into the library.

    Returns the exit status so far and the lines to print once indexed.
    """
    from ..intake.add import add_files

    if args.command == "capture":
        from ..intake.backfill import capture

        return capture(args, library), []  # it prints each day as it is saved
    added, errors = add_files(library, args.files)
    lines = [f"{a.status} {shown(a.file)} ({a.papers} papers)" for a in added]
    for error in errors:
        print(f"dailypapers: refused {error}", file=sys.stderr)
    return (1 if errors else 0), lines


def _day(text: str):
    from ..intake.add import IntakeError, parse_day

    try:
        return parse_day(text)
    except IntakeError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_marks(pix: PaperIndex, args: argparse.Namespace, marks: Marks) -> int:
    if args.export is not None or args.import_file is not None:
        from .catchup import cmd_sync

        return cmd_sync(args, marks)
    items = [
        (paper, mark)
        for paper, mark in marked_papers(pix, marks)
        if (mark.starred or not args.starred) and (not mark.read or not args.unread)
    ]
    if args.json:
        rows = [
            {
                "id": p.id,
                "title": p.title,
                "url": p.url,
                "starred": m.starred,
                "read": m.read,
                "note": m.note,
                "dismissed": m.dismissed,
            }
            for p, m in items
        ]
        print(json_text(rows))
        return 0
    for paper, mark in items:
        flags = ("★" if mark.starred else " ") + ("✓" if mark.read else " ")
        print(
            f"{flags} {strip_controls(paper.title)}  [{paper.id}]"
            + ("  (dismissed)" if mark.dismissed else "")
        )
        if mark.note:
            print("     " + strip_controls(" ".join(mark.note.split()))[:200])
    if not items:
        print("no marks yet (star with s, mark read with r, note with e in the reader)", file=sys.stderr)
    return 0


def marked_papers(pix: PaperIndex, marks: Marks) -> list[tuple[Paper, Mark]]:
    """Every marked paper (from the index; from the mark alone if its snapshots are gone), in
    library order then title."""
    from ..marks.db import find

    found: dict[str, tuple[Paper, Mark]] = {}
    everything = marks.all()
    for key, mark in everything.items():
        paper = pix.paper(key) or Paper(key, mark.title, "")
        if paper.id not in found:
            found[paper.id] = (paper, find(everything, paper) or mark)
    order = pix.snapshot_order()

    def first(item: tuple[Paper, Mark]) -> tuple:
        apps = item[0].appearances
        return (min((order.get(a.snapshot, 0), a.position) for a in apps) if apps else (1 << 30, 0),)

    return sorted(found.values(), key=first)


def cmd_export(pix: PaperIndex, args: argparse.Namespace, marks: Marks) -> int:
    from ..intake.export import export
    from ..marks.db import find

    if args.query:
        result = pix.search(args.query, limit=None)
        for note in result.notes:
            print(f"dailypapers: {note}", file=sys.stderr)
        everything = marks.all()
        items = [(h.paper, find(everything, h.paper)) for h in result.hits]
    else:
        items = [(p, m) for p, m in marked_papers(pix, marks) if m.starred]
    text = export(items, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        atomic_write(args.output, text)
        print(f"dailypapers: wrote {len(items)} papers to {shown(str(args.output))}", file=sys.stderr)
    if not items:
        print("dailypapers: nothing to export", file=sys.stderr)
    return 0


def cmd_trend(pix: PaperIndex, args: argparse.Namespace, marks: Marks) -> int:
    from ..search.trend import trend_chart

    points, result = pix.trend(args.query)
    if args.json:
        data = {
            "query": result.query,
            "total": result.total,
            "suggestion": result.suggestion,
            "notes": result.notes,
            "snapshots": [
                {"snapshot": p.snapshot, "date": p.date, "count": p.count, "papers": p.papers} for p in points
            ],
        }
        print(json_text(data))
        return 0
    for note in result.notes:
        print(f"dailypapers: {note}", file=sys.stderr)
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    print(f"{result.query!r} by snapshot:")
    for line in trend_chart(points):
        print("  " + line)
    return 0
