"""Search: ranked papers for a query string, with fallbacks that never raise.

A query is read as words unless it clearly uses the syntax (`querytext.read_query`), and
searched in titles, abstracts and authors' names. Papers by a person the query names come
first. A short query ranks in tiers: papers holding every word, then papers holding only some;
a long one (over LONG content words, a pasted sentence) by every word (`coordination`). A word
in no paper (or in one or two, when a far commoner word is an edit or two away) is a typo:
the query is searched as if the correction had been typed, the word itself kept; a word like
no other is left out, with a note (`typos`). While the reader types, the last word is also
completed as a prefix; a whole word typed dominates its completions.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from ..papers.views import Sort, sort_papers
from ..store import whooshlib as wl
from ..store.schema import SEARCHED, TEXT_FIELDS, from_stored
from ..text import clean
from . import scoring
from .coordination import coordinated
from .order import sort_docs
from .queryfields import Parser, default_fields, ranked
from .querytext import (
    EXPLICIT,
    is_plain,
    literal_words,
    plain_words,
    read_query,
    syntax_error,
)
from .results import Hit, SearchResult
from .scoring import Ranking
from .spelling import Vocabulary
from .typos import complete_last_word, correct

__all__ = ["complete_last_word", "matching_docs", "query_parser", "run_search"]

MAX_QUERY = 1000  # characters; the rest of a longer query is ignored (with a note)
MAX_FUZZY = 2  # the largest edit distance of a fuzzy term (`model~99` is searched as `model~2`)
AUTHOR_BOOST = 0.5  # an author's name among the default fields, below titles and abstracts
LONG = 4  # a query of more content words than this is ranked by every word, not all words first
COORDINATION = 2.0  # the score of a long query's match times (words matched / words) ** this
_FUZZY = re.compile(r"(?<=\w)~(\d+)")


def query_parser(schema, group) -> Parser:
    """Whoosh's parser over titles, abstracts, full texts read and authors' names (`group`:
    AndGroup for every word, OrGroup for any), with fuzzy terms, comparisons, field aliases,
    months and weeks. Authors count at AUTHOR_BOOST, and only for a query's content words (not
    `the`); a full text at its field's boost (`schema.BODY_BOOST`)."""
    fields = (*SEARCHED, "author")
    parser = wl.qparser.QueryParser(None, schema, group=group)
    parser.add_plugin(default_fields(schema, fields, {"author": AUTHOR_BOOST}, "author"))
    parser.add_plugin(wl.qparser.FuzzyTermPlugin())
    return Parser(parser)  # comparisons, field aliases, months and weeks in date:


def run_search(
    searcher,
    vocab: Vocabulary,
    text: str,
    snapshot: str | None = None,
    limit: int | None = 50,
    sort: Sort = Sort.RELEVANCE,
    order: dict[str, int] | None = None,
    only: set[int] | None = None,
    mask: set[int] | None = None,
    complete: bool = False,
    cancel: Callable[[], bool] | None = None,
) -> SearchResult:
    """Search; any query string at all returns a result (maybe empty, with notes).

    `cancel` is asked as the postings of each term are read: True gives the search up
    (`scoring.Cancelled` is raised), so a slow query never holds up the next one.

    The query is read as words unless it clearly uses the syntax (`querytext.read_query`).
    `complete`: the query is being typed (the reader), so its last word is also completed as a
    prefix; a submitted query (the CLI, `enter`) is searched as it is.

    `only` restricts the search to these document numbers, `mask` leaves these out.
    With `sort` other than relevance, or a query with no title or abstract words to rank by
    (then newest first), the hits are every paper holding all the words (as `matching_docs`)
    in that order; `order` is the library order of snapshot ids (`PaperIndex.snapshot_order`).
    """
    start = time.perf_counter()
    result = SearchResult(query=clean(text))

    def search(words: str) -> None:
        engine = _Search(searcher, vocab, result, snapshot, limit, only, mask, complete)
        result.sort = Sort(sort)
        if (  # plain words always rank; a query with fields may only filter
            result.sort is Sort.RELEVANCE
            and not is_plain(words)
            and not ranked(query_parser(searcher.schema, wl.qparser.AndGroup).parse(words))
        ):
            result.sort = Sort.NEWEST
        if result.sort is Sort.RELEVANCE:
            engine.run(words)
        else:
            engine.sorted(words, result.sort, order or {})

    scorer = scoring.scorer_for(searcher)
    scorer.cancelled = cancel
    try:
        _guarded(result, search)
    finally:
        scorer.cancelled = None
    if not result.total and result.syntax and not any(s.startswith("fields") for s in result.syntax):
        words = " ".join(literal_words(result.query.lstrip().removeprefix(EXPLICIT)))
        if words:  # a phrase, wildcard or operator found nothing: the words may
            result.notes.append(f"nothing matches the query syntax: searched for its words, {words!r}")
            result.syntax = ()
            scorer.cancelled = cancel
            try:
                _guarded(result, search, words)
            finally:
                scorer.cancelled = None
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


def _guarded(result: SearchResult, search, text: str | None = None) -> None:
    """Run `search(text)` on the cleaned query; on a query Whoosh cannot parse, on its words."""
    text = result.query if text is None else text
    if len(text) > MAX_QUERY:
        text = text[:MAX_QUERY]
        result.notes.append(f"query cut to its first {MAX_QUERY} characters")
    reading = read_query(text)
    text, result.syntax = reading.text, reading.syntax
    if reading.note():
        result.notes.append(reading.note())  # type: ignore[arg-type]
    if reading.syntax:
        text = _clamp_fuzzy(result, text)
    problem = syntax_error(text)
    if problem:
        text = " ".join(plain_words(text))
        said = f"searched for its words: {text!r}" if text else "it has no words to search for"
        result.notes.append(f"could not parse the query ({problem}); {said}")
    if not text:
        if not any("no words" in note for note in result.notes):
            result.notes.append(f"the query {result.query!r} has no words to search for")
        return
    if not plain_words(text) or all(w.lower() in wl.analysis.STOP_WORDS for w in plain_words(text)):
        result.notes.append(f"the query {result.query!r} has no words to search for")
        return
    try:
        search(text)
    except scoring.Cancelled:
        raise
    except Exception as exc:  # Whoosh's parser has corners our check misses: never fail
        words = " ".join(plain_words(text))
        result.hits, result.suggestion = [], None
        result.total = result.all_words = result.some_words = 0
        said = f"searched for its words: {words!r}" if words else "it has no words to search for"
        result.notes.append(f"could not parse the query ({type(exc).__name__}); {said}")
        if words and words != text:
            search(words)


def _clamp_fuzzy(result: SearchResult, text: str) -> str:
    """Fuzzy distances over MAX_FUZZY brought down to it (a distance of 99 walks every word of
    the index for seconds), with a note."""

    def clamp(match: re.Match) -> str:
        if int(match.group(1)) <= MAX_FUZZY:
            return match.group()
        result.notes.append(
            f"fuzzy distance {match.group(1)} is more than {MAX_FUZZY}: searched ~{MAX_FUZZY}"
        )
        return f"~{MAX_FUZZY}"

    return _FUZZY.sub(clamp, text)


class _Search:
    def __init__(
        self, searcher, vocab, result, snapshot, limit, only=None, mask=None, complete=False
    ) -> None:
        self.searcher = searcher
        self.complete = complete
        self.vocab = vocab
        self.result = result
        self.limit = limit
        self.snapshot = snapshot
        within: set[int] | None = None  # the documents searched (None: every one)
        if snapshot:
            within = set(self.scorer.docs(wl.query.Term("snapshot", snapshot)))
        if only is not None:
            within = set(only) if within is None else within & set(only)
        self.within = within
        self.mask = set(mask) if mask else None
        self.found: dict[int, Hit] = {}

    @property
    def scorer(self) -> scoring.Scorer:
        return scoring.scorer_for(self.searcher)

    def run(self, text: str) -> None:
        """Rank: papers with a whole name of the query among their authors, or the query's words
        in their title in its order (a pasted title), first; then, for a
        query of up to LONG content words, papers with every word before those with some; a
        longer one by every word (BM25F of the words matched, times the share of the words
        matched to the power COORDINATION)."""
        schema = self.searcher.schema
        expanded = self._searched(text)
        every = query_parser(schema, wl.qparser.AndGroup).parse(expanded)
        if not is_plain(text) or len(plain_words(expanded)) < 2:
            matched = self._tier(every)
            self.result.all_words, self.result.total = len(matched), len(matched)
            return
        names = self._names(text) | self._titled(text)
        if len(self._content(text)) > LONG:  # one part a word (an OR would flatten them)
            words = list(every.subqueries) if type(every) is wl.query.And else [every]
            ranking, matched = coordinated(self.scorer, words, COORDINATION, self.within, self.mask)
            if names:  # (ranked within as the rest is)
                self._tier(
                    None,
                    ranking=Ranking(
                        {d: ranking.scores[d] for d in names & ranking.scores.keys()}, ranking.terms
                    ),
                )
            every_paper = self._tier(None, ranking=ranking)
            self.result.ranking = "by every word"
            some = every_paper - matched
        else:
            anyword = query_parser(schema, wl.qparser.OrGroup).parse(expanded)
            if names:
                self._tier(every, allow=names)
                self._tier(anyword, allow=names)
            matched = self._tier(every)
            some = self._tier(anyword) - matched
        self.result.all_words, self.result.some_words = len(matched), len(some)
        self.result.total = len(matched) + len(some)

    def _content(self, text: str) -> set[str]:
        """The query's content words, as titles index them (no stopwords)."""
        title = self.searcher.schema[TEXT_FIELDS[0]]
        return set(title.process_text(" ".join(plain_words(text)), mode="query"))

    def _titled(self, text: str) -> set[int]:
        """Papers whose title holds the query's content words in its order: a pasted title (of
        three words or more) finds its paper first (`When is Your LLM Steerable?`)."""
        words = plain_words(text)
        tokens = list(self.searcher.schema[TEXT_FIELDS[0]].process_text(" ".join(words), mode="query"))
        if len(words) < 3 or len(tokens) < 2:
            return set()
        return self._matches(wl.query.Phrase(TEXT_FIELDS[0], tokens))

    def _names(self, text: str) -> set[int]:
        """Papers by a person the query names: the longest runs of two or three of its words
        (of at most six) found in that order among a paper's authors (`Yann LeCun world models`)."""
        words = [w.lower() for w in plain_words(text)]
        if not 2 <= len(words) <= 6:
            return set()
        reader = self.searcher.reader()
        known = [bool(reader.doc_frequency("author", w)) for w in words]
        found: set[int] = set()
        for size in (3, 2):
            for i in range(len(words) - size + 1):
                if all(known[i : i + size]):
                    found |= self._matches(wl.query.Phrase("author", words[i : i + size]))
            if found:
                return found
        return found

    def _matches(self, q) -> set[int]:
        """What `q` matches among the documents searched (exact, unscored)."""
        if q is wl.query.NullQuery:
            return set()
        found = set(self.scorer.docs(q))
        if self.within is not None:
            found &= self.within
        return found - self.mask if self.mask else found

    def docs(self, text: str) -> set[int]:
        """Every paper holding all the words (no ranking, no \"some words\" tier)."""
        return self._all_words(text)[1]

    def _all_words(self, text: str) -> tuple[object, set[int]]:
        """The query for every paper holding all the words (typos corrected), and those papers."""
        q = query_parser(self.searcher.schema, wl.qparser.AndGroup).parse(self._searched(text))
        return q, self._matches(q)

    def _searched(self, text: str) -> str:
        """The query text searched for `text`: its last word completed, its typos corrected.

        A word in no paper is searched as its correction (and itself): `agnet safety` counts
        and ranks as `agent safety`. A word in a paper or two with a far commoner word an edit
        or two away is only suggested, unless no paper holds every word as typed and some paper
        holds every word corrected: then the corrected query ranks (the note says so). A word
        in no paper but glued to a number in some (`droplet`: `Droplet3D`) is searched as those."""
        expanded = self._completed(text)
        if not is_plain(text):
            return expanded
        fix = correct(self.searcher, self.vocab, text, self.complete)
        if fix is None:
            return expanded
        if fix.dropped:
            gone = ", ".join(repr(w) for w in fix.dropped)
            self.result.notes.append(f"no paper has {gone} (nor a word like it): searched without it")
            if not fix.kept:
                return text  # nothing else to search for: finds nothing, as said
            text, expanded = fix.kept, self._completed(fix.kept)
            if fix.search == fix.kept:
                return expanded
        corrected = self._completed(fix.search)
        if fix.suggestion == text:  # only words glued to numbers: found as they are
            return corrected
        self.result.suggestion = fix.suggestion
        if fix.unknown:
            missing = ", ".join(repr(w) for w in fix.unknown)
            self.result.notes.append(f"no paper has {missing}: searched for {fix.suggestion!r}")
            return corrected
        parse = query_parser(self.searcher.schema, wl.qparser.AndGroup).parse
        if self._matches(parse(expanded)) or not self._matches(parse(corrected)):
            return expanded
        self.result.notes.append(
            f"no paper has every word of {text!r}: ranked by {fix.suggestion!r} (and the words as typed)"
        )
        return corrected

    def sorted(self, text: str, sort: Sort, order: dict[str, int]) -> None:
        """Every paper holding all the words, in `sort` order (ties: newest, then page order).

        Sorted on the index's columns, so only the papers shown are read; in one snapshot
        (a few hundred papers at most) on the papers themselves, to use their rank there."""
        q, found = self._all_words(text)
        self.result.total = self.result.all_words = len(found)
        if self.snapshot is None:
            chosen = sort_docs(self.searcher.reader(), found, sort, order)[: self.limit]
        else:
            chosen = list(found)
        hits: dict[int, Hit] = {}
        if chosen:  # (fuzzy terms, prefixes, wildcards: the words they stand for, found once)
            words = self.scorer.expand(q)
            for hit in self.searcher.search(words, limit=None, filter=set(chosen), terms=True):
                hits[hit.docnum] = Hit(
                    from_stored(hit.fields()), hit.score, scoring.matched(hit.matched_terms())
                )
        ranked_hits = [hits[d] for d in chosen if d in hits]
        if self.snapshot is not None:
            sid = self.snapshot
            by_id = {h.paper.id: h for h in ranked_hits}
            papers = sort_papers((h.paper for h in ranked_hits), sort, order, lambda a: a.snapshot == sid)
            ranked_hits = [by_id[p.id] for p in papers][: self.limit]
        self.result.hits = ranked_hits

    def _completed(self, text: str) -> str:
        return complete_last_word(self.vocab, text) if self.complete else text

    def _tier(self, q, allow: set[int] | None = None, ranking: Ranking | None = None) -> set[int]:
        """Add the hits of one tier (the first of its full ranking, up to the limit); return every
        paper the tier matches. `allow`: only these papers; `ranking`: ranked already."""
        if ranking is None:
            if q is wl.query.NullQuery:
                return set()
            if allow is not None:
                allow = allow if self.within is None else allow & self.within
            ranking = self.scorer.rank(q, allow=self.within if allow is None else allow, exclude=self.mask)
        room = None if self.limit is None else self.limit - len(self.found)
        if room is None or room > 0:
            want = None if room is None else self.limit + len(self.found)  # enough past repeats
            for docnum, score in ranking.top(want):
                if self.limit is not None and len(self.found) >= self.limit:
                    break
                if docnum in self.found:
                    continue
                paper = from_stored(self.searcher.stored_fields(docnum))
                self.found[docnum] = Hit(paper, score, ranking.terms(docnum))
            self.result.hits = list(self.found.values())
        return set(ranking.scores)
