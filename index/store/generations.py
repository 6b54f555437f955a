"""The index directory: its lock, its generations, and which one is current.

The directory holds `lock`, `current` (the name of the complete index in use) and one
or two `index-*` directories, each a whole index: `whoosh/` and the side files beside
it. An update changes the current one in place; a full build is written into a new
directory and switched to by rewriting `current`, so a searcher in another process sees
the last complete index until the new one is whole. The one before is removed by the
next full build, or by an update an hour later (`KEEP_BEFORE`).

The lock is an advisory lock on `lock`: `fcntl.flock` on POSIX, `msvcrt.locking` on
Windows (where the rest of the engine has not been tried).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .files import TEMPORARY, atomic_write

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from typing import IO

_GENERATION = re.compile(r"index-[0-9a-f]{8}")
OLD_LAYOUT = ("whoosh", "manifest.json", "vocab.json", "catalogue.json")  # the first format's files
KEEP_BEFORE = 3600.0  # seconds the index before a full build is kept for readers still on it


class IndexBusy(Exception):
    """Another process holds the index's write lock (raised only when not waiting)."""


def remove(path: Path) -> None:
    """Remove a file, a link or a directory tree, whichever it is (best effort)."""
    if path.is_dir() and not path.is_symlink():
        import shutil  # (here: a search, which removes nothing, does not import it)

        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def clear(path: Path) -> bool:
    """Make room for a regular file at `path`: remove anything else there. True if it did."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        remove(path)
        return True
    return False


class IndexDir:
    """One library's index directory (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def pointer(self) -> Path:
        return self.path / "current"

    def current(self) -> Path | None:
        """The complete index `current` names, or None."""
        try:
            name = self.pointer.read_text("ascii").strip()
        except (OSError, ValueError):
            return None
        path = self.path / name
        return path if _GENERATION.fullmatch(name) and path.is_dir() else None

    def damaged_layout(self) -> bool:
        """True when there is no complete index but something of one (or of the first format)."""
        return self.pointer.exists() or any((self.path / name).exists() for name in OLD_LAYOUT)

    def new_generation(self) -> Path:
        """A new, empty index directory (with its `whoosh/`) for a full build."""
        new = self.path / f"index-{os.urandom(4).hex()}"
        (new / "whoosh").mkdir(parents=True)
        return new

    @contextlib.contextmanager
    def lock(self, wait: bool) -> Iterator[bool]:
        """Hold the exclusive write lock (IndexBusy when not waiting and another process has it).
        Yields True when `lock` was not a file and had to be repaired."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = self.path / "lock"
        healed = clear(lock)
        with open(lock, "a+b") as handle:
            try:
                _lock(handle, wait)
            except BlockingIOError:
                raise IndexBusy(f"another process is updating the index in {self.path}") from None
            try:
                yield healed
            finally:
                _unlock(handle)

    def switch(self, generation: Path) -> None:
        """Make `generation` the current index; remove all but it and the one before."""
        before = self.current()
        clear(self.pointer)
        atomic_write(self.pointer, generation.name + "\n")
        self.prune(keep={generation.name} | ({before.name} if before else set()))

    def prune_if_old(self, current: Path) -> None:
        """An hour after a full build, readers have long moved to it: remove the one before."""
        if time.time() - self.pointer.stat().st_mtime > KEEP_BEFORE:
            self.prune(keep={current.name})

    def prune(self, keep: set[str]) -> None:
        """Remove the indexes but `keep` (a full build killed halfway, an older index), an older
        format's files and temporary files left by a killed write; nothing else (the directory
        may hold other things)."""
        for path in self.path.iterdir():
            name = path.name
            if (
                name in OLD_LAYOUT
                or TEMPORARY.fullmatch(name)
                or (_GENERATION.fullmatch(name) and name not in keep)
            ):
                remove(path)


if sys.platform == "win32":  # pragma: no cover - not run on the machines this is tested on
    import msvcrt

    def _lock(handle: IO[bytes], wait: bool) -> None:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            if wait:
                raise
            raise BlockingIOError from None

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes], wait: bool) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
