"""The one place that imports Whoosh: swap in a maintained fork here."""

from whoosh import analysis, fields, highlight, index, qparser, query, sorting
from whoosh.index import EmptyIndexError, IndexVersionError, LockError
from whoosh.searching import Searcher
from whoosh.writing import SegmentWriter

__all__ = [
    "EmptyIndexError",
    "IndexVersionError",
    "LockError",
    "Searcher",
    "SegmentWriter",
    "analysis",
    "fields",
    "highlight",
    "index",
    "qparser",
    "query",
    "sorting",
]
