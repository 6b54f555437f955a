"""Marks: SQLite (WAL), keyed by paper identity, surviving a kill, a re-index and the merge."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, isolated_env

from index.cli import main
from index.marks import Marks, MarksError, find
from index.model import Paper


def test_set_and_read_back(tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")
    paper = Paper("2401.00001", "A Paper", "text")
    assert marks.get(paper).empty
    marks.set(paper, starred=True)
    marks.set(paper, note="  read section 3  ")
    mark = marks.get(paper)
    assert mark.starred and not mark.read and mark.note == "read section 3"
    marks.set(paper, starred=False, note="")
    assert marks.all() == {}  # an empty mark leaves no row
    assert marks.get(paper).empty
    marks.close()
    assert (tmp_path / "m.sqlite3").exists()
    db = Marks(tmp_path / "m.sqlite3")
    assert db._run("PRAGMA journal_mode")[0][0] == "wal"


def test_marks_under_a_former_id_follow_the_paper(tmp_path):
    """A paper known by its title id, then merged into its arXiv id: one mark, nothing lost."""
    marks = Marks(tmp_path / "m.sqlite3")
    before = Paper("t0123456789ab", "Title", "")
    marks.set(before, starred=True, note="first note")
    after = Paper("2401.00001", "Title", "", aliases=["t0123456789ab"])
    assert marks.get(after).starred and marks.get(after).note == "first note"
    marks.set(after, read=True)
    assert set(marks.all()) == {"2401.00001"}  # folded into the current id
    mark = find(marks.all(), after)
    assert mark.starred and mark.read and mark.note == "first note"


def test_saved_searches(tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")
    marks.save_search("rl", "reinforcement learning", None)
    marks.save_search("today", "agents", "2024-05-27")
    marks.save_search("rl", "reinforcement learning reward", None)  # same name: replaced
    assert [(s.name, s.query, s.scope) for s in marks.searches()] == [
        ("rl", "reinforcement learning reward", None),
        ("today", "agents", "2024-05-27"),
    ]
    marks.delete_search("rl")
    assert [s.name for s in marks.searches()] == ["today"]


def test_unopenable_database_is_a_clear_error(tmp_path):
    (tmp_path / "dir").write_text("a file where the directory should be")
    marks = Marks(tmp_path / "dir" / "m.sqlite3")
    with pytest.raises(MarksError, match="cannot open the marks database"):
        marks.all()


KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from index.marks import Marks
    from index.model import Paper
    marks = Marks(sys.argv[1])
    for n in range(int(sys.argv[2])):
        marks.set(Paper(f"2401.{n:05d}", f"Paper {n}", ""), starred=True, note=f"note {n}")
    print("saved", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no atexit: as if the machine's process died
    """
)


@pytest.mark.parametrize("count", [1, 50])
def test_marks_survive_sigkill_right_after_saving(tmp_path, count):
    db = tmp_path / "m.sqlite3"
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(db), str(count)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=isolated_env(tmp_path),
    )
    assert proc.returncode == -9 and proc.stdout == "saved\n"
    assert (tmp_path / "m.sqlite3-wal").exists()  # not checkpointed: the WAL holds the marks
    marks = Marks(db).all()
    assert len(marks) == count and all(m.starred for m in marks.values())
    assert marks[f"2401.{count - 1:05d}"].note == f"note {count - 1}"


def _cli(tmp: Path, lib: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--library", str(lib), "--index-dir", str(tmp / "ix"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=isolated_env(tmp),
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_marks_survive_a_full_reindex_and_a_recaptured_snapshot(tmp_path, library, capsys):
    db = tmp_path / "data" / "dailypapers" / "marks.sqlite3"
    code, out, _ = _cli(tmp_path, library, "search", "grokking lazy rich", "--json")
    paper = json.loads(out)["hits"][0]
    Marks(db).set(Paper(paper["id"], paper["title"], ""), starred=True, note="reread")
    assert _cli(tmp_path, library, "index", "--rebuild")[0] == 0
    # The snapshot holding it is captured again (same papers, a different file).
    seed = next(p for p in sorted(library.iterdir()) if paper["title"] in p.read_text("utf-8"))
    seed.write_text(seed.read_text("utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    code, out, _ = _cli(tmp_path, library, "marks", "--starred", "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["id"] == paper["id"] and row["title"] == paper["title"] and row["note"] == "reread"


def test_marks_command_filters(tmp_path, library, capsys):
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert main([*args, "marks"]) == 0
    assert "no marks yet" in capsys.readouterr().err
    marks = Marks(tmp_path / "m")
    marks.set(Paper("a", "Starred unread", ""), starred=True)
    marks.set(Paper("b", "Read only", ""), read=True)
    marks.set(Paper("c", "Starred and read", ""), starred=True, read=True)
    marks.close()

    def titles(*flags: str) -> list[str]:
        assert main([*args, "marks", *flags, "--json"]) == 0
        return sorted(r["title"] for r in json.loads(capsys.readouterr().out))

    assert titles() == ["Read only", "Starred and read", "Starred unread"]
    assert titles("--starred") == ["Starred and read", "Starred unread"]
    assert titles("--unread") == ["Starred unread"]
    assert main([*args, "marks"]) == 0
    out = capsys.readouterr().out
    assert "★  Starred unread  [a]" in out and "★✓ Starred and read" in out


def test_a_mark_on_a_capture_paper_follows_it_into_its_arxiv_id(tmp_path, make_index):
    """Marked while known by title only; an API file then gives it an arXiv id (the merge)."""
    lib = tmp_path / "lib"
    lib.mkdir()
    abstract = "We show a planner that verifies subgoals, and why verification helps it. " * 2
    (lib / "a.txt").write_text(f"Daily Papers\nMar 3\n\nVerified Subgoal Planning\n\n{abstract}\n")
    pix = make_index(lib)
    (paper,) = pix.papers()
    marks = Marks(tmp_path / "m.sqlite3")
    marks.set(paper, starred=True, note="try it")
    item = {"paper": {"id": "2403.01234", "title": "Verified Sub-goal Planning", "summary": abstract}}
    (lib / "b.json").write_text(json.dumps([item]))
    pix.update()
    (merged,) = pix.papers()
    assert merged.id == "2403.01234" and paper.id in merged.aliases
    mark = marks.get(merged)
    assert mark.starred and mark.note == "try it"
