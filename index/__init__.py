"""dailypapers' engine: read snapshots, index them with Whoosh, search them. No Textual here.

Its public names are importable from here (`from dailypapers.index import PaperIndex, Sort`),
each imported on first use: `from dailypapers.index import Paper` does not load the index machinery
(the reader draws its window before it does). The rooms (`index.papers`, `index.reading`,
`index.store`, `index.search`, `index.marks`, `index.intake`, `index.cli`) are described in
docs/architecture.md.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from .fulltext.cache import FullTextCache
    from .fulltext.render import Document, Line, Section, section_url
    from .fulltext.render import lines as text_lines
    from .fulltext.render import parse as parse_markdown
    from .intake.add import Added, IntakeError, add_bytes, add_files
    from .intake.export import FORMATS, export
    from .intake.fetch import Fetcher, FetchError, fetch_day
    from .intake.fulltext import FullText, NoFullText, full_text
    from .marks.db import Follow, Mark, Marks, MarksError, SavedSearch, Visit, default_marks_path
    from .marks.db import find as find_mark
    from .marks.digest import Digest
    from .marks.digest import build as build_digest
    from .marks.digest import render as render_digest
    from .marks.inbox import CatchUp, FollowCount, NewPaper, day_after, day_before, visit_day
    from .marks.lookup import marked_ids, marked_papers
    from .marks.recommend import MIN_STARS, Pick, Recommendations, recommend, votes_text
    from .marks.sync import export_lines, import_lines
    from .paperindex import PaperIndex, Progress, UpdateReport
    from .papers.identity import is_title_id, title_id, title_key
    from .papers.model import FAR, Appearance, Paper
    from .papers.paperset import PaperSet, merge
    from .papers.periods import Period, periods
    from .papers.signals import Account, Repo, Signals
    from .papers.snapshot import Entry, Problem, Skipped, Snapshot
    from .papers.views import (
        SORTS,
        Sort,
        in_days,
        month_days,
        month_of,
        paper_key,
        sort_papers,
        week_days,
        week_of,
    )
    from .reading.files import READERS, parse_snapshot, read_snapshot, snapshot_files, snapshot_id
    from .search.highlight import Span, snippet
    from .search.queryfields import author_query, org_query
    from .search.results import Hit, SearchResult
    from .search.scoring import Cancelled
    from .search.terms import KeyTerm
    from .search.trend import TrendPoint, TrendSummary, sparkline, trend_chart
    from .store.files import atomic_write
    from .store.generations import IndexBusy
    from .store.manifest import FileRecord
    from .text import clean, json_text, latex_cuts, shown, strip_controls, unlatex

# public name -> (module, its name there)
_WHERE: dict[str, tuple[str, str]] = {}


def _names(module: str, *names: str, **renamed: str) -> None:
    _WHERE.update({name: (module, name) for name in names})
    _WHERE.update({public: (module, name) for public, name in renamed.items()})


_names("intake.add", "Added", "IntakeError", "add_bytes", "add_files")
_names("intake.export", "FORMATS", "export")
_names("fulltext.cache", "FullTextCache")
_names(
    "fulltext.render",
    "Document",
    "Line",
    "Section",
    "section_url",
    text_lines="lines",
    parse_markdown="parse",
)
_names("intake.fetch", "Fetcher", "FetchError", "fetch_day")
_names("intake.fulltext", "FullText", "NoFullText", "full_text")
_names("marks.db", "Follow", "Mark", "Marks", "MarksError", "SavedSearch", "Visit", "default_marks_path")
_names("marks.db", find_mark="find")
_names("marks.digest", "Digest", build_digest="build", render_digest="render")
_names("marks.inbox", "CatchUp", "FollowCount", "NewPaper", "day_after", "day_before", "visit_day")
_names("marks.lookup", "marked_ids", "marked_papers")
_names("marks.recommend", "MIN_STARS", "Pick", "Recommendations", "recommend", "votes_text")
_names("marks.sync", "export_lines", "import_lines")
_names("paperindex", "PaperIndex", "Progress", "UpdateReport")
_names("papers.identity", "is_title_id", "title_id", "title_key")
_names("papers.model", "FAR", "Appearance", "Paper")
_names("papers.snapshot", "Entry", "Problem", "Skipped", "Snapshot")
_names("papers.paperset", "PaperSet", "merge")
_names("papers.signals", "Account", "Repo", "Signals")
_names("papers.views", "SORTS", "Sort", "in_days", "month_days", "month_of", "paper_key")
_names("papers.periods", "Period", "periods")
_names("papers.views", "sort_papers", "week_days", "week_of")
_names("reading.files", "READERS", "parse_snapshot", "read_snapshot", "snapshot_files", "snapshot_id")
_names("search.results", "Hit", "SearchResult")
_names("search.highlight", "Span", "snippet")
_names("search.queryfields", "author_query", "org_query")
_names("search.scoring", "Cancelled")
_names("search.terms", "KeyTerm")
_names("search.trend", "TrendPoint", "TrendSummary", "sparkline", "trend_chart")
_names("store.files", "atomic_write")
_names("store.generations", "IndexBusy")
_names("store.manifest", "FileRecord")
_names("text", "clean", "json_text", "latex_cuts", "shown", "strip_controls", "unlatex")

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _WHERE[name]
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value
