"""Shared fixtures: the bundled seeds, the shared corpora (skipped when absent), libraries, indexes.
What tests import lives in `helpers.py`."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS, SEEDS

from dailypapers.index import PaperIndex


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch) -> None:
    """No test reads or writes the user's real data or cache directory (marks, libraries)."""
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))  # no user's config file
    for name in ("DAILYPAPERS_MARKS", "DAILYPAPERS_CONFIG", "DAILYPAPERS_INDEX_DIR", "DAILYPAPERS_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _unfrozen():
    """The reader freezes what it has loaded out of the cyclic collector (`gc.freeze`): in this
    one process of many readers, each test's objects go back to it afterwards."""
    yield
    gc.unfreeze()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpora is not present (a fresh clone has none)")
    return CORPUS


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A writable copy of the seed library."""
    lib = tmp_path / "library"
    shutil.copytree(SEEDS, lib)
    return lib


@pytest.fixture
def make_index(tmp_path: Path):
    """Open (and bring up to date) an index over a library directory."""
    opened: list[PaperIndex] = []

    def make(lib: Path, name: str = "ix") -> PaperIndex:
        pix = PaperIndex(lib, tmp_path / name)
        pix.update()
        opened.append(pix)
        return pix

    yield make
    for pix in opened:
        pix.close()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> PaperIndex:
    """One index over the seeds, shared by the read-only tests."""
    pix = PaperIndex(SEEDS, tmp_path_factory.mktemp("seed-index"))
    pix.update()
    yield pix
    pix.close()


@pytest.fixture(scope="session")
def reader_seeds(tmp_path_factory) -> Path:
    """The seeds as the reader's tests see them: a copy with fixed file times (see `pinned_seeds`)."""
    from tui_helpers import pinned_seeds

    return pinned_seeds(tmp_path_factory.mktemp("seeds") / "library")


@pytest.fixture(scope="session")
def prebuilt_seed_index(tmp_path_factory, reader_seeds) -> Path:
    """An index of `reader_seeds` built once; each reader test copies it (the seeds are never written)."""
    path = tmp_path_factory.mktemp("prebuilt") / "ix"
    pix = PaperIndex(reader_seeds, path)
    pix.update()
    pix.close()
    return path


@pytest.fixture
def seed_app(tmp_path, reader_seeds, prebuilt_seed_index):
    from tui_helpers import make_app

    return make_app(reader_seeds, tmp_path / "ix", prebuilt_seed_index)


@pytest.fixture(scope="session")
def api_library(tmp_path_factory) -> tuple[Path, Path]:
    """20 synthetic API days (2026-06-01 .. 20, with what the site shows: see `api_days`) and
    their index, built once; reader tests copy the index."""
    from tui_helpers import api_days

    root = tmp_path_factory.mktemp("api")
    lib = api_days(root / "library", days=20)
    pix = PaperIndex(lib, root / "ix")
    pix.update()
    pix.close()
    return lib, root / "ix"
