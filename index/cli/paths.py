"""Where things live: the library, its index, and the bundled seed snapshots."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

# platformdirs, hashlib, shutil, tempfile: imported where used (a search that names its
# library and index imports none of them)

APP = "dailypapers"


def bundled_seeds() -> Path:
    """The seed snapshots: inside the installed wheel, else the checkout's `seeds/`."""
    here = Path(__file__).resolve().parents[1]  # the package `index`
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seed snapshots are missing from this installation")


def default_library() -> tuple[Path, str | None]:
    """`$DAILYPAPERS_LIBRARY`, else the data-dir library (seeded on first use).

    Returns the path and a one-time notice when the library was just created.
    """
    env = os.environ.get("DAILYPAPERS_LIBRARY")
    if env:
        return Path(env).expanduser(), None
    import shutil

    import platformdirs

    library = Path(platformdirs.user_data_dir(APP)) / "library"
    if library.is_dir():
        return library, None
    staging = library.with_name(".library-new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(bundled_seeds(), staging)
    staging.replace(library)
    return library, f"created {library} with the {len(list(library.iterdir()))} bundled snapshots"


def _digest(library: Path) -> str:
    import hashlib

    return hashlib.sha1(os.fsencode(library.resolve())).hexdigest()[:16]  # any bytes of a name


def default_index_dir(library: Path) -> Path:
    """One index per library path, in the user's cache directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP)) / "indexes" / _digest(library)


def default_fulltext_dir() -> Path:
    """The papers' full texts fetched (`read`), in the user's cache directory: one for every library."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP)) / "fulltext"


class UnsafeDirectory(Exception):
    """A directory that is not a private directory of this user's (the message says why)."""


def fallback_index_dir(library: Path) -> tuple[Path, str | None]:
    """Where the index goes when the chosen directory cannot be written: `$TMPDIR/dailypapers-UID`,
    a directory of this user's that no one else may enter (made 0700; a symlink, another owner or
    a mode letting others write in it is refused), else a new private one removed at exit. Another local
    user can write `$TMPDIR`: an index planted there would run code when opened (Whoosh unpickles
    its schema), so none is ever opened from a directory not checked here. Returns the directory
    and, when the usual one was refused, why."""
    import tempfile

    base = Path(tempfile.gettempdir())
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: %TEMP% is the user's own
        return base / APP / _digest(library), None
    try:
        home = private_dir(base / f"{APP}-{os.getuid()}")
        return private_dir(home / _digest(library)), None
    except UnsafeDirectory as exc:
        import atexit
        import shutil

        fresh = Path(tempfile.mkdtemp(prefix=f"{APP}-"))  # 0700, new, ours
        atexit.register(shutil.rmtree, fresh, True)
        return fresh, f"refused {exc}; using a new private one, removed at exit: {fresh}"


def private_dir(path: Path) -> Path:
    """`path`, a directory this user owns that no one else may enter: made 0700 when missing,
    else checked (never through a symlink). UnsafeDirectory when it is not such a directory."""
    import stat

    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o700)
    st = os.lstat(path)
    why = (
        "a symlink"
        if stat.S_ISLNK(st.st_mode)
        else "not a directory"
        if not stat.S_ISDIR(st.st_mode)
        else f"owned by user {st.st_uid}"
        if st.st_uid != os.getuid()
        else f"mode {stat.S_IMODE(st.st_mode):04o} lets others write in it"
        if st.st_mode & 0o022
        else None
    )
    if why:
        raise UnsafeDirectory(f"{path}: not a private directory of yours ({why})")
    if st.st_mode & 0o077:  # made by an older version (0755): only we could write in it
        os.chmod(path, 0o700)
    return path
