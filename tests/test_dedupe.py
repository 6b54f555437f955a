"""Near-duplicate titles merge into one paper; different papers with similar titles never do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import SEEDS

from dailypapers.index.papers.dedupe import same_abstract
from dailypapers.index.papers.identity import title_id, title_key
from dailypapers.index.reading.files import read_snapshot, snapshot_files

ABSTRACT = (
    "We introduce a retrieval augmented planner that decomposes long horizon tasks into verifiable "
    "subgoals. On three benchmarks it improves success rates by twelve points. We analyse failure "
    "modes and show that verification is the main source of the gains. Code is released."
)
REVISED = ABSTRACT.replace("Code is released.", "We also study the cost of verification at scale.")


def _capture(path: Path, *papers: tuple[str, str]) -> None:
    lines = ["Daily Papers", "Mar 3"]
    for title, abstract in papers:
        lines += ["", title, "", abstract]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _api(path: Path, *papers: tuple[str, str, str]) -> None:
    items = [{"paper": {"id": pid, "title": t, "summary": a, "upvotes": 3}} for pid, t, a in papers]
    path.write_text(json.dumps(items), encoding="utf-8")


TITLE = "Retrieval-Augmented Planning with Verifiable Subgoals"


@pytest.mark.parametrize(
    ("api_title", "variant"),
    [
        (TITLE, "retrieval augmented planning: with verifiable subgoals"),  # case and punctuation
        ("Retrieval-Augmented Planning with Verifiable\n  Sub-goals", TITLE),  # arXiv line break, hyphen
        (TITLE, "Retrieval-Augmented Planning via Verifiable Subgoals"),  # a word changed by a revision
        (TITLE, "Towards Retrieval-Augmented Planning with Verified Subgoals"),
    ],
)
@pytest.mark.parametrize("api_first", [True, False])
def test_near_duplicate_titles_merge(make_index, tmp_path, api_title, variant, api_first):
    lib = tmp_path / "lib"
    lib.mkdir()
    api, cap = ("a.json", "b.txt") if api_first else ("b.json", "a.txt")
    _api(lib / api, ("2403.01234", api_title, ABSTRACT))
    _capture(lib / cap, (variant, REVISED))
    pix = make_index(lib)
    (paper,) = pix.papers()
    assert paper.id == "2403.01234"
    assert sorted(a.snapshot for a in paper.appearances) == ["a", "b"]
    assert title_id(variant) in paper.keys  # the capture's own id still finds it


def test_merge_on_incremental_update_and_back(make_index, tmp_path):
    """A capture added to an existing index merges with the indexed paper; removing it un-merges."""
    lib = tmp_path / "lib"
    lib.mkdir()
    _capture(lib / "a.txt", ("Retrieval Augmented Planning With Verifiable Subgoals", ABSTRACT))
    pix = make_index(lib)
    (before,) = pix.papers()
    _capture(lib / "b.txt", ("Retrieval-Augmented Planning via Verifiable Subgoals", REVISED))
    pix.update()
    (paper,) = pix.papers()
    assert paper.id == before.id and len(paper.appearances) == 2
    _api(lib / "c.json", ("2403.01234", "Retrieval-Augmented Planning with Verifiable Subgoals", REVISED))
    pix.update()
    (paper,) = pix.papers()
    assert paper.id == "2403.01234" and len(paper.appearances) == 3
    assert before.id in paper.aliases  # the id it had, for marks made before
    assert pix.paper(before.id).id == "2403.01234"
    (lib / "b.txt").unlink()
    pix.update()
    (paper,) = pix.papers()
    assert [a.snapshot for a in paper.appearances] == ["a", "c"]


def test_similar_titles_with_different_abstracts_stay_apart(make_index, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    other = "A survey of benchmarks for code generation, with a taxonomy of tasks and metrics. " * 2
    _capture(lib / "a.txt", ("Retrieval-Augmented Planning with Verifiable Subgoals", ABSTRACT))
    _capture(lib / "b.txt", ("Retrieval-Augmented Planning with Verifiable Goals", other))
    assert len(make_index(lib).papers()) == 2


def test_two_arxiv_ids_never_merge(make_index, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    _api(lib / "a.json", ("2403.00001", "Same Title", ABSTRACT))
    _api(lib / "b.json", ("2403.00002", "Same Title", ABSTRACT))
    assert sorted(p.id for p in make_index(lib).papers()) == ["2403.00001", "2403.00002"]


def _corpus_papers(corpus: Path) -> dict[str, tuple[str, str, str]]:
    found = {}
    for f in snapshot_files(corpus):
        for e in read_snapshot(f).entries:
            found[title_key(e.title)] = (e.arxiv_id, e.title, e.abstract)
    return found


@pytest.mark.corpus
def test_real_similar_titles_of_different_papers_stay_apart(make_index, tmp_path, corpus):
    """Real pairs from the corpus: version-numbered reports, and a seed capture's near namesake."""
    papers = _corpus_papers(corpus)
    pairs = [
        ("qwen2 technical report", "qwen2 5 technical report"),
        ("recgpt v2 technical report", "recgpt v3 technical report"),
        ("trust region on policy distillation", "trust region policy distillation"),
    ]
    lib = tmp_path / "lib"
    lib.mkdir()
    for n, (a, b) in enumerate(pairs):
        assert a in papers and b in papers
        _api(lib / f"{n}.json", papers[a])
        _, title, abstract = papers[b]
        _capture(lib / f"{n}.txt", (title, abstract))  # no arXiv id: only the abstract tells them apart
    pix = make_index(lib)
    assert len(pix.papers()) == 2 * len(pairs)
    # The seed capture's "Improved Distribution Matching Distillation for Fast Image Synthesis"
    # is 85% alike in title to a different API paper of the corpus.
    api = papers["diversity preserved distribution matching distillation for fast visual synthesis"]
    seed = next(
        e
        for f in snapshot_files(SEEDS)
        for e in read_snapshot(f).entries
        if "Improved Distribution" in e.title
    )
    assert not same_abstract(api[2], seed.abstract)


@pytest.mark.corpus
def test_real_papers_recaptured_with_edited_titles_merge(make_index, tmp_path, corpus):
    papers = list(_corpus_papers(corpus).values())[:40:4]
    lib = tmp_path / "lib"
    lib.mkdir()
    _api(lib / "a.json", *papers)
    edited = [(t.lower().replace(":", " -").replace(" ", "\n  ", 1), a) for _, t, a in papers]
    _capture(lib / "b.txt", *edited)
    pix = make_index(lib)
    assert len(pix.papers()) == len(papers)
    assert all(len(p.appearances) == 2 for p in pix.papers())


def _every(keys: dict[str, str], title: str, limit: int) -> list[str]:
    """The near-duplicates of `title` found by comparing every title (closest first, ties in
    the order added)."""
    from rapidfuzz import fuzz, process

    from dailypapers.index.papers.dedupe import TITLE_MIN

    found = process.extract(title_key(title), keys, scorer=fuzz.ratio, score_cutoff=TITLE_MIN, limit=limit)
    return [pid for _key, _score, pid in found]


def test_near_duplicate_search_compares_only_possible_lengths_and_answers_as_every_title(monkeypatch):
    """A title's near-duplicates are looked for among titles whose length allows the ratio (a
    third of a page-capture build's comparisons spared), with the answer of comparing every
    title: closest first, ties in the order added, through adds, re-adds and discards."""
    import random

    from rapidfuzz import process

    from dailypapers.index.papers.dedupe import TitleMatcher

    titles = [e.title for path in snapshot_files(SEEDS) for e in read_snapshot(path).entries]
    rng = random.Random(7)

    def vary(title: str) -> str:
        chars = list(title)
        for _ in range(rng.randint(0, 10)):
            i = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5:
                chars.insert(i, rng.choice("abc -"))
            else:
                del chars[i : i + 1]
        return "".join(chars)

    matcher, several = TitleMatcher(), 0
    for _ in range(1500):
        pid = f"p{rng.randrange(200)}"
        if rng.random() < 0.15:
            matcher.discard(pid)
        else:
            matcher.add(pid, vary(rng.choice(titles)))
        query = vary(rng.choice(titles))
        for limit in (1, 5):
            assert matcher.candidates(query, limit) == _every(matcher.keys, query, limit)
        several += len(matcher.candidates(query)) > 1
    assert several > 20  # ties and orders were compared, not only empty answers

    asked = []
    extract = process.extract
    monkeypatch.setattr(
        process, "extract", lambda q, choices, **kw: asked.append(choices) or extract(q, choices, **kw)
    )
    short = TitleMatcher()
    for n, title in enumerate(["a b c", "short title", "x" * 30, "y" * 200]):
        short.add(f"t{n}", title)
    assert short.candidates("short titles") == ["t1"] and asked == [["short title"]]


def test_near_duplicate_search_answers_as_every_title_on_adversarial_titles():
    """Titles at a ratio of exactly TITLE_MIN on both edges of the length window (a title and
    itself with half its length added), random titles over two letters (many of one length,
    tied in score, at exactly 80), CJK and full-width titles, titles of one character or none:
    the search among possible lengths answers as comparing every title, through discards."""
    import random

    from rapidfuzz import fuzz

    from dailypapers.index.papers.dedupe import HEAD, HEAD_SLACK, TITLE_MIN, TitleMatcher

    rng = random.Random(11)
    sizes = [*range(1, 41), *range(43, 90, 3)]
    edges = [t for n in sizes for t in ("x" * n, "x" * n + "y" * (n // 2), "x" * n + "y" * (n // 2 + 1))]
    two_letters = ["".join(rng.choice("ab") for _ in range(rng.randint(1, 12))) for _ in range(150)]
    two_letters += ["".join(rng.choice("ab ") for _ in range(rng.randint(60, 110))) for _ in range(150)]
    cjk = ["".join(rng.choice("大模型语言推理视觉") for _ in range(rng.randint(1, 14))) for _ in range(80)]
    odd = [
        "",
        "!!",
        "a",
        "b",
        "ａ",
        "ＧＰＴ－４ Ｔｅｃｈｎｉｃａｌ Ｒｅｐｏｒｔ",
        "GPT-4 Technical Report",
        "ﬁ",
        "fi",
        "e\u0301",
        "é",
    ]
    titles = edges + two_letters + cjk + odd
    assert fuzz.ratio(title_key("x" * 10), title_key("x" * 10 + "y" * 5)) == TITLE_MIN  # the upper edge
    matcher = TitleMatcher()
    exactly, tied = 0, 0
    for n, title in enumerate(titles):
        if n % 7 == 3:
            matcher.discard(f"p{n - 3}")
        matcher.add(f"p{n}", title)
    for query in [*titles, "x" * 41 + "y" * 20, "ab" * 7, "大模型"]:
        for limit in (1, 5, 1000):
            assert matcher.candidates(query, limit) == _every(matcher.keys, query, limit), (query, limit)
        scores = [fuzz.ratio(title_key(query), matcher.keys[p]) for p in matcher.candidates(query, 1000)]
        exactly += scores.count(TITLE_MIN)
        tied += len(scores) - len(set(scores))
    assert exactly > 50 and tied > 500  # the edge and the ties were compared, not only misses

    # A title longer than HEAD at exactly TITLE_MIN from one whose subsequence in common with
    # its first HEAD characters is as short as that allows: a = x^64 z^t, b = x^k y^(m-k) z^t.
    at_bound = 0
    for t in range(1, HEAD_SLACK + 1):
        for m in range(HEAD // 2, 2 * HEAD):
            k, left = divmod(2 * HEAD + 2 * m - t, 5)  # 5 (k + t) = 2 (la + lb): a ratio of 80
            if left or not 0 <= k <= min(HEAD, m):
                continue
            a, b = "x" * HEAD + "z" * t, "x" * k + "y" * (m - k) + "z" * t
            one = TitleMatcher()
            one.add("b", b)
            assert fuzz.ratio(a, b) == TITLE_MIN and one.candidates(a) == ["b"] == _every(one.keys, a, 5)
            at_bound += 1
    assert at_bound > 100
    one = TitleMatcher()
    one.add("short", "a b c")
    assert one.candidates("x" * (HEAD + 6)) == []  # no title of a possible length
