"""Issue 21 (round 3), the library, reading, store and CLI-file items: a planted index in the
temporary fallback, symlink loops, oversized files, hidden names, `-o /dev/stdout` into a pipe,
names and arguments that are not UTF-8, stale temporaries, write errors, ids, binary files,
wrapped compact dumps."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import SEEDS, isolated_env

from dailypapers.index import PaperIndex
from dailypapers.index.cli.main import main
from dailypapers.index.cli.paths import _digest
from dailypapers.index.reading.files import parse_snapshot, read_snapshot

SEED = SEEDS / "000_cdc772e61a3bb25e.txt"
DATED = SEEDS / "001_3f74e06ca7665146.txt"  # 48 papers under "Mar 11"


def cli(tmp: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dailypapers.tui.cli", *args]
    return subprocess.run(
        cmd, capture_output=True, text=True, env=env or isolated_env(tmp), timeout=120, **kwargs
    )


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    path = tmp_path / "library"
    shutil.copytree(SEEDS, path)
    return path


@pytest.fixture
def run(lib, tmp_path, capsys):
    def run(*args: str, library: Path | None = None) -> tuple[int, str, str]:
        base = ["--library", str(library or lib), "--index-dir", str(tmp_path / "ix")]
        if "--marks" not in args:
            base += ["--marks", str(tmp_path / "marks.sqlite3")]
        code = main([*base, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


# -- 1: the temporary fallback is private; a planted index is never opened -----------------


class _Evil:
    """Pickles as a call that writes a marker file: what a planted TOC would run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pwned"))

    def clean(self) -> None:  # what `TOC.write` asks of a schema
        pass


def _plant(where: Path, lib: Path, marker: Path) -> None:
    """A complete index for `lib` at `where`, its TOC's schema replaced by a pickle that runs code."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    pix = PaperIndex(lib, where)
    pix.update()
    pix.close()
    whoosh = next(where.glob("index-*/whoosh"))
    storage = FileStorage(str(whoosh))
    toc = TOC.read(storage, "MAIN")
    for old in whoosh.glob("_MAIN_*.toc"):
        old.unlink()
    from unittest import mock

    with mock.patch("whoosh.index.ensure_schema", lambda schema: schema):
        TOC(_Evil(marker), toc.segments, toc.generation).write(storage, "MAIN")
    victim = PaperIndex(lib, where)
    with contextlib.suppress(Exception):
        victim.search("loss")
    victim.close()
    assert marker.exists()  # proof the plant works: opening the index runs its pickle
    marker.unlink()


def _fallback_env(tmp: Path) -> tuple[dict, Path, Path]:
    """An environment whose chosen index directory cannot be written; the fallback's base."""
    blocker = tmp / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    env = isolated_env(tmp)
    env["XDG_CACHE_HOME"] = str(blocker)
    env["TMPDIR"] = str(tmp / "tmp")
    (tmp / "tmp").mkdir()
    return env, tmp / "tmp" / f"dailypapers-{os.getuid()}", blocker


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
@pytest.mark.parametrize("attack", ["world-writable", "symlink", "other-owner"])
def test_21_1_a_planted_fallback_index_is_refused_and_never_unpickled(tmp_path, lib, attack):
    env, base, _ = _fallback_env(tmp_path)
    marker = tmp_path / "marker"
    planted = tmp_path / "attacker" if attack == "symlink" else base
    planted.mkdir(mode=0o700)
    _plant(planted / _digest(lib), lib, marker)
    if attack == "world-writable":
        os.chmod(base, 0o777)
    elif attack == "symlink":
        base.symlink_to(planted)
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a directory to another user")
        os.chown(base, 65534, 65534)
    result = cli(tmp_path, "--library", str(lib), "search", "loss", "--json", env=env)
    assert not marker.exists()
    assert result.returncode == 0, result.stderr
    assert "refused" in result.stderr and "not a private directory of yours" in result.stderr
    assert json.loads(result.stdout)["total"] > 0  # a private directory of its own instead
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_21_1_the_fallback_is_created_private_and_reused(tmp_path, lib):
    env, base, _ = _fallback_env(tmp_path)
    first = cli(tmp_path, "--library", str(lib), "search", "loss", "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert base.is_dir() and not base.is_symlink()
    assert base.stat().st_mode & 0o777 == 0o700 and base.stat().st_uid == os.getuid()
    second = cli(tmp_path, "--library", str(lib), "search", "loss", "--json", env=env)
    assert second.returncode == 0 and "refused" not in second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)


# -- 4: a symlink loop in the library --------------------------------------------------------


def test_21_4_a_symlink_loop_is_skipped_with_a_note(run, lib):
    (lib / "loop.json").symlink_to("loop.json")
    (lib / "a.txt").symlink_to("b.txt")
    (lib / "b.txt").symlink_to("a.txt")
    (lib / "dangling.md").symlink_to("nowhere.md")
    for args in (["index"], ["search", "loss"], ["snapshots"], ["list"]):
        code, out, err = run(*args)
        assert code == 0, err
    code, out, err = run("snapshots", "--json")
    rows = {r["file"]: r for r in json.loads(out)}
    for name in ("loop.json", "a.txt", "b.txt", "dangling.md"):
        assert rows[name]["papers"] == 0 and "cannot read" in rows[name]["problems"][0]["reason"]
    assert sum(r["papers"] for r in rows.values()) == 365


def test_21_4_the_reader_opens_a_library_with_a_symlink_loop(tmp_path, lib):
    (lib / "loop.txt").symlink_to("loop.txt")
    pix = PaperIndex(lib, tmp_path / "ix")
    report = pix.update(browse=True)
    assert len(pix.papers(light=True)) == 296 and "loop.txt" in report.added
    assert not pix.stale()
    pix.close()


# -- 5: a size cap, bounded reports, a small manifest ------------------------------------------


def test_21_5_an_oversized_file_is_not_read_and_said_so(run, lib, monkeypatch):
    monkeypatch.setattr("dailypapers.index.reading.files.MAX_BYTES", 200_000)
    big = lib / "huge.md"
    big.write_bytes(b"junk words here\n\n" * 20_000)  # 340,000 bytes
    code, out, err = run("snapshots", "--json")
    row = next(r for r in json.loads(out) if r["file"] == "huge.md")
    assert row["papers"] == 0 and "too large" in row["problems"][0]["reason"]
    assert "huge.md" in err and "too large" in err
    code, out, err = run("snapshots")  # not read again: the record holds
    assert code == 0 and "too large" in out


def test_21_5_skipped_blocks_are_counted_and_the_first_few_kept(run, lib, tmp_path):
    (lib / "junk.md").write_text("".join(f"junk paragraph {n} here\n\n" for n in range(5000)))
    code, out, _err = run("snapshots", "--json")
    assert code == 0
    row = next(r for r in json.loads(out) if r["file"] == "junk.md")
    assert row["skipped_count"] == 5000 and len(row["skipped"]) <= 20
    _code, out, _ = run("snapshots")
    assert "junk" in out
    manifest = next((tmp_path / "ix").glob("index-*/manifest.json"))
    assert manifest.stat().st_size < 30_000  # 5,000 skipped blocks kept whole were 600 KB


# -- 10: a hidden file name ------------------------------------------------------------------


def test_21_10_adding_a_hidden_file_is_refused_and_said_so(run, lib, tmp_path):
    hidden = tmp_path / ".hidden.txt"
    shutil.copy(SEED, hidden)
    code, out, err = run("add", str(hidden))
    assert code == 1 and "hidden" in err and "added" not in out
    assert not (lib / ".hidden.txt").exists()


# -- 11: -o /dev/stdout into a pipe ------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="no /dev/stdout")
@pytest.mark.parametrize("command", ["export", "digest"])
def test_21_11_output_to_dev_stdout_works_when_it_is_a_pipe(tmp_path, lib, command):
    args = ["--library", str(lib), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    extra = ["--query", "grokking"] if command == "export" else ["--since", "2000-01-01"]
    result = cli(tmp_path, *args, command, *extra, "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert "Grokking" in result.stdout or "grokking" in result.stdout.lower()


# -- 12: names and arguments that are not UTF-8 -----------------------------------------------


def test_21_12_a_library_whose_name_is_not_utf8(tmp_path):
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/lib\xff\xfe"))
    shutil.copytree(SEEDS, odd)
    env = isolated_env(tmp_path)
    result = cli(
        tmp_path, "--library", os.fsencode(odd).decode("utf-8", "surrogateescape"), "search", "loss", env=env
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "papers" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["mark", "2310.06110", "--note", "a\udcffb"],
        ["follow", "a\udcffb"],
        ["follow", "loss", "--name", "a\udcffb"],
        ["unfollow", "a\udcffb"],
        ["mark", "a\udcffb", "--star"],
        ["show", "a\udcffb"],
    ],
)
def test_21_12_arguments_that_are_not_utf8_are_a_usage_error(run, tmp_path, args):
    code, _out, err = run(*args)
    assert code == 2 and "not UTF-8" in err and "Traceback" not in err


# -- 13: a temporary file of a killed write is swept -------------------------------------------


def test_21_13_the_temporary_file_of_a_killed_write_is_swept(run, lib, tmp_path):
    from dailypapers.index.store.files import temporary_name

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = lib / temporary_name(dead.pid)  # what `atomic_write` leaves when killed mid-write
    stale.write_bytes(b"half a file")
    live = lib / temporary_name(os.getpid())  # a writer still at work: left alone
    live.write_bytes(b"half")
    new = tmp_path / "new.txt"
    shutil.copy(SEED, new)
    code, _out, err = run("add", str(new))
    assert code == 0, err
    assert not stale.exists() and live.exists()


# -- 15: write errors name the user's path -----------------------------------------------------


def test_21_15_a_write_error_names_the_users_path(run, tmp_path):
    target = tmp_path / "no-such-dir" / "papers.md"
    code, _out, err = run("export", "--query", "loss", "-o", str(target))
    assert code == 1 and str(target) in err and ".tmp" not in err, err


def test_21_15_a_failing_atomic_write_names_the_target(tmp_path, monkeypatch):
    from dailypapers.index.store.files import atomic_write

    monkeypatch.setattr("os.fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    target = tmp_path / "out.md"
    with pytest.raises(OSError) as caught:
        atomic_write(target, "text")
    assert caught.value.filename == str(target) and caught.value.errno == 28
    assert [p.name for p in tmp_path.iterdir()] == []


# -- 16: only real arXiv ids are linked --------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "linked"),
    [
        ("2408.00001", True),
        ("2408.00001v2", True),
        ("0704.0001", True),
        ("hep-th/9901001", True),
        ("math.AG/0101001v3", True),
        ("../../../etc/passwd", False),
        ("2408.00001/../../x", False),
        ("..", False),
        ("a/b/c", False),
        ("2408.000011234", False),
    ],
)
def test_21_16_only_real_arxiv_ids_are_linked(pid, linked):
    from dailypapers.index.papers.model import Paper

    paper = Paper(pid, "A title", "An abstract.", arxiv_id=pid)
    assert (paper.url is not None) is linked and (paper.hf_url is not None) is linked


# -- 17: a binary file is refused ---------------------------------------------------------------


def test_21_17_random_binary_files_are_refused_as_binary():
    import random

    rng = random.Random(21)
    for n in range(150):
        data = rng.randbytes(rng.choice([300, 2_000, 20_000, 100_000]))
        snap = parse_snapshot(data, f"r{n}.txt", f"r{n}")
        assert not snap.entries, n
        assert any("binary" in p.reason for p in snap.problems), (n, snap.problems[:2])


def test_21_17_a_cp1252_text_still_reads():
    text = SEED.read_text().replace("the", "thé").replace("a ", "à ")
    snap = parse_snapshot(text.encode("cp1252", "replace"), "latin.txt", "latin")
    assert len(snap.entries) == 42 and any("cp1252" in p.reason for p in snap.problems)


# -- 18: a compact dump hard-wrapped at 100 columns, indented by two ----------------------------

MENU = "Models Datasets Spaces Docs Pricing"


def _dump(seed: Path, indent: str = "  ", width: int = 100) -> bytes:
    lines = [MENU, *seed.read_text().splitlines()]
    out = []
    for line in lines:
        if line.strip():
            out += textwrap.wrap(
                line, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
            )
    return ("\n".join(out) + "\n").encode()


@pytest.mark.parametrize("seed", sorted(SEEDS.iterdir()), ids=lambda p: p.name[:3])
def test_21_18_a_compact_dump_wrapped_and_indented_reads_as_the_file(seed):
    want = read_snapshot(seed)
    got = parse_snapshot(_dump(seed), "dump.txt", "dump")
    assert got.date == want.date
    assert got.entries[0].title == want.entries[0].title
    assert len(got.entries) == len(want.entries)
    assert MENU not in [e.title for e in got.entries]
    assert not any(MENU.startswith(s.text) for s in got.skipped)  # page furniture, not a lost title


# -- attacks of our own ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_21_own_a_fifo_in_the_library_is_reported_and_never_waited_on(run, lib):
    os.mkfifo(lib / "fifo.txt")
    (lib / "folder.json").mkdir()  # a directory: not a file, not listed
    for _ in range(2):
        code, out, err = run("snapshots", "--json")
        assert code == 0
        rows = {r["file"]: r for r in json.loads(out)}
        assert "not a regular file" in rows["fifo.txt"]["problems"][0]["reason"]
        assert "folder.json" not in rows and "kept" not in err  # no "its 0 papers are kept"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_21_own_adding_a_fifo_or_a_device_is_refused_at_once(run, lib, tmp_path):
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # read whole, this never ended
    code, out, err = run("add", str(tmp_path / "fifo.txt"), str(tmp_path / "zero.txt"))
    assert code == 1 and err.count("not a regular file") == 2 and "added" not in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_21_own_output_to_a_fifo_nobody_reads_is_an_error_not_a_wait(run, tmp_path):
    os.mkfifo(tmp_path / "out.fifo")
    code, _out, err = run("export", "--query", "loss", "-o", str(tmp_path / "out.fifo"))
    assert code == 1 and "no process is reading" in err and str(tmp_path / "out.fifo") in err


def test_21_own_a_million_tiny_paragraphs_or_one_huge_line_is_no_capture(monkeypatch):
    monkeypatch.setattr("dailypapers.index.reading.capture.MAX_LINES", 1_000)
    monkeypatch.setattr("dailypapers.index.reading.capture.MAX_LINE", 5_000)
    many = parse_snapshot(b"a\n\n" * 1_000, "many.md", "many")
    assert not many.entries and "2,001 lines" in many.problems[0].reason
    long = parse_snapshot(b"word " * 2_000, "long.md", "long")
    assert not long.entries and "a line of 10,000 characters" in long.problems[0].reason
    seed = SEED.read_bytes().replace(b"\n", b"\r")  # 72 KB of lines ending in CR: lines all the same
    assert len(parse_snapshot(seed, "cr.txt", "cr").entries) == 42


def test_21_own_thousands_of_bad_files_are_counted_not_listed_on_every_command(run, lib):
    for n in range(300):
        (lib / f"empty{n:03d}.txt").write_bytes(b"")
    code, out, err = run("search", "loss")
    assert code == 0 and err.count("skipped ") == 20 and "… and 280 more (see 'dailypapers snapshots')" in err
    code, out, err = run("snapshots")
    assert out.count("empty file") == 300  # every one listed where asked for
