"""What a search returns: `Hit`s and a `SearchResult` with exact counts (no engine's objects:
the CLI and the reader see these, whatever the full-text index is)."""

from __future__ import annotations

from ..papers.model import Paper
from ..papers.record import Record
from ..papers.views import Sort


class Hit(Record):
    __slots__ = ("paper", "score", "terms")

    def __init__(self, paper: Paper, score: float, terms: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.paper = paper
        self.score = score
        self.terms = terms  # (field, indexed term) that matched

    def to_json(self) -> dict:
        return {**self.paper.to_json(), "score": round(self.score, 4)}


class SearchResult(Record):
    """What a query finds. Counts are exact, within the snapshot and restriction searched:
    `total` is every paper the query finds (what `limit=None` returns), `all_words` those
    holding every word (typo corrections included), `some_words` those holding only some."""

    __slots__ = (  # noqa: RUF023
        "query",
        "total",
        "hits",
        "suggestion",
        "notes",
        "seconds",
        "all_words",
        "some_words",
        "sort",
        "syntax",
        "ranking",
    )

    def __init__(
        self,
        query: str,
        total: int = 0,
        hits: list[Hit] | None = None,
        suggestion: str | None = None,
        notes: list[str] | None = None,
        seconds: float = 0.0,
        all_words: int = 0,
        some_words: int = 0,
        sort: Sort = Sort.RELEVANCE,
        syntax: tuple[str, ...] = (),
        ranking: str = "all words first",
    ) -> None:
        self.query = query
        self.total = total
        self.hits: list[Hit] = [] if hits is None else hits
        self.suggestion = suggestion
        self.notes: list[str] = [] if notes is None else notes
        self.seconds = seconds
        self.all_words = all_words
        self.some_words = some_words
        self.sort = sort  # the order of `hits`: newest for a query with no words to rank by
        self.syntax = syntax  # the query syntax used (empty: the query was read as words)
        self.ranking = ranking  # or "by every word" (a long query), "newest first"...

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "all_words": self.all_words,
            "some_words": self.some_words,
            "hits": [h.to_json() for h in self.hits],
            "suggestion": self.suggestion,
            "notes": self.notes,
            "sort": self.sort.value,
            "syntax": list(self.syntax),
            "ranking": self.ranking if self.sort is Sort.RELEVANCE else self.sort.value,
        }
