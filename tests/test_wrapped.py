"""Issue 14, item 1: hard-wrapped captures read back exactly — the seeds through the real
`fold`, `fold -s` and `fmt`, and pages of real papers as an editor, `w3m` and `lynx` wrap them.
(The property tests in test_properties.py generate the same classes.)"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from captures import fold_s, greedy, page, python_textwrap, real_papers
from helpers import SEEDS

from dailypapers.index.reading.files import parse_snapshot, read_snapshot

BLANK_SEED = SEEDS / "000_cdc772e61a3bb25e.txt"  # 42 papers, blank lines between paragraphs
COMPACT_SEED = SEEDS / "003_8e949063b2f08e09.txt"  # 119 papers, one line each, no blank lines


def _papers(snap) -> list[tuple[str, str]]:
    return [(e.title, e.abstract) for e in snap.entries]


def _tool(*cmd: str) -> list[str]:
    if shutil.which(cmd[0]) is None:
        pytest.skip(f"{cmd[0]} is not installed")
    return list(cmd)


@pytest.mark.parametrize("width", [72, 80, 100, 150])
@pytest.mark.parametrize(
    ("tool", "seed"),
    [("fold -s", BLANK_SEED), ("fmt", BLANK_SEED), ("fold", BLANK_SEED), ("fold -s", COMPACT_SEED)],
    ids=["fold-s", "fmt", "fold", "fold-s-compact"],
)
def test_1_a_seed_wrapped_by_the_real_tools_reads_back_exactly(tool, seed, width):
    """The issue's case: the 42-paper seed wrapped at 80 columns read as 121 "papers"."""
    cmd = _tool(*tool.split(), "-w", str(width), str(seed))
    wrapped = subprocess.run(cmd, capture_output=True, check=True).stdout
    snap = parse_snapshot(wrapped, "wrapped.txt", "wrapped")
    assert _papers(snap) == _papers(read_snapshot(seed))
    assert not snap.skipped and not snap.problems


@pytest.mark.parametrize("width", [72, 80, 100, 150])
@pytest.mark.parametrize(
    ("layout", "wrap", "indent"),
    [
        ("blank", greedy, ""),  # an editor, w3m -dump
        ("blank", python_textwrap, "    "),  # indented
        ("lynx", greedy, "   "),  # lynx -dump: [n] before titles, a reference list at the end
        ("markdown", fold_s, ""),
        ("compact", fold_s, ""),
    ],
    ids=["editor", "indented", "lynx", "markdown", "compact"],
)
def test_1_real_papers_wrapped_read_back_exactly(layout, wrap, indent, width):
    """Fifteen real papers a page (the issue's "0 of 15 read right")."""
    papers = real_papers()[20:35]
    snap = parse_snapshot(page(papers, layout, wrap, width, indent).encode(), "day.txt", "day")
    assert _papers(snap) == papers and not snap.skipped


@pytest.mark.parametrize("width", [72, 80, 100, 150])
def test_1_fold_counts_bytes_and_cuts_characters_in_two(width):
    """GNU `fold` counts bytes: lines with accents or symbols hold fewer characters, and a
    character of two or three bytes can be cut across two lines."""
    cmd = _tool("fold", "-w", str(width))
    marks = ["é", "360°", "τ→∞", "naïve — “quoted”", "Zoë"]
    papers = [(t, " ".join(f"{w} {marks[n % 5]}" if n % 7 == 3 else w for n, w in enumerate(a.split())))
              for t, a in real_papers()[40:50]]  # fmt: skip
    wrapped = subprocess.run(
        cmd, input=page(papers, "blank").encode(), capture_output=True, check=True
    ).stdout
    snap = parse_snapshot(wrapped, "wrapped.txt", "wrapped")
    assert _papers(snap) == papers and not snap.skipped and not snap.problems


def test_the_fast_paths_of_reading_a_wrapped_page_are_on(monkeypatch):
    """Reading a wrapped page never compares two lines field by field (it did, for each line
    against every full line: a quarter of a build of page captures), never runs the line
    filters' patterns on a printable line, and reads the page exactly."""
    from dailypapers.index.reading import paragraphs
    from dailypapers.index.text import visible

    papers = real_papers()[:12]
    text = page(papers, "blank", greedy, 80)
    compared = []
    monkeypatch.setattr(paragraphs._Line, "__eq__", lambda a, b: compared.append(a) or NotImplemented)
    snap = parse_snapshot(text.encode(), "day.txt", "day")
    assert [(e.title, e.abstract) for e in snap.entries] == papers and not snap.skipped
    assert compared == []
    line = "A printable line, with accents é and wide 漢字"
    assert visible(line) is line and visible("a\x1b[1mb\u202ec") == "abc"
