"""Search: ranked papers for a query string, with fallbacks that never raise.

Ranking is in tiers: papers holding every query word come first, then papers
found by correcting a typo, then papers holding only some of the words. The
last word of a query is also completed as a prefix (the reader searches while
the user types).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from . import docsets
from . import whooshlib as wl
from .model import Paper
from .querytext import FIELDS, is_plain, last_word, plain_words, syntax_error
from .spelling import Vocabulary
from .store import TEXT_FIELDS, from_stored
from .text import clean

FEW = 3  # fewer exact hits than this and typos are looked for
MAX_QUERY = 1000  # characters; the rest of a longer query is ignored (with a note)
RARE = 20  # a typed whole word is not completed to words this many times rarer than itself


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

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "all_words": self.all_words,
            "some_words": self.some_words,
            "hits": [h.to_json() for h in self.hits],
            "suggestion": self.suggestion,
            "notes": self.notes,
        }


def _parser(schema, group) -> wl.qparser.QueryParser:
    parser = wl.qparser.MultifieldParser(list(TEXT_FIELDS), schema, group=group)
    parser.add_plugin(wl.qparser.FuzzyTermPlugin())
    return parser


def run_search(
    searcher,
    vocab: Vocabulary,
    text: str,
    snapshot: str | None = None,
    limit: int | None = 50,
    only: set[int] | None = None,
    mask: set[int] | None = None,
) -> SearchResult:
    """Search; any query string at all returns a result (maybe empty, with notes).

    `only` restricts the search to these document numbers, `mask` leaves these out.
    """
    start = time.perf_counter()
    result = SearchResult(query=clean(text))
    _guarded(result, lambda words: _Search(searcher, vocab, result, snapshot, limit, only, mask).run(words))
    result.seconds = time.perf_counter() - start
    return result


def matching_docs(searcher, vocab: Vocabulary, text: str) -> tuple[set[int], SearchResult]:
    """Document numbers of every paper holding all the query's words (a typo corrected when
    nothing matches), for counting; the result carries the notes and suggestion."""
    result = SearchResult(query=clean(text))
    found: set[int] = set()
    _guarded(result, lambda words: found.update(_Search(searcher, vocab, result, None, None).docs(words)))
    result.total = len(found)
    return found, result


def _guarded(result: SearchResult, search) -> None:
    """Run `search(text)` on the cleaned query; on a query Whoosh cannot parse, on its words."""
    text = result.query
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY]
        result.notes.append(f"query cut to its first {MAX_QUERY} characters")
    problem = syntax_error(text)
    if problem:
        text = " ".join(plain_words(text))
        result.notes.append(f"could not parse the query ({problem}); searched for its words: {text!r}")
    if not text:
        return
    try:
        search(text)
    except Exception as exc:  # Whoosh's parser has corners our check misses: never fail
        words = " ".join(plain_words(text))
        result.hits, result.suggestion = [], None
        result.total = result.all_words = result.some_words = 0
        result.notes.append(
            f"could not parse the query ({type(exc).__name__}); searched for its words: {words!r}"
        )
        if words and words != text:
            search(words)


class _Search:
    def __init__(self, searcher, vocab, result, snapshot, limit, only=None, mask=None) -> None:
        self.searcher = searcher
        self.vocab = vocab
        self.result = result
        self.limit = limit
        self.filter = wl.query.Term("snapshot", snapshot) if snapshot else None
        self._within: int | None = None  # bitmap of the documents searched (None: every one)
        if snapshot or only is not None:
            scope = docsets.matches(searcher, self.filter) if snapshot else -1
            self._within = scope & (docsets.bitmap(only) if only is not None else -1)
            if only is not None:
                self.filter = docsets.docnums(self._within)
        self.mask = mask or None
        self._masked = docsets.bitmap(mask) if mask else 0
        self.found: dict[int, Hit] = {}

    def run(self, text: str) -> None:
        schema = self.searcher.schema
        expanded = self._complete_last_word(text)
        every = _parser(schema, wl.qparser.AndGroup).parse(expanded)
        self._tier(every)
        matched = self._matches(every)
        plain = is_plain(text)
        if plain and matched.bit_count() < FEW:
            corrected, suggestion = self._correct(text)
            if corrected:
                before = matched
                fixed = _parser(schema, wl.qparser.AndGroup).parse(corrected)
                self._tier(fixed)
                matched |= self._matches(fixed)
                self.result.suggestion = suggestion
                if matched != before:
                    self.result.notes.append(f"also showing near matches for {suggestion!r}")
        some = 0
        if plain and len(text.split()) > 1:
            # Papers with only some of the words, after those with all of them.
            any_word = _parser(schema, wl.qparser.OrGroup).parse(expanded)
            if self.limit is None or len(self.found) < self.limit:
                self._tier(any_word)
            some = self._matches(any_word) & ~matched
        self.result.all_words, self.result.some_words = matched.bit_count(), some.bit_count()
        self.result.total = self.result.all_words + self.result.some_words

    def _matches(self, q) -> int:
        """The bitmap of what `q` matches among the documents searched (exact, unscored)."""
        if q is wl.query.NullQuery:
            return 0
        found = docsets.matches(self.searcher, q) & ~self._masked
        return found if self._within is None else found & self._within

    def docs(self, text: str) -> set[int]:
        """Every paper holding all the words (no ranking, no \"some words\" tier)."""
        parse = _parser(self.searcher.schema, wl.qparser.AndGroup).parse
        found = self._matches(parse(self._complete_last_word(text)))
        if is_plain(text) and found.bit_count() < FEW:
            corrected, suggestion = self._correct(text)
            if corrected:
                found |= self._matches(parse(corrected))
                self.result.suggestion = suggestion
        return docsets.docnums(found)

    def _tier(self, q) -> None:
        """Add the hits of one tier (up to the limit), best first."""
        if q is wl.query.NullQuery or self.limit == 0:
            return
        results = self.searcher.search(q, limit=self.limit, filter=self.filter, mask=self.mask, terms=True)
        for hit in results:
            if self.limit is not None and len(self.found) >= self.limit:
                break
            if hit.docnum in self.found:
                continue
            terms = frozenset(
                (f, t.decode("utf-8") if isinstance(t, bytes) else t) for f, t in hit.matched_terms()
            )
            self.found[hit.docnum] = Hit(from_stored(hit.fields()), hit.score, terms)
        self.result.hits = list(self.found.values())

    def _complete_last_word(self, text: str) -> str:
        parts = last_word(text)
        if not parts:
            return text
        head, prefix, word = parts
        if prefix.rstrip(":") not in ("", *TEXT_FIELDS) or len(word) < 2:
            return text
        # Short prefixes match most of the library: complete them to their commonest words only.
        limit = {2: 3, 3: 6}.get(len(word), 12)
        typed = word.lower()
        words = [w for w in self.vocab.completions(word, limit=limit) if w != typed]
        own = self.vocab.freq.get(typed, 0)
        if own:  # a whole word already: only completions common enough to change the ranking
            words = [w for w in words if self.vocab.freq[w] * RARE >= own]
        if not words:
            return text
        return f"{head}{prefix}({' OR '.join([word, *words])})"

    def _known(self, word: str) -> bool:
        reader = self.searcher.reader()
        for name in TEXT_FIELDS:
            for term in self.searcher.schema[name].process_text(word, mode="query"):
                if reader.doc_frequency(name, term):
                    return True
                break
            else:
                return True  # a stop word: nothing to correct
        return False

    def _correct(self, text: str) -> tuple[str | None, str | None]:
        """The query with unknown words replaced by near known words, and the suggestion."""
        search, suggest = text, text
        changed = False
        typed = last_word(text)
        for word in dict.fromkeys(plain_words(text)):
            if word.lower() in FIELDS or self._known(word):
                continue
            if typed and word == typed[2] and self.vocab.completions(word, limit=1):
                continue  # still being typed, and it completes to a known word
            near = self.vocab.corrections(word)
            if not near:
                continue
            pattern = re.compile(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])")
            group, best = f"({' OR '.join(near)})", near[0]
            search = pattern.sub(lambda _, g=group: g, search)
            suggest = pattern.sub(lambda _, b=best: b, suggest)
            changed = True
        return (search, suggest) if changed else (None, None)
