"""The reader's widgets, one module each."""

from .paper_view import PaperView
from .result_list import ResultList, Row
from .search_box import SearchBox
from .snapshot_list import SnapshotInfo, SnapshotList
from .status_line import StatusLine
from .trend_bar import TrendBar

__all__ = [
    "PaperView",
    "ResultList",
    "Row",
    "SearchBox",
    "SnapshotInfo",
    "SnapshotList",
    "StatusLine",
    "TrendBar",
]
