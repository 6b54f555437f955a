"""Marks: SQLite (WAL), keyed by paper identity, surviving a kill, a re-index and the merge."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, isolated_env

from dailypapers.index.cli.main import main
from dailypapers.index.marks.db import Mark, Marks, MarksError, find
from dailypapers.index.papers.model import Paper


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
    assert db.journal_mode == "wal"


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
    from dailypapers.index.marks.db import Marks
    from dailypapers.index.papers.model import Paper
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
        [
            sys.executable,
            "-m",
            "dailypapers.tui.cli",
            "--library",
            str(lib),
            "--index-dir",
            str(tmp / "ix"),
            *args,
        ],
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


# -- version 2: migration, times per field, dismissals, follows, visits --------------------------

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "marks_v1.sqlite3"


def test_a_database_of_the_first_release_is_migrated(tmp_path):
    """tests/fixtures/marks_v1.sqlite3 was written by the first release's marks.py."""
    import sqlite3

    db = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, db)
    old = sqlite3.connect(db)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 0
    (updated,) = old.execute("SELECT updated FROM marks WHERE key = '2405.21060'").fetchone()
    old.close()
    marks = Marks(db)
    everything = marks.all()
    assert set(everything) == {"2405.21060", "2406.00001", "t0123456789ab"}
    ssd = everything["2405.21060"]
    assert ssd.starred and not ssd.read and ssd.note == "read section 6 (SSD)" and not ssd.dismissed
    assert ssd.starred_at == ssd.note_at == updated and ssd.read_at == 0 == ssd.dismissed_at
    assert everything["t0123456789ab"].read and everything["t0123456789ab"].starred
    assert [(s.name, s.query, s.scope) for s in marks.searches()] == [
        ("rl", "reinforcement learning", None),
        ("today", "agents", "2024-05-27"),
    ]
    assert marks.follows() == [] and marks.last_visit() is None
    marks.set(Paper("2406.00001", "A Read Paper", ""), dismissed=True)
    marks.follow("ssm", "mamba")
    marks.close()
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 2
    # The first release's own statements still work on the migrated file.
    rows = check.execute("SELECT key, read, starred, note, title, updated FROM marks").fetchall()
    assert len(rows) == 3
    first_release_insert = "INSERT INTO marks (key, read, starred, note, title, updated) VALUES (?,?,?,?,?,?)"
    check.execute(first_release_insert, ("x", 1, 0, "", "X", 1.0))
    check.commit()
    check.close()
    again = Marks(db)  # opening a migrated database again changes nothing
    assert again.all()["x"].read and again.all()["2406.00001"].dismissed
    assert [f.name for f in again.follows()] == ["ssm"]


def test_each_field_has_its_time_and_a_cleared_mark_stays_for_sync(tmp_path, monkeypatch):
    clock = iter([100.0, 200.0, 300.0, 400.0])
    monkeypatch.setattr("dailypapers.index.marks.db.time.time", lambda: next(clock))
    marks = Marks(tmp_path / "m.sqlite3")
    paper = Paper("2401.00001", "A Paper", "")
    marks.set(paper, starred=True)
    marks.set(paper, read=True, note="n")
    mark = marks.set(paper, starred=False)
    assert (mark.starred_at, mark.read_at, mark.note_at, mark.dismissed_at) == (300.0, 200.0, 200.0, 0.0)
    mark = marks.set(paper, read=False, note="")
    assert mark.empty and mark.updated == 400.0
    assert marks.all() == {} and marks.rows()["2401.00001"].starred_at == 300.0  # a tombstone


def test_dismiss_and_undo(tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")
    paper = Paper("2401.00001", "Not For Me", "")
    assert marks.set(paper, dismissed=True).dismissed
    assert marks.all()["2401.00001"].dismissed and not marks.get(paper).empty
    assert not marks.set(paper, dismissed=False).dismissed
    assert marks.all() == {}


def test_an_unstar_under_the_current_id_beats_an_older_star_under_a_former_id(tmp_path, monkeypatch):
    clock = iter([100.0, 200.0])
    monkeypatch.setattr("dailypapers.index.marks.db.time.time", lambda: next(clock))
    marks = Marks(tmp_path / "m.sqlite3")
    marks.set(Paper("t0123456789ab", "Title", ""), starred=True, note="kept")
    marks.merge_marks([Mark("2401.00001", starred=False, starred_at=150.0, updated=150.0)])
    merged = Paper("2401.00001", "Title", "", aliases=["t0123456789ab"])
    mark = marks.get(merged)
    assert not mark.starred and mark.note == "kept"  # newest per field; the note was never cleared


def test_follows_and_visits(tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")
    marks.follow("Tri Dao", 'author:"Tri Dao"')
    marks.follow("ssm", "mamba")
    marks.follow("ssm", "mamba OR ssm")  # same name: the query is replaced
    expected = [("Tri Dao", 'author:"Tri Dao"'), ("ssm", "mamba OR ssm")]
    assert [(f.name, f.query) for f in marks.follows()] == expected
    assert marks.unfollow("ssm") and not marks.unfollow("ssm") and not marks.unfollow("nobody")
    assert [f.name for f in marks.follows()] == ["Tri Dao"]
    assert [f.name for f in marks.follows(deleted=True) if f.deleted] == ["ssm"]
    marks.follow("ssm", "mamba")  # followed again
    assert [f.name for f in marks.follows()] == ["Tri Dao", "ssm"]
    marks.record_visit("reader", "2024-06-01", at=10.0)
    marks.record_visit("digest", "2024-06-03", at=20.0)
    marks.record_visit("reader", "2024-06-02", at=15.0)
    assert marks.last_visit().until == "2024-06-03"
    assert marks.last_visit(["reader"]).until == "2024-06-02"


def test_mark_command(tmp_path, library, capsys):
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert main([*args, "search", "grokking lazy rich", "--limit", "1", "--json"]) == 0
    paper = json.loads(capsys.readouterr().out)["hits"][0]
    pid = paper["id"]
    assert main([*args, "mark", pid]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Grokking as the Transition") and out[1:] == ["  not starred · unread"]
    assert main([*args, "mark", pid, "--star", "--read", "--note", "  see fig 2 "]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Grokking") and out[1:] == ["  ★ starred · read · a note", "  note: see fig 2"]
    mark = Marks(tmp_path / "m").all()[pid]
    assert mark.starred and mark.read and mark.note == "see fig 2"
    assert main([*args, "mark", pid, "--unstar", "--unread", "--dismiss", "--note", ""]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  not starred · unread · dismissed"
    assert main([*args, "marks", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["dismissed"] and not row["starred"] and row["note"] == ""
    assert main([*args, "mark", pid, "--undismiss"]) == 0
    assert Marks(tmp_path / "m").all() == {}
    assert main([*args, "mark", "2999.99999", "--star"]) == 1
    assert "no paper with id '2999.99999'" in capsys.readouterr().err
    assert main([*args, "mark", pid, "--star", "--unstar"]) == 2  # contradictory
    capsys.readouterr()
    # A paper marked once whose snapshots are gone can still be marked by its id.
    Marks(tmp_path / "m").set(Paper("2001.00001", "Gone Paper", ""), starred=True)
    assert main([*args, "mark", "2001.00001", "--read"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Gone Paper  [2001.00001]", "  ★ starred · read"]


def test_a_mark_from_the_command_line_is_on_disk_when_it_returns(tmp_path, library):
    db = tmp_path / "m.sqlite3"
    code, out, _ = _cli(tmp_path, library, "--marks", str(db), "search", "grokking lazy rich", "--json")
    pid = json.loads(out)["hits"][0]["id"]
    code, out, err = _cli(tmp_path, library, "--marks", str(db), "mark", pid, "--star")
    assert code == 0 and out.splitlines()[1].startswith("  ★ starred"), err
    assert Marks(db).all()[pid].starred  # another connection sees it (committed with synchronous=FULL)
