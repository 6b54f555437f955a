"""What the reader's workers run on the index thread: plain code over the engine's public API
(no Textual, no Whoosh object). Each takes the PaperIndex and returns what the view needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index import Paper, marked_papers

from .state import Found, Row, SearchRequest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from index import FileRecord, Mark, PaperIndex


def search(pix: PaperIndex, request: SearchRequest) -> Found:
    """The search, and where its words are in the titles (and in the first abstract, shown at once)."""
    result = pix.search(
        request.text, request.snapshot, request.limit, only=request.only, exclude=request.exclude
    )
    rows = [Row(h.paper, h.terms, tuple(pix.spans("title", h.paper.title, h.terms))) for h in result.hits]
    if rows:
        first = rows[0]
        first.abstract_spans = tuple(pix.spans("abstract", first.paper.abstract, first.terms))
    found = Found(
        request, result.total, result.all_words, result.some_words, rows,
        result.seconds, result.suggestion, list(result.notes),
    )  # fmt: skip
    if request.snapshot is not None:  # how many the other days hold: said when this one has few
        found.everywhere = pix.count(request.text, None, request.only, request.exclude).total
    return found


def complete(pix: PaperIndex, row: Row) -> tuple[Paper, tuple[tuple[int, int], ...]]:
    """A catalogue row's whole paper, and where the query's words are in its abstract."""
    paper = row.paper if row.complete else pix.paper(row.paper.id) or row.paper
    return paper, tuple(pix.spans("abstract", paper.abstract, row.terms)) if row.terms else ()


def related(pix: PaperIndex, paper_id: str) -> list[Row]:
    return [
        Row(h.paper, h.terms, tuple(pix.spans("title", h.paper.title, h.terms)))
        for h in pix.related(paper_id)
    ]


def catalogue(pix: PaperIndex) -> tuple[list[Paper], list[FileRecord]]:
    """Every paper (light: no abstract) in page order, and every snapshot file."""
    pix.refresh()
    return pix.papers(light=True), pix.snapshots()


def starred(pix: PaperIndex, marks: Mapping[str, Mark]) -> list[Paper]:
    """The papers of these marks, whole, in library order (a paper gone from the library by its
    title alone): the engine's `marked_papers`, as `dailypapers export` finds them."""
    return [paper for paper, _ in marked_papers(pix, marks)]


def every_hit(pix: PaperIndex, request: SearchRequest) -> list[Paper]:
    """Every paper a search finds (all the status line counts, not only the hits fetched so far)."""
    result = pix.search(request.text, request.snapshot, None, only=request.only, exclude=request.exclude)
    return [h.paper for h in result.hits]


def whole(pix: PaperIndex, rows: list[Row]) -> list[Paper]:
    """The papers of these rows, with their abstracts."""
    return [pix.paper(r.paper.id) or r.paper for r in rows]
