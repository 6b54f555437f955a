"""Fuzzy terms, prefixes and wildcards as the words they stand for, scored as Whoosh's
matchers score them (the `Scorer`'s expansions: a mixin of `scoring.Scorer`)."""

from __future__ import annotations

import bisect
import copy
import re
from typing import TYPE_CHECKING, Any

from ..store import whooshlib as wl
from ..store.w3 import guard
from ..store.w3.postings import term_bytes
from .ranking import union as _union


class Expansions:
    """What a `Scorer` does with fuzzy terms, prefixes and wildcards over text fields."""

    schema: Any
    segments: list
    _lexicons: dict[str, list[str]]
    _expansions: dict[tuple, list[str]]

    if TYPE_CHECKING:

        @property
        def searcher(self) -> Any: ...

        def _leaf(self, fieldname: str, text: str) -> dict[int, float]: ...

    def expand(self, q):
        """`q` with its fuzzy terms, prefixes and wildcards over text fields replaced by the terms
        each stands for (see `_expanded`), as Whoosh's matcher replaces them; the rest as it is."""
        kind = type(q)
        if not guard.on(guard.READ):  # another Whoosh: it expands them itself
            return q
        if kind is wl.query.FuzzyTerm or kind is wl.query.Prefix or kind is wl.query.Wildcard:
            return self._expanded(q)
        if kind is wl.query.And or kind is wl.query.Or:
            subs = [self.expand(sub) for sub in q.subqueries]
            if any(a is not b for a, b in zip(subs, q.subqueries, strict=True)):
                q = copy.copy(q)
                q.subqueries = subs
        return q

    def _expanded(self, q):
        """Whoosh's `MultiTerm.matcher`: no word is nothing; one word is that word's term alone (the
        query's boost dropped); more are an OR of their terms in dictionary order (with the boost).
        Its weighting is the searcher's (asking for a constant score changes nothing: `postings`
        falls back to the searcher's weighting), so the OR is ranked as any other OR. Whoosh
        expands in each segment: a word only in other segments matches nothing there, so the
        words of every segment at once rank the same (but for the boost, kept or dropped by
        segment: a boosted one over several segments is left to Whoosh)."""
        fieldname = q.fieldname
        if fieldname not in self.schema or type(self.schema[fieldname]) is not wl.fields.TEXT or not q.text:
            return q
        if q.boost != 1.0 and len(self.segments) > 1:  # Whoosh drops the boost segment by segment
            return q
        key = (type(q), fieldname, q.text, getattr(q, "maxdist", None), getattr(q, "prefixlength", None))
        words = self._expansions.get(key)
        if words is None:
            words = self._words(q)
            if words is None:
                return q
            if len(self._expansions) > 1000:
                self._expansions.clear()
            self._expansions[key] = words
        if not words:
            return wl.query.NullQuery
        if len(words) == 1:
            return wl.query.Term(fieldname, words[0])
        return _expansion_class()([wl.query.Term(fieldname, w) for w in words], boost=q.boost)

    def _expansion(self, q) -> dict[int, float]:
        """The scores of an expansion as Whoosh's matchers add them up, segment by segment: with
        the words that segment holds, one word its term's scores alone (no boost), 1,024 or more
        a constant 1 for every match (Whoosh's preloaded OR, unscored), else a union of the terms
        (with the boost) built as a Huffman tree by document frequency, ties in the order given
        (`whoosh.util.make_weighted_tree`): floats added in the same order are the same floats."""
        guard.ran["expansion"] += 1
        fieldname = q.subqueries[0].fieldname
        words = [sub.text for sub in q.subqueries]
        found: dict[int, float] = {}
        for segment in self.segments:
            reader, low, high = segment.reader, segment.offset, segment.offset + segment.count
            present = []
            for word in words:
                btext = term_bytes(self.schema, fieldname, word)
                if btext is not None and (fieldname, btext) in reader:
                    present.append((reader.doc_frequency(fieldname, btext), word))
            if not present:
                continue
            parts = []
            for _, word in present:
                leaf = self._leaf(fieldname, word)
                if len(self.segments) > 1:
                    leaf = {d: v for d, v in leaf.items() if low <= d < high}
                parts.append(leaf)
            if len(parts) == 1:
                found.update(parts[0])
                continue
            if len(parts) >= _TOO_MANY_CLAUSES:
                found.update({d: 1.0 for part in parts for d in part})
                continue
            nodes = sorted(zip((size for size, _ in present), parts, strict=True), key=lambda n: n[0])
            while len(nodes) > 1:
                (wa, a), (wb, b) = nodes.pop(0), nodes.pop(0)
                bisect.insort_right(nodes, (wa + wb, _union([a, b])), key=lambda n: n[0])
            union = nodes[0][1]
            if q.boost != 1.0:
                union = {d: v * q.boost for d, v in union.items()}
            found.update(union)
        return found

    def _words(self, q) -> list[str] | None:
        """The field's words a fuzzy term, prefix or wildcard stands for, in dictionary order (None:
        not one this knows how to expand exactly)."""
        lexicon = self._lexicon(q.fieldname)
        kind, text = type(q), q.text
        if kind is wl.query.Prefix:
            return _starting(lexicon, text)
        if kind is wl.query.Wildcard:
            match = re.compile(q._get_pattern()).match
            return [w for w in _starting(lexicon, q._find_prefix(text)) if match(w)]
        from rapidfuzz import process  # here: only fuzzy terms need it
        from rapidfuzz.distance import Levenshtein

        maxdist, prefix = q.maxdist, q.prefixlength
        if type(maxdist) is not int or maxdist < 0 or not 0 <= prefix <= len(text):
            return None
        # Whoosh walks each segment's words with a Levenshtein automaton (the `prefix` first
        # letters in common, then at most `maxdist` insertions, deletions or substitutions).
        found = process.extract(
            text,
            _starting(lexicon, text[:prefix]),
            scorer=Levenshtein.distance,
            score_cutoff=maxdist,
            limit=None,
        )
        return [w for w, _, _ in sorted(found, key=lambda f: f[2])]

    def _lexicon(self, fieldname: str) -> list[str]:
        """Every word of a text field in the index, in dictionary order (read once per searcher)."""
        words = self._lexicons.get(fieldname)
        if words is None:
            words = self._lexicons[fieldname] = [
                b.decode("utf-8") for b in self.searcher.reader().lexicon(fieldname)
            ]
        return words


_TOO_MANY_CLAUSES = 1024  # whoosh.query.Or.TOO_MANY_CLAUSES
_EXPANSION: type | None = None


def _expansion_class() -> type:
    """The OR of the words a fuzzy term, prefix or wildcard stands for (`Scorer.expand`): a class of
    its own, scored as Whoosh scores such an OR (`Scorer._expansion`), cached apart from others."""
    global _EXPANSION
    if _EXPANSION is None:

        class Expansion(wl.query.Or):
            pass

        _EXPANSION = Expansion
    return _EXPANSION


def _starting(words: list[str], prefix: str) -> list[str]:
    """The words (sorted) that start with `prefix`."""
    if not prefix:
        return words
    start = bisect.bisect_left(words, prefix)
    size = len(prefix)
    return words[start : bisect.bisect_right(words, prefix, lo=start, key=lambda w: w[:size])]


def is_expansion(kind: type) -> bool:
    """True for the class of `Scorer.expand`'s ORs (made on first use)."""
    return _EXPANSION is not None and kind is _EXPANSION
