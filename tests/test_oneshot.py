"""The one-shot search (`search.oneshot`): Whoosh's files read without Whoosh (`store.w3.plain`,
`store.w3.words`) give what Whoosh reads, the fast search answers exactly what the usual one
does or declines, a CLI search of one word imports no Whoosh, and anything stale, busy or
damaged falls back to the usual path."""

from __future__ import annotations

import itertools
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPUS, SEEDS, isolated_env, run_cli, whoosh_searcher

from dailypapers.index import PaperIndex
from dailypapers.index.search import engine, oneshot, oneshot_long, querytext, typos
from dailypapers.index.search.oneshot import OneShot
from dailypapers.index.search.oneshot_phrases import Phrases
from dailypapers.index.search.spelling import Vocabulary
from dailypapers.index.store import listing, manifest
from dailypapers.index.store import whooshlib as wl
from dailypapers.index.store.generations import IndexDir
from dailypapers.index.store.schema import SCHEMA_VERSION, SEARCHED
from dailypapers.index.store.w3 import plain
from dailypapers.index.store.w3.words import Words
from dailypapers.index.text import WORDS as WORD_PATTERN

WORD = re.compile(WORD_PATTERN)
# A query the fast path takes: plain words, or a title pasted with its hyphens, colons, commas
# and final `?`, `.` or `!` (which the usual path reads as text).
PASTED = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:(?:-| |: |, )[A-Za-z][A-Za-z0-9]*)*[?.!]?")

WORDS = [
    "loss", "Loss", "model", "models", "diffusion", "agent", "agents", "language", "video",
    "reasoning", "benchmark", "learning", "vision", "zhang", "wang", "li", "llama", "gpt4",
    "data", "training", "the", "of", "a", "xqzzyv", "title", "abstract", "author", "AND",
    "retrieval", "robot", "graph", "3d", "attention", "quantization", "sparse", "world",
]  # fmt: skip


def _words(pix: PaperIndex, count: int = 120) -> list[str]:
    """WORDS, and words of every frequency from the index's vocabulary (rare ones are typos'
    candidates: the fast path must decline or agree)."""
    vocab = sorted(pix.vocabulary.freq.items(), key=lambda item: (-item[1], item[0]))
    step = max(1, len(vocab) // count)
    return WORDS + [word for word, _ in vocab[::step]]


def _pairs(words: list[str]) -> list[str]:
    """Two-word queries: neighbours in the list, and a few repeated and reversed pairs."""
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return [*pairs, "model models", "loss loss", "learning reinforcement", "yann lecun", "video the"]


def _agree(pix: PaperIndex, words: list[str], limits=(1, 10, None)) -> int:
    """Each word searched both ways agrees (hits, order, scores, matched terms, counts, the JSON,
    the highlights) where the fast path answers; how many it answered."""
    quick = OneShot.open(pix.library, pix.dir)
    assert quick is not None
    answered = 0
    for word in words:
        for limit in limits:
            fast = quick.search(word, limit)
            if fast is None:
                continue
            answered += 1
            usual = pix.search(word, limit=limit)
            assert fast.to_json() == usual.to_json(), word
            assert [(h.paper, h.score, h.terms) for h in fast.hits] == [
                (h.paper, h.score, h.terms) for h in usual.hits
            ], word
            for hit in fast.hits:
                text = hit.paper.abstract
                assert quick.spans("abstract", text, hit.terms) == pix.spans("abstract", text, hit.terms)
    return answered


def _content(pix: PaperIndex, query: str) -> list[str]:
    """The query's content words, as titles index them (stop words left out)."""
    return list(whoosh_searcher(pix).schema["title"].process_text(query, mode="query"))


def _common(pix: PaperIndex, query: str, most: int = engine.LONG) -> bool:
    """True when the fast path must answer the query: plain words (no operator, in any case),
    at most MAX_WORDS, one to `most` content words, none repeated, each (a stop word too) in
    more papers than a typo's or too short to be one."""
    words = WORD.findall(query)
    content = _content(pix, query)
    freq = pix.vocabulary.freq
    return (
        bool(PASTED.fullmatch(query))
        and all(w.upper() not in querytext.OPERATORS for w in words)
        and 1 <= len(content) <= most
        and len(words) <= oneshot.MAX_WORDS
        and len(set(content)) == len(content)
        and len(content) == len({w.lower() for w in words if _content(pix, w)})
        and all(
            freq.get(w.lower(), 0) > typos.TYPO_PAPERS or (len(w) < 3 and not _content(pix, w)) for w in words
        )
    )


def _titles(pix: PaperIndex, count: int, content=(2, engine.LONG), size=(3, 6)) -> list[str]:
    """Pasted titles: papers' titles of `size` words (three to six) of `content` content words
    (two to LONG), as they are (`When is Your LLM Steerable?`) or, with other punctuation, their
    words only."""
    found = []
    for paper in pix.papers():
        words = WORD.findall(paper.title)
        query = paper.title if PASTED.fullmatch(paper.title) else " ".join(words)
        fits = size[0] <= len(words) <= size[1] and content[0] <= len(_content(pix, query)) <= content[1]
        if fits and _common(pix, query, content[1]):
            found.append(query)
    return sorted(found)[:: max(1, len(found) // count)]


def _long_queries(pix: PaperIndex, titles: list[str]) -> list[str]:
    """Three- and four-word queries: pasted titles, the same words in another order (in no title
    in that order), a title's first and last words, words with stop words among them, the first
    author's name and a word of the title (`firstname lastname topic`)."""
    queries = list(titles)
    for title in titles:
        words = WORD.findall(title)
        queries += [" ".join(reversed(words)), " ".join(words[:1] + words[-2:])]
    queries += [
        "mixture of experts", "a model of the world", "learning with the data", "the loss of a model",
        "when is your model", "model of the reasoning", "language model reasoning", "video the model",
        "reinforcement learning from data", "large language model reasoning", "learning the world model",
        "title: a model of the world", "date: video generation", "video, diffusion!", "Model-based learning?",
    ]  # fmt: skip
    named = []
    for paper in pix.papers():
        names = [WORD.findall(name) for name in (paper.authors or [])[:2]]
        topic = [w for w in WORD.findall(paper.title) if _content(pix, w)][:1]
        named += [[*name, *topic] for name in names if len(name) == 2 and topic]
    for words in named[:: max(1, len(named) // 20)]:
        queries += [" ".join(words), " ".join(words[2:] + words[:2])]
    return queries


def _longer_queries(pix: PaperIndex, titles: list[str]) -> list[str]:
    """Five- to eight-word queries (ranked by every word): pasted titles, their words in another
    order (in no title in that order), a title's first two and last three words, sentences with
    stop words among the words, a person's name and three words of a title, before or after."""
    queries = list(titles)
    for title in titles:
        words = WORD.findall(title)
        queries += [" ".join(reversed(words)), " ".join(words[:2] + words[-3:])]
    queries += [
        "a model of the world for learning with data", "learning the language model from video data",
        "the reasoning of large language models with reinforcement learning",
        "how do we train a video diffusion model for the world", "Model-based learning of language agents?",
        "data, training and attention: a benchmark for language models",
    ]  # fmt: skip
    named = []
    for paper in pix.papers():
        names = [WORD.findall(name) for name in (paper.authors or [])[:1]]
        topic = list(dict.fromkeys(w for w in WORD.findall(paper.title) if _content(pix, w)))[:3]
        named += [[*name, *topic] for name in names if len(name) == 2 and len(topic) == 3]
    for words in named[:: max(1, len(named) // 20)]:
        queries += [" ".join(words), " ".join(words[2:] + words[:2])]
    return queries


def _agree_long(pix: PaperIndex, queries: list[str], limits=(3, 10), most: int = engine.LONG) -> int:
    """The queries agree both ways, and each the fast path must answer (`_common`, of up to
    `most` content words) is answered (it cannot fall back silently); how many were answered."""
    answered = 0
    for query in queries:
        found = _agree(pix, [query], limits)
        assert found in (0, len(limits)), query
        assert found or not _common(pix, query, most), f"declined {query!r}"
        answered += bool(found)
    return answered


# -- Whoosh's files, read without it --------------------------------------------------


def test_whooshs_files_read_as_whoosh_reads_them(seed_index):
    searcher = whoosh_searcher(seed_index)
    reader = searcher.reader()
    whoosh_dir = seed_index.location / "whoosh"
    toc = plain.Toc.read(whoosh_dir)
    assert toc.generation == seed_index._index.generation
    assert toc.count == searcher.doc_count_all()
    for name in (*SEARCHED, "author"):
        assert sum(s.field_lengths.get(name, 0) for s in toc.segments) == reader.field_length(name)
    assert [plain.byte_to_length(b) for b in range(256)] == [wl.numeric.byte_to_length(b) for b in range(256)]
    (leaf, _), *_ = reader.leaf_readers()
    files = plain.SegmentFiles(whoosh_dir, toc.segments[0])
    terms = list(leaf.all_terms())
    assert len(terms) > 1000
    for field, btext in terms:
        m = leaf.postings(field, btext)
        ids, weights = [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        assert files.postings(field, btext) == (ids, weights), (field, btext)
        assert files.doc_frequency(field, btext) == leaf.doc_frequency(field, btext)
    assert files.postings("title", b"no-such-term") is None
    for docnum in range(leaf.doc_count_all()):
        assert files.stored(docnum) == leaf.stored_fields(docnum)
    for name in ("title", "abstract", "author", "body"):
        column = leaf._perdoc._cached_reader(f"_{name}_len", wl.codec.LENGTHS_COLUMN)
        expected = None if column is None else bytes(column[d] for d in range(leaf.doc_count_all()))
        assert files.length_bytes(name) == expected


def test_a_pickle_naming_anything_else_is_refused_and_nothing_runs(tmp_path):
    """Only Whoosh's and our classes (as inert stubs) and a few built-ins are known: a pickle
    naming a function to call is refused before it is called."""
    flag = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {flag}",))

    with pytest.raises(plain.Unreadable):
        plain.loads(pickle.dumps(Evil(), 2))
    assert not flag.exists()
    stub = plain.loads(pickle.dumps(wl.fields.TEXT(stored=True), 2))
    assert stub.where == "whoosh.fields.TEXT" and stub.stored is True
    assert not isinstance(stub, wl.fields.FieldType)


def _positions(leaf, field: str, btext: bytes) -> dict[int, list[int]]:
    m = leaf.postings(field, btext)
    found = {}
    while m.is_active():
        found[m.id()] = m.value_as("positions")
        m.next()
    return found


def test_positions_read_as_whoosh_reads_them(seed_index):
    """Each posting's positions, read for some documents only, are Whoosh's
    (`Matcher.value_as("positions")`), inlined or in blocks (one posting list of several)."""
    reader = whoosh_searcher(seed_index).reader()
    (leaf, _), *_ = reader.leaf_readers()
    whoosh_dir = seed_index.location / "whoosh"
    files = plain.SegmentFiles(whoosh_dir, plain.Toc.read(whoosh_dir).segments[0])
    terms = [t for t in leaf.all_terms() if t[0] in ("title", "author")]
    abstract = [t for t in leaf.all_terms() if t[0] == "abstract"]
    terms += sorted(abstract, key=lambda t: -leaf.doc_frequency(*t))[:20]
    assert len(terms) > 500 and max(leaf.doc_frequency(*t) for t in terms) > 128  # (128 postings a block)
    for field, btext in terms:
        expected = _positions(leaf, field, btext)
        assert files.positions(field, btext, set(expected)) == expected, (field, btext)
        some = set(list(expected)[1::3]) | {-1, leaf.doc_count_all()}
        assert files.positions(field, btext, some) == {d: expected[d] for d in some if d in expected}
    assert files.positions("title", b"no-such-term", {0}) == {}
    value = wl.formats.Positions().encode([3, 7, 300, 70000])
    assert plain.decode_positions(value) == plain.decode_positions(value[:-1]) == [3, 7, 300, 70000]


def test_phrases_match_as_whooshs(seed_index):
    """`oneshot_phrases.Phrases.matches` finds the documents Whoosh's `Phrase` (slop 1) finds:
    words side by side in titles (stop words unnumbered) and authors' names, and words apart."""
    searcher = whoosh_searcher(seed_index)
    quick = OneShot.open(seed_index.library, seed_index.dir)
    assert quick is not None
    phrases = Phrases(quick.segments, lambda f, t: quick._leaf(f, t).keys(), quick.doc_frequency)
    schema = searcher.schema
    cases: list[tuple[str, list[str]]] = []
    for paper in list(seed_index.papers())[::3]:
        tokens = list(schema["title"].process_text(paper.title, mode="query"))
        cases += [("title", tokens[i : i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)]
        cases += [("title", tokens[::2][:3]), ("title", tokens[::-1][:2])]
        names = [w.lower() for w in WORD.findall(" ".join(paper.authors or []))]
        cases += [("author", names[i : i + n]) for n in (2, 3) for i in range(0, len(names) - n + 1, 2)]
    cases += [("title", ["model", "model"]), ("title", ["no-such", "model"])]
    matched = 0
    for field, words in cases:
        if len(words) < 2:
            continue
        expected = set(searcher.docs_for_query(wl.query.Phrase(field, words)))
        assert phrases.matches(field, words) == expected, (field, words)
        matched += bool(expected)
    assert matched > 100


def test_fields_analyse_as_whooshs_analyzers(seed_index):
    schema = whoosh_searcher(seed_index).schema
    toc = plain.Toc.read(seed_index.location / "whoosh")
    texts = [p.abstract for p in seed_index.papers()][:80] + [p.title for p in seed_index.papers()]
    texts += ["e.g. U.S.A. the of THE Über naïve ΣΑΣ Straße 3.5 a1.b2 __x__ ﬁne İstanbul", ""]
    for name in ("title", "abstract", "author"):
        words = Words.of(toc.fields[name])
        assert words is not None
        for text in texts:
            assert words.terms(text) == list(schema[name].process_text(text, mode="query")), text
            tokens = [t.text for t in schema[name].analyzer(text, mode="index")]
            wanted = set(tokens[::3])
            assert words.spans(text, wanted) == [
                (t.startchar, t.endchar)
                for t in schema[name].analyzer(text, chars=True, mode="index")
                if t.text in wanted
            ]
    assert Words.of(toc.fields["id"]) is None  # not such a chain: declined


def test_the_constants_are_the_engines():
    weighting = wl.scoring.BM25F()
    assert (oneshot.B, oneshot.K1) == (weighting.B, weighting.K1)
    assert oneshot.AUTHOR_BOOST == engine.AUTHOR_BOOST and oneshot.TYPO_PAPERS == typos.TYPO_PAPERS
    assert set(oneshot._NOT_WORDS) == querytext.OPERATORS
    assert (oneshot.LONG, oneshot.MAX_QUERY) == (engine.LONG, engine.MAX_QUERY)
    assert oneshot_long.COORDINATION == engine.COORDINATION
    assert querytext.Reading("x", (), "'?'").note() == oneshot._QUESTION
    for title in ("When is Your LLM Steerable?", "Mixture-of-Experts: a Survey, Revisited."):
        assert querytext.read_query(title).text == " ".join(WORD.findall(title))


def test_the_stemmer_keeps_each_words_first_letter(seed_index):
    """What `Words.spans` relies on, for every word the index holds (and the real days')."""
    from whoosh.lang.porter import stem

    texts = [p.title + " " + p.abstract for p in seed_index.papers()]
    if CORPUS.is_dir():
        texts += [path.read_text("utf-8") for path in sorted(CORPUS.glob("*.json"))[::5]]
    words = {w for text in texts for w in WORD.findall(text.lower())}
    assert len(words) > 5000
    assert [w for w in words if stem(w)[:1] != w[:1]] == []


# -- the search -----------------------------------------------------------------------


def test_one_word_searches_agree_with_the_usual_path(seed_index):
    words = _words(seed_index)
    answered = _agree(seed_index, words)
    assert answered > 150
    assert (
        _agree(seed_index, _pairs(words), limits=(3, 10)) > 40
    )  # (declined: stop words, typos' candidates, field names, operators)
    quick = OneShot.open(seed_index.library, seed_index.dir)
    assert quick is not None
    for declined in ("the", "xqzzyv", "AND", "loss*", "é", " loss", "a", "=loss", "of the a"):
        assert quick.search(declined, 10) is None, declined


def test_searches_agree_over_segments_and_deleted_documents(tmp_path):
    """Updates add segments and delete the documents of papers seen again."""
    lib = tmp_path / "lib"
    lib.mkdir()
    files = sorted(p for p in SEEDS.iterdir() if p.is_file())
    for path in files[:2]:
        shutil.copy(path, lib / path.name)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    for path in files[2:]:
        shutil.copy(path, lib / path.name)
        pix.update()
    toc = plain.Toc.read(pix.location / "whoosh")
    assert len(toc.segments) > 1 and any(s.deleted for s in toc.segments)
    assert _agree(pix, _words(pix, 60)) > 60
    assert _agree(pix, _pairs(_words(pix, 40)), limits=(10,)) > 10
    assert _agree_long(pix, _long_queries(pix, _titles(pix, 20)), limits=(10,)) > 20
    longer = _longer_queries(pix, _titles(pix, 10, content=LONGER, size=(5, oneshot.MAX_WORDS)))
    assert _agree_long(pix, longer, limits=(10,), most=LONGER[1]) > 20
    pix.close()


def test_three_and_four_word_searches_agree_with_the_usual_path(seed_index):
    """Pasted titles, words in no title in that order, stop words among the words: the papers
    whose title holds the words in order first, then every word, then any, as the usual path."""
    titles = _titles(seed_index, 20)
    assert len(titles) >= 6  # (few titles of the seeds' 296 papers have only words in more than two)
    assert _agree_long(seed_index, _long_queries(seed_index, titles)) > 30


LONGER = (engine.LONG + 1, 8)  # the content words of a query ranked by every word, as tested


def test_five_to_eight_word_searches_agree_with_the_usual_path(seed_index):
    """Pasted titles of five content words or more, sentences with stop words, a name and a
    title's words: ranked by every word (the papers named or titled first), as the usual path."""
    titles = _titles(seed_index, 20, content=LONGER, size=(5, oneshot.MAX_WORDS))
    assert len(titles) >= 6
    queries = _longer_queries(seed_index, titles)
    assert _agree_long(seed_index, queries, most=LONGER[1]) > 30
    quick = OneShot.open(seed_index.library, seed_index.dir)
    assert quick is not None
    answers = [quick.search(q, 10) for q in queries if len(_content(seed_index, q)) > engine.LONG]
    assert sum(a is not None and a.ranking == "by every word" for a in answers) > 30
    for declined in ("model learning data training model", "model learning data training xqzzyv"):
        assert quick.search(declined, 10) is None, declined  # (a repeated word, a typo)


def _real_days(tmp_path: Path, step: int) -> PaperIndex:
    """An index of every `step`-th of the real days (the test skips without ../shared)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora is not present (a fresh clone has none)")
    lib = tmp_path / "lib"
    lib.mkdir()
    for path in sorted(CORPUS.glob("*.json"))[::step]:
        shutil.copy(path, lib / path.name)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    return pix


@pytest.mark.corpus
def test_one_word_searches_agree_on_real_days(tmp_path):
    pix = _real_days(tmp_path, 20)
    assert _agree(pix, _words(pix, 150), limits=(10,)) > 60
    assert _agree(pix, _pairs(_words(pix, 60)), limits=(10,)) > 20
    pix.close()


@pytest.mark.corpus
def test_three_and_four_word_searches_agree_on_real_days(tmp_path):
    """Pasted titles find their paper first, `firstname lastname topic` the person's papers,
    as the usual path finds them (an eighth of the real days: enough titles of common words)."""
    pix = _real_days(tmp_path, 8)
    titles = _titles(pix, 20)
    assert len(titles) >= 15
    queries = _long_queries(pix, titles)
    names = [q for q in queries if q not in titles and _content(pix, q) and len(q.split(" ")) == 3]
    assert _agree_long(pix, queries, limits=(10,)) > 60
    quick = OneShot.open(pix.library, pix.dir)
    assert quick is not None
    first = [quick.search(q, 1) for q in titles]  # a pasted title finds its paper first
    found = [WORD.findall(r.hits[0].paper.title) for r in first if r is not None]
    assert sum(words in found for words in map(WORD.findall, titles)) > 10
    assert sum(not re.fullmatch(r"[A-Za-z0-9 ]+", title) for title in titles) > 3  # (punctuation)
    assert names and sum(quick.search(q, 10) is not None for q in names) > 10
    phrases = Phrases(quick.segments, lambda f, t: quick._leaf(f, t).keys(), quick.doc_frequency)
    assert sum(bool(phrases.names(q.split(" "))) for q in names) > 5  # (their papers first)
    pix.close()


@pytest.mark.corpus
def test_five_to_eight_word_searches_agree_on_real_days(tmp_path):
    """Pasted titles of five content words or more find their paper first, by every word, as
    the usual path finds it (an eighth of the real days)."""
    pix = _real_days(tmp_path, 8)
    titles = _titles(pix, 20, content=LONGER, size=(5, oneshot.MAX_WORDS))
    assert len(titles) >= 15
    assert _agree_long(pix, _longer_queries(pix, titles), limits=(10,), most=LONGER[1]) > 40
    quick = OneShot.open(pix.library, pix.dir)
    assert quick is not None
    first = [quick.search(q, 1) for q in titles]
    found = [WORD.findall(r.hits[0].paper.title) for r in first if r is not None and r.hits]
    assert sum(words in found for words in map(WORD.findall, titles)) > 10
    pix.close()


# -- falling back ---------------------------------------------------------------------


def _answers(pix: PaperIndex) -> bool:
    quick = OneShot.open(pix.library, pix.dir)
    return quick is not None and quick.search("loss", 10) is not None


@pytest.fixture
def built(tmp_path) -> PaperIndex:
    lib = tmp_path / "lib"
    shutil.copytree(SEEDS, lib)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    pix.close()
    assert _answers(pix)
    return pix


def test_a_library_changed_since_the_update_is_searched_the_usual_way(built, capsys):
    path = next(built.library.glob("003_*"))
    path.write_bytes(path.read_bytes().replace(b"Squentropy", b"Zyxwvutropy"))
    assert not _answers(built)
    code, out, _ = run_cli(capsys, built.library, built.dir, "search", "zyxwvutropy")
    assert code == 0 and "Cut your Losses with Zyxwvutropy" in out  # updated, then found
    assert _answers(built)


def _mutations(lib: Path, gen: Path):
    """Changes to a library and its index, each undone after it is checked (name, do, undo)."""
    first = next(lib.glob("003_*"))
    data, st = first.read_bytes(), first.stat()
    stamp = (gen / listing.STAMP).read_bytes()
    yield "as built", lambda: None, lambda: None
    yield (
        "mtime",
        lambda: os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns + 1)),
        lambda: os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns)),
    )
    yield (
        "content, same size and mtime",
        lambda: (
            first.write_bytes(data.replace(b"Squentropy", b"Zquentropy")),
            os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns)),
        ),
        lambda: (first.write_bytes(data), os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns))),
    )
    yield (
        "a new file",
        lambda: (lib / "zz_new.json").write_bytes(b"[]"),
        lambda: (lib / "zz_new.json").unlink(),
    )
    yield "a new directory", lambda: (lib / "zz.md").mkdir(), lambda: (lib / "zz.md").rmdir()
    yield "a hidden file", lambda: (lib / ".x.md").write_text("x"), lambda: (lib / ".x.md").unlink()
    yield "a file gone", lambda: first.rename(lib / "gone"), lambda: (lib / "gone").rename(first)
    yield (
        "the stamp of another manifest",
        lambda: (gen / listing.STAMP).write_bytes(stamp.replace(b"/", b"/0", 1)),
        lambda: (gen / listing.STAMP).write_bytes(stamp),
    )
    yield "no stamp", lambda: (gen / listing.STAMP).unlink(), lambda: (gen / listing.STAMP).write_bytes(stamp)


def test_the_stamp_answers_as_the_manifest(built):
    """The manifest's stamp (`store.listing`) says the library is unchanged only where a plan
    from the manifest finds nothing to do (the content changed in place, same size and mtime, is
    as a plan sees it: unchanged); and the fast search asks it first."""
    gen = IndexDir(built.dir).current()
    assert gen is not None and (gen / listing.STAMP).is_file()
    toc = plain.Toc.read(gen / "whoosh")
    said = {}
    for name, do, undo in _mutations(built.library, gen):
        do()
        try:
            state = manifest.load(gen / "manifest.json")
            assert state is not None
            planned = manifest.plan(built.library, state.records)
            quick = (
                listing.unchanged(built.library, gen / "manifest.json", SCHEMA_VERSION, toc.generation)
                is not None
            )
            said[name] = quick
            assert quick <= (not (planned or planned.touched or planned.failed)), name
        finally:
            undo()
    assert said == {
        "as built": True,
        "mtime": False,
        "content, same size and mtime": True,
        "a new file": False,
        "a new directory": True,  # (not a snapshot file: a plan skips it too)
        "a hidden file": True,
        "a file gone": False,
        "the stamp of another manifest": False,
        "no stamp": False,
    }
    assert listing.unchanged(built.library, gen / "manifest.json", SCHEMA_VERSION + 1, toc.generation) is None


@pytest.mark.parametrize("bad", [1, 23])
def test_a_library_with_unreadable_files_is_searched_fast_and_says_so(tmp_path, capsys, monkeypatch, bad):
    """Files that cannot be read (a stray junk file beside the days) do not send every search the
    slow way: the stamp keeps what an update says of them, and the fast path says the same
    (the first 20, then how many more), with the same hits."""
    lib = tmp_path / "lib"
    shutil.copytree(SEEDS, lib)
    for i in range(bad):
        (lib / f"zz_bad{i:02}\u202e.json").write_bytes(b"\xff\xfe not json")  # (a name to show safely)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    pix.close()
    gen = IndexDir(pix.dir).current()
    assert gen is not None and (gen / listing.STAMP).is_file() and _answers(pix)
    fast = run_cli(capsys, lib, pix.dir, "search", "loss")
    monkeypatch.setattr(OneShot, "open", classmethod(lambda cls, *_: None))
    usual = run_cli(capsys, lib, pix.dir, "search", "loss")
    assert fast == usual
    code, out, err = fast
    assert code == 0 and out and err.count("skipped zz_bad") == min(bad, 20)
    assert "\u202e" not in err and ("… and 3 more" in err) == (bad == 23)
    (lib / "zz_bad00\u202e.json").unlink()  # a file gone: a plan finds work, so does the stamp
    assert not _answers(pix)


@pytest.mark.parametrize("stamp", [None, b"10/1/0123/.json/0", b"garbage"])
def test_an_index_without_a_stamp_it_can_read_gets_one_at_its_next_update(built, capsys, stamp):
    """An index written by a version without stamps, or with a stamp of another format or of
    another manifest: its next update, with nothing to do, stamps its manifest again (the
    manifest itself not written again), and searches take it."""
    gen = IndexDir(built.dir).current()
    assert gen is not None
    if stamp is None:
        (gen / listing.STAMP).unlink()
    else:
        (gen / listing.STAMP).write_bytes(stamp)
    written = (gen / "manifest.json").stat().st_mtime_ns
    toc = plain.Toc.read(gen / "whoosh")
    assert listing.unchanged(built.library, gen / "manifest.json", SCHEMA_VERSION, toc.generation) is None
    code, _, _ = run_cli(capsys, built.library, built.dir, "index")
    assert code == 0 and (gen / listing.STAMP).is_file()
    assert (gen / "manifest.json").stat().st_mtime_ns == written
    assert listing.unchanged(built.library, gen / "manifest.json", SCHEMA_VERSION, toc.generation) == []


def test_the_vocabulary_is_counted_in_its_file_as_loaded(seed_index, tmp_path):
    """`Vocabulary.counts` (the saved lines looked up in the file's text, escapes and all)
    answers what the loaded vocabulary does, for every word and for words between them; a file
    in another form is loaded; a damaged one answers nothing or raises (the search declines)."""
    gen = IndexDir(seed_index.dir).current()
    assert gen is not None
    made = Vocabulary({"über": 3, "naïve": 2, "zürich": 1, "a.b": 4, "x_y": 5, "日本": 6, "𝔸x": 7, "zz": 8})
    made.save(tmp_path / "vocab.json", 1)
    for path in (gen / "vocab.json", tmp_path / "vocab.json"):
        counts, loaded = Vocabulary.counts(path), Vocabulary.load(path)
        freq = dict(loaded.freq)
        assert type(counts).__name__ == "_Counts" and list(counts) == list(freq) and len(counts) == len(freq)
        probes = [w + tail for w in freq for tail in ("", "a", "0", "é", "\uffff")] + ["", "a", "\U0001f600"]
        assert [counts.get(w) for w in probes] == [freq.get(w) for w in probes]
    old = tmp_path / "old.json"  # the saved form before lines: a JSON object
    old.write_text(json.dumps({"version": SCHEMA_VERSION, "generation": 1, "data": {"loss": 3}}))
    assert dict(Vocabulary.counts(old)) == {"loss": 3}
    text = (tmp_path / "vocab.json").read_text()
    damages = [text[: len(text) // 2], text.replace("5", "\\u00zz"), text.replace("zz 8", "zz 8\x00")]
    for damaged in damages:  # a count found is the right one: else none, or ValueError
        (tmp_path / "damaged.json").write_text(damaged)
        try:
            found = {w: Vocabulary.counts(tmp_path / "damaged.json").get(w) for w in made.freq}
        except ValueError:
            continue
        assert all(n in (None, made.freq[w]) for w, n in found.items()) and found["zz"] is None


def test_a_busy_index_is_searched_the_usual_way(built):
    quick = OneShot.open(built.library, built.dir)
    assert quick is not None
    with IndexDir(built.dir).lock(wait=True):
        assert quick.search("loss", 10) is None
    assert quick.search("loss", 10) is not None


@pytest.mark.parametrize("damage", ["toc", "terms", "stored", "manifest", "current"])
def test_damaged_files_fall_back_and_the_cli_still_answers(built, capsys, damage):
    expected = run_cli(capsys, built.library, built.dir, "search", "loss")
    gen = IndexDir(built.dir).current()
    assert gen is not None
    whoosh = gen / "whoosh"
    target = {
        "toc": next(whoosh.glob("_MAIN_*.toc")),
        "terms": next(whoosh.glob("*.trm")),
        "stored": next(whoosh.glob("*._stored.col")),
        "manifest": gen / "manifest.json",
        "current": built.dir / "current",
    }[damage]
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2] + bytes(len(data) - len(data) // 2))  # same size
    assert not _answers(built)
    code, out, _ = run_cli(capsys, built.library, built.dir, "search", "loss")
    # (stored fields damaged in place, same size: Whoosh's path finds no paper either)
    assert code == 0 and (out == expected[1] or damage == "stored")


@pytest.mark.parametrize(
    "query",
    [
        "loss",
        "understanding the behaviour of contrastive loss",
        "Improved Distribution Matching Distillation for Fast Image Synthesis",
    ],
    ids=["one word", "a pasted title", "a long title"],
)
def test_a_one_shot_search_imports_no_whoosh(tmp_path, query):
    """The fast path on: the second search of one word, or of a pasted title (long too: ranked
    by every word; the first built
    the index) imports none of Whoosh's index machinery (its stemmer alone) nor our Whoosh
    backend, and prints what the first printed."""
    args = ["--library", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "search", query]
    code = (
        f"import sys; from dailypapers.index.cli import main; main({args!r}); "
        "print(sorted(m for m in sys.modules if 'whoosh' in m or m.endswith('search.backend')))"
    )
    env = isolated_env(tmp_path)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "'whoosh.index'" in first.stdout.splitlines()[-1]
    assert second.stdout.splitlines()[-1] == str(
        ["dailypapers.index.store.whooshlib", "whoosh", "whoosh.lang", "whoosh.lang.porter"]
    ), second.stderr
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1] and "score" in second.stdout
    assert first.stderr == second.stderr == ""


def test_a_fast_search_imports_none_of_the_standard_library_it_does_not_use(tmp_path):
    """The one-shot search's process, to its end: no `dataclasses` (with `inspect`, `ast`), no
    `typing`, no `shutil` (with `bz2`, `lzma`: argparse imports it to find the terminal's width
    as each option is added), no `hashlib` (OpenSSL)."""
    args = ["--library", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "search", "loss"]
    unused = ["dataclasses", "inspect", "typing", "shutil", "bz2", "lzma", "hashlib"]
    code = (
        f"import sys; from dailypapers.index.cli import main; main({args!r}); "
        f"print([m for m in {unused!r} if m in sys.modules])"
    )
    env = isolated_env(tmp_path)
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "score" in second.stdout and second.stdout.splitlines()[-1] == "[]", second.stdout[-500:]


def test_the_fast_path_reads_no_index_another_user_made(built, monkeypatch):
    monkeypatch.setattr(os, "getuid", lambda: os.stat(built.dir).st_uid + 1)
    assert OneShot.open(built.library, built.dir) is None


def test_the_plain_reader_needs_a_table_of_contents(tmp_path: Path):
    with pytest.raises(plain.Unreadable):
        plain.Toc.read(tmp_path)
