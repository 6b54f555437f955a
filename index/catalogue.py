"""The catalogue: every paper's title and appearances, for browsing in page order.

Kept in `catalogue.json` beside the index and updated with each commit, so the
reader can list 100,000 papers without reading every stored abstract.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .jsonfile import read_stamped, write_json
from .model import Appearance, Paper


class Catalogue:
    """Paper id → (title, appearances)."""

    def __init__(self, entries: dict[str, list] | None = None, generation: int | None = None) -> None:
        self.entries: dict[str, list] = entries or {}
        self.generation = generation  # the index commit this catalogue describes

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        data = read_stamped(path)
        return cls(data["data"], data["generation"]) if data else cls()

    def save(self, path: Path, generation: int) -> None:
        self.generation = generation
        write_json(path, {"generation": generation, "data": self.entries})

    def update(self, deleted: Iterable[str], changed: Iterable[Paper]) -> None:
        for pid in deleted:
            self.entries.pop(pid, None)
        for p in changed:
            self.entries[p.id] = [p.title, [[a.snapshot, a.date, a.position] for a in p.appearances]]

    def papers(self) -> list[Paper]:
        """Light papers: id, title and appearances (no abstract: fetch it when shown)."""
        return [
            Paper(pid, title, "", appearances=[Appearance(s, d, n) for s, d, n in apps])
            for pid, (title, apps) in self.entries.items()
        ]
