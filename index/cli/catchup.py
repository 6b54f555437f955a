"""Commands for your marks and catching up: marks (and their sync), mark, follow, unfollow,
follows, recommend, digest. They parse and print; the work is in `index.marks`."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from ..papers.model import Paper
from ..text import cells, strip_controls
from . import options
from .output import dump, err, pad

if TYPE_CHECKING:
    import datetime as dt

    from ..marks.db import Mark
    from ..marks.inbox import CatchUp
    from .main import Session


def add_parsers(sub: argparse._SubParsersAction) -> None:
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
    p.set_defaults(handler=cmd_marks)
    p = sub.add_parser("mark", help="star, read, dismiss or annotate a paper (no option: show its mark)")
    p.add_argument("paper_id", type=options.text, metavar="PAPER_ID")
    for on, off, what in (
        ("star", "unstar", "starred"),
        ("read", "unread", "read"),
        ("dismiss", "undismiss", "dismissed"),
    ):
        group = p.add_mutually_exclusive_group()
        group.add_argument(f"--{on}", dest=what, action="store_const", const=True)
        group.add_argument(f"--{off}", dest=what, action="store_const", const=False)
    p.add_argument("--note", type=options.text, metavar="TEXT", help="the paper's note ('' clears it)")
    p.set_defaults(handler=cmd_mark)
    p = sub.add_parser("follow", help='follow a query: an author (author:"Name"), a keyword, any query')
    p.add_argument("query", type=options.text)
    p.add_argument("--name", type=options.text, help="what to call it (default: the query)")
    p.set_defaults(handler=cmd_follow)
    p = sub.add_parser("unfollow", help="stop following")
    p.add_argument("name", type=options.text)
    p.set_defaults(handler=cmd_unfollow)
    p = sub.add_parser("follows", help="each follow with its papers, and those new since a day")
    p.add_argument("--since", type=options.day, metavar="YYYY-MM-DD", help="default: the last visit")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_follows)
    p = sub.add_parser("recommend", help="papers like the ones you starred, and why")
    p.add_argument("--limit", type=options.positive, default=20, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_recommend)
    p = sub.add_parser("digest", help="what is new since a day: follows, picks for you, top papers")
    p.add_argument(
        "--since",
        type=options.day_or_last,
        metavar="YYYY-MM-DD|last",
        help="default (and 'last'): the last digest or visit",
    )
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument(
        "--limit", type=options.positive, default=10, metavar="N", help="picks for you and top papers"
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    p.set_defaults(handler=cmd_digest)


def cmd_marks(session: Session, args: argparse.Namespace) -> int:
    from ..marks.lookup import marked_papers

    if args.export is not None or args.import_file is not None:
        return _sync(session, args)
    items = [
        (paper, mark)
        for paper, mark in marked_papers(session.index(), session.marks.all())
        if (mark.starred or not args.starred) and (not mark.read or not args.unread)
    ]
    if args.json:
        dump(
            [
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
        )
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


def describe(mark: Mark) -> str:
    """A mark's whole state: `★ starred · read · a note`, `not starred · unread`."""
    flags = ["★ starred" if mark.starred else "not starred", "read" if mark.read else "unread"]
    flags += ["dismissed"] * mark.dismissed + ["a note"] * bool(mark.note)
    return " · ".join(flags)


def cmd_mark(session: Session, args: argparse.Namespace) -> int:
    from ..papers.identity import paper_ref

    pix, marks = session.index(), session.marks
    pid = paper_ref(args.paper_id)
    paper = pix.paper(pid)
    if paper is None:  # marked once, its snapshots since gone: the mark is still the user's
        known = {k: m for k, m in marks.rows().items() if k == pid}
        if not known:
            err(f"no paper with id {args.paper_id!r}")
            return 1
        paper = Paper(pid, known[pid].title, "")
    changes = {
        k: getattr(args, k) for k in ("starred", "read", "dismissed", "note") if getattr(args, k) is not None
    }
    mark = marks.set(paper, **changes) if changes else marks.get(paper)
    print(f"{strip_controls(paper.title)}  [{paper.id}]")
    print(f"  {describe(mark)}")
    if mark.note:
        print("  note: " + strip_controls(" ".join(mark.note.split())))
    return 0


def cmd_follow(session: Session, args: argparse.Namespace) -> int:
    from ..marks.inbox import CatchUp

    pix, marks = session.index(), session.marks
    query = " ".join(args.query.split())
    name = " ".join((args.name or query).split())
    if not query or not name:
        err("error: give a query to follow (and a name that is not blank)")
        return 2
    follow = marks.follow(name, query)
    catchup = CatchUp(pix, marks)
    since, _ = catchup.default_since()
    (count,) = [c for c in catchup.follows(since) if c.follow.name == follow.name]
    for note in count.notes:
        err(note)
    print(
        f"following {strip_controls(name)!r}: {strip_controls(query)} — {count.total} papers, "
        f"{len(count.new)} new" + (f" after {since}" if since else "")
    )
    if not count.total:
        err("it matches no paper yet; new ones will count")
    return 0


def cmd_unfollow(session: Session, args: argparse.Namespace) -> int:
    marks = session.marks
    if not marks.unfollow(args.name):
        err(f"no follow named {args.name!r} (see 'dailypapers follows')")
        return 1
    print(f"unfollowed {strip_controls(args.name)!r}")
    return 0


def _catch_up(session: Session, since: dt.date | None, given: str) -> tuple[CatchUp, str | None, str]:
    """What is new for the user, from the start of the day given (said as `given`) or since the
    default; the day returned is the one after which papers are new (`CatchUp`'s meaning)."""
    from ..marks.inbox import CatchUp, day_before

    catchup = CatchUp(session.index(), session.marks)
    return (catchup, day_before(since.isoformat()), given) if since else (catchup, *catchup.default_since())


def cmd_follows(session: Session, args: argparse.Namespace) -> int:
    from ..marks.inbox import day_after

    catchup, since, reason = _catch_up(session, args.since, "--since")
    counts = catchup.follows(since)
    changes: dict[str, list] = {}
    for change in catchup.changes(since):
        if change.why.startswith("follows "):
            changes.setdefault(change.why.removeprefix("follows "), []).append(change)
    if args.json:
        dump(
            [
                {**c.to_json(), "changes": [x.to_json() for x in changes.get(c.follow.name, [])]}
                for c in counts
            ]
        )
        return 0
    for c in counts:
        for note in c.notes:
            err(f"{c.follow.name}: {note}")
    if not counts:
        err("no follows yet (dailypapers follow QUERY [--name NAME])")
        return 0
    if since is None:
        print(f"new: every paper ({reason})")
    else:
        print(f"new since {day_after(since)} (--since)" if args.since else f"new after {since} ({reason})")
    width = max(cells(strip_controls(c.follow.name)) for c in counts)
    for c in counts:
        name = pad(strip_controls(c.follow.name), width)
        query = "" if c.follow.query == c.follow.name else "  " + strip_controls(c.follow.query)
        print(f"  {name}  {len(c.new):5d} new {c.total:6d} in all{query}")
        for change in changes.get(c.follow.name, []):
            line = f"{strip_controls(change.paper.title)}: {strip_controls(change.text)} (seen {change.when})"
            print(textwrap.fill(line, 78, initial_indent="    changed: ", subsequent_indent="      "))
    return 0


def cmd_recommend(session: Session, args: argparse.Namespace) -> int:
    from ..marks.recommend import recommend, upvotes

    pix, marks = session.index(), session.marks
    found = recommend(pix, marks, args.limit)
    if found.note:
        err(found.note)
    if args.json:
        dump([p.to_json() for p in found.picks])
        return 0
    if found.profile:
        print("\n".join(textwrap.wrap("your stars are about: " + ", ".join(found.profile), 80)))
    for i, pick in enumerate(found.picks, start=1):
        votes = f"  ▲{upvotes(pick.paper)}" if upvotes(pick.paper) else ""
        print(
            "\n".join(
                textwrap.wrap(
                    strip_controls(pick.paper.title) + votes,
                    76,
                    initial_indent=f"{i:3d}. ",
                    subsequent_indent="     ",
                )
            )
        )
        print(
            "\n".join(
                textwrap.wrap(strip_controls(pick.why), 75, initial_indent="     ", subsequent_indent="     ")
            )
        )
        print(f"     {pick.paper.url or 'id ' + pick.paper.id}")
    return 0


def cmd_digest(session: Session, args: argparse.Namespace) -> int:
    from ..marks.digest import build, render

    catchup, since, reason = _catch_up(session, args.since, "")
    digest = build(catchup, since, args.limit)
    text = render(digest, args.format, reason)
    if args.output is None:
        sys.stdout.write(text)
    else:
        from ..store.files import atomic_write

        atomic_write(args.output, text)
        err(f"wrote the digest ({len(digest.new)} new papers) to {args.output}")
    catchup.record_visit("digest")
    return 0


def _sync(session: Session, args: argparse.Namespace) -> int:
    """`marks --export FILE` / `marks --import FILE` ('-': standard output / input)."""
    from ..marks.sync import MAX_FILE, export_lines, import_lines

    marks = session.marks
    if args.export is not None:
        text = "\n".join(export_lines(marks)) + "\n"
        if str(args.export) == "-":
            sys.stdout.write(text)
        else:
            from ..store.files import atomic_write

            atomic_write(args.export, text)
            err(f"wrote {text.count(chr(10)) - 1} records to {args.export}")
        return 0
    try:
        if str(args.import_file) == "-":
            source = sys.stdin.buffer.read(MAX_FILE + 1)
        else:
            with args.import_file.open("rb") as stream:  # (not read_bytes: /dev/zero never ends)
                source = stream.read(MAX_FILE + 1)
        if len(source) > MAX_FILE:
            raise ValueError(f"over {MAX_FILE >> 20} MB: not a marks export")
        report = import_lines(marks, source.split(b"\n"))
    except ValueError as exc:
        err(f"error: {args.import_file}: {exc}")
        return 1
    for problem in report.problems:
        err(f"{args.import_file}: {problem}")
    print(
        f"merged {args.import_file}: {report.marks} marks, {report.follows} follows, "
        f"{report.searches} saved searches, {report.visits} visits changed"
    )
    return 0
