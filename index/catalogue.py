"""The catalogue: every paper's title and appearances, for browsing in page order.

Kept in `catalogue.json` beside the index and updated with each commit, so the
reader can list 100,000 papers without reading every stored abstract.
"""

from __future__ import annotations

from collections.abc import Iterable

from .jsonfile import Stamped
from .model import Appearance, Paper


class Catalogue(Stamped):
    """Paper id → [title, appearances, aliases]."""

    def update(self, deleted: Iterable[str], changed: Iterable[Paper]) -> None:
        for pid in deleted:
            self.data.pop(pid, None)
        for p in changed:
            apps = [[a.snapshot, a.date, a.position, a.upvotes] for a in p.appearances]
            self.data[p.id] = [p.title, apps, p.aliases]

    def papers(self) -> list[Paper]:
        """Light papers: id, title and appearances (no abstract: fetch it when shown)."""
        return [
            Paper(pid, title, "", appearances=[Appearance(*a) for a in apps], aliases=aliases)
            for pid, (title, apps, aliases) in self.data.items()
        ]

    def titles(self) -> dict[str, str]:
        return {pid: entry[0] for pid, entry in self.data.items()}
