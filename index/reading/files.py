"""A library is a directory of snapshot files: which files, their snapshot ids, and reading one
(never letting one bad file stop the rest)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from ..papers.snapshot import Problem, Snapshot


# The readers are imported by the first file read: listing a library (what an update
# checks first) stays light.
def read_capture(text: str, file: str, sid: str) -> Snapshot:
    from .capture import read_capture

    return read_capture(text, file, sid)


def read_api(text: str, file: str, sid: str) -> Snapshot:
    from .apifile import read_api

    return read_api(text, file, sid)


READERS: dict[str, Callable[[str, str, str], Snapshot]] = {
    ".txt": read_capture,
    ".md": read_capture,
    ".json": read_api,
}

_SURROGATES = re.compile("[\ud800-\udfff]")
# What is read of a file at most: the largest day of the 580 in the corpus is 359 KB, a
# month of them about 10 MB; a file past this is no snapshot (junk, a disk image, a
# file growing without end) and is not read at all.
MAX_BYTES = 32 * 2**20


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or only the first MAX_BYTES + 1 of a larger one (`parse_snapshot`
    refuses it): nothing reads more than that into memory, not even a file growing as read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO put there: no wait
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read(MAX_BYTES + 1)


def snapshot_files(library: Path) -> list[Path]:
    """The snapshot files of a library, in name order (hidden files, other kinds and directories
    skipped; a symlink leading nowhere or in a loop, a FIFO, a device are listed: reading one
    says why it cannot be read)."""
    return sorted(
        p
        for p in library.iterdir()
        if p.suffix.lower() in READERS and not p.name.startswith(".") and not p.is_dir()
    )


def snapshot_id(path: Path, taken: set[str] | None = None) -> str:
    """The file stem, or the whole name where another file already has that stem (a byte of
    the name that is not UTF-8 becomes U+FFFD; a number is added if that collides too)."""
    taken = taken or set()
    stem, name = (_SURROGATES.sub("\ufffd", s) for s in (path.stem, path.name))
    if stem not in taken:
        return stem
    n = 2
    sid = name
    while sid in taken:
        sid, n = f"{name}~{n}", n + 1
    return sid


def read_snapshot(path: Path, sid: str | None = None) -> Snapshot:
    """Read one snapshot file. Never raises: what fails is in `problems`."""
    sid = sid or snapshot_id(path)
    kind = "api" if path.suffix.lower() == ".json" else "capture"
    try:
        data = read_bytes(path)
    except OSError as exc:
        problem = Problem(path.name, f"cannot read: {exc.strerror or exc}")
        return Snapshot(sid, path.name, None, kind, problems=[problem])
    return parse_snapshot(data, path.name, sid)


def parse_snapshot(data: bytes, file: str, sid: str) -> Snapshot:
    """Parse the bytes of a snapshot file named `file`. Never raises."""
    suffix = Path(file).suffix.lower()
    kind = "api" if suffix == ".json" else "capture"
    from .decode import decode

    if len(data) > MAX_BYTES:
        reason = f"too large (over {MAX_BYTES / 2**20:g} MB): not read"
        return Snapshot(sid, file, None, kind, problems=[Problem(file, reason)])
    try:
        text, problems = decode(data, file)
        if text is None:
            return Snapshot(sid, file, None, kind, problems=problems)
        snap = READERS.get(suffix, read_capture)(text, file, sid)
    except RecursionError:
        return Snapshot(sid, file, None, kind, problems=[Problem(file, "nested too deeply")])
    except Exception as exc:  # a reader's bug must not take the library down: report the file
        reason = f"could not be read ({type(exc).__name__}: {exc})"
        return Snapshot(sid, file, None, kind, problems=[Problem(file, reason)])
    snap.problems[:0] = problems
    return snap
