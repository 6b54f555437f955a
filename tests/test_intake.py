"""Getting snapshots in: `add` (atomic, refuses paper-less files); `capture` is in test_capture.py."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from index import PaperIndex
from index.cli import main
from index.intake import add_bytes


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
    import index.paperindex as paperindex

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
    import index.intake as intake

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(intake.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        add_bytes(library, "new.txt", (SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    assert sorted(p.name for p in library.iterdir()) == sorted(p.name for p in SEEDS.iterdir())


def test_added_files_show_up_in_an_open_index(library, tmp_path):
    pix = PaperIndex(library, tmp_path / "ix")
    pix.update()
    add_bytes(library, "x.txt", (SEEDS / "000_cdc772e61a3bb25e.txt").read_bytes())
    assert pix.stale()
    pix.close()
