"""The one-shot search: a few words searched in a process that imports no index machinery.

`dailypapers search diffusion` starts a process, searches once and ends: what it imports is
most of what it costs, and Whoosh's modules were half of that. For the commonest queries, plain
words (letters and digits) ranked by relevance in the whole library, one to MAX_WORDS of them
(stop words may stand among the content words: `mixture of experts`; a pasted title's
hyphens, colons, commas and final `?` are read as text, as the usual path reads them),
`OneShot.fresh` checks what an update would find (the library unchanged since the manifest, the index the
manifest's commit, its side files there; the files that could not be read are said as an
update says them, from the manifest's stamp), and the index's files are read here
(`store.w3.plain`, its analyzer `store.w3.words`); `search` ranks as `engine.run_search` does
in that case: each content word in titles, abstracts and full texts (stemmed) and authors'
names (at `AUTHOR_BOOST`), BM25F with Whoosh's statistics and arithmetic; a stop word nowhere
(`queryfields.default_fields`). Up to LONG words rank in tiers: first the papers by a person the
query names or whose title holds its words in order (`oneshot_phrases`: Whoosh's `Phrase` on
the index's positions), those with every word then those with some; then every paper with
every word; then those with some. More than LONG content words (a pasted title, a sentence)
rank by every word (`oneshot_long`, as `coordination` ranks them): the papers put first, then
every paper holding a word.

Whenever the answer could differ, it answers None and the caller takes the usual path (an
update, Whoosh): another process updating, anything to update, a word that may be a typo
(`typos.correct` would change it; a stop word too), no content word, more than MAX_WORDS
words, a word the analyzer splits in several (the parser would search an AND of its parts;
hyphens split words before, as `querytext.read_query` splits them), a repeated word, a match
in a full text (its lines are printed from the cache), anything unreadable.
tests/test_oneshot.py checks both paths give the same hits, scores, counts and highlights,
and that the fast one imports no Whoosh.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from pathlib import Path

from ..store import listing
from ..store.generations import IndexDir
from ..store.schema import BODY, SCHEMA_VERSION, SEARCHED, from_stored
from ..store.w3.plain import SegmentFiles, Toc, Unreadable, byte_lengths
from ..store.w3.words import Words
from ..text import clean
from .oneshot_long import by_every_word
from .oneshot_phrases import Phrases
from .ranking import Ranking, intersection, union
from .results import Hit, SearchResult
from .spelling import Vocabulary

# BM25F as the searcher weighs (Whoosh's `scoring.BM25F()` defaults: a test checks them).
B, K1 = 0.75, 1.2
AUTHOR_BOOST = 0.5  # engine.AUTHOR_BOOST (a test checks they agree)
TYPO_PAPERS = 2  # typos.TYPO_PAPERS: a word in at most this many papers may be a typo
LONG = 4  # engine.LONG: more content words than this rank by every word (the usual path)
MAX_QUERY = 1000  # engine.MAX_QUERY: a longer query is cut, with a note (the usual path)
MAX_WORDS = 12  # words, stop words included, of a query taken here
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Plain words, or a title pasted with punctuation the usual path reads as text and drops
# (`querytext.read_query`): words joined by hyphens, a colon or a comma then a space, a final
# `?`, `.` or `!`; the `?` said in a note (`Reading.note`: a test checks it).
_QUERY = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:(?:-| |: |, )[A-Za-z][A-Za-z0-9]*)*[?.!]?")
_QUESTION = "read as words: '?' taken as text (start with = for query syntax)"
# The operators a query word could be read as (querytext.OPERATORS: a test checks them).
_NOT_WORDS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE")

Term = tuple[str, str]


class OneShot:
    """The current index of a library, read without Whoosh, for one search."""

    def __init__(
        self,
        library: Path,
        home: IndexDir,
        gen: Path,
        toc: Toc,
        segments: list[SegmentFiles],
        words: dict[str, Words],
    ) -> None:
        self.library = library
        self.home = home
        self.gen = gen
        self.toc = toc
        self.segments = segments
        self.words = words
        self._counts: Mapping[str, int] | None = None
        self._leaves: dict[Term, dict[int, float]] = {}
        self.said: list[str] = []  # what a command says of the library's unreadable files (`fresh`)

    @classmethod
    def open(cls, library: Path, index_dir: Path) -> OneShot | None:
        """The library's current index read without Whoosh, or None (none, another user's, not
        such an index). Whether an update would change it is asked when a search is answered
        (`fresh`): a query declined before then pays for no check."""
        home = IndexDir(index_dir)
        try:
            gen = home.current()
            if gen is None or (hasattr(os, "getuid") and gen.stat().st_uid != os.getuid()):
                return None  # (nothing here is read from a directory another user made)
            if not all((gen / name).is_file() for name in ("vocab.json", "catalogue.json")):
                return None
            whoosh = gen / "whoosh"
            toc = Toc.read(whoosh)
            words = {name: Words.of(toc.fields[name]) for name in (*SEARCHED, "author")}
            if not all(words.values()) or not all(toc.fields[n].scorable for n in words):
                return None
            segments = [SegmentFiles(whoosh, s) for s in toc.segments]
            return cls(library, home, gen, toc, segments, words)  # type: ignore[arg-type]
        except Exception:  # anything unexpected, unreadable or damaged: the usual path says what
            return None

    def fresh(self) -> bool:
        """True when an update would change nothing: under the index's lock (not waiting: another
        process updating, False), the library unchanged since the manifest, the index read the
        manifest's commit with its files' sizes; `said` is then what the update would say of
        the library's unreadable files (by the stamp; read from the manifest, none may be)."""
        try:
            with self.home.lock(wait=False) as healed:
                return not healed and self._fresh()
        except Exception:  # (IndexBusy too: the usual path waits for the update)
            return False

    def _fresh(self) -> bool:
        gen = self.gen
        if self.home.current() != gen or not self.library.is_dir():
            return False
        said = listing.unchanged(self.library, gen / "manifest.json", SCHEMA_VERSION, self.toc.generation)
        if said is not None:
            self.said = said
            return True  # (else the manifest, read: the same answer, slower)
        from ..store import manifest

        state = manifest.load(gen / "manifest.json")
        if state is None or not state.records or state.generation != self.toc.generation:
            return False
        if any(p.get("fatal", True) for rec in state.records.values() for p in rec.problems):
            return False  # the update's path says so on stderr
        if not any(rec.papers for rec in state.records.values()):
            return False
        for name, size in state.index_files.items():
            if (gen / "whoosh" / name).stat().st_size != size:
                return False
        work = manifest.plan(self.library, state.records)
        return not (work or work.failed or work.touched)

    # -- statistics ------------------------------------------------------------------

    def doc_frequency(self, fieldname: str, text: str) -> int:
        btext = text.encode("utf-8")
        return sum(s.doc_frequency(fieldname, btext) for s in self.segments)

    def _leaf(self, fieldname: str, text: str) -> dict[int, float]:
        """Document number -> BM25F score of one term, as `scoring.Scorer._leaf` computes it."""
        found = self._leaves.get((fieldname, text))
        if found is None:
            found = self._leaves[(fieldname, text)] = self._scores(fieldname, text)
        return found

    def _scores(self, fieldname: str, text: str) -> dict[int, float]:
        btext = text.encode("utf-8")
        count = self.toc.count
        idf = math.log(count / (self.doc_frequency(fieldname, text) + 1)) + 1
        avgfl = sum(s.field_lengths.get(fieldname, 0) for s in self.toc.segments) / (count or 1) or 1
        by_byte = [K1 * ((1 - B) + B * length / avgfl) for length in byte_lengths()]
        missing = K1 * ((1 - B) + B * 1 / avgfl)
        k1 = K1 + 1
        found: dict[int, float] = {}
        offset = 0
        for segment in self.segments:
            postings = segment.postings(fieldname, btext)
            if postings is not None:
                ids, weights = postings
                lengths = segment.length_bytes(fieldname)  # (each posting's norm: the same floats)
                if lengths is None:
                    scores = [idf * ((w * k1) / (w + missing)) for w in weights]
                else:
                    scores = [
                        idf * ((w * k1) / (w + by_byte[lengths[d]]))
                        for d, w in zip(ids, weights, strict=True)
                    ]
                found.update(zip([d + offset for d in ids] if offset else ids, scores, strict=True))
            offset += segment.segment.count
        return found

    def _stored(self, docnum: int) -> dict:
        for segment in self.segments:
            if docnum < segment.segment.count:
                return segment.stored(docnum)
            docnum -= segment.segment.count
        raise Unreadable("no such document")

    # -- the search ------------------------------------------------------------------

    def search(self, text: str, limit: int | None) -> SearchResult | None:
        """What `run_search(text, limit=limit)` answers for a few plain words, or None (see the
        module's docstring; a file that does not read as expected: None too)."""
        try:
            return self._search(text, limit)
        except Exception:  # (an index damaged since `open`: the usual path repairs it)
            return None

    @staticmethod
    def takes(text: str) -> bool:
        """True when the query may be searched here: up to MAX_WORDS plain words, maybe a pasted
        title's punctuation among them (asked before `open`, so a query that is not pays nothing
        for it)."""
        words = _WORD.findall(text)
        return (
            len(words) <= MAX_WORDS
            and len(text) <= MAX_QUERY
            and _QUERY.fullmatch(text) is not None
            and all(w.upper() not in _NOT_WORDS for w in words)
            and text == clean(text)
        )

    def _search(self, text: str, limit: int | None) -> SearchResult | None:
        if not self.takes(text):
            return None
        words = _WORD.findall(text)  # (as `querytext.read_query` reads them)
        analysed = [self.words[SEARCHED[0]].terms(word) for word in words]
        if any(len(stem) > 1 for stem in analysed):
            return None  # (not one token: the parser's reading is not this one's)
        # The content words (the rest are stop words: not searched, `queryfields.default_fields`).
        content = [(word, stem[0]) for word, stem in zip(words, analysed, strict=True) if stem]
        stems = [stem for _, stem in content]
        if not content:
            return None  # no word to search for (a note)
        if len(set(stems)) < len(content) or len({w.lower() for w, _ in content}) < len(content):
            return None  # (the parser merges a repeated term)
        for word, stem in zip(words, analysed, strict=True):
            if not (self._certain(word, stem[0]) if stem else self._kept(word)):
                return None
        # Each word in each field the parser searches (a group a word), as Whoosh's parser builds it.
        groups: list[list[tuple[Term, float]]] = [
            [*(((name, stem), 1.0) for name in SEARCHED), (("author", word.lower()), AUTHOR_BOOST)]
            for word, stem in content
        ]
        leaves = {term: self._leaf(*term) for group in groups for term, _ in group}
        if any(leaves[(BODY, stem)] for stem in stems):
            return None  # a full text matched: its lines come from the cache (the usual path)
        if not self.fresh():
            return None
        first: set[int] = set()  # papers by a person the query names, or with its title
        if len(words) > 1:
            phrases = Phrases(self.segments, lambda f, t: self._leaf(f, t).keys(), self.doc_frequency)
            first = phrases.names(words) | phrases.titled(words, stems)

        if len(content) > LONG:  # ranked by every word (`coordination`), the papers put first first
            return self._by_every_word(text, groups, leaves, first, limit)

        def scored(group: list[tuple[Term, float]]) -> dict[int, float]:
            return union(
                [leaves[t] if b == 1.0 else {d: s * b for d, s in leaves[t].items()} for t, b in group]
            )

        def matched(docnum: int) -> frozenset[Term]:
            return frozenset(term for term, found in leaves.items() if docnum in found)

        # Every word (an AND of ORs), then some (one OR: the parser flattens ORs in an OR), scored
        # only when a hit may come from them (the limit not reached).
        every = scored(groups[0]) if len(groups) == 1 else intersection([scored(g) for g in groups])
        some: dict[int, float] | None = every if len(groups) == 1 else None

        def any_word() -> dict[int, float]:
            nonlocal some
            if some is None:
                some = scored([t for g in groups for t in g])
            return some

        found: dict[int, Hit] = {}
        for among in ([first] if first else []) + [None]:  # (the papers put first, then all)
            for tier in (lambda: every, any_word):
                if limit is not None and len(found) >= limit:
                    break
                scores = tier()
                if among is not None:
                    scores = {d: scores[d] for d in among & scores.keys()}
                self._tier(found, Ranking(scores, matched), limit)
        anyword = some.keys() if some is not None else set().union(*(leaves[t].keys() for t in leaves))
        return self._result(text, found, len(every), len(anyword - every.keys()))

    def _by_every_word(
        self,
        text: str,
        groups: list[list[tuple[Term, float]]],
        leaves: dict[Term, dict[int, float]],
        first: set[int],
        limit: int | None,
    ) -> SearchResult:
        """A long query's hits (`engine._Search.run`): the papers put first, then every paper, each
        ranked by every word (`oneshot_long`)."""
        scores, every = by_every_word(groups, leaves, self.toc.count, self.doc_frequency)

        def matched(docnum: int) -> frozenset[Term]:
            return frozenset(term for term, found in leaves.items() if docnum in found)

        found: dict[int, Hit] = {}
        if first:
            self._tier(found, Ranking({d: scores[d] for d in first & scores.keys()}, matched), limit)
        self._tier(found, Ranking(scores, matched), limit)
        result = self._result(text, found, len(every), len(scores.keys() - every))
        result.ranking = "by every word"
        return result

    @staticmethod
    def _result(text: str, found: dict[int, Hit], all_words: int, some_words: int) -> SearchResult:
        result = SearchResult(query=text, hits=list(found.values()))
        if text.endswith("?"):
            result.notes.append(_QUESTION)
        result.all_words, result.some_words = all_words, some_words
        result.total = all_words + some_words
        return result

    def _tier(self, found: dict[int, Hit], ranking: Ranking, limit: int | None) -> None:
        """The hits of one tier after those found (`engine._Search._tier`)."""
        if limit is not None and len(found) >= limit:
            return
        for docnum, score in ranking.top(None if limit is None else limit + len(found)):
            if limit is not None and len(found) >= limit:
                break
            if docnum not in found:
                found[docnum] = Hit(from_stored(self._stored(docnum)), score, ranking.terms(docnum))

    def _certain(self, word: str, stem: str) -> bool:
        """True when `typos.correct` leaves the word as it is: part of an author's name, or in
        a paper's text and in more than TYPO_PAPERS papers' (or holding a digit)."""
        lower = word.lower()
        if self.doc_frequency("author", lower):
            return True
        if not any(self.doc_frequency(name, stem) for name in SEARCHED):
            return False
        if any(c.isdigit() for c in word):
            return True
        if self._counts is None:  # (read once a search)
            self._counts = Vocabulary.counts(self.gen / "vocab.json")
        return self._counts.get(lower, 0) > TYPO_PAPERS

    def _kept(self, word: str) -> bool:
        """True when `typos.correct` leaves a stop word as it is: part of an author's name, too
        short to correct, or in more than TYPO_PAPERS papers' text."""
        lower = word.lower()
        if len(lower) < 3 or self.doc_frequency("author", lower):
            return True
        if self._counts is None:
            self._counts = Vocabulary.counts(self.gen / "vocab.json")
        return self._counts.get(lower, 0) > TYPO_PAPERS

    def spans(self, fieldname: str, text: str, terms: frozenset[Term]) -> list[tuple[int, int]]:
        """Where a hit's matched terms occur in `text`, as `PaperIndex.spans` finds them."""
        wanted = {t for f, t in terms if f == fieldname}
        words = self.words.get(fieldname)
        if not wanted or not text or words is None:
            return []
        return words.spans(text, wanted)

    def body_match(self, paper: object, terms: object) -> None:
        """Where a hit matched in its full text: nowhere (a search that matched a full text is
        not answered here, `search`)."""
        return None
