"""The list's query and paging, as state (no Textual): the query typed, the engine's answer to
it, how many hits are asked for (more as the highlight reaches the last), and the lists beside
the library (related papers, an author's, an organisation's) with the way back from them."""

from __future__ import annotations

from dailypapers.index.papers.record import record

from ..scope import Aside
from .rows import Found, SearchRequest


@record()
class _Saved:
    """The view before an aside list, to go back to."""

    found: Found | None
    keep: str | None


class Listing:
    """The query, its answer and paging, the aside lists; see the module docstring."""

    def __init__(self, page: int) -> None:
        self.query = ""
        self.typing = True  # the query is typed a key at a time (not pasted, not entered)
        self.found: Found | None = None
        self.limit = page
        self.aside: Aside | None = None
        self.wordless: set[str] = set()  # queries the engine found no words in to rank by (`has:code`)
        self._back: list[_Saved] = []

    @property
    def has_query(self) -> bool:
        return bool(self.query.strip())

    def show(self, found: Found) -> None:
        self.found = found
        if found.request.sort == "relevance":  # the engine ranks by words when the query has some
            (self.wordless.discard if found.sort == "relevance" else self.wordless.add)(found.request.text)

    @property
    def more_to_fetch(self) -> bool:
        found = self.found
        return found is not None and found.total > len(found.rows) and found.request.limit is not None

    def fetch_more(self) -> None:
        self.limit *= 5

    def enter_aside(self, aside: Aside, keep: str | None) -> None:
        if self.aside is None:
            self._back.append(_Saved(self.found, keep))
        self.aside = aside
        self.found = Found(SearchRequest("", None, None), len(aside.rows), len(aside.rows), 0, aside.rows)

    def leave_aside(self) -> str | None:
        """Back to the view before the aside list; the paper to highlight there (None when not in one)."""
        if self.aside is None or not self._back:
            self.aside = None
            return None
        saved = self._back.pop()
        self.aside, self.found = None, saved.found
        return saved.keep
