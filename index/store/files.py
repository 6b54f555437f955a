"""Writing files: the one atomic write every writer uses (the index's side files, `add`, `export -o`,
the reader's export)."""

from __future__ import annotations

import contextlib
import os
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
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as handle:
            handle.write(payload)
        return
    tmp = target.parent / f".{os.urandom(4).hex()}.tmp"
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


def _sync_directory(path: Path) -> None:
    """Make a rename durable (not possible everywhere: then skipped)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
