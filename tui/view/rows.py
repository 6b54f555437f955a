"""What the list holds and what a search asks and answers, as plain data (no Textual): a `Row` (a
paper, what matched in it), a day's `Header`, a `SearchRequest` for the engine and its `Found`."""

from __future__ import annotations

from dailypapers.index import Paper
from dailypapers.index.papers.record import field, record

from ..scope import ALL, Scope


@record()
class Row:
    """A paper in the list: what matched (for highlighting) and whether it is complete."""

    paper: Paper
    terms: frozenset[tuple[str, str]] = frozenset()
    title_spans: tuple[tuple[int, int], ...] = ()
    complete: bool = True  # False: a catalogue entry, abstract and metadata still to fetch
    abstract_spans: tuple[tuple[int, int], ...] | None = None  # None: not worked out yet

    @property
    def spans_known(self) -> bool:
        return not self.terms or self.abstract_spans is not None


@record(frozen=True)
class Header:
    """A day's heading in a list of several days."""

    label: str
    count: int


Item = Row | Header


@record(frozen=True)
class SearchRequest:
    """One search for the engine: `only` / `exclude` are paper ids (the scope's and the filter's)."""

    text: str
    snapshot: str | None
    limit: int | None
    only: frozenset[str] | None = None
    exclude: frozenset[str] | None = None
    scope: Scope = field(default_factory=lambda: Scope(ALL))
    filter: str = ""
    sort: str = "relevance"
    typing: bool = True  # the query is being typed: its last word is completed (not once pasted or entered)


@record()
class Found:
    """A search's answer, as the list needs it."""

    request: SearchRequest
    total: int
    all_words: int
    some_words: int
    rows: list[Row]
    seconds: float = 0.0
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    other: int | None = None  # what it finds in the other reach (`h`): every day, or the day left
    sort: str = "relevance"  # the order the engine used (newest for a query with no words to rank)
    by_every_word: bool = False  # a long query: ranked by every word, not all words first
