"""Benchmark libraries built from the real API days: the 580 days as they are, and a ×10 library.

The ×10 library holds ten variants of every day: distinct arXiv ids and day names,
and lightly varied text (a few words swapped for made-up ones, sentences rotated),
so that no variant is a duplicate of another and the vocabulary grows as real
data would.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from dailypapers.index.reading.files import read_snapshot, snapshot_files

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "su",
    "vo",
    "ne",
    "pi",
    "da",
    "ro",
    "li",
    "na",
    "be",
    "to",
    "ze",
    "mu",
]


def copy_days(days: Path, into: Path, count: int | None = None) -> Path:
    files = snapshot_files(days)
    if count:
        step = max(1, len(files) // count)
        files = files[::step][:count]
    into.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, into / f.name)
    return into


def _vary(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 40)):
        i = rng.randrange(len(words))
        words[i] = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    sentences = " ".join(words).split(". ")
    if len(sentences) > 2:
        k = rng.randrange(1, len(sentences))
        sentences = sentences[k:] + sentences[:k]
    return ". ".join(sentences)


def make_x10(days: Path, into: Path, factor: int = 10, seed: int = 11) -> Path:
    """`factor` variants of every day as API day files (variant 0 is the real day)."""
    rng = random.Random(seed)
    into.mkdir(parents=True, exist_ok=True)
    for path in snapshot_files(days):
        snap = read_snapshot(path)
        for v in range(factor):
            items = []
            for e in snap.entries:
                title = e.title if v == 0 else f"{_vary(e.title, rng)}"
                summary = e.abstract if v == 0 else _vary(e.abstract, rng)
                authors = [{"name": a} for a in (e.authors or [])]
                items.append(
                    {
                        "paper": {
                            "id": f"{e.arxiv_id}{'' if v == 0 else f'.v{v}'}",
                            "title": title,
                            "summary": summary,
                            "authors": authors,
                            "upvotes": e.upvotes,
                        }
                    }
                )
            name = f"{snap.id}.json" if v == 0 else f"{snap.id}-x{v}.json"
            (into / name).write_text(json.dumps(items), "utf-8")
    return into
