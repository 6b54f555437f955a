"""Commands over the library: index, snapshots, list, search, show, trend, add, capture, export."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from ..papers.views import Sort, month_days, rate_of, week_days
from ..text import cells, shown, unlatex
from . import options
from .output import (
    UsageError,
    clip,
    count,
    dump,
    err,
    link,
    pad,
    piped,
    styled,
    votes,
    width,
)

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:  # the rest is imported by the command that needs it: the reader starts sooner
    from datetime import date

    from ..paperindex import PaperIndex
    from ..papers.model import Paper
    from ..search.oneshot import OneShot
    from .main import Session


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="bring the index up to date (progress on stderr)")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p.set_defaults(handler=cmd_index)
    p = sub.add_parser("snapshots", help="one row per snapshot file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_snapshots)
    p = sub.add_parser("list", help="papers of the library, a snapshot, a week or a month")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--snapshot", metavar="ID")
    which.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W34 (sorted by upvotes)")
    which.add_argument("--month", metavar="YYYY-MM", help="a month, e.g. 2026-08 (sorted by upvotes)")
    options.sort(p, "page order; by upvotes for --week and --month")
    p.add_argument("--rising", action="store_true", help="only the papers gaining upvotes, fastest first")
    p.add_argument(
        "--days", type=options.positive, default=7, metavar="N", help="rising over the history's last N days"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = sub.add_parser(
        "search",
        help="search titles, abstracts, authors and full texts read (words; the syntax where clearly meant)",
    )
    p.add_argument("query")
    p.add_argument(
        "--syntax", action="store_true", help="read the query as query syntax (as a query starting with =)"
    )
    p.add_argument("--snapshot", metavar="ID")
    p.add_argument("--limit", type=options.positive, default=10, metavar="N")
    options.sort(p, "relevance; newest first for a query with no words to rank by")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)
    p = sub.add_parser("show", help="one paper in full")
    p.add_argument("paper_id", type=options.text, metavar="PAPER_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--refresh", action="store_true", help="ask the site for its latest state and what is linked to it"
    )
    p.add_argument("--base-url", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_show)
    p = sub.add_parser("add", help="copy snapshot files into the library and index them")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_add)
    p = sub.add_parser("capture", help="fetch days from the Daily Papers API into the library")
    which = p.add_mutually_exclusive_group()
    day = {"type": options.day, "metavar": "YYYY-MM-DD"}
    which.add_argument("--date", **day, help="one day (default: today and the recent days, UTC)")
    which.add_argument("--from", dest="start", **day, help="backfill every day from this one")
    p.add_argument("--to", dest="end", **day, help="... up to this one (default: today)")
    p.add_argument("--refresh", action="store_true", help="fetch again the days already in the library")
    p.add_argument(
        "--recent",
        type=options.count,
        metavar="N",
        help="without --date or --from: refresh the N days before today too (default: the config "
        "file's recent_days, else 7)",
    )
    wait = options.seconds(0, 3600, zero=True)
    p.add_argument("--wait", type=wait, default=1.0, metavar="SECONDS", help="between requests (default: 1)")
    p.add_argument("--base-url", help=argparse.SUPPRESS)
    limit = options.seconds(0.001, 3600)
    p.add_argument(
        "--timeout", type=limit, default=20.0, metavar="SECONDS", help="for each read (default: 20)"
    )
    p.add_argument(
        "--deadline",
        type=limit,
        default=120.0,
        metavar="SECONDS",
        help="for each request, in all (default: 120)",
    )
    if isinstance(p, argparse.ArgumentParser):  # (a search builds no capture parser)
        from . import fulltext

        fulltext.capture_options(p)
    p.set_defaults(handler=cmd_capture)
    p = sub.add_parser("export", help="write papers as Markdown, JSON or BibTeX")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--starred", action="store_true", help="starred papers (the default)")
    which.add_argument("--query", metavar="Q", help="the papers a search finds (every match)")
    if isinstance(p, argparse.ArgumentParser):  # (a search builds no export parser: no data model)
        from ..intake.export import FORMATS

        p.add_argument("--format", choices=FORMATS, default="md")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    p.set_defaults(handler=cmd_export)
    p = sub.add_parser("trend", help="how many papers match a query in each snapshot")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trend)


def _check_snapshot(pix: PaperIndex, sid: str | None) -> None:
    if sid is not None and sid not in pix.snapshot_order():
        raise UsageError(f"no snapshot {sid!r} (see 'dailypapers snapshots')")


def cmd_index(session: Session, args: argparse.Namespace) -> int:
    pix = session.index(rebuild=args.rebuild, verbose=True, progress=True)
    report = session.report
    assert report is not None
    records = pix.snapshots()
    unreadable = {r.file for r in records if any(p.fatal for p in r.problem_list)}  # (said above)
    # A file read as no snapshot is none: one that turns into junk is a snapshot removed, back, added.
    before, updated = set(report.unreadable_before), set(report.updated)
    added = (set(report.added) | (updated & before)) - unreadable
    removed = (set(report.deleted) - before) | (updated & unreadable - before)
    skipped = f", {len(unreadable)} unreadable (skipped)" if unreadable else ""
    err(
        f"{len(records) - len(unreadable)} snapshots, {len(pix)} papers; "
        f"{len(added)} added, {len(updated - unreadable - before)} updated, "
        f"{len(removed)} removed{skipped} in {report.seconds:.2f}s"
    )
    return 0


def cmd_snapshots(session: Session, args: argparse.Namespace) -> int:
    rows = session.index(verbose=True).snapshots()
    if args.json:
        dump(
            [
                {
                    "id": r.id,
                    "file": r.file,
                    "date": r.date,
                    "papers": r.papers,
                    "skipped": r.skipped,
                    "skipped_count": r.skipped_count,
                    "furniture": r.furniture,
                    "problems": [
                        {"line": p.line, "reason": p.reason, "fatal": p.fatal} for p in r.problem_list
                    ],
                }
                for r in rows
            ]
        )
        return 0
    size = width()
    for r in rows:
        row = f"{pad(shown(r.id), 36)} {pad(shown(r.date or '—'), 12, right=True)} {shown(r.account(pad=4))}"
        print(clip(row, size))
    return 0


def cmd_list(session: Session, args: argparse.Namespace) -> int:
    pix = session.index()
    _check_snapshot(pix, args.snapshot)
    days, view = None, args.week or args.month
    if view:
        try:
            days = week_days(view) if args.week else month_days(view)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    sort = Sort.RISING if args.rising else Sort(args.sort or (Sort.UPVOTES if view else Sort.PAGE))
    if sort is Sort.RISING:
        from ..marks.history import rising_rates

        pix.rising = rising_rates(session.marks.path, args.days)
    papers = pix.papers(args.snapshot, days=days, sort=sort)
    if args.rising:
        papers = [p for p in papers if (rate_of(p, pix.rising) or 0) > 0]
        if not papers:
            err(f"no paper gained upvotes over the last {args.days} days of the history (see 'capture')")
    if args.json:
        rising = sort is Sort.RISING  # with the figure it is sorted by
        dump([{**p.to_json(), **({"rising": rate_of(p, pix.rising)} if rising else {})} for p in papers])
        return 0
    if view and days and not papers:
        err(f"no papers in {view} ({days[0]} to {days[-1]})")
    size, whole = width(), piped()
    wanted = set(days or ())
    figures = [
        _figure(p, sort, pix.rising) for p in papers
    ]  # what the rows are sorted by: ▲ upvotes, ★ stars…
    most = max(map(len, figures), default=0)
    code = 3 if any(p.signals.github for p in papers) else 0
    ids = max((len(p.id) for p in papers), default=0)  # the id `show` and `mark` take
    for paper, figure in zip(papers, figures, strict=True):
        apps = [a for a in paper.appearances if args.snapshot in (None, a.snapshot)]
        app = next((a for a in reversed(apps) if not wanted or a.date in wanted), None)
        where = ""
        if app:
            where = f"#{app.position}" if args.snapshot else f"#{app.position} {clip(shown(app.label), 20)}"
        slots = [("</>" if paper.signals.github else "").ljust(code), figure.rjust(most)]
        right = " ".join(slot for slot in [*slots, where] if slot)
        if whole:  # piped: the whole title, tab-separated
            fields = [shown(paper.id), shown(unlatex(paper.title)), *(x.strip() for x in slots), where]
            print("\t".join(fields))
            continue
        head = f"{shown(paper.id):<{ids}}  "
        print(pad(clip(head + unlatex(paper.title), size - cells(right) - 1), size - cells(right)) + right)
    return 0


def _figure(paper: Paper, sort: Sort, rising: dict[str, float]) -> str:
    """The figure a list row shows: what the list is sorted by (`★1,234` GitHub stars,
    `9 comments`, `+12.5/day` upvotes gained), else the upvotes (`▲163`); "" when the paper has none."""
    s = paper.signals
    if sort is Sort.RISING:
        rate = rate_of(paper, rising)
        return f"{rate:+.1f}/day {votes(paper)}" if rate is not None else votes(paper)
    if sort is Sort.STARS:
        return f"★{s.github.stars:,}" if s.github and s.github.stars is not None else ""
    if sort is Sort.COMMENTS:
        return count(s.comments, "comment") if s.comments is not None else ""
    return votes(paper)


def cmd_search(session: Session, args: argparse.Namespace) -> int:
    from .hits import print_hits

    sort = Sort(args.sort or Sort.RELEVANCE)
    query = "=" + args.query if args.syntax else args.query
    # A few plain words by relevance in the whole library, nothing to update: without Whoosh.
    quick = session.oneshot(query) if sort is Sort.RELEVANCE and args.snapshot is None else None
    result = quick.search(query, args.limit) if quick is not None else None
    pix: PaperIndex | OneShot | None = quick
    if result is not None and quick is not None:
        session.say_problems(quick.said)  # (as an update with nothing to do says them)
    if result is None or pix is None:
        pix = session.index()
        _check_snapshot(pix, args.snapshot)
        if sort is Sort.RISING:
            from ..marks.history import rising_rates

            pix.rising = rising_rates(session.marks.path)
        result = pix.search(query, snapshot=args.snapshot, limit=args.limit, sort=sort)
    if args.json:
        dump(result.to_json())
        return 0
    for note in result.notes:
        err(note)
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    print_hits(result, pix, args.limit)
    return 0


def cmd_show(session: Session, args: argparse.Namespace) -> int:
    from ..papers.identity import paper_ref
    from .catchup import describe

    paper = session.index().paper(paper_ref(args.paper_id))
    if paper is None:
        err(f"no paper with id {args.paper_id!r}")
        return 1
    from ..intake.paperstate import KINDS, fetcher_for, known, latest, linked_labels
    from ..marks.history import History, upvote_line

    history = History(session.marks.path)
    try:
        if args.refresh:  # failing quietly: what is kept, and one line
            found = latest(history, paper, fetcher_for(args.base_url), force=True)
            if found.error:
                err(f"not fetched: {shown(found.error)}; what was kept follows")
        else:
            found = known(history, paper)
    finally:
        history.close()
    series, counts = found.series, found.linked
    if args.json:
        linked = dict(zip(KINDS, counts, strict=True)) if counts is not None else None
        dump({**paper.to_json(), "history": [s.to_json() for s in series], "linked": linked})
        return 0
    mark = session.marks.get(paper)
    tty = styled()
    import textwrap

    wrap = partial(textwrap.wrap, width=width())
    s = paper.signals
    print("\n".join(link(line, paper.url, tty) for line in wrap(unlatex(paper.title))))
    print(paper.where(show=shown))
    if paper.authors:
        print("\n".join(wrap(", ".join(paper.authors))))
    facts = [
        f"▲ {count(paper.upvotes, 'upvote')}" if paper.upvotes is not None else "",
        count(s.comments, "comment") if s.comments is not None else "",
        f"submitted by {s.submitted_by.label}" if s.submitted_by else "",
    ]
    if any(facts):
        print("\n".join(wrap(" · ".join(f for f in facts if f))))
    if len(series) > 1 and (line := upvote_line(series)):
        print("\n".join(wrap(f"Upvotes over time: {line}")))
    if counts is not None:
        print("\n".join(wrap(f"On the Hub: {' · '.join(linked_labels(counts))}")))
    print("\n".join(wrap(f"Your mark: {describe(mark)}")))
    if mark.note:
        print("\n".join(wrap(f"Your note: {shown(' '.join(mark.note.split()))}")))
    if s.organization:
        print("\n".join(wrap(f"Organisation: {s.organization.label}")))
    if s.keywords:
        print("\n".join(wrap(f"Keywords: {'; '.join(s.keywords)}")))
    if s.ai_summary:
        print()
        print("\n".join(wrap(f"TL;DR: {unlatex(s.ai_summary)}")))
    links = paper.links()
    if links:
        print()
        size = max(len(label) for label, _ in links)
        for label, url in links:
            print(f"{label:<{size}}  {link(url, url, tty)}")
    print()
    print("\n".join(wrap(unlatex(paper.abstract))))
    return 0


def cmd_trend(session: Session, args: argparse.Namespace) -> int:
    from ..search.trend import trend_chart

    points, result = session.index().trend(args.query)
    if args.json:
        dump(
            {
                "query": result.query,
                "total": result.total,
                "suggestion": result.suggestion,
                "notes": result.notes,
                "snapshots": [
                    {"snapshot": p.snapshot, "date": p.date, "count": p.count, "papers": p.papers}
                    for p in points
                ],
            }
        )
        return 0
    for note in result.notes:
        err(note)
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    print(f"{result.query!r} by snapshot:")
    for line in trend_chart(points):
        print("  " + line)
    return 0


def cmd_add(session: Session, args: argparse.Namespace) -> int:
    from ..intake.add import add_files

    added, errors = add_files(session.library, args.files)
    for error in errors:
        err(f"refused {error}")
    return _indexed(session, [f"{a.status} {shown(a.file)} ({a.papers} papers)" for a in added], len(errors))


def cmd_capture(session: Session, args: argparse.Namespace) -> int:
    from ..intake.backfill import capture
    from ..marks.history import History

    days, single = _days(args)
    refresh = args.refresh or (args.start is None and args.date is None)  # the plain capture: recent days too
    history = History(session.marks.path)
    try:
        status = capture(
            session.library,
            days,
            single,
            refresh,
            args.base_url,
            args.timeout,
            args.wait,
            args.deadline,
            history,
        )
    finally:
        history.close()
    pix = session.index()
    if args.full_text:  # (the flag, else the config file's full_text)
        from . import fulltext

        status |= fulltext.capture_full_texts(session, pix, args, days)
    return _indexed(session, [], status, pix)  # `capture` printed each day as it was saved


def _days(args: argparse.Namespace) -> tuple[list[date], bool]:
    """The days to capture, and whether it is the single day of `--date` (or today)."""
    from datetime import UTC, datetime, timedelta

    today = datetime.now(UTC).date()
    if args.start is None:
        if args.end is not None:
            raise UsageError("--to needs --from")
        if args.date is None and args.recent:  # the plain capture: today and the recent days
            return [today - timedelta(days=n) for n in range(args.recent, -1, -1)], False
        return [args.date or today], True
    end = args.end or today
    if args.start > end:
        raise UsageError(f"--from {args.start} is after --to {end}")
    return [args.start + timedelta(days=n) for n in range((end - args.start).days + 1)], False


def _indexed(session: Session, lines: list[str], status: int, pix: PaperIndex | None = None) -> int:
    """After `add` or `capture`: index (unless done: `pix`), then say what was added and what the
    library holds."""
    pix = pix or session.index()
    for line in lines:
        print(line)
    report = session.report
    assert report is not None
    print(f"indexed in {report.seconds:.2f}s: {len(pix)} papers in {len(pix.snapshots())} snapshots")
    return 1 if status else 0


def cmd_export(session: Session, args: argparse.Namespace) -> int:
    from ..intake.export import export
    from ..marks.db import find
    from ..marks.lookup import marked_papers
    from ..store.files import atomic_write

    pix = session.index()
    if args.query:
        result = pix.search(args.query, limit=None)
        for note in result.notes:
            err(note)
        everything = session.marks.all()
        items = [(h.paper, find(everything, h.paper)) for h in result.hits]
    else:
        items = [(p, m) for p, m in marked_papers(pix, session.marks.all()) if m.starred]
    text = export(items, args.format)
    if args.output is None:
        sys.stdout.write(text)
    else:
        atomic_write(args.output, text)
        err(f"wrote {len(items)} papers to {args.output}")
    if not items:
        err("nothing to export")
    return 0
