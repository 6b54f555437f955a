"""`read`: a paper's full text in the terminal (fetched once, then read from the cache, offline)."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from .output import UsageError, dump, err, styled, width

if TYPE_CHECKING:
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
