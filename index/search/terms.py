"""Queries by terms, for following, recommending and related papers: every paper a query
matches, a paper's key terms, term profiles, and the papers most like one paper.

Unlike `search` (made for typing: the last word is completed, typos are corrected,
papers with some of the words follow), a follow counts exactly the papers holding
every word of its query; a recommendation scores papers by a weighted bag of the
index's own (stemmed) terms; related papers are those of one paper's key terms.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from ..papers.dedupe import same_abstract
from ..store import whooshlib as wl
from ..store.schema import TEXT_FIELDS, from_stored
from ..text import WORDS, clean
from .querytext import plain_words, syntax_error
from .results import Hit
from .scoring import Ranking, scorer_for

_WORD = re.compile(WORDS)


@dataclass(frozen=True, slots=True)
class KeyTerm:
    term: str  # as indexed (stemmed): "diffus"
    word: str  # the commonest word of the text it stands for: "diffusion"
    weight: float  # 1.0 for the text's most important term


def match_ids(searcher, text: str) -> tuple[set[str], list[str]]:
    """Ids of every paper holding all the query's words (any Whoosh syntax: `author:"A B"`,
    phrases, OR, NOT), and notes; a query that cannot be parsed falls back to its words."""
    notes: list[str] = []
    text = clean(text)
    problem = syntax_error(text)
    if problem:
        text = " ".join(plain_words(text))
        notes.append(f"could not parse the query ({problem}); matched its words: {text!r}")
    if not text:
        return set(), notes
    parser = wl.qparser.MultifieldParser(list(TEXT_FIELDS), searcher.schema, group=wl.qparser.AndGroup)
    parser.add_plugin(wl.qparser.FuzzyTermPlugin())
    try:
        q = parser.parse(text)
    except Exception as exc:  # Whoosh's parser has corners the syntax check misses
        words = " ".join(plain_words(text))
        notes.append(f"could not parse the query ({type(exc).__name__}); matched its words: {words!r}")
        q = parser.parse(words) if words else wl.query.NullQuery
    if q is wl.query.NullQuery:
        return set(), notes
    return {searcher.stored_fields(n)["id"] for n in searcher.docs_for_query(q)}, notes


def key_terms(searcher, paper_id: str, numterms: int = 30) -> list[KeyTerm]:
    """The paper's most telling terms against the whole library (Whoosh's Bo1 model over its
    title, counted twice as in ranking, and abstract), heaviest first."""
    docnum = searcher.document_number(id=paper_id)
    if docnum is None:
        return []
    stored = searcher.stored_fields(docnum)
    text = f"{stored.get('title', '')} {stored.get('title', '')} {stored.get('abstract', '')}"
    found = searcher.key_terms_from_text("abstract", text, numterms=numterms)
    if not found:
        return []
    words = _surface_words(searcher.schema["abstract"], text)
    top = max(weight for _, weight in found) or 1.0
    return [KeyTerm(term, words.get(term, term), weight / top) for term, weight in found]


def key_phrases(searcher, paper_id: str, terms: set[str]) -> set[tuple[str, str]]:
    """Pairs of these terms that stand next to each other in the paper's title or abstract
    (stop words skipped, as the index numbers positions): "code generation", "mixture experts"."""
    docnum = searcher.document_number(id=paper_id)
    if docnum is None:
        return set()
    stored = searcher.stored_fields(docnum)
    field = searcher.schema["abstract"]
    pairs = _pairs(field, stored.get("title", "")) | _pairs(field, stored.get("abstract", ""))
    return {(a, b) for a, b in pairs if a != b and a in terms and b in terms}


def _pairs(field, text: str) -> set[tuple[str, str]]:
    tokens = [(t.text, t.pos) for t in field.analyzer(text, positions=True)]
    return {(a, b) for (a, at), (b, bt) in itertools.pairwise(tokens) if bt == at + 1}


def _surface_words(field, text: str) -> dict[str, str]:
    """Indexed term -> the commonest word of `text` that the analyzer turns into it."""
    counts: dict[str, Counter[str]] = {}
    for word in _WORD.findall(text.lower()):
        for term in field.process_text(word, mode="query"):
            counts.setdefault(term, Counter())[word] += 1
            break
    return {term: words.most_common(1)[0][0] for term, words in counts.items()}


def score_terms(
    searcher,
    weights: dict[str, float],
    limit: int | None = None,
    among: set[str] | None = None,
    exclude: set[str] | frozenset[str] = frozenset(),
    explain: int = 100,
    phrases: dict[tuple[str, str], float] | None = None,
    against: dict[str, float] | None = None,
) -> list[Hit]:
    """Papers ranked by a weighted bag of terms (each term's weight boosts its match in the
    title and the abstract; BM25F does the rest) and two-term phrases, less their score for
    the terms `against` (weighted alike): best first, `exclude`d ids left out, only papers of
    `among` when given. The first `explain` hits carry the terms they matched. The first
    `limit` of the full ranking, for every limit."""
    terms = [(t, w) for t, w in weights.items() if w > 0]
    if not terms or (among is not None and not among):
        return []
    phrases = {pair: w for pair, w in (phrases or {}).items() if w > 0}
    q = _bag(terms, phrases)
    docs = lambda ids: {n for n in (searcher.document_number(id=i) for i in ids) if n is not None}  # noqa: E731
    # The exact scorer, not `searcher.search(q, limit=...)`: Whoosh's top-k collector can
    # leave out papers that belong in the top list (see `scoring`); this is the first `limit`
    # of the full ranking, for every limit.
    scorer = scorer_for(searcher)
    ranking = scorer.rank(
        q, allow=docs(among) if among is not None else None, exclude=docs(exclude) if exclude else None
    )
    negative = [(t, w) for t, w in (against or {}).items() if w > 0]
    if negative and len(ranking):
        minus = scorer.scores(_bag(negative, {}))
        scores = {d: s - minus.get(d, 0.0) for d, s in ranking.scores.items()}
        ranking = Ranking(scores, ranking.terms)
    hits = []
    wanted = dict(terms)
    for rank, (docnum, score) in enumerate(ranking.top(limit)):
        paper = from_stored(searcher.stored_fields(docnum))
        if rank >= explain:
            hits.append(Hit(paper, score))
            continue
        matched = frozenset(
            (name, term)
            for name, text in (("title", paper.title), ("abstract", paper.abstract))
            for term in searcher.schema[name].process_text(text)
            if term in wanted
        )
        if phrases:  # a matched phrase as ("phrase", "first second")
            field = searcher.schema["abstract"]
            found_pairs = _pairs(field, paper.title) | _pairs(field, paper.abstract)
            matched |= {("phrase", f"{a} {b}") for a, b in phrases if (a, b) in found_pairs}
        hits.append(Hit(paper, score, matched))
    return hits


def _bag(terms: list[tuple[str, float]], phrases: dict[tuple[str, str], float]):
    """One query: each term and phrase in the title and the abstract, boosted by its weight."""
    return wl.query.Or(
        [wl.query.Term(name, t, boost=w) for t, w in terms for name in TEXT_FIELDS]
        + [wl.query.Phrase(name, list(pair), boost=w) for pair, w in phrases.items() for name in TEXT_FIELDS]
    )


def related(searcher, paper_id: str, limit: int = 30, numterms: int = 20) -> list[Hit]:
    """Papers most like this one (key terms of its title and abstract), itself and duplicates excluded."""
    docnum = searcher.document_number(id=paper_id)
    if docnum is None:
        return []
    me = from_stored(searcher.stored_fields(docnum))
    text = f"{me.title} {me.title} {me.abstract}"  # the title counts twice, as it does in ranking
    terms = searcher.key_terms_from_text("abstract", text, numterms=numterms)
    if not terms:
        return []
    top = max(weight for _, weight in terms)
    q = wl.query.Or(
        [
            wl.query.Term(name, term, boost=weight / top)
            for term, weight in terms
            for name in ("title", "abstract")
        ]
    )
    ranking = scorer_for(searcher).rank(q, exclude={docnum})
    found = []
    for other, score in ranking.top(limit + 5):
        paper = from_stored(searcher.stored_fields(other))
        if same_abstract(paper.abstract, me.abstract):
            continue  # a duplicate that was not merged (e.g. two arXiv ids of one text)
        found.append(Hit(paper, score, ranking.terms(other)))
        if len(found) == limit:
            break
    return found
