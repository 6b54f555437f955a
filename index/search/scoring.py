"""Exact BM25F rankings, read in bulk from Whoosh's own posting blocks.

Why not `searcher.search(q, limit=k)`: Whoosh 2.7.4's top-k collector prunes its
matcher tree with `replace(minscore)` once it holds k hits. A union (a word in the
title OR the abstract) whose one side can no longer reach the k-th score alone
becomes an `AndMaybeMatcher`, and `AndMaybeMatcher.skip_to(id)` moves its optional
side to `id` rather than to where its required side landed. Under an AND (every
query of two words or more) the intersection moves its children with `skip_to`,
so the optional side lags behind and the next matches are scored without it:
their scores fall and they drop out of top lists they belong in, at some limits
and not at others (`video generation`: the full sort's best paper, 17.77, was
collected at 15.11 and missed the top 50). Asked for every match (`limit=None`)
Whoosh prunes nothing and its order is exact, but it scores one posting at a time.

`Scorer` computes the full ranking itself, for query trees of `Term`, `Phrase`, `And`
and `Or` (with boosts; what the parser makes of plain words, `field:word`, quoted
phrases and the reader's completions and corrections, and the weighted bags of terms
and phrases of picks for you): each term's postings are read a block at a
time, scored with Whoosh's own BM25F formula and statistics (idf, average field
length, the one-byte field lengths Whoosh stores; tests/test_scoring.py checks
them against Whoosh and against a BM25F written from the documents), and combined
as Whoosh's matchers do: AND adds the scores of documents in every part, OR those
in any part, a phrase its words' scores in the documents where Whoosh finds them side
by side. The top k is then the first k of that full order (score, then document
number, as Whoosh's own full sort), for every k. Any other query (NOT, wildcards,
fuzzy terms, ranges) is ranked by Whoosh with `limit=None`, exact but slower.

Per-term and per-subquery results are cached (least recently used, bounded), so
a query typed word by word scores only the word being typed. A `Scorer` belongs
to one searcher (`scorer_for`): a refreshed searcher is a new object with a new,
empty cache. Whoosh searchers are not thread-safe, and neither is this: use it on
the searcher's thread.

Postings are read in bulk by `store.w3.postings` (Whoosh 2.7's W3 codec, else its matchers);
fuzzy terms, prefixes and wildcards are expanded by `expansion`. With the guard off
(`store.w3.guard`: another Whoosh), Whoosh ranks every query itself.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from typing import Any

from ..store import whooshlib as wl
from ..store.w3 import guard
from ..store.w3.postings import Segment, term_bytes
from .expansion import Expansions, is_expansion
from .ranking import Ranking, intersection, union

CACHE_ENTRIES = 300_000  # (document, score) pairs kept across cached terms and subqueries
Filter = Any  # a Whoosh query or a collection of document numbers
Term = tuple[str, str]  # (field, indexed text)

_SCORERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def scorer_for(searcher) -> Scorer:
    """The scorer (and its cache) of this searcher."""
    scorer = _SCORERS.get(searcher)
    if scorer is None:
        scorer = _SCORERS[searcher] = Scorer(searcher)
    return scorer


class Cancelled(Exception):
    """A ranking given up because `Scorer.cancelled` said so (a newer search superseded it, or
    the reader is closing)."""


class Scorer(Expansions):
    """BM25F rankings of one searcher's index, with a cache of term and subquery scores."""

    def __init__(self, searcher, cache_entries: int = CACHE_ENTRIES) -> None:
        self._searcher = weakref.ref(searcher)  # the cache must not keep its searcher alive
        self.schema = searcher.schema
        self.weighting = searcher.weighting
        self.segments = [Segment(reader, offset) for reader, offset in searcher.reader().leaf_readers()]
        self._cache: OrderedDict[Any, dict[int, float]] = OrderedDict()
        self._cached = 0
        self.limit = cache_entries
        self._norms: dict[str, list[list[float]]] = {}
        self._lexicons: dict[str, list[str]] = {}
        self._expansions: dict[tuple, list[str]] = {}
        # Asked before each term's postings are read: True gives the ranking up (`Cancelled`).
        self.cancelled: Callable[[], bool] | None = None

    @property
    def cached(self) -> tuple[int, int]:
        """(cached keys, cached document scores): the cache's size, bounded by `limit` scores."""
        return len(self._cache), self._cached

    @property
    def searcher(self):
        searcher = self._searcher()
        if searcher is None:
            raise RuntimeError("the searcher of this scorer is gone")
        return searcher

    # -- queries -----------------------------------------------------------------

    def supports(self, q) -> bool:
        """True when this scorer ranks `q` itself (otherwise Whoosh does, exactly but slower)."""
        if type(self.weighting) is not wl.scoring.BM25F or not guard.on(guard.READ):
            return False
        return self._supports(q)

    def _supports(self, q) -> bool:
        kind = type(q)
        if q is wl.query.NullQuery or kind is wl.query.Term:
            return True
        if is_expansion(kind):
            return True
        if kind is wl.query.And or (kind is wl.query.Or and not q.scale and not q.minmatch):
            return all(self._supports(sub) for sub in q.subqueries)
        if kind is wl.query.Phrase and q.words and q.fieldname in self.schema:
            form = self.schema[q.fieldname].format
            return bool(form and form.supports("positions"))  # else Whoosh raises its own error
        return False

    def rank(self, q, allow: Filter | None = None, exclude: Filter | None = None) -> Ranking:
        """Every document matching `q` (and `allow`, and not `exclude`), scored as Whoosh scores."""
        if not self.supports(expanded := self.expand(q)):
            return self._whoosh(q, allow, exclude)  # Whoosh expands them itself
        q = expanded
        scores = self.scores(q)
        if allow is not None:
            keep = self.docs(allow)
            scores = {d: scores[d] for d in scores.keys() & keep}
        if exclude is not None:
            drop = self.docs(exclude)
            if drop & scores.keys():
                scores = {d: s for d, s in scores.items() if d not in drop}
        # A phrase's words count as matched only where the phrase is (as Whoosh reports them).
        leaves: dict[Term, list[dict[int, float]]] = {}
        for node in _leaves(q):
            if type(node) is wl.query.Term:
                term = (node.fieldname, node.text)
                leaves.setdefault(term, []).append(self._leaf(*term))
            else:
                for word in node.words:
                    leaves.setdefault((node.fieldname, word), []).append(self._phrase(node))

        def terms(docnum: int) -> frozenset[Term]:
            return frozenset(term for term, parts in leaves.items() if any(docnum in p for p in parts))

        return Ranking(scores, terms)

    def docs(self, which: Filter) -> Collection[int]:
        """The document numbers of a filter (a query, or already a collection)."""
        if not isinstance(which, wl.query.Query):
            return which if isinstance(which, (set, frozenset)) else set(which)
        if self.supports(expanded := self.expand(which)):
            return self.scores(expanded).keys()
        key = ("docs", which)
        found = self._cache.get(key)
        if found is None:
            found = dict.fromkeys(self.searcher.docs_for_query(which), 0.0)
            self._store(key, found)
        return found.keys()

    def scores(self, q) -> dict[int, float]:
        """Document number -> score of every document matching `q` (a supported query).

        The dictionary may be shared with the cache: never change it.
        """
        found = self._cache.get(q)
        if found is not None:
            self._cache.move_to_end(q)
            return found
        kind = type(q)
        if q is wl.query.NullQuery:
            return {}
        if kind is wl.query.Term:
            found = self._leaf(q.fieldname, q.text)
            if q.boost == 1.0:
                return found  # cached as the term itself
        elif kind is wl.query.Phrase:
            found = self._phrase(q)
            if q.boost == 1.0:
                return found
        elif is_expansion(kind):
            found = self._expansion(q)
            self._store(q, found)
            return found  # its boost is applied segment by segment
        else:
            parts = [self.scores(sub) for sub in q.subqueries]
            if len(parts) == 1:  # Whoosh uses the one part's matcher as it is (no boost)
                return parts[0]
            found = intersection(parts) if kind is wl.query.And else union(parts)
        if q.boost != 1.0:
            boost = q.boost
            found = {d: s * boost for d, s in found.items()}
        self._store(q, found)
        return found

    def _whoosh(self, q, allow: Filter | None, exclude: Filter | None) -> Ranking:
        """Whoosh's own full sort (no limit: nothing pruned) as a ranking."""
        allow, exclude = (
            f if f is None or isinstance(f, wl.query.Query) else self.docs(f) for f in (allow, exclude)
        )
        results = self.searcher.search(q, limit=None, filter=allow, mask=exclude, terms=True)
        order = [docnum for _, docnum in results.top_n]
        scores = {docnum: score for score, docnum in results.top_n}
        docterms = getattr(results, "docterms", {})

        def terms(docnum: int) -> frozenset[Term]:
            return matched(docterms.get(docnum, ()))

        return Ranking(scores, terms, order)

    # -- terms -------------------------------------------------------------------

    def _leaf(self, fieldname: str, text: str) -> dict[int, float]:
        """Document number -> BM25F score of one term (no boost), over every segment."""
        key = (fieldname, text)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        if self.cancelled is not None and self.cancelled():
            raise Cancelled
        found: dict[int, float] = {}
        btext = term_bytes(self.schema, fieldname, text)
        if btext is not None:
            scorable = self.schema[fieldname].scorable
            if scorable:
                idf = self.searcher.idf(fieldname, btext)
                k1 = self.weighting.K1 + 1
                norms = self._field_norms(fieldname)
            for i, segment in enumerate(self.segments):
                postings = segment.postings(fieldname, btext)
                if postings is None:
                    continue
                ids, weights = postings
                if scorable:
                    # Whoosh's scoring.bm25 with the length part of its denominator worked out
                    # per document beforehand: the same operations in the same order, the same floats.
                    norm = norms[i]
                    scores = [idf * ((w * k1) / (w + norm[d])) for d, w in zip(ids, weights, strict=True)]
                else:  # a field without lengths: Whoosh's WeightScorer (the weight is the score)
                    scores = weights
                if segment.offset:
                    ids = [d + segment.offset for d in ids]
                found.update(zip(ids, scores, strict=True))
        self._store(key, found)
        return found

    def _phrase(self, q) -> dict[int, float]:
        """Document number -> score of a phrase (no boost): where Whoosh finds its words in
        order (its own positions check), the sum of their scores as its matcher adds them (a
        binary tree of intersections)."""
        key = ("phrase", q.fieldname, tuple(q.words), q.slop)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        parts = [self._leaf(q.fieldname, word) for word in q.words]
        found: dict[int, float] = {}
        if all(parts):  # a word the index lacks: Whoosh matches nothing
            plain = wl.query.Phrase(q.fieldname, list(q.words), slop=q.slop)
            found = {d: _tree_sum(parts, d) for d in self.searcher.docs_for_query(plain)}
        self._store(key, found)
        return found

    def _field_norms(self, fieldname: str) -> list[list[float]]:
        """Per segment, per document: BM25's K1 * ((1 - B) + B * length / average length)."""
        norms = self._norms.get(fieldname)
        if norms is None:
            w = self.weighting
            K1, B = w.K1, w._field_B.get(fieldname, w.B)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            by_byte = [K1 * ((1 - B) + B * wl.numeric.byte_to_length(b) / avgfl) for b in range(256)]
            missing = K1 * ((1 - B) + B * 1 / avgfl)  # Whoosh's default length when none is stored
            norms = []
            for segment in self.segments:
                lengths = segment.length_bytes(fieldname)
                norms.append(
                    [missing] * segment.count if lengths is None else list(map(by_byte.__getitem__, lengths))
                )
            self._norms[fieldname] = norms
        return norms

    # -- the cache ---------------------------------------------------------------

    def clear(self) -> None:
        """Forget every cached score (benchmarks measure cold queries with this)."""
        self._cache.clear()
        self._cached = 0

    def _store(self, key, found: dict[int, float]) -> None:
        old = self._cache.pop(key, None)
        if old is not None:
            self._cached -= len(old)
        self._cache[key] = found
        self._cached += len(found)
        while self._cached > self.limit and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached -= len(dropped)


def _leaves(q) -> list:
    """The `Term` and `Phrase` queries of a supported query, in order."""
    found = []
    stack = [q]
    while stack:
        node = stack.pop()
        if type(node) in (wl.query.Term, wl.query.Phrase):
            found.append(node)
        elif node is not wl.query.NullQuery:
            stack.extend(reversed(node.subqueries))
    return found


def _tree_sum(parts: list[dict[int, float]], docnum: int) -> float:
    """A document's scores in `parts` added as Whoosh's `make_binary_tree` nests its matchers."""
    if len(parts) == 1:
        return parts[0][docnum]
    half = len(parts) // 2
    return _tree_sum(parts[:half], docnum) + _tree_sum(parts[half:], docnum)


def matched(pairs: Iterable[tuple[str, str | bytes]]) -> frozenset[Term]:
    """(field, term) pairs as text; numeric terms (`upvotes:>=50`) are not UTF-8."""
    return frozenset((f, t.decode("utf-8", "replace") if isinstance(t, bytes) else t) for f, t in pairs)
