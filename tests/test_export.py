"""Export formats, each parsed back: Markdown, JSON and BibTeX (a strict entry parser)."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from helpers import parse_bibtex

from dailypapers.index.cli.main import main
from dailypapers.index.intake.export import bib_key, export
from dailypapers.index.marks.db import Mark, Marks
from dailypapers.index.papers.model import Appearance, Paper
from dailypapers.index.papers.signals import Signals
from dailypapers.index.store.files import atomic_write

HOSTILE = Paper(
    "2405.01234",
    "Braces {x} & 100% of $cost_#1 ~ ^[bold]x[/] \\cite \x1b]0;owned\x07",
    "An abstract.",
    arxiv_id="2405.01234",
    authors=["Zoë Ångström", "Bob O'Neil"],
    appearances=[Appearance("2024-05-27", "2024-05-27", 3, 12)],
)
PLAIN = Paper("t0123456789ab", "Capture Only Paper", "Text.", appearances=[Appearance("s1", "Mar 3", 7)])


def _unescape(value: str) -> str:
    for src, dst in [
        (r"\textbackslash{}", "\\"),
        (r"\textasciitilde{}", "~"),
        (r"\textasciicircum{}", "^"),
    ]:
        value = value.replace(src, dst)
    return re.sub(r"\\([{}&%$#_])", r"\1", value)


def test_bibtex_round_trip():
    items = [(HOSTILE, Mark(HOSTILE.id, starred=True, note="see {fig} 2 & 3")), (PLAIN, None), (PLAIN, None)]
    entries = parse_bibtex(export(items, "bibtex"))
    assert [e["type"] for e in entries] == ["misc"] * 3
    keys = [e["key"] for e in entries]
    assert len(set(keys)) == 3 and keys[0] == "angstrom2024braces" and keys[2] == keys[1] + "a"
    first = entries[0]
    assert _unescape(first["title"][1:-1]) == "Braces {x} & 100% of $cost_#1 ~ ^[bold]x[/] \\cite"
    assert first["eprint"] == "2405.01234" and first["archivePrefix"] == "arXiv" and first["year"] == "2024"
    assert _unescape(first["author"]).split(" and ") == ["Zoë Ångström", "Bob O'Neil"]
    assert (
        first["url"] == "https://arxiv.org/abs/2405.01234" and _unescape(first["note"]) == "see {fig} 2 & 3"
    )
    assert "eprint" not in entries[1] and "\x1b" not in export(items, "bibtex")
    assert bib_key(HOSTILE) == bib_key(HOSTILE)  # stable: from the paper alone


def test_bibtex_braces_an_organisation_and_keys_it_by_its_name():
    kimi = Paper(
        "2507.20534",
        r"Kimi K2: Open Agentic Intelligence at 50\% Cost",
        "An abstract.",
        arxiv_id="2507.20534",
        authors=["Kimi Team", "Yifan Bai", "DeepSeek-AI"],
    )
    (entry,) = parse_bibtex(export([(kimi, None)], "bibtex"))
    assert entry["key"] == "kimi2025kimi"  # not "team2025kimi"
    assert entry["author"] == "{Kimi Team} and Yifan Bai and {DeepSeek-AI}"
    assert entry["title"] == "{Kimi K2: Open Agentic Intelligence at 50\\% Cost}"  # escaped once


def test_json_round_trip():
    data = json.loads(export([(HOSTILE, Mark(HOSTILE.id, starred=True, note="n")), (PLAIN, None)], "json"))
    assert data[0]["title"] == HOSTILE.title and data[0]["mark"] == {
        "starred": True,
        "read": False,
        "note": "n",
    }
    assert data[0]["url"] == "https://arxiv.org/abs/2405.01234" and data[0]["appearances"][0]["upvotes"] == 12
    assert data[1]["mark"] is None and data[1]["url"] is None


def test_markdown_is_inert_and_complete():
    text = export([(HOSTILE, Mark(HOSTILE.id, note="line one\n\nline [two]")), (PLAIN, None)], "md")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 2
    assert headings[0].startswith("## [Braces \\{x\\}") and headings[0].endswith(
        "(https://arxiv.org/abs/2405.01234)"
    )
    assert "\\[bold\\]" in headings[0] and "\x1b" not in text and "\x07" not in text
    assert "Snapshots: 2024-05-27 (#3)" in text and "> line \\[two\\]" in text
    assert headings[1] == "## Capture Only Paper" and "Snapshots: Mar 3 (#7)" in text
    assert "\nAn abstract.\n" in text and "\nText.\n" in text  # the abstracts


def test_markdown_has_the_tldr_and_the_abstract_as_read():
    paper = Paper(
        "2608.19799",
        "SWE-bench Science",
        r"Agents pass below 50\% of tasks_all, with *stars*.",
        arxiv_id="2608.19799",
        appearances=[
            Appearance("2026-08-21", "2026-08-21", 4, 32, Signals(ai_summary=r"Below 50\% & hard."))
        ],
    )
    lines = export([(paper, None)], "md").splitlines()
    assert "**TL;DR:** Below 50% & hard." in lines
    assert "Agents pass below 50% of tasks\\_all, with \\*stars\\*." in lines


def test_export_command_starred_and_query(library, tmp_path, capsys):
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert main([*args, "search", "grokking", "--json"]) == 0
    hits = [Paper(h["id"], h["title"], "") for h in json.loads(capsys.readouterr().out)["hits"]]
    marks = Marks(tmp_path / "m")
    for paper in hits[:2]:
        marks.set(paper, starred=True)
    marks.set(hits[2], read=True)
    marks.close()
    out = tmp_path / "out.bib"
    assert main([*args, "export", "--format", "bibtex", "-o", str(out)]) == 0
    assert "wrote 2 papers" in capsys.readouterr().err
    titles = sorted(_unescape(e["title"][1:-1]) for e in parse_bibtex(out.read_text("utf-8")))
    assert titles == sorted(p.title for p in hits[:2])
    assert main([*args, "export", "--query", "grokking", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert {p["title"] for p in exported} == {p.title for p in hits}
    assert sum(1 for p in exported if p["mark"] and p["mark"]["starred"]) == 2


# -- issue 14, item 12: one atomic write, through links, to FIFOs and devices, modes kept ------

ROOT = Path(__file__).resolve().parent.parent


def test_12_export_writes_through_a_symlink_and_keeps_the_mode(tmp_path, library, capsys):
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    target = tmp_path / "real.md"
    target.write_text("old")
    os.chmod(target, 0o600)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert main([*args, "export", "--query", "grokking", "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_text().startswith("## Grokking")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_12_a_fifo_and_a_device_are_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # Its reader there before the write (opened without waiting for a writer; a reader thread
    # raced the write, which refuses a FIFO nobody reads), then reading what came through.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, "through the pipe")
        os.set_blocking(reader, True)
        got = b"".join(iter(lambda: os.read(reader, 4096), b""))
    finally:
        os.close(reader)
    assert got == b"through the pipe" and stat.S_ISFIFO(fifo.stat().st_mode)
    atomic_write("/dev/null", "nothing")  # `-o /dev/stdout` and the like: a device stays a device
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_12_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_12_a_new_file_gets_the_umask_and_a_long_name_works(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    long = tmp_path / ("n" * 250 + ".txt")  # the temporary name is short: 250 bytes is fine
    atomic_write(long, "x")
    assert long.read_text() == "x"


def test_12_every_writer_uses_the_one_atomic_write():
    """Only `index/store/files.py` replaces or writes files in the project's code."""
    writes = re.compile(r"os\.replace\(|os\.rename\(|\.write_text\(|\.write_bytes\(|open\([^)]*,\s*[\"']w")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("index", "tui")
        for path in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if writes.search(line) and path != ROOT / "index" / "store" / "files.py"
    ]
    assert found == []
