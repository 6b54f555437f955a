"""The Whoosh schema and the conversion between papers and index documents."""

from __future__ import annotations

import json
import re

from ..papers.model import Appearance, Paper
from ..text import WORDS
from . import whooshlib as wl

# Bump when the schema or what goes into it changes: a mismatch rebuilds the index.
# 10: the packages became dailypapers.index / dailypapers.tui (an older index's pickled schema
# names classes of a top-level `index`: never unpickled, rebuilt).
# 11: `body`, the full text of the papers read (`fulltext`).
SCHEMA_VERSION = 11

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TEXT_FIELDS = ("title", "abstract")
BODY = "body"  # a paper's full text, when it has been read: searched, ranked below the rest
SEARCHED = (*TEXT_FIELDS, BODY)  # what a query's plain words are looked for in
BODY_BOOST = 0.25
# Fields holding several ids (snapshot ids are file names: any character but NUL) join them
# with NUL, and each id is one term.
SEP = "\x00"
NUMBER_RANGE = (-(2**31), 2**31 - 1)  # of a NUMERIC field


def _clamp(value: int) -> int:
    return max(NUMBER_RANGE[0], min(NUMBER_RANGE[1], value))


def make_schema() -> wl.fields.Schema:
    # WORDS: without a capturing group, so the fast indexing path can use `findall`.
    stem = wl.analysis.StemmingAnalyzer(WORDS, cachesize=-1)
    names = wl.analysis.StandardAnalyzer(WORDS, stoplist=None, minsize=1)
    ids = wl.analysis.RegexTokenizer(f"[^{SEP}]+")
    schema = wl.fields.Schema(
        id=wl.fields.ID(stored=True, unique=True),
        alias=wl.fields.KEYWORD(scorable=True, stored=True, analyzer=ids),  # id and former ids
        title=wl.fields.TEXT(analyzer=stem, stored=True, field_boost=2.0),
        abstract=wl.fields.TEXT(analyzer=stem, stored=True),
        # Not stored (the cache holds it); the boost and BM25F's length normalisation (a body is
        # a hundred abstracts long) rank a match in the body below one in the abstract.
        body=wl.fields.TEXT(analyzer=stem, field_boost=BODY_BOOST),
        author=wl.fields.TEXT(analyzer=names),
        authors=wl.fields.STORED,
        arxiv=wl.fields.ID(stored=True),
        # scorable: Whoosh 2.7 stats the disk for every posting of a field without lengths.
        snapshot=wl.fields.KEYWORD(scorable=True, analyzer=ids),
        date=wl.fields.KEYWORD(lowercase=True, scorable=True),
        position=wl.fields.NUMERIC(sortable=True),
        latest=wl.fields.ID(sortable=True),
        upvotes=wl.fields.NUMERIC(stored=True, sortable=True),
        appearances=wl.fields.STORED,
        # The site's signals (see `signals`): words of the organisation's name and full name and
        # of the AI keywords; has:code|project|summary|keywords|org; counts (sortable; a missing
        # one reads as the column's default); the first and last appearance, for sorting.
        org=wl.fields.TEXT(analyzer=names),
        keyword=wl.fields.TEXT(analyzer=names),
        has=wl.fields.KEYWORD(lowercase=True, scorable=True),
        stars=wl.fields.NUMERIC(bits=64, sortable=True),
        comments=wl.fields.NUMERIC(bits=64, sortable=True),
        seen=wl.fields.COLUMN(),  # bytes: JSON [first snapshot, rank, last snapshot, rank]
    )
    from . import positions  # imports Whoosh: not before it is needed

    for name in (*SEARCHED, "author", "org", "keyword"):  # the same postings, written faster
        schema[name].format = positions.Positions(field_boost=schema[name].format.field_boost)
    return schema


def to_document(paper: Paper, body: str | None = None) -> dict:
    """The Whoosh document for a paper (with its full text, `body`, when it has been read)."""
    apps = paper.appearances
    dates = sorted({a.date for a in apps if a.date and _ISO.match(a.date)})
    doc = {
        "id": paper.id,
        "alias": SEP.join(paper.keys),
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": json.dumps(paper.authors) if paper.authors else "",
        "snapshot": SEP.join(a.snapshot for a in apps),
        "position": _clamp(min(a.position for a in apps)),
        "latest": dates[-1] if dates else "",
        "appearances": json.dumps([a.to_row() for a in apps]),
        **_signal_fields(paper),
    }
    if paper.authors:
        doc["author"] = " ; ".join(paper.authors)
    if paper.arxiv_id:
        doc["arxiv"] = paper.arxiv_id
    if dates:
        doc["date"] = " ".join(dates)
    if paper.upvotes is not None:
        doc["upvotes"] = _clamp(paper.upvotes)  # the latest known
    if body:
        doc[BODY] = body
    return doc


def _signal_fields(paper: Paper) -> dict:
    s = paper.signals
    doc: dict = {}
    has = {
        "code": s.github,
        "project": s.project_page,
        "summary": s.ai_summary,
        "keywords": s.keywords,
        "org": s.organization,
    }
    if any(has.values()):
        doc["has"] = " ".join(name for name, value in has.items() if value)
    if s.organization:
        doc["org"] = f"{s.organization.name or ''} {s.organization.fullname or ''}"
    if s.keywords:
        doc["keyword"] = " ; ".join(s.keywords)
    if s.github and s.github.stars is not None:
        doc["stars"] = s.github.stars
    if s.comments is not None:
        doc["comments"] = s.comments
    if paper.appearances:
        first, last = paper.appearances[0], paper.appearances[-1]
        doc["seen"] = json.dumps([first.snapshot, first.position, last.snapshot, last.position]).encode()
    return doc


def from_stored(stored: dict) -> Paper:
    """A paper from a document's stored fields."""
    return Paper(
        id=stored["id"],
        title=stored.get("title", ""),
        abstract=stored.get("abstract", ""),
        arxiv_id=stored.get("arxiv") or None,
        authors=json.loads(stored["authors"]) if stored.get("authors") else None,
        appearances=[Appearance.from_row(a) for a in json.loads(stored.get("appearances") or "[]")],
        aliases=stored.get("alias", "").split(SEP)[1:],
    )
