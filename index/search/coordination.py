"""Ranking a long query by every word: each word scores its best field (not the sum of its
title and abstract scores) with BM25's own idf, and a paper's sum is weighted by the share of
the words it holds.

A pasted sentence has a dozen words or more: few papers hold them all, and those that do are
not the best. Ranked by the plain sum of BM25F over title and abstract, papers that hold common
words in both fields (`reinforcement learning` in a title and again in its abstract) outrank the
one paper holding a rare, decisive word (`TaskMem`); and Whoosh's idf, log(N / (df + 1)) + 1,
gives a word in most papers a weight of about 1 where BM25's, log(1 + (N - df + 0.5) /
(df + 0.5)), gives it about 0.5. Each word's best field, its score brought to BM25's idf, and
the share of the words matched bring the ranking to what a plain BM25 over the words gives,
and keep it exact: every match is scored, the top k is the first k of the full order.
"""

from __future__ import annotations

import math

from ..store import whooshlib as wl
from ..store.schema import SEARCHED
from .scoring import Ranking, Scorer

_LEAVES = ("Term", "Phrase")


def coordinated(
    scorer: Scorer, words: list, power: float, allow: set[int] | None = None, exclude: set[int] | None = None
) -> tuple[Ranking, set[int]]:
    """Every paper holding one of the query's `words` (one query each; among `allow`, not in
    `exclude`), scored by the sum over the words of each word's best-field score, times (words
    held / words) ** `power`; and the papers holding every word."""
    total: dict[int, float] = {}
    held: dict[int, int] = {}
    leaves: dict[tuple[str, str], dict[int, float]] = {}
    for word in words:
        expanded = scorer.expand(word)
        for d, s in word_scores(scorer, expanded).items():
            total[d] = total.get(d, 0.0) + s
            held[d] = held.get(d, 0) + 1
        for leaf in _leaves(expanded):
            leaves[(leaf.fieldname, leaf.text)] = scorer.scores(leaf)
    if allow is not None:
        held = {d: n for d, n in held.items() if d in allow}
    if exclude:
        held = {d: n for d, n in held.items() if d not in exclude}
    weight = [(n / len(words)) ** power for n in range(len(words) + 1)]
    scores = {d: total[d] * weight[n] for d, n in held.items()}

    def terms(docnum: int) -> frozenset[tuple[str, str]]:
        return frozenset(term for term, found in leaves.items() if docnum in found)

    return Ranking(scores, terms), {d for d, n in held.items() if n == len(words)}


def _leaves(q) -> list:
    """The terms of a word's query (what a paper matched, for highlighting)."""
    if type(q).__name__ == "Term":
        return [q]
    return [leaf for sub in getattr(q, "subqueries", ()) for leaf in _leaves(sub)]


def word_scores(scorer: Scorer, q) -> dict[int, float]:
    """A word's scores: the best of its fields (an OR of terms in several fields, each brought to
    BM25's idf of the word over the papers holding it in any field), alternatives (an OR of ORs:
    a typo's corrections) added, parts of one word (an AND: `tree-based`) added where all are."""
    if q is wl.query.NullQuery:
        return {}
    kind = type(q).__name__
    if not scorer.supports(q):
        return dict.fromkeys(scorer.docs(q), 0.0)
    if kind in _LEAVES:
        return dict(scorer.scores(q))
    if kind == "Or" and all(type(sub).__name__ == "Term" for sub in q.subqueries):
        found = _best_field(scorer, q.subqueries)
    else:
        subs = [word_scores(scorer, sub) for sub in q.subqueries]
        found = {}
        if kind == "And":
            common = set.intersection(*(set(s) for s in subs)) if subs else set()
            found = {d: sum(s[d] for s in subs) for d in common}
        else:
            for s in subs:
                for d, v in s.items():
                    found[d] = found.get(d, 0.0) + v
    if q.boost != 1.0:
        found = {d: v * q.boost for d, v in found.items()}
    return found


def _best_field(scorer: Scorer, terms: list) -> dict[int, float]:
    """Each paper's best score among one word's terms in several fields, with one idf: BM25's,
    of the papers holding the word in a text field (Whoosh's idf is per field: a common word
    is rare among titles, and its title matches outweighed rare words)."""
    searcher = scorer.searcher
    scored = [(t, scorer.scores(t)) for t in terms]
    holding: set[int] = set()
    for t, s in scored:
        if t.fieldname in SEARCHED:
            holding.update(s)
    n = searcher.doc_count_all()
    idf = math.log(1 + (n - len(holding) + 0.5) / (len(holding) + 0.5)) if holding else None
    found: dict[int, float] = {}
    for t, s in scored:
        own = _whoosh_idf(searcher, t.fieldname, t.text)
        ratio = idf / own if idf is not None and own else 1.0
        for d, v in s.items():
            found[d] = max(found.get(d, 0.0), v * ratio)
    return found


def _whoosh_idf(searcher, fieldname: str, text: str) -> float:
    try:
        return searcher.idf(fieldname, searcher.schema[fieldname].to_bytes(text))
    except (KeyError, ValueError):
        return 0.0
