"""The catalogue: every paper's title and appearances, for browsing in page order.

Kept in `catalogue.json` beside the index and updated with each commit, so the
reader can list 100,000 papers without reading every stored abstract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .jsonfile import Stamped
from .model import Appearance, Paper


class Catalogue(Stamped):
    """Paper id → [title, appearances, aliases]; an appearance keeps only the short signals
    a list row shows (code, organisation, comments: `Signals.light`)."""

    def update(self, deleted: Iterable[str], changed: Iterable[Paper]) -> None:
        for pid in deleted:
            self.data.pop(pid, None)
        for p in changed:
            apps = [_light(a).to_row() for a in p.appearances]
            self.data[p.id] = [p.title, apps, p.aliases]

    def papers(self) -> list[Paper]:
        """Light papers: id, title and appearances (no abstract, authors, TL;DR or keywords:
        fetch them when shown)."""
        return [
            Paper(pid, title, "", appearances=[Appearance.from_row(a) for a in apps], aliases=aliases)
            for pid, (title, apps, aliases) in self.data.items()
        ]

    def titles(self) -> dict[str, str]:
        return {pid: entry[0] for pid, entry in self.data.items()}


def _light(a: Appearance) -> Appearance:
    return a if a.signals is None else replace(a, signals=a.signals.light())
