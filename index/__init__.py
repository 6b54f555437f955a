"""dailypapers' engine: read snapshots, index them with Whoosh, search them. No Textual here.

The names below are imported on first use, so `from index import Paper` does not
load the index machinery (the reader draws its window before it does).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .paperindex import PaperIndex, UpdateReport
    from .papers.model import Appearance, Entry, Paper, Problem, Skipped, Snapshot
    from .papers.signals import Signals
    from .papers.views import Sort
    from .search.engine import Hit, SearchResult

_WHERE = {
    **dict.fromkeys(("Appearance", "Entry", "Paper", "Problem", "Skipped", "Snapshot"), "papers.model"),
    **dict.fromkeys(("PaperIndex", "UpdateReport"), "paperindex"),
    **dict.fromkeys(("Hit", "SearchResult"), "search.engine"),
    "Signals": "papers.signals",
    "Sort": "papers.views",
}
__all__ = [
    "Appearance",
    "Entry",
    "Hit",
    "Paper",
    "PaperIndex",
    "Problem",
    "SearchResult",
    "Signals",
    "Skipped",
    "Snapshot",
    "Sort",
    "UpdateReport",
]


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
