"""dailypapers' engine: read snapshots, index them with Whoosh, search them. No Textual here."""

from .model import Appearance, Entry, Paper, Problem, Snapshot
from .paperindex import PaperIndex, UpdateReport
from .search import Hit, SearchResult

__all__ = [
    "Appearance",
    "Entry",
    "Hit",
    "Paper",
    "PaperIndex",
    "Problem",
    "SearchResult",
    "Snapshot",
    "UpdateReport",
]
