"""Snapshot readers: the seeds exactly, every capture variation, bad files, API drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import FIXTURES, SEED_COUNTS, SEEDS

from dailypapers.index.papers.paperset import merge
from dailypapers.index.reading.capture import read_capture
from dailypapers.index.reading.files import parse_snapshot, read_snapshot, snapshot_files
from dailypapers.index.text import clean


def _pairs_by_structure(path: Path) -> list[tuple[str, str]]:
    """An independent reading of a seed: after the boilerplate, lines alternate title, abstract."""
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if len(ln) > 400) - 1
    body = lines[start:]
    body[0] = re.sub(r"^Subscribe", "", body[0])
    return [(clean(t), clean(a)) for t, a in zip(body[::2], body[1::2], strict=True)]


def test_seed_counts_and_dates():
    snaps = [read_snapshot(p) for p in snapshot_files(SEEDS)]
    assert [len(s.entries) for s in snaps] == SEED_COUNTS
    assert [s.date for s in snaps] == ["Sep 3", "Mar 11", "Apr 24", None, "Mar 11"]
    assert [s.id for s in snaps] == [p.stem for p in snapshot_files(SEEDS)]
    assert all(not s.problems for s in snaps)
    assert len(merge(snaps)) == 296


@pytest.mark.parametrize("path", snapshot_files(SEEDS), ids=lambda p: p.stem)
def test_seed_titles_and_abstracts_exact(path: Path):
    snap = read_snapshot(path)
    assert [(e.title, e.abstract) for e in snap.entries] == _pairs_by_structure(path)
    assert [e.position for e in snap.entries] == list(range(1, len(snap.entries) + 1))


def test_compact_layout_subscribe_glued():
    snap = read_snapshot(SEEDS / "003_8e949063b2f08e09.txt")
    assert snap.entries[0].title == "Large Language Models Are Overparameterized Text Encoders"
    assert not any("Subscribe" in e.title or "trending" in e.title for e in snap.entries)


VARIANT_TITLES = [
    "Sparse Mixtures of Recurrent Experts",
    "Is Attention Needed for Tabular Data?",
    "Learning Rate Warmup Explained: A Loss Landscape View of Why the First Thousand Steps "
    "Matter for Adaptive Optimisers in Large Transformers",
]


def _variant_bytes() -> bytes:
    return (FIXTURES / "capture_variants.txt").read_bytes()


def test_capture_variations_give_only_papers():
    snap = read_snapshot(FIXTURES / "capture_variants.txt")
    assert [e.title for e in snap.entries] == VARIANT_TITLES
    assert snap.date == "2024-10-07"  # from the front matter
    short = snap.entries[1].abstract
    assert 150 < len(short) < 170 and short.startswith("Short abstracts exist too.")
    noise = ("Google DeepMind", "Meta AI", "4 authors", "[-] 12", "https://", "Log In", "·", "1,204")
    for e in snap.entries:
        assert not any(n in e.title or n in e.abstract for n in noise), e


def test_date_line_with_year_and_no_front_matter():
    text = _variant_bytes().decode().split("---\n", 2)[2]
    snap = read_capture(text, "x.txt", "x")
    assert snap.date == "Oct 7, 2024"
    assert [e.title for e in snap.entries] == VARIANT_TITLES


@pytest.mark.parametrize(
    "transform",
    [
        lambda b: b.replace(b"\n", b"\r\n"),  # Windows line endings
        lambda b: b"\xef\xbb\xbf" + b,  # UTF-8 BOM
        lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"),
        lambda b: b.replace(b"\n", b"\r"),  # old Mac line endings
        lambda b: b.replace(b"\n", b"\n\n"),  # blank-line separated
    ],
    ids=["crlf", "bom", "bom+crlf", "cr", "blank-lines"],
)
def test_encodings_and_line_endings(transform):
    snap = parse_snapshot(transform(_variant_bytes()), "v.txt", "v")
    assert [e.title for e in snap.entries] == VARIANT_TITLES
    assert not [p for p in snap.problems if p.fatal]


def test_cp1252_file_is_read_with_a_note():
    data = "Caf\u00e9 Models for Na\u00efve Agents\n".encode("cp1252")
    data += ("An abstract long enough to count as prose, with a caf\u00e9 in it. " * 3).encode("cp1252")
    snap = parse_snapshot(data, "old.txt", "old")
    assert snap.entries[0].title == "Café Models for Naïve Agents"
    (note,) = snap.problems
    assert not note.fatal and "cp1252" in note.reason and note.line == 1


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"", "empty file", None),
        (b"  \n\n \r\n", "empty file", None),
        (b"Title\nabc\x00\x01\x02", "binary file", 2),
        (b"just some words\nand more words\n", "no papers found", None),
    ],
)
def test_bad_files_are_reported(data, reason, line):
    snap = parse_snapshot(data, "bad.txt", "bad")
    assert not snap.entries
    assert any(p.fatal and reason in p.reason and p.line == line for p in snap.problems), snap.problems
    assert str(snap.problems[-1]).startswith("bad.txt")


def test_control_characters_and_escapes_are_removed():
    title = "Evil \x1b[31mRed\x1b[0m Title\x07 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \u202eRTL"
    abstract = "An abstract that is long enough to be prose, with a \x9b31m C1 escape and \x00 NUL. " * 2
    snap = read_capture(f"{title}\n{abstract}\n", "x.txt", "x")
    (entry,) = snap.entries
    assert entry.title == "Evil Red Title link RTL"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", entry.title + entry.abstract)


def _api_item(i: int, title: str = "A Title") -> dict:
    return {
        "paper": {
            "id": f"2401.{i:05d}",
            "title": f"{title} {i}\n  continued",
            "summary": "Line one of the\nabstract, wrapped as on arXiv.",
            "authors": [{"name": "Ada Lovelace", "hidden": False}, {"name": "Alan Turing"}],
            "upvotes": i,
            "publishedAt": "2024-01-02T00:00:00.000Z",
            "submittedOnDailyAt": "2024-01-03T08:00:00.000Z",
        },
        "title": "ignored",
    }


@pytest.mark.parametrize(
    "shape",
    ["array", "repr-strings", "wrapper"],
)
def test_api_drift_forms(shape):
    items = [_api_item(1), _api_item(2)]
    if shape == "array":
        data = items
    else:
        items[0]["paper"]["authors"][0]["hidden"] = False  # Python repr: False, single quotes
        data = [repr(i) for i in items]
        if shape == "wrapper":
            data = {"status": "success", "date": "2024-01-05", "count": 2, "data": data}
    snap = parse_snapshot(json.dumps(data).encode(), "2024-01-03.json", "2024-01-03")
    assert [e.title for e in snap.entries] == ["A Title 1 continued", "A Title 2 continued"]
    e = snap.entries[0]
    assert (e.arxiv_id, e.authors, e.upvotes, e.position) == (
        "2401.00001",
        ["Ada Lovelace", "Alan Turing"],
        1,
        1,
    )
    assert e.abstract == "Line one of the abstract, wrapped as on arXiv."
    assert snap.date == ("2024-01-05" if shape == "wrapper" else "2024-01-03")


def test_api_bad_items_are_reported_and_the_rest_kept():
    data = [_api_item(1), "not a literal (", 42, {"paper": {"id": "x"}}, _api_item(2)]
    snap = parse_snapshot(json.dumps(data).encode(), "day.json", "day")
    assert len(snap.entries) == 2
    reasons = [s.reason for s in snap.skipped]
    assert len(reasons) == 3 and not snap.problems
    assert reasons[0].startswith("item 2:") and reasons[2] == "item 4: no title"


def test_api_invalid_json_reports_the_line():
    snap = parse_snapshot(b'[\n{"paper": \n', "broken.json", "broken")
    (problem,) = snap.problems
    assert problem.fatal and "invalid JSON" in problem.reason and problem.line == 3


def test_api_date_from_submissions_when_name_has_none():
    snap = parse_snapshot(json.dumps([_api_item(1)]).encode(), "today.json", "today")
    assert snap.date == "2024-01-03"


# -- issue 14: nothing silently lost (one test per numbered item; the property tests in
# test_properties.py generate the classes these come from) ----------------------------------


def _page(papers, sep="\n\n", head="Daily Papers\n\nby AK and the research community\n\nSep 3\n\n") -> str:
    return head + sep.join(f"{t}{sep}{a}" for t, a in papers) + "\n"


def _read(text: str, name: str = "day.txt"):
    snap = parse_snapshot(text.encode("utf-8", "surrogatepass"), name, Path(name).stem)
    return snap, [(e.title, e.abstract) for e in snap.entries]


@pytest.fixture(scope="module")
def real():
    from captures import real_papers

    return real_papers()[:10]


@pytest.mark.parametrize("char", ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_2_a_line_break_of_another_kind_inside_a_line_is_a_space(real, char):
    rest = [p for p in real[1:] if p[0] != "One Epoch Is All You Need"]  # a seed paper
    papers = [("One Epoch" + char + "Is All You Need", real[0][1]), *rest]
    papers = [(t, a[:200] + char + a[200:]) for t, a in papers]
    snap, got = _read(_page(papers))
    assert got == [(clean(t.replace(char, " ")), clean(a.replace(char, " "))) for t, a in papers]
    assert got[0][0] == "One Epoch Is All You Need" and not snap.skipped


def test_3_abstracts_cut_with_an_ellipsis_are_abstracts(real):
    papers = [(t, a[:180].rsplit(" ", 1)[0] + "…") for t, a in real]
    assert _read(_page(papers))[1] == papers  # was 10 papers -> 3


def test_4_short_chinese_japanese_and_korean_abstracts(real):
    papers = [
        (
            "大型语言模型的推理能力研究",
            "我们提出了一种新的方法来提高大型语言模型的推理能力。实验表明该方法有效。",
        ),
        ("視覚言語モデルの効率的な学習", "本研究では、視覚言語モデルを効率的に学習する手法を提案する。"),
        ("多模态检索增强生成", "我们设计了一个统一的检索框架。"),
        ("강화 학습을 이용한 코드 생성", "우리는 강화 학습으로 코드 생성 모델을 개선한다."),
    ]
    snap, got = _read(_page(papers))
    assert got == papers and not snap.skipped  # was 4 -> 1


def test_5_a_markdown_capture_from_a_browser_extension(real):
    cards = [
        f"### [{t}](https://huggingface.co/papers/2401.0000{n})\n\n![thumbnail](https://cdn/x{n}.png)\n\n"
        f"**Authors:** Alice Smith, Bob Jones\n\n{a}"
        for n, (t, a) in enumerate(real[:5])
    ]
    snap, got = _read("# Daily Papers\n\n" + "\n\n".join(cards) + "\n", "day.md")
    assert got == real[:5] and not snap.skipped  # was 1 paper titled "**Authors:** ..."
    assert snap.furniture == 1 + 2 * 5  # the heading, each thumbnail and author line


@pytest.mark.parametrize("title", ["2048", "Spaces", "Sept 11", "https://example.com/x"])
def test_6_a_title_that_looks_like_page_furniture_is_read_by_its_place(real, title):
    papers = [real[0], (title, real[1][1]), *real[2:4]]
    snap, got = _read(_page(papers))
    assert got == papers and snap.date == "Sep 3"


def test_6_blocks_that_are_no_paper_are_reported_with_line_and_reason(real):
    text = _page(real[:2]) + "\nLonely Title Without Abstract\n\n" + _page(real[2:3], head="")
    text += "\n·\n\n" + real[3][1] + "\n"  # an abstract with no title
    text += "\nNo Punctuation\n\n" + real[4][1].rstrip(".") + "\n"  # no sentence end, still long: read
    snap, got = _read(text)
    assert got == [*real[:3], (("No Punctuation"), real[4][1].rstrip("."))]
    lines = text.split("\n")
    assert [(lines[s.line - 1][:20], s.reason) for s in snap.skipped] == [
        ("Lonely Title Without", "not followed by an abstract"),
        (real[3][1][:20], "an abstract with no title before it"),
    ]


def test_6_short_abstracts_and_repeated_papers(real):
    text = _page([real[0], ("Short One", "We do things well."), real[1], (real[0][0], real[2][1])])
    snap, got = _read(text)
    assert got == [real[0], ("Short One", "We do things well."), real[1]]
    assert [s.reason for s in snap.skipped] == ["a paper repeated (its title is on line 7)"] * 2


def test_6_api_items_repeating_an_arxiv_id_are_reported():
    items = [_api_item(1), _api_item(1, title="Another Title"), _api_item(2)]
    snap = parse_snapshot(json.dumps(items).encode(), "d.json", "d")
    assert [e.title for e in snap.entries] == ["A Title 1 continued", "A Title 2 continued"]
    (skipped,) = snap.skipped
    assert skipped.reason == "item 2: the same arXiv id as item 1" and skipped.text.startswith("Another")


def test_7_values_beyond_range_surrogates_and_giant_integers_are_notes():
    items = [_api_item(1), _api_item(2), _api_item(3)]
    items[0]["paper"]["upvotes"] = 2**31
    items[1]["paper"]["title"] = "A\ud800B"
    text = (
        json.dumps(items)[:-1]
        + ', {"paper": {"id": "2401.9", "title": "Big", "upvotes": '
        + "9" * 5000
        + "}}]"
    )
    snap = parse_snapshot(text.encode(), "d.json", "d")
    assert [e.upvotes for e in snap.entries] == [2**31 - 1, 2, 3, 2**31 - 1]
    assert snap.entries[1].title == "A\ufffdB"
    notes = sorted(p.reason for p in snap.problems)
    assert all(not p.fatal for p in snap.problems) and len(notes) == 2
    assert "clamped" in notes[1] and "surrogates" in notes[0]


def test_13_a_few_bad_bytes_in_utf8_are_replaced_with_a_note():
    good = "Café Models\n\n" + "An abstract long enough to be prose, with é and ü in it, of course. " * 3
    data = (
        good.encode()
        + b"\n\nNa\xefve Title\n\n"
        + ("Its abstract is long enough to read, as it goes. " * 3).encode()
    )
    snap = parse_snapshot(data, "x.txt", "x")
    assert [e.title for e in snap.entries] == ["Café Models", "Na\ufffdve Title"]  # not cp1252 mojibake
    (note,) = snap.problems
    assert not note.fatal and note.line == 5 and "not UTF-8" in note.reason


def test_13_nul_bytes_are_dropped_with_a_note_and_only_a_mostly_binary_file_is_refused():
    text = "Title One\n\n" + "An abstract long enough to be prose and read as such, indeed. " * 3
    data = text.encode().replace(b"prose", b"pro\x00se", 1)
    snap = parse_snapshot(data, "x.txt", "x")
    assert snap.entries[0].abstract.startswith("An abstract long enough to be prose")
    assert [(p.line, p.reason, p.fatal) for p in snap.problems] == [(3, "NUL byte dropped", False)]
    binary = parse_snapshot(bytes(range(256)) * 20, "x.txt", "x")
    assert not binary.entries and "binary" in binary.problems[0].reason


def test_13_utf16_without_a_bom_and_cp1252_still_read():
    text = "Title One\n\n" + "An abstract long enough to be prose and read as such, indeed. " * 3
    assert parse_snapshot(text.encode("utf-16-le"), "x.txt", "x").entries[0].title == "Title One"
    old = parse_snapshot(text.replace("Title One", "Caf\u00e9 Title").encode("cp1252"), "x.txt", "x")
    assert old.entries[0].title == "Café Title" and "cp1252" in old.problems[0].reason
