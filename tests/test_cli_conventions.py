"""What people expect of a command-line tool: --version, a config file, options after the command,
output that respects its terminal (ascii, TERM=dumb, wide characters), ctrl+c, completion and a
manual page made from the parser, every dependency declared, every file closed."""

from __future__ import annotations

import ast
import contextlib
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from helpers import ROOT, SEEDS, isolated_env

from dailypapers.index.text import cells

COMMAND = [sys.executable, "-m", "dailypapers.tui.cli"]


def run(tmp: Path, *args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        env=env or isolated_env(tmp),
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )


def test_version_long_and_short(tmp_path):
    for flag in ("--version", "-V"):
        done = run(tmp_path, flag)
        assert done.returncode == 0 and done.stdout == f"dailypapers {version('dailypapers')}\n"


# -- the config file -----------------------------------------------------------------


def _config(tmp: Path, text: str) -> dict:
    path = tmp / "config" / "dailypapers" / "config.toml"  # XDG_CONFIG_HOME of isolated_env
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return isolated_env(tmp)


def _settings(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["settings"]


def test_flags_beat_environment_beat_the_file_beat_defaults(tmp_path):
    env = _config(tmp_path, f'library = "{SEEDS}"\nsort = "upvotes"\nrecent_days = 3\nmarks = "/m/file"\n')
    found = _settings(run(tmp_path, "config", "--json", env=env))
    assert found["library"] == {
        "value": str(SEEDS),
        "from": f"file {tmp_path}/config/dailypapers/config.toml:1",
    }
    assert found["recent_days"]["value"] == 3 and found["recent_days"]["from"].endswith("config.toml:3")
    assert found["base_url"] == {"value": "https://huggingface.co", "from": "default"}
    env["DAILYPAPERS_MARKS"] = str(tmp_path / "env.sqlite3")
    found = _settings(run(tmp_path, "config", "--json", env=env))
    assert found["marks"] == {"value": str(tmp_path / "env.sqlite3"), "from": "env DAILYPAPERS_MARKS"}
    found = _settings(run(tmp_path, "config", "--json", "--marks", str(tmp_path / "flag"), env=env))
    assert found["marks"] == {"value": str(tmp_path / "flag"), "from": "flag --marks"}
    # the file's library and sort are used: `list` of three days sorted by upvotes, not by page
    from tui_helpers import api_days

    lib = api_days(tmp_path / "lib", days=3)
    for sort, ordered in (('sort = "upvotes"\n', True), ("", False)):
        env = _config(tmp_path, f'library = "{lib}"\n{sort}')
        votes = [p["upvotes"] for p in json.loads(run(tmp_path, "list", "--json", env=env).stdout)]
        assert len(votes) > 30 and (votes == sorted(votes, reverse=True)) is ordered


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('sort = "upvotes"\nbogus = 1\n', ":2: unknown key 'bogus'"),
        ('library = "x"\n\nrecent_days = "many"\n', ":3: recent_days must be a whole number"),
        ('sort = "loudest"\n', ":1: sort must be one of"),
        ('base_url = "file:///etc"\n', ":1: base_url must be an http:// or https:// URL"),
        ("sort = [\n", "config.toml: "),
        ("fetch_on_start = maybe\n", "(at line 1"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_key_and_line(tmp_path, text, said):
    done = run(tmp_path, "list", env=_config(tmp_path, text))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and said in done.stderr, done.stderr


def test_global_options_work_after_the_command(tmp_path):
    ix = str(tmp_path / "ix")
    before = run(tmp_path, "--library", str(SEEDS), "--index-dir", ix, "search", "grokking lazy", "--json")
    after = run(tmp_path, "search", "grokking lazy", "--json", "--library", str(SEEDS), "--index-dir", ix)
    assert before.returncode == after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout) and json.loads(after.stdout)["hits"]
    # given before and not after: the one given before stands (not reset by the command's parser)
    mixed = run(tmp_path, "--library", str(SEEDS), "search", "grokking lazy", "--json", "--index-dir", ix)
    assert json.loads(mixed.stdout) == json.loads(before.stdout)


# -- output that respects its terminal -------------------------------------------------


@pytest.fixture
def wide_library(tmp_path) -> Path:
    lib = tmp_path / "wide"
    lib.mkdir()
    items = [
        {"paper": {"id": f"2601.0000{n}", "title": title, "summary": "An abstract about models. " * 5,
                   "upvotes": 10 - n}, "publishedAt": "2026-01-05T00:00:00.000Z"}
        for n, title in enumerate(
            ["大規模言語モデルの推論能力に関する研究と評価の新しい方法論について",
             "Émojis 🚀🔥 for Ünïcode résumé",
             "A plain ASCII title that is long enough to be cut at eighty columns in a list row"]
        )
    ]  # fmt: skip
    (lib / "2026-01-05.json").write_text(json.dumps(items), encoding="utf-8")
    return lib


def test_an_ascii_terminal_gets_replacement_characters_not_a_traceback(tmp_path, wide_library):
    env = isolated_env(tmp_path) | {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    for args in (["list"], ["search", "models"], ["show", "2601.00000"], ["snapshots"]):
        done = run(tmp_path, "--library", str(wide_library), *args, env=env)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)
        assert done.stdout.isascii()
    assert "?" in run(tmp_path, "--library", str(wide_library), "list", env=env).stdout


def test_rows_are_padded_by_display_width(tmp_path, wide_library):
    out = _in_a_terminal(tmp_path, "xterm-256color", "--library", str(wide_library), "list").decode()
    rows = [line for line in out.split("\r\n") if " #" in line and "reading" not in line]
    assert len(rows) == 3 and all(cells(row) == 80 for row in rows), [cells(r) for r in rows]
    at = {cells(row[: row.index(" #")]) for row in rows}  # the right column lines up behind wide titles
    assert len(at) == 1, rows


def _in_a_terminal(tmp: Path, term: str, *args: str) -> bytes:
    """What a command prints on a terminal (a pseudo-terminal) with TERM set."""
    env = isolated_env(tmp) | {"TERM": term, "COLUMNS": "80"}
    env.pop("NO_COLOR", None)
    main, child = pty.openpty()
    proc = subprocess.Popen([*COMMAND, *args], stdin=child, stdout=child, stderr=child, env=env)
    os.close(child)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(main)
    return out


def test_term_dumb_and_pipes_carry_no_escapes(tmp_path, wide_library):
    args = ("--library", str(wide_library), "--index-dir", str(tmp_path / "ix"), "search", "models")
    assert b"\x1b]8;;" in _in_a_terminal(tmp_path, "xterm-256color", *args)  # links on a terminal
    assert b"\x1b" not in _in_a_terminal(tmp_path, "dumb", *args)
    piped = run(tmp_path, *args)
    assert piped.returncode == 0 and "\x1b" not in piped.stdout + piped.stderr
    show = ("--library", str(wide_library), "--index-dir", str(tmp_path / "ix"), "show", "2601.00002")
    assert b"\x1b" not in _in_a_terminal(tmp_path, "dumb", *show)


# -- ctrl+c ------------------------------------------------------------------------------


def _big_library(root: Path, days: int) -> Path:
    from tui_helpers import api_days

    return api_days(root, days=days, seed=3)


def _children(pid: int) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += task.read_text().split()
    return found


def _interrupt_when(
    tmp: Path, args: list[str], said: str, forked: bool = False
) -> subprocess.CompletedProcess | None:
    """Start the command in a session of its own, wait until stderr says `said` (and with
    `forked`, until it has a child process), then ctrl+c it as a terminal does (SIGINT to the
    whole process group, forked children too; a build that makes none is interrupted while
    writing all the same). None when it ended before that."""
    proc = subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=isolated_env(tmp),
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen, fd = b"", proc.stderr.fileno()
    while said.encode() not in seen:  # (read from the pipe itself: a buffered readline would keep
        ready, _, _ = select.select([fd], [], [], 300)  # the next line in its buffer, unseen, till the end)
        chunk = os.read(fd, 65536) if ready else b""
        assert chunk, f"ended before {said!r}: {seen.decode(errors='replace')}"
        seen += chunk
    waited = time.monotonic() + 5  # the forked process, if the build makes one, appears at once
    while forked and not _children(proc.pid) and time.monotonic() < waited:
        if proc.poll() is not None:
            break
        time.sleep(0.005)
    if proc.poll() is not None:  # done before it was interrupted: the caller tries a larger build
        proc.communicate()
        return None
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), seen.decode() + err.decode())


def _one_line_and_130(done: subprocess.CompletedProcess | None) -> None:
    assert done is not None and done.returncode == 130, done and done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    assert done.stderr.rstrip().splitlines()[-1] == "dailypapers: interrupted"
    assert done.stderr.count("interrupted") == 1


def test_ctrl_c_while_reading_the_library(tmp_path):
    lib = _big_library(tmp_path / "lib", 150)
    done = _interrupt_when(tmp_path, ["--library", str(lib), "--index-dir", str(tmp_path / "ix"), "index"],
                           "reading ")  # fmt: skip
    _one_line_and_130(done)


def test_ctrl_c_while_a_forked_process_writes_the_index(tmp_path):
    if "fork" not in __import__("multiprocessing").get_all_start_methods() or (os.cpu_count() or 1) < 2:
        pytest.skip("no forked build here")
    for days in (150, 600):  # about 3,000 papers: the abstracts in a forked process (if it was
        lib = _big_library(tmp_path / f"lib{days}", days)  # done before it was seen: more)
        args = ["--library", str(lib), "--index-dir", str(tmp_path / f"ix{days}")]
        done = _interrupt_when(tmp_path, [*args, "index"], "writing the index", forked=True)
        if done is not None:
            break
    assert done is not None, "both builds ended before they could be interrupted while writing"
    _one_line_and_130(done)
    again = run(tmp_path, *args, "search", "model", "--limit", "1")  # nothing half-written is used
    assert again.returncode == 0 and "Traceback" not in again.stderr


# -- completion and the manual page: made from the parser ------------------------------------


def _commands() -> list[str]:
    from dailypapers.index.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_know_every_command_and_parse(tmp_path, shell):
    done = run(tmp_path, "completion", shell)
    assert done.returncode == 0, done.stderr
    for command in _commands():
        assert command in done.stdout, command
    assert "--library" in done.stdout and "--index-dir" in done.stdout
    program = shutil.which(shell)
    if program and shell != "fish":
        script = tmp_path / f"completion.{shell}"
        script.write_text(done.stdout, encoding="utf-8")
        checked = subprocess.run([program, "-n", str(script)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr


def test_manual_page_lists_every_command(tmp_path):
    done = run(tmp_path, "manpage")
    assert done.returncode == 0 and done.stdout.startswith(".TH DAILYPAPERS")
    for command in _commands():
        assert f"\\fI\\,{command}\\/\\fR" in done.stdout, command
    if shutil.which("groff"):
        page = subprocess.run(["groff", "-man", "-Tutf8"], input=done.stdout, capture_output=True, text=True)
        assert page.returncode == 0 and "dailypapers" in page.stdout


# -- dependencies and files ------------------------------------------------------------------

DISTRIBUTIONS = {
    "argparse_manpage": "argparse-manpage",
    "markdown_it": "markdown-it-py",
    "mdit_py_plugins": "mdit-py-plugins",
}


def test_every_third_party_module_imported_is_a_declared_dependency():
    declared = {
        dep.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].strip().lower()
        for dep in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    }
    used: set[str] = set()
    for folder in ("index", "tui"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    used.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                    used.add(node.module.split(".")[0])
    third = {m for m in used if m not in sys.stdlib_module_names and m not in ("dailypapers", "__future__")}
    assert third, used
    for module in third:
        assert DISTRIBUTIONS.get(module, module).lower() in declared, module


def test_one_shot_commands_close_every_file_they_open(tmp_path):
    base = [
        "-W",
        "default",
        "-m",
        "dailypapers.tui.cli",
        "--library",
        str(SEEDS),
        "--index-dir",
        str(tmp_path),
    ]
    for args in (["search", "grokking"], ["list"], ["show", "tfef849363ba0"], ["trend", "model"], ["digest"]):
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, *base, *args],
            capture_output=True,
            text=True,
            env=isolated_env(tmp_path),
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "ResourceWarning" not in done.stderr, (args, done.stderr[-2000:], time.monotonic() - start)


def test_the_reader_gets_the_config_files_fetch_settings(tmp_path, monkeypatch):
    from dailypapers.index.cli.main import main as cli_main

    path = tmp_path / "c.toml"
    path.write_text('recent_days = 3\nfetch_on_start = true\nbase_url = "http://127.0.0.1:9"\n', "utf-8")
    monkeypatch.setenv("DAILYPAPERS_CONFIG", str(path))
    seen = []
    args = ["--library", str(SEEDS), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    assert cli_main(args, open_reader=lambda *given: seen.append(given[-1]) or 0) == 0
    (settings,) = seen
    assert (settings.recent_days, settings.fetch_on_start, settings.base_url) == (
        3,
        True,
        "http://127.0.0.1:9",
    )
    assert settings.sources["recent_days"] == f"file {path}:1"
