"""The reader's widgets, one module each."""

from .key_footer import KeyFooter
from .paper_view import PaperView
from .result_list import ResultList
from .scope_bar import ScopeBar
from .search_box import SearchBox
from .snapshot_list import SnapshotList
from .status_line import StatusLine
from .trend_bar import TrendBar

__all__ = [
    "KeyFooter",
    "PaperView",
    "ResultList",
    "ScopeBar",
    "SearchBox",
    "SnapshotList",
    "StatusLine",
    "TrendBar",
]
