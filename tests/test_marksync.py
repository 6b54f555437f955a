"""Marks on two machines: export and import round-trip, merge conflicting changes, idempotent."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from dailypapers.index.cli.main import main
from dailypapers.index.marks.db import Marks
from dailypapers.index.marks.sync import export_lines, import_lines
from dailypapers.index.papers.model import Paper


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    # The database's clock only: an import checks times against this machine's real clock.
    monkeypatch.setattr("dailypapers.index.marks.db.time", SimpleNamespace(time=clock))
    return clock


def _state(marks: Marks) -> tuple:
    return (
        marks.rows(),
        marks.follows(deleted=True),
        marks.search_rows(),
        marks.visits(),
    )


def _filled(path, clock: Clock) -> Marks:
    marks = Marks(path)
    a, b, c = (Paper(f"2401.0000{n}", f"Paper {n}", "") for n in (1, 2, 3))
    marks.set(a, starred=True, note="line one\nline two ✓")
    clock.now += 1
    marks.set(b, read=True, dismissed=True)
    marks.set(c, starred=True)
    clock.now += 1
    marks.set(c, starred=False)  # a cleared mark: it must travel too
    marks.follow("ssm", "mamba")
    marks.follow("gone", "grokking")
    clock.now += 1
    marks.unfollow("gone")
    marks.save_search("rl", "reinforcement learning", None)
    marks.save_search("old", "agents", "2024-05-27")
    marks.delete_search("old")
    marks.record_visit("reader", "2024-06-03")
    return marks


def test_export_then_import_into_an_empty_database_round_trips(tmp_path, clock):
    a = _filled(tmp_path / "a.sqlite3", clock)
    lines = export_lines(a)
    assert json.loads(lines[0])["type"] == "dailypapers-marks" and len(lines) == 1 + 3 + 2 + 2 + 1
    b = Marks(tmp_path / "b.sqlite3")
    report = import_lines(b, lines)
    assert (report.marks, report.follows, report.searches, report.visits, report.problems) == (3, 2, 2, 1, [])
    assert _state(b) == _state(a)
    assert export_lines(b)[1:] == lines[1:]
    assert not b.all()["2401.00001"].read and b.all()["2401.00002"].dismissed
    assert "2401.00003" not in b.all() and [f.name for f in b.follows()] == ["ssm"]
    assert [s.name for s in b.searches()] == ["rl"]


def test_importing_twice_changes_nothing(tmp_path, clock):
    a = _filled(tmp_path / "a.sqlite3", clock)
    b = Marks(tmp_path / "b.sqlite3")
    lines = export_lines(a)
    import_lines(b, lines)
    before = _state(b)
    report = import_lines(b, lines)
    assert report.changed == 0 and _state(b) == before
    assert import_lines(a, export_lines(a)).changed == 0  # its own export: nothing to do


def test_conflicting_changes_merge_newest_per_paper_and_field(tmp_path, clock):
    laptop, server = Marks(tmp_path / "laptop.sqlite3"), Marks(tmp_path / "server.sqlite3")
    paper = Paper("2401.00001", "Shared Paper", "")
    laptop.set(paper, starred=True)  # t=1000
    import_lines(server, export_lines(laptop))
    clock.now = 2000.0
    server.set(paper, starred=False, read=True)  # the server unstars and reads it
    clock.now = 3000.0
    laptop.set(paper, note="for the reading group")  # the laptop, later, writes a note
    clock.now = 1500.0
    laptop.set(paper, dismissed=True)  # a laptop change older than the server's (clock behind)
    laptop.follow("agents", "agent")
    clock.now = 4000.0
    server.follow("agents", "agent OR agentic")  # the same follow, changed later on the server
    to_server, to_laptop = export_lines(laptop), export_lines(server)
    import_lines(server, to_server)
    import_lines(laptop, to_laptop)
    for marks in (laptop, server):
        mark = marks.get(paper)
        assert (mark.starred, mark.read, mark.dismissed) == (False, True, True)
        assert mark.note == "for the reading group"
        assert mark.starred_at == 2000.0 and mark.note_at == 3000.0
        assert [(f.name, f.query) for f in marks.follows()] == [("agents", "agent OR agentic")]
    assert _state(laptop)[:3] == _state(server)[:3]
    assert import_lines(laptop, export_lines(server)).changed == 0  # converged


def test_an_unfollow_and_an_unstar_reach_the_other_machine(tmp_path, clock):
    a, b = Marks(tmp_path / "a.sqlite3"), Marks(tmp_path / "b.sqlite3")
    paper = Paper("2401.00001", "P", "")
    a.set(paper, starred=True)
    a.follow("x", "x")
    import_lines(b, export_lines(a))
    assert b.all()["2401.00001"].starred and [f.name for f in b.follows()] == ["x"]
    clock.now += 10
    a.set(paper, starred=False)
    a.unfollow("x")
    import_lines(b, export_lines(a))
    assert b.all() == {} and b.follows() == []


def test_bad_lines_are_reported_and_the_rest_imported(tmp_path, clock):
    good = {"type": "mark", "key": "2401.00001", "starred": True, "starred_at": 5.0}
    lines = [
        json.dumps({"type": "dailypapers-marks", "version": 2}),
        json.dumps(good),
        "{not json",
        json.dumps({"type": "mark", "key": "2401.00002", "starred": "yes", "starred_at": 5.0}),
        json.dumps({"type": "mark", "key": "2401.00003", "read_at": -1}),
        json.dumps({"type": "follow", "name": "x"}),
        json.dumps({"type": "tag", "name": "x"}),
        json.dumps(["a list"]),
        "",
    ]
    marks = Marks(tmp_path / "m.sqlite3")
    report = import_lines(marks, lines)
    assert report.marks == 1 and marks.all()["2401.00001"].starred
    assert [p.split(":")[0] for p in report.problems] == [f"line {n}" for n in range(3, 9)]
    assert "'starred' is not true or false" in report.problems[1] and "missing 'query'" in report.problems[3]
    with pytest.raises(ValueError, match="not a dailypapers marks export"):
        import_lines(marks, [json.dumps(good)])


def test_marks_export_and_import_commands(tmp_path, library, capsys, clock):
    base = ["--library", str(library), "--index-dir", str(tmp_path / "ix")]
    _filled(tmp_path / "a.sqlite3", clock).close()
    out_file = tmp_path / "marks.jsonl"
    assert main([*base, "--marks", str(tmp_path / "a.sqlite3"), "marks", "--export", str(out_file)]) == 0
    assert "wrote 8 records" in capsys.readouterr().err
    args = [*base, "--marks", str(tmp_path / "b.sqlite3"), "marks", "--import", str(out_file)]
    assert main(args) == 0
    merged = "3 marks, 2 follows, 2 saved searches, 1 visits changed"
    assert capsys.readouterr().out == f"merged {out_file}: {merged}\n"
    assert main(args) == 0
    assert ": 0 marks, 0 follows, 0 saved searches, 0 visits changed" in capsys.readouterr().out
    (tmp_path / "other.txt").write_text("hello\n")
    other = tmp_path / "other.txt"
    assert main([*base, "--marks", str(tmp_path / "b.sqlite3"), "marks", "--import", str(other)]) == 1
    assert "not a dailypapers marks export" in capsys.readouterr().err
    assert main([*base, "marks", "--export", "x", "--import", "y"]) == 2  # one or the other
