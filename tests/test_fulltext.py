"""A paper's full text: the Markdown renderer (a pure function), `read` against a loopback site
(cached, offline, refreshed; every fault one line and nothing incomplete kept) and the full text
in the index (`body:`, where it matched, ranked below titles and abstracts)."""

from __future__ import annotations

import json
import time

import pytest
from papersite import PHRASE, WORD, library, serve

from dailypapers.index.cli.main import main
from dailypapers.index.fulltext import render
from dailypapers.index.fulltext.cache import FullTextCache
from dailypapers.index.fulltext.render import lines, parse, plain
from dailypapers.index.paperindex import PaperIndex

SAMPLE = """# A Paper

Ann Author

## Abstract

We study things.

## Introduction

Long enough words to wrap the paragraph at a narrow width of forty columns or so, surely.

- first point
- second point
  1. nested

## Method

Inline $a_{ij} * b^2$ math and a block:

$$
\\frac{\\partial L}{\\partial \\theta}
$$

| Model | Score |
|---|---|
| Ours | 9.5 |

![Figure 2: The pipeline.](https://example.org/fig.png)

## References

- [1] Someone. 2020.

## Appendix

### Proofs

Text.
"""


def test_sections_are_numbered_and_references_come_last():
    doc = parse(SAMPLE)
    heads = [s.heading for s in doc.sections]
    assert doc.title == "A Paper"
    assert heads[:4] == ["A Paper", "Abstract", "1 Introduction", "2 Method"]
    assert heads[4:] == ["Appendix", "2.1 Proofs", "References"]


def test_numbers_the_site_gives_are_kept():
    doc = parse("# T\n\n## 3 Results\n\nx\n\n### 3.2 More\n\ny\n\n## A Appendix stuff\n\nz\n")
    found = [(s.number, s.title) for s in doc.sections[1:]]
    assert found == [("3", "Results"), ("3.2", "More"), ("A", "Appendix stuff")]


def test_text_is_wrapped_with_lists_tables_math_and_figures():
    text = plain(parse(SAMPLE), 40)
    assert all(len(line) <= 40 for line in text.splitlines() if "example.org" not in line)
    assert "  • first point" in text and "1. nested" in text
    assert "$a_{ij} * b^2$" in text  # inline math as its LaTeX source, `*` not emphasis
    assert "    \\frac{\\partial L}{\\partial \\theta}" in text
    assert "Model  Score" in text and "Ours   9.5" in text
    assert "[Figure 2: The pipeline.]" in text and "https://example.org/fig.png" in text


def test_a_wide_table_is_cut_with_a_sign():
    rows = "| " + " | ".join("column" * 5 for _ in range(4)) + " |\n|" + "---|" * 4 + "\n| a | b | c | d |\n"
    out = [line.text for line in lines(parse(rows), 60) if line.kind == "table"]
    assert out and all(len(line) <= 60 for line in out) and "…" in out[0]


def test_escapes_and_osc_sequences_are_removed_and_markup_kept_as_text():
    hostile = "# T\n\n## S\n\nred \x1b[31mtext\x1b[0m, a \x1b]8;;http://evil\x07link\x1b]8;;\x07"
    hostile += " [@click=app.quit]q[/] \x07\x9b\n"
    text = plain(parse(hostile), 80)
    assert not any(c in text for c in "\x1b\x07\x9b")
    assert "red text, a link [@click=app.quit]q[/]" in text


@pytest.mark.parametrize("nest", [">", "- ", "[", "*"])
def test_ten_thousand_levels_of_nesting_are_read_quickly(nest):
    start = time.perf_counter()
    doc = parse("# T\n\n" + nest * 10_000 + "deep" + ("]" * 10_000 if nest == "[" else ""))
    text = plain(doc, 80)
    assert "deep" in text and time.perf_counter() - start < 3
    assert max(len(line) for line in text.splitlines()) <= 80 or nest in "[*"


def test_the_lines_of_some_sections_are_those_the_whole_has_there():
    doc = parse(SAMPLE)
    pieces = [line for n in range(len(doc.sections)) for line in lines(doc, 40, n, n + 1)]
    assert pieces == lines(doc, 40) and lines(doc, 40, 2) == lines(doc, 40)[len(lines(doc, 40, 0, 2)) :]


# -- the parse kept beside the Markdown ----------------------------------------------------


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """How many texts markdown-it has parsed (the fast path is off when a paper read again is)."""
    from markdown_it import MarkdownIt

    count: list[int] = []
    real = MarkdownIt.parse
    monkeypatch.setattr(MarkdownIt, "parse", lambda self, *a, **k: count.append(1) or real(self, *a, **k))
    return count


def test_a_paper_read_again_is_not_parsed_again(tmp_path, parses):
    cache = FullTextCache(tmp_path)
    cache.put("2405.00001", SAMPLE)
    first = cache.document("2405.00001")
    assert first == parse(SAMPLE) and len(parses) == 2
    for _ in range(3):
        assert cache.document("2405.00001") == first
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(parses) == 2 and kept == ["2405.00001.json", "2405.00001.md"]
    cache.put("2405.00001", SAMPLE.replace("We study things.", "We study other things."))  # fetched again
    assert "other things" in cache.document("2405.00001").body() and len(parses) == 3
    assert cache.ids() == {"2405.00001"} and cache.document("2405.99999") is None


def test_a_new_renderer_parses_again(tmp_path, parses, monkeypatch):
    cache = FullTextCache(tmp_path)
    cache.put("2405.00001", SAMPLE)
    cache.document("2405.00001")
    monkeypatch.setattr(render, "VERSION", render.VERSION + 1)
    cache.document("2405.00001")
    cache.document("2405.00001")
    assert len(parses) == 2


@pytest.mark.parametrize(
    "spoil",
    [
        lambda raw: raw.replace('"sections":[', '"sections":[["1", "\\u001b]8;;evil\\u0007x", 2, []],', 1),
        lambda raw: raw.replace('"title":"A Paper"', '"title":7', 1),
        lambda raw: raw.replace('"para"', '"<script>"', 1),
        lambda raw: raw[: len(raw) // 2],
        lambda raw: "[]",
    ],
    ids=["escape", "type", "kind", "cut", "shape"],
)
def test_a_spoiled_parse_is_not_used(tmp_path, parses, spoil):
    cache = FullTextCache(tmp_path)
    cache.put("2405.00001", SAMPLE)
    cache.document("2405.00001")
    side = tmp_path / "2405.00001.json"
    raw = side.read_text("utf-8").replace('", "', '","').replace(": ", ":").replace(", ", ",")
    side.write_text(spoil(raw), "utf-8")
    assert cache.document("2405.00001") == parse(SAMPLE) and len(parses) == 3


# -- read, against the loopback site -------------------------------------------------------


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr("dailypapers.index.intake.fetch.time.sleep", lambda s: None)
    lib, site, day = library(tmp_path)
    with serve(site):
        yield tmp_path, lib, site, day


def run(env, *args: str, capsys) -> tuple[int, str, str]:
    tmp, lib, _, _ = env
    code = main(["--library", str(lib), "--index-dir", str(tmp / "ix"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def read(env, pid: str, capsys, *more: str) -> tuple[int, str, str]:
    return run(env, "read", pid, "--base-url", env[2].url, *more, capsys=capsys)


def cached(env) -> list[str]:
    root = env[0] / "cache" / "dailypapers" / "fulltext"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def test_read_prints_every_section_then_reads_it_offline(env, capsys):
    _, _, site, day = env
    pid = day[0]["paper"]["id"]
    code, out, err = read(env, f"https://huggingface.co/papers/{pid}", capsys)
    assert code == 0, err
    for head in ("Abstract", "1 Introduction", "2 Method", "3 Experiments", "4 Conclusion", "References"):
        assert f"\n{head}\n" in out
    assert PHRASE in out and "[Figure 1: Accuracy against model size.]" in out
    assert out.index("4 Conclusion") < out.index("References")
    assert cached(env) == [f"{pid}.json", f"{pid}.md"] and len(site.log) == 1  # (and the parse kept)
    site.url = "http://127.0.0.1:9"  # nothing listens there: offline
    code, again, err = read(env, pid, capsys)
    assert code == 0 and again == out and len(site.log) == 1


def test_refresh_fetches_again_and_json_gives_the_sections(env, capsys):
    _, _, site, day = env
    pid = day[1]["paper"]["id"]
    assert read(env, pid, capsys)[0] == 0
    code, out, _ = read(env, pid, capsys, "--refresh", "--json")
    data = json.loads(out)
    assert code == 0 and len(site.log) == 2
    assert [s["number"] for s in data["sections"]][2:6] == ["1", "2", "3", "4"]
    assert PHRASE in data["sections"][3]["text"] and data["sections"][3]["anchor"] == "2-method"


def test_a_paper_without_markdown_is_one_line_and_exit_1(env, capsys):
    pid = env[3][-1]["paper"]["id"]  # the site has no Markdown of it
    code, out, err = read(env, pid, capsys)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "no full text" in err and f"arxiv.org/pdf/{pid}" in err and cached(env) == []


def test_an_unknown_paper_is_one_line(env, capsys):
    code, _, err = read(env, "not-an-id!", capsys)
    assert code == 1 and err.strip().endswith("no paper with id 'not-an-id!'")


def test_a_429_is_retried_after_its_retry_after(env, capsys):
    _, _, site, day = env
    pid = day[0]["paper"]["id"]
    site.faults[pid] = [429, 429]
    code, out, err = read(env, pid, capsys)
    assert code == 0 and len(site.log) == 3 and "HTTP 429" in err and PHRASE in out


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        ("cut", "cut short"),
        ("huge", "refused"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "web page (HTML)"),
        (b"   \n", "empty page"),
        (429, "HTTP 429"),
    ],
)
def test_a_fault_is_one_line_and_nothing_is_cached(env, capsys, fault, said):
    _, _, site, day = env
    pid = day[0]["paper"]["id"]
    site.faults[pid] = [fault] * 3
    code, out, err = read(env, pid, capsys)
    assert code == 1 and out == "" and len(err.strip().splitlines()) <= 3  # (two retries said)
    assert said in err.strip().splitlines()[-1] and "Traceback" not in err
    assert cached(env) == []


def test_a_50_mb_body_is_refused_without_keeping_any(env, capsys):
    _, _, site, day = env
    pid = day[0]["paper"]["id"]
    site.pages[pid] = b"# T\n\n" + b"word " * (10 << 20)  # 50 MB
    code, _, err = read(env, pid, capsys)
    assert code == 1 and "over 8.0 MB; refused" in err and cached(env) == []


# -- the full text in the index --------------------------------------------------------------


def test_search_finds_a_paper_by_a_phrase_only_in_its_section_2(env, capsys):
    _, _, _, day = env
    pid, title = day[2]["paper"]["id"], day[2]["paper"]["title"]
    assert run(env, "search", f'"{PHRASE}"', capsys=capsys)[1].startswith("0 of 0")
    assert read(env, pid, capsys)[0] == 0
    code, out, _ = run(env, "search", f'"{PHRASE}"', capsys=capsys)
    assert code == 0 and title[:30] in out and "in §2 Method: " in out and "1 of 1 papers" in out
    code, out, _ = run(env, "search", f"body:{WORD}", capsys=capsys)
    assert "in §3 Experiments: " in out and "1 of 1 papers" in out


def test_the_full_text_survives_a_rebuild_and_ranks_below_an_abstract(env, capsys):
    tmp, lib, _, day = env
    first, second = day[0]["paper"], day[1]["paper"]
    assert read(env, first["id"], capsys)[0] == 0
    assert run(env, "index", "--rebuild", capsys=capsys)[0] == 0
    out = run(env, "search", f'"{PHRASE}"', capsys=capsys)[1]
    assert "1 of 1 papers" in out
    # A word of the second paper's abstract, put into the first's body too: the abstract ranks first.
    word = max((w for w in second["summary"].split() if w.isalpha()), key=len)
    pix = PaperIndex(lib, tmp / "ix", FullTextCache(tmp / "cache" / "dailypapers" / "fulltext"))
    pix.update()
    kept = pix.fulltext
    assert kept is not None
    kept.put(first["id"], (kept.get(first["id"]) or "") + f"\n\n## 9 Extra\n\n{word}\n")
    start = time.perf_counter()
    assert pix.add_full_text(first["id"])
    took = time.perf_counter() - start
    hits = pix.search(f"body:{word}").hits
    assert [h.paper.id for h in hits] == [first["id"]]
    ranked = [h.paper.id for h in pix.search(word).hits]
    assert ranked.index(second["id"]) < ranked.index(first["id"])
    assert took < 1.0  # (measured: see the README)
