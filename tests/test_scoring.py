"""Exact rankings: the top k of a search is the first k of its full ranking, for every k, and
the scores are Whoosh's BM25F (checked against Whoosh's own full sort and against a BM25F
written here from the documents)."""

from __future__ import annotations

import math
import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS, SEEDS, whoosh_searcher

from dailypapers.index import PaperIndex
from dailypapers.index.reading.files import read_snapshot
from dailypapers.index.search.engine import complete_last_word, query_parser
from dailypapers.index.search.scoring import Scorer, scorer_for
from dailypapers.index.store import whooshlib as wl
from dailypapers.index.store.schema import make_schema, to_document
from dailypapers.index.store.w3 import guard
from dailypapers.index.store.w3.postings import Segment

FIELDS = ("title", "abstract")
LIMITS = (1, 5, 10, 50)
SYNTAX = [
    '"scaling laws"',
    "grokking NOT transformer",
    "title:grokking",
    "title:grok*",
    "abstract:loss^3 training",
    "grokking OR memorization",
    "lazy ANDMAYBE rich",
    "snapshot:003_8e949063b2f08e09 loss",
    "transformr~1",
]


def typed_queries(titles: list[str], abstracts: list[str], count: int, seed: int) -> list[str]:
    """Queries as a reader types them: an abstract word letter by letter, two- and three-word runs
    of a title, a word of a title alone, and a title word with two letters swapped (finished)."""
    rng = random.Random(seed)
    found: list[str] = []
    for i in rng.sample(range(len(titles)), min(count, len(titles))):
        title = re.findall(r"[a-z]+", titles[i].lower())
        words = re.findall(r"[a-z]{5,}", abstracts[i].lower())
        if words:
            word = rng.choice(words)
            found += [word[:n] for n in range(2, len(word) + 1)]
        if len(title) >= 3:
            at = rng.randrange(len(title) - 2)
            found += [" ".join(title[at : at + 2]), " ".join(title[at : at + 3]), title[at]]
        long = [w for w in title if len(w) >= 5]
        if long:
            w = rng.choice(long)
            found.append(f"{w[0]}{w[2]}{w[1]}{w[3:]} ")
    return list(dict.fromkeys(found))


def papers_text(pix: PaperIndex) -> tuple[list[str], list[str]]:
    papers = pix.papers()
    return [p.title for p in papers], [p.abstract for p in papers]


def assert_limits_are_prefixes(pix: PaperIndex, query: str, limits=LIMITS) -> None:
    full = pix.search(query, limit=None)
    ids = [h.paper.id for h in full.hits]
    assert full.total >= len(ids)
    for k in limits:
        part = pix.search(query, limit=k)
        assert [h.paper.id for h in part.hits] == ids[:k], (query, k)
        assert (part.total, part.suggestion) == (full.total, full.suggestion), (query, k)


def tier_queries(pix: PaperIndex, text: str) -> list:
    """The all-words and some-words queries `search` runs for a text (the last word completed)."""
    expanded = complete_last_word(pix.vocabulary, text)
    return [
        query_parser(whoosh_searcher(pix).schema, group).parse(expanded)
        for group in (wl.qparser.AndGroup, wl.qparser.OrGroup)
    ]


def assert_same_as_whoosh_full_sort(searcher, q, scorer: Scorer | None = None) -> None:
    scorer = scorer or scorer_for(searcher)
    mine = scorer.rank(q).top()
    theirs = [(h.docnum, h.score) for h in searcher.search(q, limit=None)]
    assert len(mine) == len(theirs), q
    score_of = dict(theirs)
    for (doc, score), (_, their_score) in zip(mine, theirs, strict=True):
        assert score == pytest.approx(their_score, rel=1e-12), q  # the same scores in the same order
        assert score == pytest.approx(score_of[doc], rel=1e-12), q  # and each document its own


# -- the seeds ---------------------------------------------------------------------


def test_every_limit_is_a_prefix_of_the_full_ranking_on_the_seeds(seed_index):
    titles, abstracts = papers_text(seed_index)
    queries = typed_queries(titles, abstracts, 10, seed=3) + SYNTAX
    assert len(queries) > 70
    for query in queries:
        assert_limits_are_prefixes(seed_index, query)


def test_scores_are_whooshs_full_sort_on_the_seeds(seed_index):
    titles, abstracts = papers_text(seed_index)
    searcher = whoosh_searcher(seed_index)
    for text in typed_queries(titles, abstracts, 15, seed=4):
        for q in tier_queries(seed_index, text):
            assert scorer_for(searcher).supports(q)
            assert_same_as_whoosh_full_sort(searcher, q)
    # Boosts, field syntax, and a query Whoosh ranks itself (a phrase).
    parse = query_parser(searcher.schema, wl.qparser.AndGroup).parse
    for text in [
        "title:grokking^3 lazy",
        "(grokking OR memorization)^0.5 training",
        "author:liu",
        '"scaling laws"',
    ]:
        assert_same_as_whoosh_full_sort(searcher, parse(text))


def test_related_papers_do_not_depend_on_the_limit(seed_index):
    paper = seed_index.papers()[7]
    full = [h.paper.id for h in seed_index.related(paper.id, limit=30)]
    assert len(full) == 30 and paper.id not in full
    for k in (1, 5, 10):
        assert [h.paper.id for h in seed_index.related(paper.id, limit=k)] == full[:k]


def _profile_query(pix: PaperIndex, paper_ids: list[str]):
    """A weighted bag of terms and phrases as picks for you make one: the key terms of some
    papers, and the pairs of them side by side, in the title and the abstract."""
    from dailypapers.index.marks.recommend import build_profile
    from dailypapers.index.search.terms import _bag

    profile = build_profile(pix, paper_ids)
    return profile, _bag(list(profile.positive.items()), profile.phrases)


def test_weighted_terms_and_phrases_are_whooshs_full_sort(seed_index):
    searcher = whoosh_searcher(seed_index)
    ids = sorted(seed_index.matching("reinforcement learning")[0])[:8]
    profile, q = _profile_query(seed_index, ids)
    assert profile.phrases and scorer_for(searcher).supports(q)
    assert_same_as_whoosh_full_sort(searcher, q)
    assert_same_as_whoosh_full_sort(searcher, wl.query.Phrase("abstract", ["languag", "model"], boost=2.5))


def assert_picks_are_prefixes(pix: PaperIndex, stars: list[str], dismissed: list[str]) -> None:
    """Picks for you (and the profile's plain ranking) with a limit are the first of the full
    ranking; with dismissals the negative terms count against every paper, not only the first."""
    from dailypapers.index.marks.recommend import build_profile, rank

    profile = build_profile(pix, stars, dismissed)
    assert profile.negative if dismissed else True
    full = [p.paper.id for p in rank(pix, profile, None, exclude=set(stars))]
    assert len(full) > 100
    for k in (1, 5, 10, 20, 50, 100):
        assert [p.paper.id for p in rank(pix, profile, k, exclude=set(stars))] == full[:k], k
    weights = profile.positive
    whole = [h.paper.id for h in pix.score_terms(weights, phrases=profile.phrases)]
    for k in (1, 5, 10, 50):
        assert [h.paper.id for h in pix.score_terms(weights, limit=k, phrases=profile.phrases)] == whole[:k]


def test_picks_for_you_do_not_depend_on_the_limit(seed_index):
    topic = sorted(seed_index.matching("reinforcement learning")[0])
    other = sorted(seed_index.matching("grokking")[0])
    assert_picks_are_prefixes(seed_index, topic[:8], other[:2])


def test_key_terms_do_not_depend_on_how_many_are_asked_for(seed_index):
    """Whoosh's expansion model sorts every term (no top-k collector): the first 10 of 30 are the 10."""
    for paper in seed_index.papers()[::37]:
        many = seed_index.key_terms(paper.id, 30)
        assert len(many) == 30 and seed_index.key_terms(paper.id, 10) == many[:10]


def test_a_small_cache_ranks_the_same(seed_index):
    searcher = whoosh_searcher(seed_index)
    tiny = Scorer(searcher, cache_entries=50)
    titles, abstracts = papers_text(seed_index)
    for text in typed_queries(titles, abstracts, 6, seed=5):
        for q in tier_queries(seed_index, text):
            assert tiny.rank(q).top() == scorer_for(searcher).rank(q).top()
            keys, scores = tiny.cached
            assert scores <= 50 or keys == 1


# -- reading Whoosh's blocks -------------------------------------------------------


def _whoosh_written_index(path: Path):
    """The seeds written by Whoosh's own writer (zlib-compressed blocks), in two segments,
    with deleted documents."""
    papers = [e for f in sorted(SEEDS.iterdir())[:3] for e in read_snapshot(f).entries]
    ix = wl.index.create_in(str(path), make_schema())
    for part in (papers[: len(papers) // 2], papers[len(papers) // 2 :]):
        w = ix.writer()
        for entry in part:
            w.add_document(**to_document(_paper(entry)))
        w.commit(merge=False)
    w = ix.writer()
    for entry in papers[::9]:
        w.delete_by_term("id", _paper(entry).id)
    w.commit(merge=False)
    return ix


def _paper(entry):
    from dailypapers.index.papers.model import Appearance, Paper

    pid = entry.arxiv_id or entry.title
    return Paper(pid, entry.title, entry.abstract, entry.arxiv_id, None, [Appearance("s", None, 1, None)])


@pytest.mark.parametrize("written_by", ["dailypapers", "whoosh"])
def test_postings_read_in_bulk_equal_whooshs_matchers(written_by, tmp_path):
    if written_by == "whoosh":
        searcher = _whoosh_written_index(tmp_path).searcher()
    else:  # our writer (uncompressed blocks), after an update that deletes and adds
        lib = tmp_path / "lib"
        shutil.copytree(SEEDS, lib)
        pix = PaperIndex(lib, tmp_path / "ix")
        pix.update()
        first = next(iter(sorted(lib.iterdir())))
        first.write_text(first.read_text().replace("Grokking", "Grokked"))
        pix.update()
        searcher = whoosh_searcher(pix)
    readers = searcher.reader().leaf_readers()
    assert len(readers) >= 2 and any(r.has_deletions() for r, _ in readers)
    checked, before = 0, guard.ran["blocks"]
    for reader, offset in readers:
        segment = Segment(reader, offset)
        for fieldname in ("title", "abstract", "alias"):  # positions, and none
            for btext in reader.lexicon(fieldname):
                m = reader.postings(fieldname, btext)
                expected: tuple[list, list] = ([], [])
                while m.is_active():
                    expected[0].append(m.id())
                    expected[1].append(m.weight())
                    m.next()
                found = segment.postings(fieldname, btext)
                assert found == expected, (fieldname, btext)
                checked += 1
    assert checked > 2000
    assert guard.ran["blocks"] - before > checked // 2  # read in bulk, not by the matchers (inlined: not)
    # And the scores over these segments are Whoosh's.
    parse = query_parser(searcher.schema, wl.qparser.AndGroup).parse
    for text in ["grokking", "loss landscape", "language (model OR models OR modeling)", "training data"]:
        assert_same_as_whoosh_full_sort(searcher, parse(text))


# -- against a BM25F written from the documents -----------------------------------


class ReferenceBM25F:
    """BM25F from the stored documents, as Whoosh defines it: K1 = 1.2, B = 0.75, the title's
    terms weigh twice, idf = log(N / (df + 1)) + 1, and a field's length is the number of its
    terms, stored in one byte (Whoosh's lossy `length_to_byte`)."""

    K1, B = 1.2, 0.75
    BOOST = {"title": 2.0, "abstract": 1.0}

    def __init__(self, searcher) -> None:
        schema = searcher.schema
        self.docs = searcher.doc_count_all()
        self.counts: dict[str, dict[int, Counter]] = {f: {} for f in FIELDS}
        self.df: dict[str, Counter] = {f: Counter() for f in FIELDS}
        total: Counter = Counter()
        for docnum, stored in searcher.reader().iter_docs():
            for f in FIELDS:
                terms = Counter(schema[f].process_text(stored.get(f, ""), mode="index"))
                self.counts[f][docnum] = terms
                self.df[f].update(terms.keys())
                total[f] += sum(terms.values())
        self.average = {f: total[f] / self.docs for f in FIELDS}
        stored_length = wl.numeric.byte_to_length
        self.length = {
            f: {
                d: stored_length(wl.numeric.length_to_byte(sum(c.values())))
                for d, c in self.counts[f].items()
            }
            for f in FIELDS
        }

    def term(self, f: str, term: str, docnum: int) -> float | None:
        tf = self.counts[f][docnum][term] * self.BOOST[f]
        if not tf:
            return None
        idf = math.log(self.docs / (self.df[f][term] + 1)) + 1
        norm = self.K1 * (1 - self.B + self.B * self.length[f][docnum] / self.average[f])
        return idf * tf * (self.K1 + 1) / (tf + norm)

    def scores(self, clauses: list[list[str]], every: bool) -> dict[int, float]:
        """Documents holding a term of every clause (or of any, with every=False), and their scores."""
        found = {}
        for docnum in self.counts["title"]:
            total, matched = 0.0, 0
            for clause in clauses:
                parts = [s for t in clause for f in FIELDS if (s := self.term(f, t, docnum)) is not None]
                matched += bool(parts)
                total += sum(parts)
            if matched == len(clauses) or (matched and not every):
                found[docnum] = total
        return found


def _reference_queries(ref: ReferenceBM25F, count: int, seed: int) -> list[list[list[str]]]:
    """Clauses of analysed terms from random papers: one to three words, some with alternatives
    (as a completed prefix has)."""
    rng = random.Random(seed)
    docs = list(ref.counts["abstract"])
    queries = []
    for _ in range(count):
        doc = rng.choice(docs)
        terms = sorted(set(ref.counts["abstract"][doc]) | set(ref.counts["title"][doc]))
        clauses = []
        for _ in range(rng.randint(1, 3)):
            clauses.append(sorted(set(rng.sample(terms, min(len(terms), rng.choice((1, 1, 2, 3)))))))
        queries.append(clauses)
    return queries


def assert_reference_scores(searcher, count: int) -> None:
    schema = searcher.schema
    assert schema["title"].format.field_boost == ReferenceBM25F.BOOST["title"]
    assert schema["abstract"].format.field_boost == ReferenceBM25F.BOOST["abstract"]
    assert (searcher.weighting.K1, searcher.weighting.B) == (ReferenceBM25F.K1, ReferenceBM25F.B)
    ref = ReferenceBM25F(searcher)
    scorer = scorer_for(searcher)
    Term, Or, And = wl.query.Term, wl.query.Or, wl.query.And
    for clauses in _reference_queries(ref, count, seed=11):
        parts = [Or([Term(f, t) for t in clause for f in FIELDS]) for clause in clauses]
        for every, q in ((True, And(parts)), (False, Or(parts))):
            expected = ref.scores(clauses, every)
            found = scorer.rank(q).scores
            assert found.keys() == expected.keys(), clauses
            for doc, score in expected.items():
                assert found[doc] == pytest.approx(score, rel=1e-9), (clauses, doc)


def test_scores_equal_a_reference_bm25f_on_the_seeds(seed_index):
    assert_reference_scores(whoosh_searcher(seed_index), 150)


# -- real days ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    """An index of every 20th real day (about 500 papers)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora is not present (a fresh clone has none)")
    root = tmp_path_factory.mktemp("corpus-scoring")
    lib = root / "lib"
    lib.mkdir()
    for path in sorted(CORPUS.glob("*.json"))[::20]:
        shutil.copy(path, lib / path.name)
    pix = PaperIndex(lib, root / "ix")
    pix.update()
    yield pix
    pix.close()


@pytest.mark.corpus
def test_every_limit_is_a_prefix_of_the_full_ranking_on_real_days(corpus_index):
    titles, abstracts = papers_text(corpus_index)
    queries = typed_queries(titles, abstracts, 24, seed=1)
    assert len(queries) > 200
    for query in queries:
        assert_limits_are_prefixes(corpus_index, query, limits=(5, 10, 50))
    for query in queries[::8]:
        assert_limits_are_prefixes(corpus_index, query, limits=(1000,))


@pytest.mark.corpus
def test_scores_are_whooshs_full_sort_on_real_days(corpus_index):
    titles, abstracts = papers_text(corpus_index)
    for text in typed_queries(titles, abstracts, 12, seed=2):
        for q in tier_queries(corpus_index, text):
            assert_same_as_whoosh_full_sort(whoosh_searcher(corpus_index), q)


@pytest.mark.corpus
def test_picks_for_you_and_related_papers_do_not_depend_on_the_limit_on_real_days(corpus_index):
    searcher = whoosh_searcher(corpus_index)
    phrases = 0
    for query, against in [("robot", "diffusion"), ('"video generation"', "language"), ("quantization", "")]:
        topic = sorted(corpus_index.matching(query)[0])
        dismissed = sorted(corpus_index.matching(against)[0] - set(topic))[:3] if against else []
        profile, q = _profile_query(corpus_index, topic[:8])
        phrases += len(profile.phrases)
        assert_same_as_whoosh_full_sort(searcher, q)
        assert_picks_are_prefixes(corpus_index, topic[:8], dismissed)
        full = [h.paper.id for h in corpus_index.related(topic[0], limit=50)]
        for k in (1, 5, 10, 20):
            assert [h.paper.id for h in corpus_index.related(topic[0], limit=k)] == full[:k]
    assert phrases  # the profiles' phrases were ranked too


@pytest.mark.corpus
def test_scores_equal_a_reference_bm25f_on_real_days(corpus_index):
    assert_reference_scores(whoosh_searcher(corpus_index), 60)


# -- fuzzy terms, prefixes and wildcards ---------------------------------------------


def expanding_queries(titles: list[str], count: int, seed: int) -> list[str]:
    """Fuzzy terms (typos of title words at distances 1 and 2, with and without a prefix length,
    a field, a boost, beside another word), prefixes and wildcards, as a user types them."""
    rng = random.Random(seed)
    found: list[str] = []
    for title in rng.sample(titles, min(count, len(titles))):
        words = re.findall(r"[a-z]{5,}", title.lower())
        if len(words) < 2:
            continue
        word, other = rng.sample(words, 2)
        at = rng.randrange(1, len(word) - 1)
        typo = word[:at] + word[at + 1 :]  # a letter dropped
        swapped = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        found += [
            f"{typo}~1",
            f"{swapped}~2 {other}",
            f"{typo}~2/2",
            f"title:{swapped}~1",
            f"{typo}~1^2 {other}",
            f"{word[:3]}*",
            f"{word[:4]}* {other}",
            f"{word[:2]}?{word[3:5]}*",
            f"abstract:*{word[-4:]}",
        ]
    return list(dict.fromkeys(found))


def assert_expanded_ranks_as_whoosh(searcher, text: str) -> None:
    """The scorer ranks the query (its fuzzy terms, prefixes, wildcards expanded with rapidfuzz and
    the term list) and the ranking is Whoosh's own full sort: the same documents in the same order,
    the same scores; it counts the same documents."""
    q = query_parser(searcher.schema, wl.qparser.AndGroup).parse(text)
    scorer = scorer_for(searcher)
    expanded = scorer.expand(q)
    if scorer.supports(q):
        return  # nothing to expand (the parser made plain terms of it)
    assert scorer.supports(expanded) or (len(scorer.segments) > 1 and "^" in text), text
    mine = scorer.rank(q).top()
    # As the engine asked Whoosh before (with the matched terms): its OR of the words is then a
    # tree of unions, BM25F scored. (Asked without them, on an index under 5,000 documents, Whoosh
    # preloads an OR of three words or more and scores every match 1: not a ranking.)
    theirs = [(h.docnum, h.score) for h in searcher.search(q, limit=None, terms=True)]
    assert [d for d, _ in mine] == [d for d, _ in theirs], text
    for (_, score), (_, their_score) in zip(mine, theirs, strict=True):
        assert score == pytest.approx(their_score, rel=1e-12), text
    assert set(scorer.docs(q)) == set(searcher.docs_for_query(q)), text


def test_fuzzy_prefix_and_wildcard_queries_rank_as_whoosh_on_the_seeds(seed_index):
    titles, _ = papers_text(seed_index)
    queries = [*expanding_queries(titles, 10, seed=6), "transformr~1", "title:grok*", "g?okk*"]
    assert len(queries) > 60
    for text in queries:
        assert_expanded_ranks_as_whoosh(whoosh_searcher(seed_index), text)


def test_fuzzy_queries_rank_as_whoosh_over_several_segments(tmp_path):
    """Whoosh expands in each segment (deleted documents too): the words of every segment at once
    rank the same."""
    searcher = _whoosh_written_index(tmp_path).searcher()
    assert len(scorer_for(searcher).segments) == 2
    titles = [searcher.stored_fields(d)["title"] for d in searcher.document_numbers()]
    for text in expanding_queries(titles, 6, seed=7):
        assert_expanded_ranks_as_whoosh(searcher, text)


@pytest.mark.corpus
def test_fuzzy_prefix_and_wildcard_queries_rank_as_whoosh_on_real_days(corpus_index):
    titles, _ = papers_text(corpus_index)
    queries = [*expanding_queries(titles, 6, seed=8), "transfomer~2 architecture", "pre*", "difusion~2"]
    for text in queries:
        assert_expanded_ranks_as_whoosh(whoosh_searcher(corpus_index), text)


def test_fuzzy_terms_are_expanded_by_the_scorer_once_a_searcher(seed_index, monkeypatch):
    """The scorer ranks a fuzzy term's words itself (not Whoosh's slower full sort), and works
    out those words once per searcher: this fails if either is silently off."""
    scorer = scorer_for(whoosh_searcher(seed_index))
    scorer._expansions.clear()
    asked: list[tuple[str, str]] = []
    words = Scorer._words
    ask = lambda self, q: asked.append((q.fieldname, q.text)) or words(self, q)  # noqa: E731
    monkeypatch.setattr(Scorer, "_words", ask)
    before = guard.ran["expansion"]
    for _ in range(2):
        scorer.clear()  # the scores, not the expansions
        assert seed_index.search("model~1 learning").total
    assert guard.ran["expansion"] > before
    assert len(asked) >= 2 and sorted(set(asked)) == sorted(asked)  # each field's words worked out once
