"""A query's trend over time: matching papers per snapshot, summed up once for every view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..papers.record import record
from ..text import shown

if TYPE_CHECKING:  # the reader draws sparklines long before it searches: the engine comes then
    from ..store.manifest import FileRecord
    from .results import SearchResult
    from .spelling import Vocabulary


@record(frozen=True)
class TrendPoint:
    snapshot: str
    date: str | None
    count: int  # papers matching the query in this snapshot
    papers: int  # papers in the snapshot

    @property
    def label(self) -> str:
        """The snapshot's date, else its id (raw snapshot text: escape it to print it)."""
        return self.date or self.snapshot


@record(frozen=True)
class TrendSummary:
    """What a trend comes to: the matches in all, in how many snapshots, the peak and the span."""

    total: int
    matched: int  # snapshots with at least one match
    snapshots: int
    peak: TrendPoint | None  # the snapshot with the most matches (None: no match at all)
    first: TrendPoint | None
    last: TrendPoint | None

    @classmethod
    def of(cls, points: list[TrendPoint]) -> TrendSummary:
        total = sum(p.count for p in points)
        peak = max(points, key=lambda p: p.count) if total else None
        first, last = (points[0], points[-1]) if points else (None, None)
        return cls(total, sum(1 for p in points if p.count), len(points), peak, first, last)


def trend(
    searcher, vocab: Vocabulary, records: list[FileRecord], text: str
) -> tuple[list[TrendPoint], SearchResult]:
    """Papers holding every word of the query, per readable snapshot, in library (date) order."""
    from .engine import matching_docs

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
    """A small text chart: one sparkline (values bucketed to fit `width`), the span, the total, the peak."""
    summary = TrendSummary.of(points)
    if summary.first is None or summary.last is None:
        return ["no snapshots"]
    per = max(1, -(-len(points) // width))
    buckets = [points[i : i + per] for i in range(0, len(points), per)]
    lines = [
        sparkline([sum(p.count for p in b) for b in buckets]),
        f"{shown(summary.first.label)} … {shown(summary.last.label)}",
    ]
    if per > 1:
        lines[-1] += f"  ({per} snapshots a column)"
    lines.append(f"{summary.total} matches in {summary.matched} of {summary.snapshots} snapshots")
    if summary.peak is not None:
        lines.append(f"peak: {summary.peak.count} on {shown(summary.peak.label)}")
    return lines


def sparkline(values: list[int]) -> str:
    """Block characters, one per value, scaled to the largest."""
    bars = " ▁▂▃▄▅▆▇█"
    top = max(values, default=0)
    if not top:
        return "▁" * len(values)
    return "".join(bars[max(1, round(v / top * 8))] if v else bars[0] for v in values)
