"""The one-shot search's ranking of a long query (more than LONG content words) by every word,
as `coordination.coordinated` ranks it for the usual path, with no Whoosh: each word's best
field, its score brought to BM25's idf of the word over the papers holding it in a text field;
a paper's sum over the words times (words held / words) ** COORDINATION. The same floats: the
same operations in the same order (tests/test_oneshot.py compares both paths' scores)."""

from __future__ import annotations

import math
from collections.abc import Callable

from ..store.schema import SEARCHED

COORDINATION = 2.0  # engine.COORDINATION (a test checks they agree)

Term = tuple[str, str]


def by_every_word(
    groups: list[list[tuple[Term, float]]],
    leaves: dict[Term, dict[int, float]],
    count: int,
    doc_frequency: Callable[[str, str], int],
) -> tuple[dict[int, float], set[int]]:
    """Every paper holding one of the words (`groups`: a word's terms in the fields the parser
    searches, with their boosts; `leaves`: each term's scores), scored as `coordinated` scores
    them; and the papers holding every word. `count`: the index's documents (deleted too)."""
    total: dict[int, float] = {}
    held: dict[int, int] = {}
    for group in groups:
        for d, s in _best_field(group, leaves, count, doc_frequency).items():
            total[d] = total.get(d, 0.0) + s
            held[d] = held.get(d, 0) + 1
    weight = [(n / len(groups)) ** COORDINATION for n in range(len(groups) + 1)]
    scores = {d: total[d] * weight[n] for d, n in held.items()}
    return scores, {d for d, n in held.items() if n == len(groups)}


def _best_field(
    group: list[tuple[Term, float]],
    leaves: dict[Term, dict[int, float]],
    count: int,
    doc_frequency: Callable[[str, str], int],
) -> dict[int, float]:
    """`coordination._best_field`: each paper's best score among one word's terms (a boosted
    term's scores times its boost, as `Scorer.scores` gives them), each brought from Whoosh's
    idf of its field to BM25's idf of the papers holding the word in a text field."""
    scored = [(t, leaves[t] if b == 1.0 else {d: s * b for d, s in leaves[t].items()}) for t, b in group]
    holding: set[int] = set()
    for (fieldname, _), s in scored:
        if fieldname in SEARCHED:
            holding.update(s)
    n = count
    idf = math.log(1 + (n - len(holding) + 0.5) / (len(holding) + 0.5)) if holding else None
    found: dict[int, float] = {}
    for (fieldname, text), s in scored:
        own = math.log(count / (doc_frequency(fieldname, text) + 1)) + 1  # (Whoosh's `idf`)
        ratio = idf / own if idf is not None and own else 1.0
        for d, v in s.items():
            found[d] = max(found.get(d, 0.0), v * ratio)
    return found
