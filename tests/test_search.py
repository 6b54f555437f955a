"""Search semantics on the seeds: syntax, stemming, prefixes, typos, fallbacks, highlights."""

from __future__ import annotations

import pytest
from helpers import whoosh_searcher

from dailypapers.index.search.highlight import snippet

GROK = "Grokking as the Transition from Lazy to Rich Training Dynamics"


def titles(result):
    return [h.paper.title for h in result.hits]


def test_all_words_rank_above_some(seed_index):
    result = seed_index.search("grokking lazy rich", limit=None)
    assert titles(result)[0] == GROK
    every = [
        h
        for h in result.hits
        if all(w in (h.paper.title + h.paper.abstract).lower() for w in ("grokking", "lazy", "rich"))
    ]
    assert titles(result)[: len(every)] == [h.paper.title for h in every]
    assert result.total == len(result.hits) > len(every)


def test_stemming(seed_index):
    result = seed_index.search("losses", limit=None)
    assert any("Loss" in t and "Losses" not in t for t in titles(result))


def test_last_word_is_a_prefix(seed_index):
    typing = seed_index.search("grokki", complete=True)
    assert GROK in titles(typing) and typing.suggestion is None
    assert GROK in titles(seed_index.search("lazy ric", complete=True))
    # A finished word (trailing space) is not completed: it is taken for a typo.
    assert seed_index.search("transformr ", complete=True).suggestion == "transformer"


def test_a_submitted_query_is_not_completed(seed_index):
    # (the CLI, enter, a paste): `grokki` is a word typed whole (a typo), not the start of one
    submitted = seed_index.search("grokki")
    assert submitted.suggestion == "grokking" and GROK in titles(submitted)
    # A stopword being typed is not completed (`with` is not `without`, `within`...).
    assert seed_index.search("grokking with", complete=True).total == seed_index.search("grokking").total


def test_phrase_and_fields(seed_index):
    phrase = seed_index.search('"scaling laws"', limit=None)
    assert phrase.hits and all(
        "scaling law" in (h.paper.title + " " + h.paper.abstract).lower() for h in phrase.hits
    )
    in_title = seed_index.search("title:grokking", limit=None)
    assert all("grokking" in t.lower() for t in titles(in_title)) and len(in_title.hits) == 3
    in_abstract = seed_index.search("abstract:grokking", limit=None)
    assert len(in_abstract.hits) > len(in_title.hits)


def test_boolean_operators(seed_index):
    both = {h.paper.id for h in seed_index.search("grokking AND transformer", limit=None).hits}
    grok = {h.paper.id for h in seed_index.search("grokking", limit=None).hits}
    either = {h.paper.id for h in seed_index.search("grokking OR memorization", limit=None).hits}
    without = {h.paper.id for h in seed_index.search("grokking NOT transformer", limit=None).hits}
    assert both < grok < either
    assert without == grok - both


def test_snapshot_field_and_filter(seed_index):
    sid = "003_8e949063b2f08e09"
    via_field = seed_index.search(f"snapshot:{sid} loss", limit=None)
    via_filter = seed_index.search("loss", snapshot=sid, limit=None)
    assert {h.paper.id for h in via_field.hits} == {h.paper.id for h in via_filter.hits}
    assert via_filter.hits and all(sid in {a.snapshot for a in h.paper.appearances} for h in via_filter.hits)
    assert via_filter.total < seed_index.search("loss", limit=None).total


def test_explicit_wildcard(seed_index):
    assert GROK in titles(seed_index.search("title:grok*"))


@pytest.mark.parametrize(
    ("typo", "word"),
    [("trasnformer", "transformer"), ("grokikng", "grokking"), ("lazzy", "lazy")],
)
def test_typo_gives_did_you_mean_and_results(seed_index, typo, word):
    result = seed_index.search(f"{typo} ")
    assert result.suggestion == word
    assert result.hits and any(word in (h.paper.title + h.paper.abstract).lower() for h in result.hits[:3])


def test_typo_among_good_words(seed_index):
    result = seed_index.search("grokking lazy rihc")
    assert result.suggestion == "grokking lazy rich"
    assert titles(result)[0] == GROK


def test_no_suggestion_when_words_are_known(seed_index):
    assert seed_index.search("grokking").suggestion is None


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"unbalanced quote', "unbalanced quote"),
        ("(grokking lazy", "unbalanced parenthesis"),
        ("grokking)", "unbalanced parenthesis"),
        ("title:", "'title:' with nothing after it"),
        ("grokking AND", "stray operator 'AND'"),
        ("OR grokking", "stray operator 'OR'"),
        ("grokking AND OR lazy", "stray operator"),
        ("NOT", "stray operator 'NOT'"),
        ("nosuchfield:grokking", "unknown field 'nosuchfield:'"),
        ("[a TO", "unbalanced bracket"),
    ],
)
def test_malformed_queries_fall_back_with_a_note(seed_index, query, reason):
    # Asked for as syntax (`=`), a malformed query is searched for its words, with a note.
    result = seed_index.search("=" + query)
    assert any(reason in n and "could not parse" in n for n in result.notes), result.notes
    # Otherwise it is text: its words are searched, never a parse error.
    plain = seed_index.search(query)
    assert not any("could not parse" in n for n in plain.notes) and not plain.syntax
    if "grokking" in query:
        assert any("grokking" in t.lower() for t in titles(result))
        assert titles(plain) == titles(seed_index.search("grokking lazy" if "lazy" in query else "grokking"))


@pytest.mark.parametrize(
    "query", ["", "   ", "***", ":", "~", "^", '""', "()", "\x1b[31m", "a" * 5000, "🙂 数据"]
)
def test_odd_queries_never_raise(seed_index, query):
    result = seed_index.search(query)
    assert result.total >= len(result.hits) >= 0


def test_one_searcher_refreshed_not_reopened(make_index, library):
    pix = make_index(library)
    searcher = whoosh_searcher(pix)
    pix.search("grokking")
    pix.search("lazy")
    assert whoosh_searcher(pix) is searcher
    (library / "new.txt").write_text(
        "Brand New Paper\n" + "A fresh abstract with enough words to be prose. " * 3
    )
    pix.update()
    assert whoosh_searcher(pix) is not searcher and pix.search("brand new paper").hits


def test_highlight_spans_follow_stemming(seed_index):
    result = seed_index.search("loss")
    hit = next(h for h in result.hits if "losses" in h.paper.abstract.lower())
    text = hit.paper.abstract
    marked = {text[a:b].lower() for a, b in seed_index.spans("abstract", text, hit.terms)}
    assert "losses" in marked or "loss" in marked
    assert marked <= {"loss", "losses"}
    short, moved = snippet(text, seed_index.spans("abstract", text, hit.terms), 80)
    assert len(short) <= 82 and all(short[a:b].lower() in {"loss", "losses"} for a, b in moved)


@pytest.mark.parametrize("query", ["grokking lazy", "loss", "scaling laws", "diffusion model", "rihc lazy"])
def test_total_does_not_depend_on_the_limit(seed_index, query):
    everything = seed_index.search(query, limit=None)
    assert everything.total == len(everything.hits)
    assert seed_index.search(query, limit=3).total == everything.total
    assert everything.total == everything.all_words + everything.some_words


def test_a_whole_word_is_not_completed_to_far_rarer_words():
    from dailypapers.index.search.engine import complete_last_word
    from dailypapers.index.search.spelling import Vocabulary

    freq = {"model": 1000, "models": 600, "modelscope": 3, "model.we": 2, "qwen": 10, "qwen2.5": 5}
    vocab = Vocabulary(freq)

    def expand(text: str) -> str:
        return complete_last_word(vocab, text)

    # A whole word: "modelscope" is 333 times rarer; the others count less than the word typed.
    assert expand("model") == "(model OR models^0.25)"
    assert expand("mode") == "(mode OR model OR model.we OR models OR modelscope)"  # a prefix: all
    assert expand("qwen") == "(qwen OR qwen2.5^0.25)"  # rarer, but not by RARE times
    assert expand("reward mode").startswith("reward (mode OR model")


def test_a_saved_vocabulary_answers_as_the_one_it_was_saved_from(seed_index, tmp_path):
    """The saved form (a line a word, bisected where it stands) completes, counts and lists as
    the dictionary did; an update makes the dictionary again."""
    from dailypapers.index.search.spelling import Vocabulary

    built = seed_index.vocabulary
    memory = Vocabulary(dict(built.freq))
    memory.save(tmp_path / "vocab.json", 7)
    saved = Vocabulary.load(tmp_path / "vocab.json")
    assert saved.generation == 7 and len(saved) == len(memory) > 1000
    words = memory.words
    prefixes = {w[:n] for w in words[::7] for n in (1, 2, 3, 5)} | {"", "zzzz", "\U0010ffff", "é"}
    for prefix in sorted(prefixes):
        for limit in (1, 3, 12):
            assert saved.completions(prefix, limit) == memory.completions(prefix, limit), (prefix, limit)
    for word in [*words[::11], "zzzz", "", "a"]:
        assert saved.freq.get(word) == memory.freq.get(word)
    assert saved.freq == memory.freq and saved.words == words
    assert saved.corrections("modle") == memory.corrections("modle")
    saved.update(["grokking model"], [])
    memory.update(["grokking model"], [])
    assert saved.freq == memory.freq and saved.completions("gro") == memory.completions("gro")
