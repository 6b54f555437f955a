"""Where things live: the library, its index, and the bundled seed snapshots."""

from __future__ import annotations

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

    return hashlib.sha1(str(library.resolve()).encode("utf-8")).hexdigest()[:16]


def default_index_dir(library: Path) -> Path:
    """One index per library path, in the user's cache directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP)) / "indexes" / _digest(library)


def default_fulltext_dir() -> Path:
    """The papers' full texts fetched (`read`), in the user's cache directory: one for every library."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP)) / "fulltext"


def fallback_index_dir(library: Path) -> Path:
    """Where the index goes when the chosen directory cannot be written."""
    import getpass
    import tempfile

    user = os.getuid() if hasattr(os, "getuid") else getpass.getuser()  # (no getuid on Windows)
    return Path(tempfile.gettempdir()) / f"{APP}-{user}" / _digest(library)
