"""Writing files: the one atomic write every writer uses (the index's side files, `add`, `export -o`,
the reader's export)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never half.

    A temporary file with a short name is written in the target's directory, synced,
    given the target's permissions (a new file: 0666 less the umask), renamed over the
    target, and the directory synced; on any failure it is removed. A symlink is written
    through (its target is replaced, the link kept); a FIFO, a device or another file
    that is not regular (`-o /dev/stdout`) is written in place, as it cannot be replaced.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(Path(path), payload)
    except OSError as exc:  # name the user's path, not the hidden temporary file
        raise type(exc)(exc.errno, exc.strerror, os.fspath(path)) from None


def _write(path: Path, payload: bytes) -> None:
    try:  # the path as given: `/dev/stdout` into a pipe has no name realpath could give
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        _write_in_place(path, payload, stat.S_ISFIFO(mode))
        return
    target = Path(os.path.realpath(path))
    tmp = target.parent / temporary_name(os.getpid())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), stat.S_IMODE(mode))
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)


def _write_in_place(path: Path, payload: bytes, fifo: bool) -> None:
    """Write a FIFO (a pipe) or a device, which cannot be replaced. A FIFO no process reads is
    an error (ENXIO), not a wait for ever."""
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo and hasattr(os, "O_NONBLOCK") else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OSError(exc.errno, "no process is reading this FIFO", os.fspath(path)) from None
        raise
    if fifo:
        os.set_blocking(fd, True)
    with open(fd, "wb") as handle:
        handle.write(payload)


# `.` 8 hex digits `.` the writer's process id `.tmp`: the name of a write under way, hidden
# from the library's listing; one left by a killed process is swept (`stale_temporaries`).
TEMPORARY = re.compile(r"\.[0-9a-f]{8}(?:\.(\d+))?\.tmp")


def temporary_name(pid: int) -> str:
    return f".{os.urandom(4).hex()}.{pid}.tmp"


def stale_temporaries(directory: Path, older: float = 3600.0) -> list[str]:
    """Remove the temporary files of writes whose process is gone (killed mid-write; one of an
    older version, which wrote no process id, once `older` seconds old). Returns their names."""
    import time

    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        match = TEMPORARY.fullmatch(name)
        if not match:
            continue
        path = directory / name
        try:
            dead = (
                not _alive(int(match.group(1)))
                if match.group(1)
                else (time.time() - path.lstat().st_mtime > older)
            )
            if dead:
                path.unlink()
                removed.append(name)
        except OSError:
            pass  # a read-only directory: nothing was written there by us either
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _sync_directory(path: Path) -> None:
    """Make a rename durable (not possible everywhere: then skipped)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
