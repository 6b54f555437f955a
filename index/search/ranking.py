"""A query's full ranking (every match and its score, the first k of the full order) and the
union of scores as Whoosh's matchers add them: no Whoosh here, so the one-shot search
(`oneshot`) uses them without importing the scorer."""

from __future__ import annotations

import heapq
from collections.abc import Callable

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from typing import Any

Term = tuple[str, str]  # (field, indexed text)


class Ranking:
    """Every match of a query with its score; `top(k)` is the first k of the full order."""

    def __init__(
        self,
        scores: dict[int, float],
        terms: Callable[[int], frozenset[Term]],
        order: list[int] | None = None,
    ) -> None:
        self.scores = scores
        self._terms = terms
        self._order = order  # the full order, when it is known already

    def __len__(self) -> int:
        return len(self.scores)

    def __contains__(self, docnum: int) -> bool:
        return docnum in self.scores

    def top(self, k: int | None = None, key: Callable[[int], Any] | None = None) -> list[tuple[int, float]]:
        """The first `k` (all when None) (docnum, score) pairs: best score first, then lowest
        document number. With `key`, ordered by `key(docnum)` first (ascending)."""
        scores = self.scores
        if k is not None and k <= 0:
            return []
        if key is not None:
            pick = lambda d: (key(d), -scores[d], d)  # noqa: E731
            docs = sorted(scores, key=pick) if k is None else heapq.nsmallest(k, scores, key=pick)
            return [(d, scores[d]) for d in docs]
        if self._order is not None:
            return [(d, scores[d]) for d in self._order[:k]]
        if k is None or k >= len(scores):
            pairs = [(-s, d) for d, s in scores.items()]
        else:  # the k-th best score, then only what reaches it (ties included) is sorted
            least = heapq.nlargest(k, scores.values())[-1]
            pairs = [(-s, d) for d, s in scores.items() if s >= least]
        pairs.sort()
        return [(d, -s) for s, d in pairs[:k]]

    def terms(self, docnum: int) -> frozenset[Term]:
        """The query's (field, text) terms this document holds (for highlighting)."""
        return self._terms(docnum)


def union(parts: list[dict[int, float]]) -> dict[int, float]:
    """Documents in any part, their scores added (Whoosh's UnionMatcher)."""
    parts = sorted(parts, key=len, reverse=True)
    found = dict(parts[0])
    for part in parts[1:]:
        both = [(d, found[d]) for d in found.keys() & part.keys()]
        found.update(part)
        for d, s in both:
            found[d] = s + found[d]
    return found


def intersection(parts: list[dict[int, float]]) -> dict[int, float]:
    """Documents in every part, their scores added (Whoosh's IntersectionMatcher)."""
    parts = sorted(parts, key=len)
    found = parts[0]
    for part in parts[1:]:
        found = {d: found[d] + part[d] for d in found.keys() & part.keys()}
    return found
