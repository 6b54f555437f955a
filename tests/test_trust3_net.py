"""Issue 21, round 3: imported marks that are not what they claim, two machines that must converge,
a marks database written by another tool, and servers that trickle, nest or lie."""

from __future__ import annotations

import json
import re
import sqlite3
import sys

import pytest
from test_tui_hostile import _evil_library

from dailypapers.index.cli.main import main
from dailypapers.index.marks.db import Mark, Marks
from dailypapers.index.marks.sync import export_lines, import_lines
from dailypapers.index.papers.model import Paper

HEADER = json.dumps({"type": "dailypapers-marks", "version": 2})


def _mark(key: str, **fields) -> str:
    return json.dumps({"type": "mark", "key": key, **fields})


# Item 7: one bad line never stops the merge


def test_each_bad_line_is_reported_by_number_and_the_rest_merges(tmp_path):
    lines: list[str | bytes] = [
        HEADER,
        '{"type": "mark", "key": "2401.00001", "starred": true, "starred_at": 1' + "0" * 400 + "}",
        b'{"type": "mark", "key": "2401.00002", "note": "caf\xe9", "note_at": 5.0}',  # Latin-1
        '{"type": "mark", "key": "2401.00003", "note": "lone \\ud800", "note_at": 5.0}',
        '{"type": "follow", "name": "\\udc80", "query": "q", "updated": 5.0}',
        _mark("2401.00004", starred=True, starred_at=5.0),
        "[" * 100_000 + "]" * 100_000,  # nested deeper than the parser goes
        _mark("2401.00005", note="x" * (2 << 20), note_at=5.0),  # a 2 MB line
    ]
    marks = Marks(tmp_path / "m.sqlite3")
    report = import_lines(marks, lines)
    assert [p.split(":")[0] for p in report.problems] == [f"line {n}" for n in (2, 3, 4, 5, 7, 8)]
    assert "not UTF-8" in report.problems[1] and "nested too deep" in report.problems[4]
    assert "longer than 1 MB" in report.problems[5]
    assert set(marks.all()) == {"2401.00004"} and report.marks == 1
    assert marks.follows() == []


def test_the_import_command_reads_bytes_and_reports_the_line(tmp_path, library, capsys):
    export = tmp_path / "in.jsonl"
    export.write_bytes(
        HEADER.encode() + b'\n{"type": "mark", "key": "2401.00001", "note": "caf\xe9", "note_at": 5.0}\n'
        b'{"type": "mark", "key": "2401.00002", "read": true, "read_at": 1e999}\n'
        + _mark("2401.00003", read=True, read_at=5.0).encode()
        + b"\n"
    )
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert main([*args, "marks", "--import", str(export)]) == 0
    out, err = capsys.readouterr()
    assert "line 2: not UTF-8" in err and "line 3:" in err and "1 marks" in out
    assert set(Marks(tmp_path / "m").all()) == {"2401.00003"}


def test_a_failed_merge_is_rolled_back(tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")

    class Boom(Exception):
        pass

    def bad():
        yield Mark("2401.00001", starred=True, starred_at=5.0)
        raise Boom

    with pytest.raises(Boom):
        marks.merge_marks(bad())
    assert marks.rows() == {}
    marks.set(Paper("2401.00009", "After", ""), starred=True)  # the connection is usable again
    assert set(marks.all()) == {"2401.00009"}


# Item 8: times and dates that are not times and dates


@pytest.mark.parametrize(
    "bad",
    [
        '"read_at": NaN',
        '"read_at": Infinity',
        '"read_at": -Infinity',
        '"read_at": 1e300',
        '"read_at": 4102444800',  # 2100-01-01 (a fixed value: xdist's workers collect alike)
    ],
)
def test_a_time_that_is_not_finite_or_in_the_future_is_refused(tmp_path, bad):
    line = '{"type": "mark", "key": "2401.00001", "read": true, ' + bad + "}"
    marks = Marks(tmp_path / "m.sqlite3")
    report = import_lines(marks, [HEADER, line])
    assert report.marks == 0 and report.problems and report.problems[0].startswith("line 2:")
    json.loads("[" + ",".join(export_lines(marks)) + "]", parse_constant=_no_constant)  # valid JSON


def _no_constant(name: str):
    raise AssertionError(f"{name} in an export")


@pytest.mark.parametrize(
    "visit",
    [
        {"at": 4102444800.0, "kind": "reader", "until": "2024-06-03"},  # 2100
        {"at": 1700000000.0, "kind": "reader", "until": "9999-99-99"},
        {"at": 1700000000.0, "kind": "reader", "until": "2100-01-01"},
        {"at": 1700000000.0, "kind": "reader", "until": "yesterday"},
    ],
)
def test_a_visit_from_the_future_or_with_a_bad_day_is_refused(tmp_path, visit):
    marks = Marks(tmp_path / "m.sqlite3")
    report = import_lines(marks, [HEADER, json.dumps({"type": "visit", **visit})])
    assert report.visits == 0 and marks.visits() == [] and report.problems[0].startswith("line 2:")


def test_a_good_visit_still_merges(tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")
    visit = {"type": "visit", "at": 1700000000.0, "kind": "reader", "until": "2024-06-03"}
    assert import_lines(marks, [HEADER, json.dumps(visit)]).visits == 1


# Item 14: equal change times, different values: both machines end the same


def test_two_machines_with_equal_times_converge(tmp_path, monkeypatch):
    monkeypatch.setattr("dailypapers.index.marks.db.time.time", lambda: 1.75e9)
    a, b = Marks(tmp_path / "a"), Marks(tmp_path / "b")
    paper = Paper("2401.00001", "Paper", "")
    a.set(paper, starred=True, note="from a", read=False)
    b.set(paper, starred=False, note="from b", read=True)
    a.follow("ssm", "mamba")
    b.follow("ssm", "state space")
    a.save_search("rl", "reinforcement", None)
    b.save_search("rl", "reward", "2024-05-27")
    a.record_visit("reader", "2024-06-03", at=1.75e9)
    b.record_visit("reader", "2024-06-04", at=1.75e9)
    from_a, from_b = export_lines(a), export_lines(b)
    import_lines(a, from_b)
    import_lines(b, from_a)

    def state(m: Marks) -> tuple:
        return m.rows(), m.follows(deleted=True), m.search_rows(), m.visits()

    assert state(a) == state(b)
    import_lines(a, export_lines(b))  # and it stays put
    assert state(a) == state(b)


# Item 16 (second half): a note written as a BLOB by another tool


def test_a_note_stored_as_a_blob_is_read_safely(tmp_path, library, capsys):
    path = tmp_path / "m.sqlite3"
    Marks(path).set(Paper("2401.00001", "Paper", ""), starred=True, note="x")
    db = sqlite3.connect(path)
    db.execute("UPDATE marks SET note = ?, title = ?", (b"caf\xe9 \x1b]0;pwned\x07", b"T\xff"))
    db.execute("INSERT INTO follows VALUES (?, ?, 1.0, 'soon', 0)", (b"blob\xff", b"q"))
    db.commit()
    db.close()
    marks = Marks(path)
    (mark,) = marks.all().values()
    assert mark.note.startswith("caf\ufffd") and mark.title == "T\ufffd"
    assert [f.name for f in marks.follows()] == ["blob\ufffd"]
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(path)]
    assert main([*args, "marks"]) == 0
    out = capsys.readouterr().out
    assert "caf\ufffd" in out and "\x1b" not in out and "\x07" not in out
    assert main([*args, "marks", "--export", "-"]) == 0
    for line in capsys.readouterr().out.splitlines():
        json.loads(line)


# Item 2, the command line: what it prints to a terminal from data is inert


# Our own: links (http(s) only), bold, the progress line's return and erase.
_OURS = re.compile(r"\x1b\]8;;(?:https?://[\x21-\x7e]*)?\x1b\\|\x1b\[[0-9;]*[mK]|\r")
_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.mark.parametrize(
    "command",
    [
        ["show", "2401.00001"],
        ["marks"],
        ["list", "--snapshot", "2024-01-01"],
        ["list"],
        ["follows"],
        ["digest", "--since", "2023-12-01"],
        ["digest", "--since", "2023-12-01", "--format", "md"],
        ["search", "paper"],
        ["snapshots"],
        ["recommend"],
    ],
)
def test_what_the_command_line_prints_to_a_terminal_is_inert(tmp_path, capsys, monkeypatch, command):
    lib, marks = _evil_library(tmp_path)
    marks.close()
    base = ["--library", str(lib), "--index-dir", str(tmp_path / "ix"), "--marks", str(marks.path)]
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    main([*base, "index"])
    main([*base, *command])
    out, err = capsys.readouterr()
    for stream in (out, err):
        rest = _OURS.sub("", stream)
        assert not _RAW.findall(rest), rest
    assert "Traceback" not in err


def test_an_endless_import_file_is_refused_without_reading_it_all(tmp_path, library, capsys, monkeypatch):
    monkeypatch.setattr("dailypapers.index.marks.sync.MAX_FILE", 1 << 20)  # 512 MB: too much for a test
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert main([*args, "marks", "--import", "/dev/zero"]) == 1  # read whole, it never ended
    assert "over 1 MB: not a marks export" in capsys.readouterr().err
