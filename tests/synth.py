"""Synthetic libraries: many distinct papers in capture files, for fault and property tests."""

from __future__ import annotations

import random
from pathlib import Path

SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "vo", "ne", "pi", "da", "ro", "li", "na", "be", "to", "ze"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def title(rng: random.Random) -> str:
    return " ".join(word(rng).capitalize() for _ in range(rng.randint(3, 9)))


def abstract(rng: random.Random) -> str:
    sentences = [" ".join(word(rng) for _ in range(rng.randint(8, 16))).capitalize() + "." for _ in range(3)]
    return " ".join(sentences)


def make_library(root: Path, files: int = 40, per_file: int = 10, seed: int = 5) -> tuple[Path, list[str]]:
    """Capture files of distinct papers; returns the library and every title."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    titles = []
    for n in range(files):
        lines = ["Daily Papers", f"Mar {n % 28 + 1}"]
        for _ in range(per_file):
            t = title(rng)
            titles.append(t)
            lines += ["", t, "", abstract(rng)]
        (root / f"day{n:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root, titles
