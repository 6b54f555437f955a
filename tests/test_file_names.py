"""Issue 14, items 8 and 9: any file name works (one snapshot id, one term), and a file name is
data: escaped in every line the command line prints. Also the per-file account it shows."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import SEEDS

from dailypapers.index import PaperIndex
from dailypapers.index.cli.main import main

SEED = SEEDS / "000_cdc772e61a3bb25e.txt"
# What a terminal would act on: ESC, C1 controls (8-bit CSI/OSC/DCS), BEL, and a raw undecodable byte.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@pytest.fixture
def run(tmp_path, capsys):
    def run(lib: Path, *args: str) -> tuple[int, str, str]:
        code = main(["--library", str(lib), "--index-dir", str(tmp_path / "ix"), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.mark.parametrize(
    "name", ["my day", "a,b;c", 'quote\'d "day"', "tab\there", "über-été", os.fsdecode(b"bytes-\xff\xfe")]
)
def test_8_any_file_name_is_one_snapshot(tmp_path, run, name):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(SEED, lib / f"{name}.txt")
    shutil.copy(SEEDS / "001_3f74e06ca7665146.txt", lib / "other.txt")
    code, out, err = run(lib, "snapshots", "--json")
    assert code == 0 and "Traceback" not in err
    sid = next(r["id"] for r in json.loads(out) if r["file"] != "other.txt")
    code, out, _ = run(lib, "list", "--snapshot", sid, "--json")
    assert code == 0 and len(json.loads(out)) == 42
    (lib / f"{name}.txt").unlink()  # its papers leave the index (it was never rebuilt)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    assert {a.snapshot for p in pix.papers() for a in p.appearances} == {"other"}
    assert len(pix) == 48
    pix.close()


HOSTILE = [
    "osc52-\x1b]52;c;aGVsbG8=\x07",  # writes the clipboard
    "title-\x1b]0;owned\x07",  # sets the terminal title
    "clear-\x1b[2J",  # clears the screen
    "dcs-\x1bP1$r\x1b\\",  # a device control string
    "c1-\x9b31m",  # an 8-bit CSI
    "bidi-\u202eevil",  # reorders what is shown
    os.fsdecode(b"raw-\xff"),  # not UTF-8 at all
]


def test_9_file_names_are_escaped_in_every_output(tmp_path, run, monkeypatch):
    lib = tmp_path / "lib"
    lib.mkdir()
    for n, name in enumerate(HOSTILE):
        text = SEED.read_text().replace("Grokking as the Transition", f"Grokking {n} as the Transition")
        (lib / f"{name}.txt").write_text(text)
    outputs = []
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    for args in (
        ["index"],
        ["snapshots"],
        ["list"],
        ["search", "grokking"],
        ["trend", "grokking"],
        ["show", "t" + "0" * 12],
        ["snapshots", "--json"],
        ["search", "grokking", "--json"],
        ["trend", "grokking", "--json"],
    ):
        _, out, err = run(lib, *args)
        assert "Traceback" not in err
        outputs.append(out + err)
    extra = tmp_path / f"{HOSTILE[0]}.txt"
    extra.write_text(SEED.read_text())
    outputs.append("".join(run(lib, "add", str(extra))[1:]))
    for text in outputs:
        assert not RAW.search(text.replace("\n", "").replace("\r", "").replace("\t", "")), repr(text[:300])
        assert "\u202e" not in text
    assert "title-\\x1b]0;owned\\x07" in outputs[1] and "raw-\ufffd" in outputs[1]  # the ids
    assert "raw-\\xff.txt" in outputs[0]  # the file, in the progress line
    assert all(json.loads(outputs[6].split("dailypapers:")[0]))  # the JSON is still JSON


def test_the_account_of_each_file(tmp_path, run):
    lib = tmp_path / "lib"
    lib.mkdir()
    text = SEED.read_text() + "\nA Lonely Title\n\n·\n\n" + "An abstract without a title, long enough. " * 5
    (lib / "day.txt").write_text(text)
    code, out, _ = run(lib, "snapshots")
    assert code == 0 and "42 papers · 2 skipped" in out
    (row,) = json.loads(run(lib, "snapshots", "--json")[1])
    lines = text.split("\n")
    assert [(lines[s["line"] - 1][:14], s["reason"]) for s in row["skipped"]] == [
        ("A Lonely Title", "not followed by an abstract"),
        ("An abstract wi", "an abstract with no title before it"),
    ]
    assert row["papers"] == 42 and row["furniture"] == 7  # six header lines and the separator
