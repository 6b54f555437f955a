"""A field's analyzer as the index's table of contents describes it, run without Whoosh.

Our schema's text fields are analysed by a regex tokenizer, a lowercase filter, then an
optional stop filter (renumbering) and an optional stemmer (Whoosh's Porter `stem`): the
chain `store.positions` runs in one pass when indexing. `Words.of` reads that chain from the
pickled schema as `plain.Stub`s (the pattern, the stop words and sizes, what the stemmer
ignores) and answers None for any other analyzer. Each token is lowercased alone, as Whoosh's
`LowercaseFilter` does; the stemmer is Whoosh's own function (`whoosh.lang.porter`, imported
alone: three small modules, none of the index machinery). tests/test_oneshot.py compares it
with Whoosh's analyzer on real abstracts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .plain import Stub

_CHAIN = "whoosh.analysis."
_TOKENIZER = _CHAIN + "tokenizers.RegexTokenizer"
_LOWER = _CHAIN + "filters.LowercaseFilter"
_STOP = _CHAIN + "filters.StopFilter"
_STEM = _CHAIN + "morph.StemFilter"
_PORTER = "whoosh.lang.porter.stem"


class Words:
    """A field's analysis: the indexed terms of a text, and where each stands in it."""

    def __init__(
        self,
        pattern: re.Pattern[str],
        stops: frozenset[str],
        minsize: int,
        maxsize: int | None,
        stem: Callable[[str], str] | None,
        ignore: frozenset[str],
    ) -> None:
        self._finditer = pattern.finditer
        self._stops, self._min, self._max = stops, minsize, maxsize
        self._stem, self._ignore = stem, ignore
        self._stems: dict[str, str] = {}

    @classmethod
    def of(cls, field: Stub) -> Words | None:
        """The analysis of a pickled field (a `Stub`), or None when it is not such a chain."""
        items = getattr(getattr(field, "analyzer", None), "items", None)
        if not isinstance(items, list) or len(items) < 2:
            return None
        tokenizer, lower, *rest = items
        expression = getattr(tokenizer, "expression", None)
        if (
            expression is None
            or getattr(tokenizer, "where", "") != _TOKENIZER
            or getattr(tokenizer, "gaps", True)
            or getattr(lower, "where", "") != _LOWER
            or getattr(expression, "where", "") != "re._compile"
        ):
            return None
        args = expression.args
        if len(args) != 2 or not isinstance(args[0], str) or args[1] != re.UNICODE:
            return None
        stop = rest.pop(0) if rest and rest[0].where == _STOP else None
        stem = rest.pop(0) if rest and rest[0].where == _STEM else None
        if rest or (stop is not None and not stop.renumber):
            return None
        stemfn: Callable[[str], str] | None = None
        if stem is not None:
            if getattr(stem.stemfn, "where", "") != _PORTER or stem.lang is not None:
                return None
            from whoosh.lang.porter import stem as porter  # Whoosh's stemmer alone

            stemfn = porter
        return cls(
            re.compile(args[0], args[1]),
            frozenset(stop.stops) if stop else frozenset(),
            stop.min if stop else 0,
            stop.max if stop else None,
            stemfn,
            frozenset(getattr(stem, "ignore", ()) or ()),
        )

    def term(self, word: str) -> str | None:
        """The indexed term of one token's text (lowercased), or None for a stop word."""
        size = len(word)
        if size < self._min or (self._max is not None and size > self._max) or word in self._stops:
            return None
        if self._stem is None or word in self._ignore:
            return word
        found = self._stems.get(word)
        if found is None:
            found = self._stems[word] = self._stem(word)
        return found

    def terms(self, text: str) -> list[str]:
        """The indexed terms of a text, in order (a query's: `process_text(mode="query")`)."""
        found = (self.term(m.group().lower()) for m in self._finditer(text))
        return [t for t in found if t is not None]

    def spans(self, text: str, wanted: set[str]) -> list[tuple[int, int]]:
        """Character spans of the tokens whose term is in `wanted` (as `search.highlight.spans`).

        A term starts with its token's first letter (the stemmer changes endings only: a test
        checks it on every word of the index), so only those tokens are analysed."""
        firsts = {t[:1] for t in wanted}
        found = []
        for match in self._finditer(text):
            word = match.group().lower()
            if word[:1] in firsts and self.term(word) in wanted:
                found.append(match.span())
        return found
