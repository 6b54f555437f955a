"""Reading across snapshots: a query's trend over time, and the papers most like one paper."""

from __future__ import annotations

from dataclasses import dataclass

from ..papers.dedupe import same_abstract
from ..store import whooshlib as wl
from ..store.manifest import FileRecord
from ..store.schema import from_stored
from ..text import shown, sparkline
from .engine import Hit, SearchResult, matching_docs
from .scoring import scorer_for
from .spelling import Vocabulary


@dataclass(frozen=True, slots=True)
class TrendPoint:
    snapshot: str
    date: str | None
    count: int  # papers matching the query in this snapshot
    papers: int  # papers in the snapshot


def trend(
    searcher, vocab: Vocabulary, records: list[FileRecord], text: str
) -> tuple[list[TrendPoint], SearchResult]:
    """Papers holding every word of the query, per readable snapshot, in library (date) order."""
    docs, result = matching_docs(searcher, vocab, text)
    reader = searcher.reader()
    points = []
    for rec in records:
        if not rec.papers:
            continue
        count = 0
        if docs and ("snapshot", rec.id) in reader:
            count = len(docs.intersection(reader.postings("snapshot", rec.id).all_ids()))
        points.append(TrendPoint(rec.id, rec.date, count, rec.papers))
    return points, result


def trend_chart(points: list[TrendPoint], width: int = 72) -> list[str]:
    """A small text chart: one sparkline (values bucketed to fit `width`), the peak, the span."""
    if not points:
        return ["no snapshots"]
    per = max(1, -(-len(points) // width))
    buckets = [points[i : i + per] for i in range(0, len(points), per)]
    line = sparkline([sum(p.count for p in b) for b in buckets])
    peak = max(points, key=lambda p: p.count)
    first, last = points[0], points[-1]
    total = sum(p.count for p in points)
    lines = [line, f"{shown(first.date or first.snapshot)} … {shown(last.date or last.snapshot)}"]
    if per > 1:
        lines[-1] += f"  ({per} snapshots a column)"
    lines.append(f"{total} matches in {sum(1 for p in points if p.count)} of {len(points)} snapshots")
    if peak.count:
        lines.append(f"peak: {peak.count} on {shown(peak.date or peak.snapshot)}")
    return lines


def related(searcher, paper_id: str, limit: int = 30, numterms: int = 20) -> list[Hit]:
    """Papers most like this one (key terms of its title and abstract), itself and duplicates excluded."""
    docnum = searcher.document_number(id=paper_id)
    if docnum is None:
        return []
    me = from_stored(searcher.stored_fields(docnum))
    text = f"{me.title} {me.title} {me.abstract}"  # the title counts twice, as it does in ranking
    terms = searcher.key_terms_from_text("abstract", text, numterms=numterms)
    if not terms:
        return []
    top = max(weight for _, weight in terms)
    q = wl.query.Or(
        [
            wl.query.Term(name, term, boost=weight / top)
            for term, weight in terms
            for name in ("title", "abstract")
        ]
    )
    ranking = scorer_for(searcher).rank(q, exclude={docnum})
    found = []
    for other, score in ranking.top(limit + 5):
        paper = from_stored(searcher.stored_fields(other))
        if same_abstract(paper.abstract, me.abstract):
            continue  # a duplicate that was not merged (e.g. two arXiv ids of one text)
        found.append(Hit(paper, score, ranking.terms(other)))
        if len(found) == limit:
            break
    return found
