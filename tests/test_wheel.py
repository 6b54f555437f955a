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
    assert sorted(n.split("/")[-1] for n in names if n.startswith("index/_seeds/")) == sorted(
        p.name for p in SEEDS.iterdir()
    )
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "PYTHONPATH": str(target)}
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "grokking lazy rich", "--limit", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
    )
    assert out.returncode == 0, out.stderr
    assert "Grokking as the Transition" in out.stdout
    assert "bundled snapshots" in out.stderr
    assert (home / ".local" / "share" / "dailypapers" / "library" / "000_cdc772e61a3bb25e.txt").is_file()
