"""Whoosh's `Positions` format with a one-pass indexing path.

Indexing runs a title or abstract through a chain of generators (tokenizer,
lowercase, stop words, stemmer) that hand one `Token` object along per word, then
encodes each word's positions with `pickle`. For an analyzer built like that (the
stop filter and stemmer optional, as for author names), `Positions.word_values`
here does the same work in one loop and reuses the encoding of single positions;
it returns what Whoosh's own path returns (tests/test_writer.py compares the two
on generated and real text). Any other analyzer or call takes Whoosh's path, as does
every call when the guard (`w3.guard`) finds another Whoosh.

This class is pickled into the index's schema, so it must stay importable here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from . import whooshlib as wl
from .w3 import guard

_af = wl.analysis
# id(analyzer) -> (analyzer, its plan or None); the analyzer is held so its id stays unique.
# Each writer unpickles its own schema, so a long-running reader would collect them: kept few.
_PLANS: dict[int, tuple[object, Callable | None]] = {}
_STEMS: dict[object, dict[str, str]] = {}  # stemming function -> word -> stem, shared by plans
_ONE: dict[int, bytes] = {}  # position -> the encoding of [position]


def cache_sizes() -> tuple[int, int]:
    """How many analyzers' plans and stemmers' caches this process keeps (a few at most)."""
    return len(_PLANS), len(_STEMS)


def _plan(analyzer) -> Callable | None:
    """A function str -> {word: [positions]} doing what `analyzer` does, or None.

    The analyzer must be a regex tokenizer and a lowercase filter, then optionally a
    stop filter (renumbering), then optionally a stemmer, as Whoosh's `StemmingAnalyzer`
    and `StandardAnalyzer` build them.
    """
    items = list(getattr(analyzer, "items", ()))
    if type(analyzer) is not _af.CompositeAnalyzer or len(items) < 2:
        return None
    tokenizer, lower, *rest = items
    stop = rest.pop(0) if rest and type(rest[0]) is _af.StopFilter else None
    stem = rest.pop(0) if rest and type(rest[0]) is _af.StemFilter else None
    if rest or not (
        type(tokenizer) is _af.RegexTokenizer
        and not tokenizer.gaps
        and type(lower) is _af.LowercaseFilter
        and (stop is None or stop.renumber)
    ):
        return None
    if tokenizer.expression.groups:  # findall would return the groups, not the words
        return None
    findall = tokenizer.expression.findall
    stops, minsize, maxsize = (stop.stops, stop.min, stop.max) if stop else (frozenset(), 0, None)
    if stem is None:
        stemfn, ignore, stems = str, frozenset[str](), _STEMS.setdefault(None, {})
    else:
        stemfn, ignore = stem._stem, stem.ignore
        stems = _STEMS.setdefault((stem.stemfn, stem.lang, stem.ignore), {})

    def positions(value: str) -> dict[str, list[int]]:
        words = findall(value)
        # Lowercased one by one: words hold no spaces, and a space ends a word for
        # the one context-dependent case mapping (final sigma) as the word's end does.
        words = " ".join(words).lower().split(" ") if words else words
        poses: dict[str, list[int]] = {}
        pos = -1  # the stop filter numbers kept words on from the first one's place
        for i, text in enumerate(words):
            size = len(text)
            if size < minsize or (maxsize is not None and size > maxsize) or text in stops:
                continue
            pos = i if pos < 0 else pos + 1
            word = stems.get(text)
            if word is None:
                word = stems[text] = text if text in ignore else stemfn(text)
            found = poses.get(word)
            if found is None:
                poses[word] = [pos]
            else:
                found.append(pos)
        return poses

    return positions


def _plan_of(analyzer) -> Callable | None:
    if not guard.on():  # another Whoosh: its own path
        return None
    entry = _PLANS.get(id(analyzer))
    if entry is None or entry[0] is not analyzer:
        if len(_PLANS) >= 8:
            _PLANS.clear()
        entry = _PLANS[id(analyzer)] = (analyzer, _plan(analyzer))
    return entry[1]


class Positions(wl.formats.Positions):
    """`whoosh.formats.Positions`, faster when indexing text."""

    def index_items(self, value, analyzer) -> list[tuple[bytes, int, float, bytes]] | None:
        """What `field.index(value)` yields for a field of this format, as a list and without its
        two layers of generators; None where this format takes Whoosh's path."""
        plan = _plan_of(analyzer)
        if plan is None or not isinstance(value, str):
            return None
        guard.ran["positions"] += 1
        boost = self.field_boost
        encode = self.encode
        items = []
        for word, poslist in plan(value).items():
            count = len(poslist)
            if count == 1:
                encoded = _ONE.get(poslist[0])
                if encoded is None:
                    encoded = _ONE[poslist[0]] = encode(poslist)
            else:
                encoded = encode(poslist)
            items.append((word.encode("utf-8"), count, count * boost, encoded))
        return items

    def word_values(self, value, analyzer, **kwargs) -> Iterator[tuple[str, int, float, bytes]]:
        plan = _plan_of(analyzer)
        if plan is None or not isinstance(value, str) or kwargs.keys() - {"mode"}:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        guard.ran["positions"] += 1
        boost = self.field_boost
        encode = self.encode
        for word, poslist in plan(value).items():
            count = len(poslist)
            if count == 1:  # most words: one encoding per position, computed once
                value = _ONE.get(poslist[0])
                if value is None:
                    value = _ONE[poslist[0]] = encode(poslist)
            else:
                value = encode(poslist)
            yield word, count, count * boost, value
