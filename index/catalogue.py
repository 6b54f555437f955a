"""The catalogue: every paper's title and appearances, for browsing in page order.

Kept in `catalogue.json` beside the index and updated with each commit, so the
reader can list 100,000 papers without reading every stored abstract.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .manifest import write_json
from .model import Appearance, Paper


class Catalogue:
    """Paper id → (title, appearances)."""

    def __init__(self, entries: dict[str, list] | None = None) -> None:
        self.entries: dict[str, list] = entries or {}

    @classmethod
    def load(cls, path: Path) -> Catalogue:
        try:
            return cls(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            return cls()

    def save(self, path: Path) -> None:
        write_json(path, self.entries)

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
