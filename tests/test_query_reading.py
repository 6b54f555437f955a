"""How a query is read (issue 27): text is text unless the query clearly uses the syntax; no
query comes back empty while a paper holds one of its words; long queries ranked by every
word; names find people; typos never empty the list; completion only while typing; fuzzy
distances clamped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_catchup import api_day

from dailypapers.index import PaperIndex
from dailypapers.index.reading.files import snapshot_files
from dailypapers.index.search.querytext import read_query

FILLER = "We study this question with careful experiments on public benchmarks. "
WHY = 'Why Do Agents Forget? (A Study of Memory in "Long" Tasks)'


def _library(lib: Path) -> Path:
    lib.mkdir()
    common = [  # "reinforcement learning" in many titles: common words that match the title
        (
            f"2604.{n:05d}",
            f"Reinforcement Learning for Agents {n}",
            f"Reinforcement learning with memory for long horizon agents and tasks. {FILLER}",
            n,
            [f"Author Number{n}"],
        )
        for n in range(30)
    ]
    rare = [
        (
            "2604.10001",
            "Remembering What Matters",
            "TaskMem stores task memory for agents trained with reinforcement learning. " + FILLER,
            1,
            ["Puneesh Khanna", "Ada Lovelace"],
        ),
        ("2604.10002", WHY, "Agents forget what they learned in long tasks. " + FILLER, 2, ["Grace Hopper"]),
        (
            "2604.10003",
            "Kanana: Compute Efficient Language Models",
            "Kanana models for Korean and English. " + FILLER,
            3,
            ["Some One"],
        ),
        ("2604.10004", "Punish Bad Actions", "Penalties that punish reward hacking. " + FILLER, 1, ["X Y"]),
        ("2604.10005", "Scaling Khanna Metrics", "A metric. " + FILLER, 1, ["Puneesh Other"]),
        ("2604.10006", "Tool Use by Khanna", "Puneesh tools. " + FILLER, 1, ["Puneesh Khanna"]),
        ("2604.10007", "When is Your Planner Forgetful?", "Planners, memory and time. " + FILLER, 1, ["A B"]),
        (
            "2604.10008",
            "Forgetful Planners: Memory Decay in a Forgetful Planner",
            "Forgetful planners forget; a planner's memory of forgetful planners decays. " + FILLER,
            9,
            ["C D"],
        ),
    ]
    api_day(lib, "2026-02-01", common)
    api_day(lib, "2026-02-02", rare)
    return lib


@pytest.fixture(scope="module")
def pix(tmp_path_factory) -> PaperIndex:
    root = tmp_path_factory.mktemp("reading")
    index = PaperIndex(_library(root / "lib"), root / "ix")
    index.update()
    yield index
    index.close()


def ids(result) -> list[str]:
    return [h.paper.id for h in result.hits]


# -- the rules of reading, without an index -------------------------------------------------


@pytest.mark.parametrize(
    ("query", "searched"),
    [
        ("Is attention all you need?", "Is attention all you need"),  # `?` is no wildcard
        ('What Matters in (Training) "LLMs": a study', "What Matters in Training LLMs a study"),
        ("Qwen2.5-VL: technical report", "Qwen2.5 VL technical report"),  # `:` after a non-field
        ("venue:neurips agents", "venue neurips agents"),
        ("Not All Tokens AND What You Need to Know", "Not All Tokens and What You Need to Know"),
        ("agent (memory", "agent memory"),
        ("title:", "title"),
    ],
)
def test_pasted_text_is_read_as_words(query, searched):
    reading = read_query(query)
    assert reading.text == searched and not reading.syntax


@pytest.mark.parametrize(
    ("query", "used"),
    [
        ("agent*", "a wildcard"),
        ('"world model" agents', "a phrase"),
        ("agnet~ memory", "a fuzzy term"),
        ("agent AND memory", "an operator"),
        ('author:"Yann LeCun"', "fields author:"),
        ("upvotes:>=50 date:2026-08", "fields upvotes:, date:"),
        ("=agen? OR memory", "explicit"),
    ],
)
def test_syntax_is_used_when_it_clearly_is(query, used):
    reading = read_query(query)
    assert used in reading.syntax
    if used == "explicit" or used.startswith("fields "):  # asked for, or a field: never text
        assert reading.note() is None
    else:  # what could have been text: said
        assert "query syntax" in (reading.note() or "")


def test_a_sentence_keeps_its_fields_and_reads_the_rest_as_words():
    reading = read_query('author:"Yann LeCun" on world models, and what (they) learn?')
    assert reading.text == 'author:"Yann LeCun" on world models and what they learn'


def test_the_note_names_what_was_read_as_text():
    assert "'?'" in read_query("Why do agents forget?").note()
    assert read_query("plain words").note() is None


# -- on an index -------------------------------------------------------------------------------


def test_a_pasted_title_with_punctuation_finds_its_paper(pix):
    result = pix.search(WHY)
    assert ids(result)[0] == "2604.10002" and not result.syntax
    assert any("taken as text" in n for n in result.notes)
    # Asked for explicitly, the syntax is there: `?` is a wildcard, and the status says so.
    explicit = pix.search("=forge?")
    assert explicit.syntax == ("explicit",) and "2604.10002" in ids(explicit)


def test_a_pasted_title_ranks_its_paper_first(pix):
    # Its content words (`planner`, `forgetful`) are held more often by another paper.
    assert ids(pix.search("When is Your Planner Forgetful?"))[0] == "2604.10007"


def test_a_name_finds_the_person_whole_name_first(pix):
    result = pix.search("Puneesh Khanna")
    # both papers by Puneesh Khanna first; the others with only one of the names after
    assert set(ids(result)[:2]) == {"2604.10001", "2604.10006"}
    assert {"2604.10005"} <= set(ids(result)[2:])
    # a part of an author's name is never corrected (`punish kanana` was listed)
    assert result.suggestion is None and "2604.10003" not in ids(result) and "2604.10004" not in ids(result)
    inside = pix.search("Puneesh Khanna memory")  # a name inside a query
    assert ids(inside)[0] == "2604.10001"


def test_a_rare_decisive_word_outweighs_common_title_words(pix):
    query = "TaskMem agents reinforcement learning with memory for long horizon tasks"
    result = pix.search(query)
    assert result.ranking == "by every word" and ids(result)[0] == "2604.10001"
    # the counts are exact and say what they count
    assert result.total == len(pix.search(query, limit=None).hits) == result.all_words + result.some_words


def test_a_word_like_no_other_is_dropped_with_a_note(pix):
    result = pix.search("xqzvwk memory agents")
    assert any("'xqzvwk'" in n and "without it" in n for n in result.notes)
    assert result.all_words == pix.search("memory agents").all_words > 0
    assert not pix.search("xqzvwk").hits  # nothing else to search for: nothing found, as said


def test_completion_only_while_typing_and_never_a_stopword(pix):
    assert ids(pix.search("taskm", complete=True)) == ["2604.10001"]
    assert ids(pix.search("taskm"))[:1] != ["2604.10001"]  # entered (the CLI, enter): as typed
    typed = pix.search("reinforcement with", complete=True)
    assert typed.total == pix.search("reinforcement").total  # `with` is not `without`, `within`


def test_a_fuzzy_distance_is_clamped_with_a_note(pix):
    result = pix.search("memory~99")
    assert any("fuzzy distance 99" in n for n in result.notes)
    assert ids(result) == ids(pix.search("memory~2")) and result.total


LIBRARY_WORDS = ["memory", "agents", "Khanna", "TaskMem", "forget", "tasks", "Kanana", "punish"]
NOISE = ["?", "(", ")", '"', ":", "*", "~", "^", "AND", "OR", "NOT", "-", "[", "{", "'", "the", "zzqx"]


@settings(max_examples=examples(200))
@given(
    st.lists(st.sampled_from(LIBRARY_WORDS + NOISE), min_size=1, max_size=12),
    st.lists(st.sampled_from(["", " ", "  "]), min_size=12, max_size=12),
)
def test_a_pasted_query_never_raises_nor_comes_back_empty(pix, parts, gaps):
    query = "".join(p + g for p, g in zip(parts, gaps, strict=False))
    result = pix.search(query)  # never raises
    words = {w.lower() for w in re.findall(r"\w+", query)}
    if query.strip()[:1] != "=" and words & {w.lower() for w in LIBRARY_WORDS}:
        assert result.hits, (query, result.notes)


@pytest.mark.corpus
def test_real_titles_with_punctuation_and_names(corpus, tmp_path):
    lib = tmp_path / "days"
    lib.mkdir()
    for path in snapshot_files(corpus)[::10][:60]:
        shutil.copy(path, lib / path.name)
    index = PaperIndex(lib, tmp_path / "ix")
    index.update()
    papers = index.papers()
    pasted = [p for p in papers if re.search(r"[?()\"]", p.title)][:20]
    assert pasted
    for paper in pasted:
        assert paper.id in ids(index.search(" ".join(paper.title.split()), limit=10)), paper.title
    authors = [a for p in papers[:40] for a in (p.authors or [])[:1] if len(a.split()) >= 2]
    for name in authors:
        theirs = {p.id for p in papers if name in (p.authors or [])}
        assert theirs <= set(ids(index.search(name, limit=50))), name
    index.close()
