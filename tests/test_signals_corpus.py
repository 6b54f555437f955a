"""The site's signals on real API days (../shared/corpora; skipped when absent): every field
equals the source JSON, and the query fields, sorts and views find exactly what a brute-force
pass over the source files finds.

The library is 80 real days: every tenth day of the 580 (old and new field sets), the first
day of Python-repr items, the wrapper day and the whole of August 2026 (for week and month views).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from helpers import CORPUS

from dailypapers.index import PaperIndex
from dailypapers.index.cli.main import main
from dailypapers.index.papers.views import Sort, month_days, week_days
from dailypapers.index.text import WORDS

pytestmark = pytest.mark.corpus


def _days() -> list[Path]:
    files = sorted(CORPUS.glob("*.json"))
    chosen = set(files[::10])
    chosen |= {p for p in files if p.stem.startswith("2026-08") or p.stem in ("2024-12-11", "2025-01-10")}
    return sorted(chosen)


def _items(path: Path) -> list[dict]:
    """The source items, read without the project's code."""
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, dict):
        data = data["data"]
    return [ast.literal_eval(i) if isinstance(i, str) else i for i in data]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora is not present (a fresh clone has none)")
    lib = tmp_path_factory.mktemp("real-days")
    days = _days()
    for path in days:
        (lib / path.name).symlink_to(path)
    pix = PaperIndex(lib, tmp_path_factory.mktemp("real-ix"))
    pix.update()
    # arXiv id -> (day, item) of its newest appearance: the values that win.
    source: dict[str, tuple[str, dict]] = {}
    for path in days:
        for item in _items(path):
            source[item["paper"]["id"]] = (path.stem, item)
    yield pix, lib, source
    pix.close()


def _text(value) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _url(value) -> str | None:
    return re.sub(r"\s", "", value) if isinstance(value, str) and value.strip() else None


def _account(value, name="name") -> dict | None:
    if not isinstance(value, dict):
        return None
    return {"name": _text(value.get(name)), "fullname": _text(value.get("fullname"))}


def expected(item: dict) -> dict:
    """The paper-shape fields of one source item, by the documented mapping."""
    paper = item["paper"]
    repo = _url(paper.get("githubRepo"))
    keywords = paper.get("ai_keywords")
    return {
        "ai_summary": _text(paper.get("ai_summary")),
        "keywords": [k for k in dict.fromkeys(map(_text, keywords)) if k] if keywords is not None else None,
        "github": {"url": repo, "stars": paper.get("githubStars")} if repo else None,
        "project_page": _url(paper.get("projectPage")),
        "organization": _account(paper.get("organization") or item.get("organization")),
        "comments": item["numComments"],
        "submitted_by": _account(item.get("submittedBy"))
        or _account(paper.get("submittedOnDailyBy"), "user"),
        "upvotes": paper["upvotes"],
    }


def test_every_new_field_equals_the_source(real):
    pix, _, source = real
    assert len(source) > 1200
    filled = dict.fromkeys(expected(next(iter(source.values()))[1]), 0)
    for arxiv_id, (_, item) in source.items():
        paper = pix.paper(arxiv_id).to_json()
        want = expected(item)
        assert {k: paper[k] for k in want} == want, arxiv_id
        assert paper["authors"] == [_text(a["name"]) for a in item["paper"]["authors"]]
        for key, value in want.items():
            filled[key] += value is not None
    assert all(filled.values()), filled  # the sample holds every field somewhere


def _brute(source: dict, keep) -> set[str]:
    return {arxiv_id for arxiv_id, (_, item) in source.items() if keep(item)}


def _found(pix: PaperIndex, query: str) -> set[str]:
    result = pix.search(query, limit=None)
    assert not result.notes, result.notes
    assert result.total == len(result.hits)
    return {h.paper.arxiv_id for h in result.hits}


def _words(*values) -> set[str]:
    return {w for v in values if isinstance(v, str) for w in re.findall(WORDS, v.lower())}


def _org(item: dict) -> dict:
    return item["paper"].get("organization") or item.get("organization") or {}


@pytest.mark.parametrize("word", ["bytedance", "google", "alibaba", "university", "nvidia"])
def test_org_finds_exactly_the_organisations_with_that_word(real, word):
    pix, _, source = real
    want = _brute(source, lambda i: word in _words(_org(i).get("name"), _org(i).get("fullname")))
    assert want and _found(pix, f"org:{word}") == want
    assert _found(pix, f"organization:{word.upper()}") == want  # an alias; any case


def test_org_bytedance_finds_both_aliases(real):
    pix, _, _ = real
    names = {pix.paper(i).signals.organization.name for i in _found(pix, "org:bytedance")}
    assert {"ByteDance", "ByteDance-Seed"} <= names


@pytest.mark.parametrize(("query", "field"), [("has:code", "githubRepo"), ("has:project", "projectPage")])
def test_has_finds_exactly_the_papers_with_it(real, query, field):
    pix, _, source = real
    want = _brute(source, lambda i: bool(_url(i["paper"].get(field))))
    assert want and _found(pix, query) == want


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("upvotes:>=50", lambda n: n >= 50),
        ("upvotes:>50", lambda n: n > 50),
        ("upvotes:<3", lambda n: n < 3),
        ("upvotes:<=3", lambda n: n <= 3),
        ("upvotes:[20 TO]", lambda n: n >= 20),
        ("upvotes:[10 TO 20]", lambda n: 10 <= n <= 20),
        ("upvotes:{10 TO 20}", lambda n: 10 < n < 20),
    ],
)
def test_upvote_comparisons_find_exactly_those_papers(real, query, keep):
    pix, _, source = real
    want = _brute(source, lambda i: keep(i["paper"]["upvotes"]))
    assert want and _found(pix, query) == want


def test_stars_and_comments_comparisons(real):
    pix, _, source = real

    def stars(i):
        return i["paper"].get("githubStars") if _url(i["paper"].get("githubRepo")) else None

    want = _brute(source, lambda i: (stars(i) or -1) >= 1000)
    assert want and _found(pix, "stars:>=1000") == want
    want = _brute(source, lambda i: i["numComments"] >= 2)
    assert want and _found(pix, "comments:>=2") == want
    want = _brute(source, lambda i: bool(_url(i["paper"].get("githubRepo"))) and i["paper"]["upvotes"] >= 30)
    assert want and _found(pix, "has:code upvotes:>=30") == want


@pytest.mark.parametrize("word", ["reinforcement", "diffusion", "grpo", "benchmark"])
def test_keyword_finds_exactly_the_papers_with_that_word_in_a_keyword(real, word):
    pix, _, source = real
    want = _brute(source, lambda i: word in _words(*(i["paper"].get("ai_keywords") or [])))
    assert want and _found(pix, f"keyword:{word}") == want


def test_date_month_week_and_range(real):
    pix, _, _ = real

    def on(days):
        return {item["paper"]["id"] for path in _days() if path.stem in days for item in _items(path)}

    august = on(month_days("2026-08"))
    assert august and _found(pix, "date:2026-08") == august
    assert _found(pix, "date:2026-W34") == on(week_days("2026-W34"))
    assert _found(pix, "date:[2026-08-03 TO 2026-08-09]") == on(week_days("2026-W32"))
    assert _found(pix, "date:[2026-08 TO 2026-08]") == august  # a partial end is inclusive
    for query in ("reasoning date:2026", "model date:[2025-01 TO 2025-06]"):  # a filter is not pruned
        assert pix.search(query, limit=5).total == len(pix.search(query, limit=None).hits) > 5
    result = pix.search("date:2026-08", limit=20)
    assert result.sort is Sort.NEWEST  # no words to rank by: newest, then page order
    places = [(a.date, a.position) for h in result.hits for a in h.paper.appearances[-1:]]
    assert places == sorted(places, key=lambda p: (p[0], -p[1]), reverse=True)


def _run(lib: Path, ix: Path, capsys, *args: str):
    code = main(["--library", str(lib), "--index-dir", str(ix), *args])
    out, _ = capsys.readouterr()
    assert code == 0
    return json.loads(out)


def _votes(papers: list[dict]) -> list[int]:
    return [-1 if p["upvotes"] is None else p["upvotes"] for p in papers]


@pytest.mark.parametrize("query", ["reasoning", "has:code", "org:university", "model"])
def test_sort_upvotes_is_non_increasing_and_the_limit_a_prefix(real, capsys, query):
    pix, lib, _ = real
    every = _run(lib, pix.dir, capsys, "search", query, "--sort", "upvotes", "--limit", "100000", "--json")
    votes = _votes(every["hits"])
    assert len(votes) > 10 and votes == sorted(votes, reverse=True) and every["sort"] == "upvotes"
    top = _run(lib, pix.dir, capsys, "search", query, "--sort", "upvotes", "--limit", "7", "--json")
    assert [h["id"] for h in top["hits"]] == [h["id"] for h in every["hits"][:7]]


@pytest.mark.parametrize("sort", ["stars", "comments"])
def test_sort_by_a_count_is_non_increasing(real, sort):
    pix, _, _ = real
    hits = pix.search("agent", limit=None, sort=Sort(sort)).hits
    if sort == "stars":
        values = [h.paper.signals.github.stars if h.paper.signals.github else None for h in hits]
    else:
        values = [h.paper.signals.comments for h in hits]
    values = [-1 if v is None else v for v in values]
    assert values[0] > 0 and values == sorted(values, reverse=True)


def test_list_sorts_and_search_sorts_agree(real):
    pix, _, _ = real
    for sort in (Sort.UPVOTES, Sort.STARS, Sort.NEWEST, Sort.PAGE):
        listed = [
            p.id
            for p in pix.papers(sort=sort)
            if p.signals.organization
            and "google" in _words(p.signals.organization.name, p.signals.organization.fullname)
        ]
        assert [h.paper.id for h in pix.search("org:google", limit=None, sort=sort).hits] == listed, sort


def test_week_and_month_views_hold_exactly_their_days(real, capsys):
    pix, lib, _ = real
    for option, value, days in (
        ("--week", "2026-W34", week_days("2026-W34")),
        ("--month", "2026-08", month_days("2026-08")),
    ):
        want = {item["paper"]["id"] for path in _days() if path.stem in days for item in _items(path)}
        papers = _run(lib, pix.dir, capsys, "list", option, value, "--json")
        assert {p["arxiv_id"] for p in papers} == want and len(papers) == len(want)
        assert all(any(a["date"] in days for a in p["appearances"]) for p in papers)
        assert _votes(papers) == sorted(_votes(papers), reverse=True)  # a view's default: upvotes
        light = pix.papers(light=True, days=days, sort=Sort.UPVOTES)
        assert [p.id for p in light] == [p["id"] for p in papers]
