"""Shared fixtures: the bundled seeds, the shared corpora (skipped when absent), libraries."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from index import PaperIndex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "hf-daily-api-dumps" / "daily"
SEED_COUNTS = [42, 48, 70, 119, 86]

# Property tests: the "dev" profile (the default) runs a quarter of the examples the "ci"
# profile runs (`DAILYPAPERS_HYPOTHESIS=ci`, set by .ci/run). Each test asks `examples(n)`.
PROFILE = os.environ.get("DAILYPAPERS_HYPOTHESIS", "dev")
for _name in ("dev", "ci"):
    settings.register_profile(
        _name,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
settings.load_profile(PROFILE if PROFILE in ("dev", "ci") else "dev")


def examples(ci: int) -> int:
    """How many examples a property test runs: `ci` in the CI profile, a quarter of it locally."""
    return ci if PROFILE == "ci" else max(10, ci // 4)


def isolated_env(tmp: Path) -> dict:
    """The environment of a subprocess with its own home, data and cache directories."""
    env = {k: v for k, v in os.environ.items() if k != "DAILYPAPERS_LIBRARY"}
    env.update(
        HOME=str(tmp / "home"),
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CACHE_HOME=str(tmp / "cache"),
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch) -> None:
    """No test reads or writes the user's real data or cache directory (marks, libraries)."""
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.delenv("DAILYPAPERS_MARKS", raising=False)


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
