"""How the package meets its environment: Python versions, warnings, licences."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import ROOT, isolated_env

IMPORT_ALL = "import whoosh.analysis, whoosh.qparser, whoosh.index, whoosh.codec.whoosh3"


def _compile_fresh(code: str, tmp_path) -> str:
    """Run `code` in a Python that finds no compiled bytecode (as after `pip --no-compile`)."""
    env = isolated_env(tmp_path) | {"PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_whooshs_syntax_warnings_never_reach_the_user(tmp_path):
    quiet = _compile_fresh(f"from dailypapers.index.store import whooshlib; {IMPORT_ALL}", tmp_path)
    assert "SyntaxWarning" not in quiet and "invalid escape sequence" not in quiet  # (3.11: Deprecation)
    if sys.version_info >= (3, 12):  # the warnings are real there: without our filter they show
        assert "SyntaxWarning" in _compile_fresh(IMPORT_ALL, tmp_path / "bare")


def test_licence_file_matches_the_declared_licence():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["textual"])
def test_published_dependencies_are_ranges_and_the_exact_pins_live_in_constraints(name):
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    assert f'"{name}==' not in pyproject
    assert any(line.startswith(f"{name}==") for line in constraints.splitlines())
