"""The catalogue: every paper's title and appearances, for browsing in page order.

Kept in `catalogue.json` beside the index and updated with each commit, so the
reader can list 100,000 papers without reading every stored abstract.
"""

from __future__ import annotations

from collections.abc import Iterable

from .jsonfile import Stamped
from .model import Appearance, Paper


class Catalogue(Stamped):
    """Paper id → [title, appearances]."""

    def update(self, deleted: Iterable[str], changed: Iterable[Paper]) -> None:
        for pid in deleted:
            self.data.pop(pid, None)
        for p in changed:
            self.data[p.id] = [p.title, [[a.snapshot, a.date, a.position] for a in p.appearances]]

    def papers(self) -> list[Paper]:
        """Light papers: id, title and appearances (no abstract: fetch it when shown)."""
        return [
            Paper(pid, title, "", appearances=[Appearance(s, d, n) for s, d, n in apps])
            for pid, (title, apps) in self.data.items()
        ]
