"""What a search returns: `Hit`s and a `SearchResult` with exact counts (no engine's objects:
the CLI and the reader see these, whatever the full-text index is)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..papers.model import Paper
from ..papers.views import Sort


@dataclass(slots=True)
class Hit:
    paper: Paper
    score: float
    terms: frozenset[tuple[str, str]] = frozenset()  # (field, indexed term) that matched

    def to_json(self) -> dict:
        return {**self.paper.to_json(), "score": round(self.score, 4)}


@dataclass(slots=True)
class SearchResult:
    """What a query finds. Counts are exact, within the snapshot and restriction searched:
    `total` is every paper the query finds (what `limit=None` returns), `all_words` those
    holding every word (typo corrections included), `some_words` those holding only some."""

    query: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    all_words: int = 0
    some_words: int = 0
    sort: Sort = Sort.RELEVANCE  # the order of `hits`: newest for a query with no words to rank by
    syntax: tuple[str, ...] = ()  # the query syntax used (empty: the query was read as words)
    ranking: str = "all words first"  # or "by every word" (a long query), "newest first"...

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
