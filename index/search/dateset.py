"""A `date:` filter read as one list of documents.

`date:2026` stands for every day of 2026 that the library holds, some 230 terms. Whoosh
would walk them as a union of 230 matchers, trying to skip blocks at every step (300 ms
on 580 days); read once into a set of documents, the filter costs a few milliseconds.
A filter has nothing to rank by: every document it matches scores its boost.
Imports Whoosh: imported when a query is parsed.
"""

from __future__ import annotations

from ..store import whooshlib as wl
from ..store.w3 import guard


class DateSet(wl.query.Query):
    """Documents with any of the day terms of `source`: a Whoosh `Prefix` or `TermRange` on
    `date`, or a tuple of ISO days."""

    fieldname = "date"

    def __init__(self, source, boost: float = 1.0) -> None:
        self.source = source
        self.boost = boost

    def __repr__(self) -> str:
        return f"DateSet({self.source!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is DateSet and (other.source, other.boost) == (self.source, self.boost)

    def __hash__(self) -> int:
        return hash((DateSet, repr(self.source), self.boost))

    def _days(self, reader) -> list[bytes]:
        if isinstance(self.source, tuple):
            return [day.encode("utf-8") for day in self.source]
        return list(self.source._btexts(reader))

    def estimate_size(self, reader) -> int:
        if not isinstance(self.source, tuple) and not guard.on(guard.READ):
            return self.source.estimate_size(reader)
        return sum(reader.doc_frequency("date", day) for day in self._days(reader))

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        found: set[int] = set()
        if not isinstance(self.source, tuple) and not guard.on(guard.READ):  # another Whoosh: its own matcher
            found.update(searcher.docs_for_query(self.source))
        for day in () if found else self._days(reader):
            if ("date", day) in reader:
                found.update(reader.postings("date", day).all_ids())
        if not found:
            return wl.matching.NullMatcher()
        return _Filter(sorted(found), all_weights=self.boost)


class _Filter(wl.matching.ListMatcher):
    """Documents scoring the boost each, that Whoosh never prunes: its collector drops a
    matcher that cannot lift a document into the top N, then undercounts a total it calls exact."""

    def max_quality(self) -> float:
        return float("inf")
