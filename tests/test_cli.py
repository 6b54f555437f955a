"""The command line contract: commands, JSON shapes, exit codes, no tracebacks."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SEED_COUNTS, isolated_env, run_cli

PAPER_KEYS = {"id", "title", "abstract", "arxiv_id", "authors", "aliases", "appearances", "upvotes"} | {
    "ai_summary",
    "keywords",
    "github",
    "project_page",
    "organization",
    "comments",
    "submitted_by",
}


@pytest.fixture
def run(library, tmp_path, capsys):
    def run(*args: str, lib: Path | None = library) -> tuple[int, str, str]:
        return run_cli(capsys, lib, tmp_path / "ix", *args)

    return run


def test_snapshots_json(run, library):
    (library / "bad.txt").write_bytes(b"\x00\x00")
    code, out, err = run("snapshots", "--json")
    assert code == 0
    rows = json.loads(out)
    keys = {"id", "file", "date", "papers", "skipped", "skipped_count", "furniture", "problems"}
    assert [set(r) for r in rows] == [keys] * 6
    assert [r["papers"] for r in rows if r["file"] != "bad.txt"] == SEED_COUNTS
    bad = next(r for r in rows if r["file"] == "bad.txt")
    assert bad["papers"] == 0 and "binary" in bad["problems"][0]["reason"]
    assert "bad.txt" in err and "binary" in err


def test_list_json_in_page_order(run):
    code, out, _ = run("list", "--snapshot", "001_3f74e06ca7665146", "--json")
    papers = json.loads(out)
    assert code == 0 and len(papers) == 48 and set(papers[0]) == PAPER_KEYS
    positions = [
        next(a["position"] for a in p["appearances"] if a["snapshot"] == "001_3f74e06ca7665146")
        for p in papers
    ]
    assert positions == list(range(1, 49))
    assert set(papers[0]["appearances"][0]) == {"snapshot", "date", "position", "upvotes"}
    code, out, _ = run("list", "--json")
    assert len(json.loads(out)) == 296


def test_search_json(run):
    code, out, _ = run("search", "grokking lazy rich", "--limit", "3", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) == {
        "query",
        "total",
        "all_words",
        "some_words",
        "hits",
        "suggestion",
        "notes",
        "sort",
        "syntax",
        "ranking",
    }
    assert len(data["hits"]) == 3 and data["total"] == data["all_words"] + data["some_words"] > 3
    assert set(data["hits"][0]) == PAPER_KEYS | {"score"}
    assert data["hits"][0]["title"].startswith("Grokking as the Transition")
    assert data["hits"][0]["arxiv_id"] is None and data["hits"][0]["authors"] is None


def test_search_suggestion_and_notes_json(run):
    data = json.loads(run("search", "grokking lazy rihc", "--json")[1])
    assert data["suggestion"] == "grokking lazy rich"
    data = json.loads(run("search", '"grokking', "--json")[1])  # text: the quote is no syntax
    assert data["syntax"] == [] and "taken as text" in data["notes"][0] and data["hits"]
    data = json.loads(run("search", '"grokking', "--syntax", "--json")[1])  # asked for: parsed
    assert data["syntax"] == ["explicit"] and any("unbalanced quote" in n for n in data["notes"])
    assert data["hits"]


def test_show(run):
    pid = json.loads(run("search", "grokking lazy", "--json")[1])["hits"][0]["id"]
    code, out, _ = run("show", pid, "--json")
    assert code == 0 and json.loads(out)["id"] == pid
    code, out, _ = run("show", pid)
    assert code == 0 and out.startswith("Grokking as the Transition")
    code, _, err = run("show", "nope")
    assert code == 1 and "nope" in err


def test_human_output_fits_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("dailypapers.index.cli.library.piped", lambda: False)  # a terminal's output
    monkeypatch.setattr("dailypapers.index.cli.hits.piped", lambda: False)  # (a search's hits)
    pid = json.loads(run("search", "loss", "--json")[1])["hits"][0]["id"]
    for args in (("search", "loss", "--limit", "20"), ("list",), ("snapshots",), ("show", pid)):
        code, out, _ = run(*args)
        assert code == 0 and out and all(len(line) <= 80 for line in out.splitlines()), args


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search",), "the following arguments are required: query"),
        (("bogus",), "invalid choice"),
        (("search", "x", "--limit", "0"), "must be at least 1"),
        (("list", "--snapshot", "nope"), "no snapshot 'nope'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run, args, message):
    code, out, err = run(*args)
    assert code == 2 and out == "" and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_and_unreadable_libraries_exit_2(run, tmp_path):
    code, _, err = run("list", lib=tmp_path / "missing")
    assert code == 2 and "library not found" in err
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.txt").write_text("nothing here")
    code, _, err = run("list", lib=junk)
    assert code == 2 and "no readable snapshot" in err and "a.txt" in err


def test_index_reports_progress_and_summary(run, library):
    code, _, err = run("index")
    assert code == 0 and "5 snapshots, 296 papers" in err and "reading 5/5" in err
    code, _, err = run("index")
    assert "0 added, 0 updated, 0 removed" in err
    code, _, err = run("index", "--rebuild")
    assert "5 added" in err


def test_index_counts_an_unreadable_file_as_skipped_not_as_a_snapshot(run, library):
    """A file that is no snapshot (binary junk) is said skipped, and counted so: not among the
    snapshots nor the files added, then or after it changes."""
    (library / "junk.md").write_bytes(b"\x00\x01binary" * 100)
    code, _, err = run("index")
    assert code == 0 and "skipped junk.md" in err
    assert "5 snapshots, 296 papers; 5 added, 0 updated, 0 removed, 1 unreadable (skipped)" in err
    (library / "junk.md").write_bytes(b"\x00\x02other" * 100)
    code, _, err = run("index")
    assert "5 snapshots, 296 papers; 0 added, 0 updated, 0 removed, 1 unreadable (skipped)" in err
    (library / "junk.md").unlink()
    code, _, err = run("index")
    assert "5 snapshots, 296 papers; 0 added, 0 updated, 0 removed in" in err


def test_index_counts_a_snapshot_turned_unreadable_as_removed_and_back_as_added(run, library):
    """A snapshot whose file turns to junk is a snapshot fewer: said removed (and skipped), not
    nothing; read again later, a snapshot more: said added, not updated."""
    seed = sorted(library.iterdir())[0]
    kept = seed.read_bytes()
    code, _, err = run("index")
    assert code == 0 and "5 snapshots, 296 papers; 5 added" in err
    seed.write_bytes(b"\x00\x01binary" * 100)
    code, _, err = run("index")
    assert code == 0 and f"skipped {seed.name}" in err
    summary = r"4 snapshots, \d+ papers; 0 added, 0 updated, 1 removed, 1 unreadable \(skipped\)"
    assert re.search(summary, err), err
    seed.write_bytes(kept)
    code, _, err = run("index")
    assert code == 0 and "5 snapshots, 296 papers; 1 added, 0 updated, 0 removed in" in err, err


def test_default_library_is_seeded_once(tmp_path):
    cmd = [sys.executable, "-m", "dailypapers.tui.cli", "snapshots"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=isolated_env(tmp_path), cwd=tmp_path)
    assert first.returncode == 0 and "bundled snapshots" in first.stderr
    assert len(first.stdout.splitlines()) == 5
    second = subprocess.run(cmd, capture_output=True, text=True, env=isolated_env(tmp_path), cwd=tmp_path)
    assert second.returncode == 0 and "bundled" not in second.stderr
    assert (tmp_path / "data" / "dailypapers" / "library").is_dir()


def test_cli_commands_never_import_textual(tmp_path):
    args = ["--library", str(ROOT / "seeds"), "--index-dir", str(tmp_path / "ix"), "search", "loss"]
    code = (
        f"import sys; from index.cli import main; main({args!r}); "
        "print('textual' in sys.modules, 'dailypapers.tui.app' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=isolated_env(tmp_path)
    )
    assert out.stdout.splitlines()[-1] == "False False"


def test_a_search_imports_only_what_it_needs(tmp_path):
    """Start-up: a search (of an index already built) loads no marks, no readers, none of
    what Whoosh imports and never calls (urllib.request and its http, email, ssl; the
    English morphology; html's entity table), no other command's module, no index writer, no
    Markdown renderer, no TOML parser without a config file, no platformdirs when the library
    and index are named, and gives the same answer as the first run, which built the index.
    The second run takes the fast path: no Whoosh index, `typing` nor dates (an import that
    comes back, or the fast path off, fails here)."""
    args = ["--library", str(ROOT / "seeds"), "--index-dir", str(tmp_path / "ix"), "search", "loss"]
    unwanted = [
        "dailypapers.index.marks.db",
        "dailypapers.index.reading.capture",
        "dailypapers.index.search.terms",
        "dailypapers.index.cli.catchup",
        "dailypapers.index.cli.fulltext",
        "dailypapers.index.cli.meta",
        "dailypapers.index.store.w3.segment",
        "dailypapers.index.store.w3.build",
        "dailypapers.index.fulltext.render",
        "urllib.request",
        "http.client",
        "ssl",
        "whoosh.lang.morph_en",
        "html.entities",
        "tomllib",
        "platformdirs",
        # the fast path (`search.oneshot`): no Whoosh index machinery, no `typing`, no dates, no
        # export module, no full-text cache (docs/performance.md, "The one-shot search")
        "whoosh.index",
        "dailypapers.index.paperindex",
        "typing",
        "datetime",
        "calendar",
        "dailypapers.index.intake.export",
        "dailypapers.index.fulltext.cache",
        "dailypapers.index.store.manifest",  # (its stamp read instead: `store.listing`)
        "dailypapers.index.reading.files",
        "dailypapers.index.papers.snapshot",  # (the readers' records: dataclasses a search needs not)
        "dailypapers.index.papers.periods",
    ]
    code = (
        f"import sys; from dailypapers.index.cli import main; main({args!r}); "
        f"print([m for m in {unwanted!r} if m in sys.modules])"
    )
    env = isolated_env(tmp_path)
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert second.stdout.splitlines()[-1] == "[]", second.stderr
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1] and "score" in second.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "loss", "--limit", "3", "--json"],
        ["--library", "search", "search", "x"],  # a global option's value named like a command
        ["--marks", "m.db", "mark", "2601.00001", "--star"],
        ["list", "--week", "2026-W02"],
        ["search"],
        ["search", "x", "--limit", "0"],
        ["bogus"],
        ["follow", "search", "--query", "index"],
        [],  # the reader
        ["--library", "lib", "--mouse"],
        ["--marks"],
    ],
)
def test_parsing_by_the_named_command_parses_as_the_whole_parser(argv):
    from dailypapers.index.cli.main import UsageError, build_parser, parse_args

    def outcome(parse):
        try:
            return vars(parse(argv))
        except UsageError as exc:
            return str(exc)

    assert outcome(parse_args) == outcome(build_parser().parse_args)


def test_the_command_table_names_each_command_of_its_module():
    """`COMMANDS` (a command's module, imported alone to parse it) says what the modules declare."""
    cli = importlib.import_module("dailypapers.index.cli.main")

    declared = {}

    class Names:
        def __init__(self, module: str) -> None:
            self.module = module

        def add_parser(self, name, **kwargs):
            declared[name] = self.module
            return cli._Ignored()

    for name in cli._MODULE_ORDER:
        command = next(c for c, m in cli.COMMANDS.items() if m == name)
        cli._command_modules(command)[0].add_parsers(Names(name))
    assert declared == cli.COMMANDS


def test_index_package_has_no_textual_import():
    for path in (ROOT / "index").glob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text and "from tui" not in text, path


def test_trend_json_and_chart(run):
    code, out, _ = run("trend", "diffusion", "--json")
    data = json.loads(out)
    assert code == 0 and [p["papers"] for p in data["snapshots"]] == SEED_COUNTS
    counts = [p["count"] for p in data["snapshots"]]
    assert sum(counts) >= data["total"] > 0 and max(counts) <= max(SEED_COUNTS)
    code, out, _ = run("trend", "diffusion")
    peak = max(data["snapshots"], key=lambda p: p["count"])
    assert code == 0 and f"peak: {peak['count']} on {peak['date']}" in out
    assert f"in {sum(1 for c in counts if c)} of 5 snapshots" in out
    assert len(out.splitlines()[1].strip()) == 5  # one sparkline column a snapshot


def test_trend_of_a_typo_suggests(run):
    data = json.loads(run("trend", "difusion", "--json")[1])
    assert data["suggestion"] == "diffusion" and sum(p["count"] for p in data["snapshots"]) > 0


def test_titles_are_osc8_links_only_on_a_terminal(run, library):
    from dailypapers.index.cli.output import link as _link

    assert _link("Title", "https://arxiv.org/abs/2405.00001", True) == (
        "\x1b]8;;https://arxiv.org/abs/2405.00001\x1b\\Title\x1b]8;;\x1b\\"
    )
    assert _link("Title", None, True) == "Title" and _link("Title", "https://x", False) == "Title"
    item = {"paper": {"id": "2405.00001", "title": "Linked Paper", "summary": "About links and more."}}
    (library / "2024-05-27.json").write_text(json.dumps([item]))
    code, out, _ = run("search", "linked paper")
    assert code == 0 and "Linked Paper" in out and "\x1b" not in out  # captured output is not a tty


@pytest.mark.parametrize("env", [None, "120", "0", "wide", "-5"])
@pytest.mark.parametrize("tty", [False, True])
def test_the_width_is_the_one_shutil_finds(monkeypatch, env, tty):
    """`output.columns` (no `shutil` imported) answers as `shutil.get_terminal_size` does."""
    import fcntl
    import os
    import shutil
    import struct
    import termios

    from dailypapers.index.cli import output

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 133, 0, 0))
    if not tty:
        os.close(slave)
        slave = os.open(os.devnull, os.O_WRONLY)
    try:
        with open(slave, "w", closefd=False) as out:
            monkeypatch.setattr(sys, "__stdout__", out)
            if env is None:
                monkeypatch.delenv("COLUMNS", raising=False)
            else:
                monkeypatch.setenv("COLUMNS", env)
            expected = shutil.get_terminal_size((80, 24)).columns
            assert output.columns() == expected
            assert expected == (120 if env == "120" else 133 if tty else 80)
    finally:
        os.close(slave)
        os.close(master)
