"""`read`: a paper's full text in the terminal (fetched once, then read from the cache, offline);
`capture --full-text`: those of your stars and follows' new papers fetched after the capture."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from . import options
from .output import UsageError, dump, err, styled, width

if TYPE_CHECKING:
    from datetime import date

    from ..paperindex import PaperIndex
    from .main import Session


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("read", help="a paper's full text: fetched once, then from the cache (offline)")
    p.add_argument("paper_id", metavar="PAPER_ID", help="an arXiv id, or an arXiv or Hugging Face link")
    p.add_argument("--refresh", action="store_true", help="fetch it again")
    p.add_argument("--json", action="store_true", help="the sections as JSON")
    p.add_argument(
        "--base-url",
        help="the site (default: $DAILYPAPERS_BASE_URL, the config file, else https://huggingface.co)",
    )
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS", help="per request (default: 20)")
    p.set_defaults(handler=cmd_read)


def cmd_read(session: Session, args: argparse.Namespace) -> int:
    from ..intake.fetch import DEFAULT_BASE_URL, Fetcher, FetchError
    from ..intake.fulltext import MAX_BYTES, NoFullText, full_text
    from ..papers.identity import paper_ref
    from ..papers.model import Paper

    if not args.timeout > 0:
        raise UsageError("--timeout must be more than 0 seconds")
    pix = session.index()
    ref = paper_ref(args.paper_id)
    paper = pix.paper(ref)
    if paper is None and not Paper(ref, "", "", arxiv_id=ref).url:
        err(f"no paper with id {args.paper_id!r}")
        return 1
    arxiv_id = paper.arxiv_id if paper is not None else ref
    assert pix.fulltext is not None
    site = args.base_url or DEFAULT_BASE_URL  # (the flag, $DAILYPAPERS_BASE_URL, the config file)
    fetcher = Fetcher(site, args.timeout, max_bytes=MAX_BYTES, attempts=3)
    fetcher.on_wait = lambda delay, why, asked: err(f"{why}: trying again in {delay:.0f} s")
    try:
        got = full_text(pix.fulltext, arxiv_id, args.refresh, fetcher=fetcher)
    except NoFullText as exc:
        err(str(exc))
        return 1
    except FetchError as exc:
        err(f"cannot fetch the full text: {exc}")
        return 1
    doc = got.document()
    if got.fetched and paper is not None:  # searchable from now on
        start = time.perf_counter()
        pix.add_full_text(paper.id, doc.body())
        if args.json is False and styled():
            err(f"indexed the full text in {time.perf_counter() - start:.2f}s")
    if args.json:
        dump({"id": arxiv_id, **doc.to_json()})
        return 0
    from ..fulltext.render import lines

    bold = styled()
    for line in lines(doc, width()):
        print(f"\x1b[1m{line.text}\x1b[0m" if bold and line.kind == "heading" else line.text)
    return 0


def capture_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--full-text",
        action="store_true",
        default=None,
        help="then fetch the full texts of your stars and of your follows' new papers, and index "
        "them (default: the config file's full_text, else no)",
    )
    p.add_argument(
        "--full-text-max",
        type=options.count,
        default=20,
        metavar="N",
        help="at most N full texts a run (default: 20)",
    )


def capture_full_texts(session: Session, pix: PaperIndex, args: argparse.Namespace, days: list[date]) -> int:
    """After a capture: the full texts of the stars and of the follows' papers new in `days`."""
    from ..intake.backfill import Progress
    from ..intake.fetch import DEFAULT_BASE_URL, Fetcher
    from ..intake.fulltext import MAX_BYTES
    from ..intake.prefetch import prefetch, wanted
    from ..marks.inbox import day_before

    progress = Progress(0)
    progress.day = "full texts"  # (what a wait for the server is said of)
    site = args.base_url or DEFAULT_BASE_URL
    fetcher = Fetcher(site, args.timeout, args.deadline, args.wait, attempts=3, max_bytes=MAX_BYTES)
    fetcher.on_wait = progress.waiting
    since = day_before(min(days).isoformat()) if days else None
    papers = wanted(pix, session.marks, since)
    done = prefetch(pix, papers, fetcher, args.full_text_max, progress.say, progress.error)
    progress.note(f"{done.summary()}, in {fetcher.requests} requests")
    return 1 if done.failed or done.stopped else 0
