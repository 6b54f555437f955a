"""Getting snapshots in: `add` (atomic, refuses paper-less files); `capture` is in test_capture.py."""

from __future__ import annotations

import json

import pytest
from helpers import SEEDS

from dailypapers.index import PaperIndex
from dailypapers.index.cli.main import main
from dailypapers.index.intake.add import IntakeError, add_bytes


@pytest.fixture
def cli(library, tmp_path, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--library", str(library), "--index-dir", str(tmp_path / "ix"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_add_copies_and_indexes_only_what_was_added(cli, library, tmp_path, monkeypatch):
    assert cli("index")[0] == 0
    new = tmp_path / "2025-01-02.txt"
    new.write_text("Daily Papers\nJan 2\n\nA Brand New Paper Title\n\n" + "Its abstract says much. " * 8)
    read = []
    import dailypapers.index.paperindex.update as paperindex

    real = paperindex.parse_snapshot
    monkeypatch.setattr(paperindex, "parse_snapshot", lambda d, f, s: read.append(f) or real(d, f, s))
    code, out, _ = cli("add", str(new))
    assert code == 0 and "added 2025-01-02.txt (1 papers)" in out and "297 papers in 6 snapshots" in out
    assert read == ["2025-01-02.txt"]  # the five seeds were not read again
    assert (library / "2025-01-02.txt").read_bytes() == new.read_bytes()
    assert cli("add", str(new))[1].startswith("unchanged 2025-01-02.txt")
    assert not [p for p in library.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_add_refuses_files_with_no_papers_and_adds_the_rest(cli, library, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02")
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF")
    good = tmp_path / "extra.txt"
    good.write_bytes((SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    code, out, err = cli("add", str(empty), str(binary), str(other), str(good), str(tmp_path / "missing.txt"))
    assert code == 1 and "added extra.txt (42 papers)" in out
    for name, reason in [
        ("empty.json", "no papers"),
        ("bin.txt", "binary"),
        ("notes.pdf", "not a snapshot file"),
        ("missing.txt", "cannot read"),
    ]:
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    assert sorted(p.name for p in library.iterdir() if not p.name.startswith("0")) == ["extra.txt"]
    assert "Traceback" not in err


def test_add_is_atomic_when_the_write_fails(library, monkeypatch):
    import dailypapers.index.store.files as jsonfile

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        add_bytes(library, "new.txt", (SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    assert sorted(p.name for p in library.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_added_files_show_up_in_an_open_index(library, tmp_path):
    pix = PaperIndex(library, tmp_path / "ix")
    pix.update()
    add_bytes(library, "x.txt", (SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    assert pix.stale()
    pix.close()


# -- issue 14 -----------------------------------------------------------------------------


def test_7_add_checks_that_a_file_indexes_before_copying_it(library, tmp_path, monkeypatch):
    import dailypapers.index.search.backend as backend

    real = backend.to_document

    def poisoned(paper, *args, **kwargs):
        if "Grokking" in paper.title:
            raise ValueError("a value the index cannot hold")
        return real(paper, *args, **kwargs)

    monkeypatch.setattr(backend, "to_document", poisoned)
    bad = tmp_path / "bad.txt"
    bad.write_bytes((SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    with pytest.raises(IntakeError, match=r"cannot be indexed .*a value the index cannot hold"):
        add_bytes(library, "bad.txt", bad.read_bytes())
    assert not (library / "bad.txt").exists()


def test_7_add_takes_values_that_used_to_poison_the_library(cli, library, tmp_path):
    day = tmp_path / "2024-02-02.json"
    items = [{"paper": {"id": "2402.1", "title": "Huge \ud800 Votes", "summary": "S.", "upvotes": 2**40}}]
    day.write_text(json.dumps(items))
    code, out, err = cli("add", str(day))
    assert code == 0 and "added 2024-02-02.json (1 papers)" in out and "Traceback" not in err
    assert "clamped" in err and "surrogates" in err  # the notes, once, as the file is indexed
    code, out, err = cli("search", "huge votes", "--json")
    assert code == 0 and json.loads(out)["hits"][0]["title"] == "Huge \ufffd Votes"


def test_13_add_takes_a_name_of_250_bytes_and_escapes_names(cli, library, tmp_path):
    long = tmp_path / ("n" * 246 + ".txt")
    long.write_bytes((SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    code, _, err = cli("add", str(long))
    assert code == 0 and (library / long.name).exists(), err
    hostile = tmp_path / "evil\x1b]0;owned\x07.txt"
    hostile.write_text("no papers here")
    code, _, err = cli("add", str(hostile))
    assert code == 1 and "\x1b" not in err and "evil\\x1b]0;owned\\x07.txt" in err
