"""The command line piped (issue 23): whole titles for grep with COLUMNS unset; the reader
refuses a stdin that is not a terminal."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from helpers import ROOT, isolated_env

from dailypapers.index.cli.main import main
from dailypapers.tui.cli import open_reader


def test_list_piped_keeps_whole_titles_tab_separated(library, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    base = ["--library", str(library), "--index-dir", str(tmp_path / "ix")]
    assert main([*base, "list", "--json"]) == 0
    papers = json.loads(capsys.readouterr().out)
    longest = max(papers, key=lambda p: len(p["title"]))
    assert len(longest["title"]) > 80
    assert main([*base, "list"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == len(papers)
    row = next(r for r in rows if r.startswith(longest["id"] + "\t"))
    assert row.split("\t")[1] == longest["title"]  # whole: grep finds it
    words = longest["title"].split()
    assert main([*base, "search", " ".join(words[:6]), "--limit", "3"]) == 0
    assert longest["title"] in capsys.readouterr().out


def test_list_into_grep_with_columns_unset(library, tmp_path):
    env = {k: v for k, v in isolated_env(tmp_path).items() if k != "COLUMNS"}
    base = [
        sys.executable,
        "-m",
        "dailypapers.tui.cli",
        "--library",
        str(library),
        "--index-dir",
        str(tmp_path / "ix"),
    ]
    titles = json.loads(
        subprocess.run([*base, "list", "--json"], capture_output=True, env=env, check=True).stdout
    )
    title = max((p["title"] for p in titles), key=len)
    listed = subprocess.run(
        [*base, "list"], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert sum(title in line for line in listed.splitlines()) == 1


def test_the_reader_refuses_a_stdin_that_is_not_a_terminal(library, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    opened: list[bool] = []
    monkeypatch.setattr("dailypapers.tui.app.DailyPapersApp.run", lambda *a, **k: opened.append(True))
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix")]
    code = main(args, open_reader)
    err = capsys.readouterr().err
    assert code == 2 and not opened and len(err.splitlines()) == 1 and "not" in err and "terminal" in err
