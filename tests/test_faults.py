"""Faults: killed indexers, damaged indexes, concurrent processes, unwritable places."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import isolated_env
from synth import make_library

from dailypapers.index import PaperIndex
from dailypapers.index.paperindex import IndexBusy
from dailypapers.index.store.generations import IndexDir


def cli(tmp: Path, lib: Path, ix: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "dailypapers.tui.cli", "--library", str(lib), "--index-dir", str(ix), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=isolated_env(tmp), **kwargs)


def start(tmp: Path, lib: Path, ix: Path, *args: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dailypapers.tui.cli", "--library", str(lib), "--index-dir", str(ix), *args]
    return subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=isolated_env(tmp), start_new_session=True
    )


def kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # the indexer and any helper processes it forked
    proc.wait()


def assert_complete(tmp: Path, lib: Path, ix: Path, titles: list[str]) -> None:
    done = cli(tmp, lib, ix, "index")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    pix = PaperIndex(lib, ix)
    pix.update()
    assert len(pix) == len(titles)
    for t in titles[:: max(1, len(titles) // 12)]:
        hits = pix.search(f'title:"{t}"', limit=3).hits
        assert hits and hits[0].paper.title == t, t
    fresh = PaperIndex(lib, tmp / f"fresh-{time.monotonic_ns()}")
    fresh.update()
    assert pix.vocabulary.freq == fresh.vocabulary.freq
    assert {p.id for p in pix.papers(light=True)} == {p.id for p in fresh.papers(light=True)}
    pix.close()
    fresh.close()


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6, 2.6, 4.0])
def test_killed_full_build_completes_on_the_next_run(tmp_path, delay):
    lib, titles = make_library(tmp_path / "lib", files=60, per_file=12)
    ix = tmp_path / "ix"
    proc = start(tmp_path, lib, ix, "index")
    time.sleep(delay)
    kill_group(proc)
    assert_complete(tmp_path, lib, ix, titles)


@pytest.mark.parametrize("delay", [0.2, 0.6, 1.2])
def test_killed_update_completes_on_the_next_run(tmp_path, delay):
    lib, titles = make_library(tmp_path / "lib", files=30, per_file=12)
    ix = tmp_path / "ix"
    assert cli(tmp_path, lib, ix, "index").returncode == 0
    more, extra = make_library(tmp_path / "more", files=30, per_file=12, seed=99)
    for f in more.iterdir():
        f.rename(lib / f"x{f.name}")
    (lib / "day0000.txt").unlink()
    expected = titles[12:] + extra
    proc = start(tmp_path, lib, ix, "index")
    time.sleep(delay)
    kill_group(proc)
    assert_complete(tmp_path, lib, ix, expected)


def _built(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    lib, titles = make_library(tmp_path / "lib", files=20, per_file=10)
    ix = tmp_path / "ix"
    assert cli(tmp_path, lib, ix, "index").returncode == 0
    return lib, ix, titles


def current(ix: Path) -> Path:
    """The complete index in use in an index directory."""
    return ix / (ix / "current").read_text().strip()


def _largest(ix: Path) -> Path:
    return max((p for p in (current(ix) / "whoosh").iterdir() if p.is_file()), key=lambda p: p.stat().st_size)


@pytest.mark.parametrize(
    "damage",
    [
        lambda ix: _largest(ix).write_bytes(_largest(ix).read_bytes()[:100]),  # truncated
        lambda ix: _largest(ix).unlink(),  # deleted
        lambda ix: [p.unlink() for p in (current(ix) / "whoosh").glob("*.toc")],  # table of contents gone
        lambda ix: (current(ix) / "manifest.json").write_text("{half a manif"),  # half-written manifest
        lambda ix: [p.unlink() for p in (current(ix) / "whoosh").iterdir()],  # index directory emptied
        lambda ix: _replace_with_file(current(ix) / "whoosh"),  # the Whoosh folder a file
        lambda ix: _replace_with_dir(current(ix) / "manifest.json"),  # the manifest a directory
        lambda ix: _replace_with_dir(ix / "current"),  # the pointer a directory
        lambda ix: (ix / "current").write_text("../../etc\n"),  # the pointer nonsense
        lambda ix: _replace_with_dir(ix / "lock"),  # the lock a directory
        lambda ix: _replace_with_dir(current(ix) / "catalogue.json"),  # a side file a directory
    ],
    ids=[
        "truncated",
        "deleted-file",
        "no-toc",
        "bad-manifest",
        "emptied",
        "whoosh-is-a-file",
        "manifest-is-a-dir",
        "pointer-is-a-dir",
        "pointer-nonsense",
        "lock-is-a-dir",
        "catalogue-is-a-dir",
    ],
)
def test_damaged_index_is_rebuilt_with_a_notice(tmp_path, damage, request):
    lib, ix, titles = _built(tmp_path)
    damage(ix)
    result = cli(tmp_path, lib, ix, "search", titles[5], "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    notices = result.stderr.splitlines()
    side_file = request.node.callspec.id == "catalogue-is-a-dir"  # regenerated, no notice needed
    assert len(notices) == (0 if side_file else 1), notices
    assert side_file or "rebuilding" in notices[0] or "repaired" in notices[0]
    assert json.loads(result.stdout)["hits"][0]["title"] == titles[5]
    again = cli(tmp_path, lib, ix, "search", titles[5], "--json")  # healed: quiet from now on
    assert again.returncode == 0 and not again.stderr
    assert_complete(tmp_path, lib, ix, titles)


def _replace_with_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("not a directory")


def _replace_with_dir(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def test_damaged_side_files_are_regenerated(tmp_path):
    lib, ix, titles = _built(tmp_path)
    (current(ix) / "vocab.json").unlink()
    (current(ix) / "catalogue.json").write_text("[]")
    assert_complete(tmp_path, lib, ix, titles)


def test_two_rebuilds_at_once(tmp_path):
    lib, titles = make_library(tmp_path / "lib", files=40, per_file=10)
    ix = tmp_path / "ix"
    first, second = (start(tmp_path, lib, ix, "index", "--rebuild") for _ in range(2))
    for proc in (first, second):
        assert proc.wait(120) == 0
        err = proc.stderr.read().decode()
        assert "Traceback" not in err and "LockError" not in err
    assert_complete(tmp_path, lib, ix, titles)


def test_reader_side_does_not_wait_for_a_running_indexer(tmp_path):
    lib, ix, titles = _built(tmp_path)
    holder = PaperIndex(lib, ix)
    with IndexDir(holder.dir).lock(wait=True):  # another process's update, as far as the lock goes
        reader = PaperIndex(lib, ix)
        with pytest.raises(IndexBusy):
            reader.update(wait=False)
        reader.refresh()
        assert reader.search(f'title:"{titles[3]}"').hits[0].paper.title == titles[3]
        reader.close()


def test_unwritable_index_dir_falls_back_to_a_temporary_one(tmp_path):
    lib, titles = make_library(tmp_path / "lib", files=3, per_file=4)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the index directory should be")
    result = cli(tmp_path, lib, blocker / "ix", "search", titles[0], "--json")
    assert result.returncode == 0, result.stderr
    assert "cannot write the index" in result.stderr and "temporary" in result.stderr
    assert json.loads(result.stdout)["hits"][0]["title"] == titles[0]


def test_full_disk_gives_a_clear_message(tmp_path, monkeypatch, capsys):
    from dailypapers.index import cli as cli_module

    lib, _ = make_library(tmp_path / "lib", files=2, per_file=3)

    def full(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("dailypapers.index.store.sidefiles.atomic_write", full)
    code = cli_module.main(["--library", str(lib), "--index-dir", str(tmp_path / "ix"), "list"])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "Traceback" not in err


def test_read_only_library_is_never_written(tmp_path):
    lib, _ = make_library(tmp_path / "lib", files=5, per_file=4)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in lib.iterdir()}
    os.chmod(lib, 0o555)
    try:
        assert cli(tmp_path, lib, tmp_path / "ix", "list").returncode == 0
    finally:
        os.chmod(lib, 0o755)
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in lib.iterdir()} == before


# -- issue 14 -----------------------------------------------------------------------------


def _api_day(items: list[dict]) -> str:
    return json.dumps([{"paper": {"summary": "An abstract of the paper.", **item}} for item in items])


def test_7_a_poisoned_file_in_the_library_is_reported_and_the_rest_works(tmp_path):
    """Values that used to end every later run in a traceback (upvotes >= 2**31, a lone
    surrogate, an integer of 5,000 digits) are read with notes; a file a reader fails on is
    reported and skipped."""
    lib, titles = make_library(tmp_path / "lib", files=3, per_file=4)
    (lib / "2024-01-01.json").write_text(_api_day([{"id": "2401.1", "title": "Big Votes", "upvotes": 2**40}]))
    (lib / "2024-01-02.json").write_text(_api_day([{"id": "2401.2", "title": "Lone \ud800 Surrogate"}]))
    (lib / "2024-01-03.json").write_text(
        _api_day([{"id": "2401.3", "title": "Giant"}])[:-3] + ', "upvotes": ' + "7" * 5000 + "}}]"
    )
    ix = tmp_path / "ix"
    for _ in range(2):  # and again: the manifest was written, nothing is rebuilt
        result = cli(tmp_path, lib, ix, "search", "big votes", "--json")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert json.loads(result.stdout)["hits"][0]["appearances"][0]["upvotes"] == 2**31 - 1
    rows = json.loads(cli(tmp_path, lib, ix, "snapshots", "--json").stdout)
    notes = {r["file"]: [p["reason"] for p in r["problems"]] for r in rows}
    assert "clamped" in notes["2024-01-01.json"][0] and "surrogates" in notes["2024-01-02.json"][0]
    assert all(r["papers"] for r in rows)
    pix = PaperIndex(lib, ix)
    pix.update()
    assert pix.paper("2401.2").title == "Lone \ufffd Surrogate" and len(pix) == len(titles) + 3
    pix.close()


def test_7_a_file_a_reader_fails_on_is_reported_and_skipped(tmp_path, monkeypatch):
    import dailypapers.index.reading.files as library

    lib, titles = make_library(tmp_path / "lib", files=3, per_file=4)
    real = library.READERS[".txt"]

    def fragile(text, file, sid):
        if file == "day0001.txt":
            raise ValueError("a reader bug")
        return real(text, file, sid)

    monkeypatch.setitem(library.READERS, ".txt", fragile)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    rows = {r.file: r for r in pix.snapshots()}
    assert rows["day0001.txt"].papers == 0 and "a reader bug" in rows["day0001.txt"].problem_list[0].reason
    assert len(pix) == len(titles) - 4
    pix.close()


def test_10_a_failed_read_keeps_the_papers_and_is_tried_again(tmp_path, monkeypatch):
    lib, titles = make_library(tmp_path / "lib", files=3, per_file=4)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    target = lib / "day0001.txt"
    target.write_text(target.read_text().replace(titles[4], "A Changed Title"))
    from dailypapers.index.reading.files import read_bytes

    def failing(path):
        if path.name == "day0001.txt":
            raise OSError(5, "Input/output error")
        return read_bytes(path)

    monkeypatch.setattr("dailypapers.index.store.manifest.read_bytes", failing)
    for _ in range(2):  # tried again each run, the same note, the papers kept
        report = pix.update()
        assert [n for n in report.notes if "day0001.txt" in n] == [
            "cannot read day0001.txt (Input/output error): its 4 papers as last read are kept; "
            "it is read again next time"
        ]
        assert len(pix) == len(titles) and pix.search(f'title:"{titles[4]}"').hits
        assert pix.records["day0001.txt"].papers == 4 and not pix.records["day0001.txt"].problems
    monkeypatch.undo()
    report = pix.update()
    assert report.updated == ["day0001.txt"] and not report.notes
    assert pix.search('title:"A Changed Title"').hits and not pix.search(f'title:"{titles[4]}"').hits
    pix.close()


def test_11_the_first_build_is_invisible_to_other_processes(tmp_path):
    """While another process holds the lock of an empty index directory, a reader searches an
    empty index (no EmptyIndexError) and a `search` waits, then finds every paper."""
    lib, titles = make_library(tmp_path / "lib", files=10, per_file=5)
    ix = tmp_path / "ix"
    builder = PaperIndex(lib, ix)
    with IndexDir(builder.dir).lock(wait=True):
        reader = PaperIndex(lib, ix)
        with pytest.raises(IndexBusy):
            reader.update(wait=False)
        reader.refresh()
        assert len(reader) == 0 and reader.search(titles[0]).hits == []
        waiting = start(tmp_path, lib, ix, "search", titles[0], "--json")
        time.sleep(1.0)
        assert waiting.poll() is None  # it waits for the lock
    assert waiting.wait(60) == 0 and "Traceback" not in waiting.stderr.read().decode()
    reader.update()
    assert len(reader) == len(titles)
    reader.close()


def test_11_a_reader_keeps_the_last_complete_index_during_a_rebuild(tmp_path):
    lib, titles = make_library(tmp_path / "lib", files=10, per_file=5)
    ix = tmp_path / "ix"
    reader = PaperIndex(lib, ix)
    reader.update()
    seen = []

    def midway(done, total, snap):  # the rebuild has started writing a new index
        reader.refresh()
        seen.append((len(reader), len(reader.papers(light=True)), len(reader.snapshots())))
        assert reader.stale() is False and reader.search(f'title:"{titles[7]}"').hits

    rebuilder = PaperIndex(lib, ix)
    rebuilder.update(rebuild=True, progress=midway)
    assert seen and set(seen) == {(len(titles), len(titles), 10)}
    assert reader.stale()  # another process switched to a new index: picked up on the next load
    reader.refresh()
    assert reader.location == rebuilder.location and len(reader) == len(titles)
    reader.close()
    rebuilder.close()


def test_the_index_directory_keeps_what_is_not_the_indexs(tmp_path):
    """Old indexes are removed, and only they: `--index-dir` may name a directory with other things."""
    lib, titles = make_library(tmp_path / "lib", files=3, per_file=4)
    ix = tmp_path / "ix"
    (ix / "mine").mkdir(parents=True)
    (ix / "notes.txt").write_text("mine")
    pix = PaperIndex(lib, ix)
    report = pix.update()
    assert not report.notes  # a new index, not a damaged one
    pix.update(rebuild=True)
    pix.update(rebuild=True)
    os.utime(ix / "current", (time.time() - 7200,) * 2)
    pix.update()
    assert sorted(p.name for p in ix.iterdir()) == sorted(
        ["current", "lock", "mine", "notes.txt", pix.location.name]
    )
    assert len(pix) == len(titles)
    pix.close()
