"""The built wheel carries the seeds: installed outside the checkout, with an empty home, it finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers import ROOT, SEEDS


def test_wheel_bundles_seeds_and_runs_outside_the_checkout(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("dailypapers-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n.split("/")[-1] for n in names if n.startswith("dailypapers/index/_seeds/")) == sorted(
        p.name for p in SEEDS.iterdir()
    )
    # One import package: nothing at the top level but dailypapers/ and its metadata.
    assert {n.split("/")[0] for n in names} == {
        "dailypapers",
        "-".join(wheel.name.split("-")[:2]) + ".dist-info",
    }
    # Every module of the two folders is in it (pyproject.toml lists the packages by hand).
    for folder in ("index", "tui"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".tcss"):
                assert f"dailypapers/{path.relative_to(ROOT).as_posix()}" in names, path
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # Other distributions own the names `index` and `tui`: a broken one beside it changes nothing.
    for other in ("index", "tui"):
        (target / other).mkdir()
        (target / other / "__init__.py").write_text("this is not python (\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-m", "dailypapers.tui.cli", "search", "grokking lazy rich", "--limit", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
    )
    assert out.returncode == 0, out.stderr
    assert "Grokking as the Transition" in out.stdout
    assert "bundled snapshots" in out.stderr
    assert (home / ".local" / "share" / "dailypapers" / "library" / "000_cdc772e61a3bb25e.txt").is_file()
