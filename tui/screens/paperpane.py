"""The main screen's paper: the highlighted row shown beside (or under) the list, its abstract
fetched when the row is a light catalogue entry, redrawn wherever it shows when its mark changes;
enter opens it full-screen, v its full text, J / K there step through the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import jobs
from ..show import PaperDoc, paper_doc
from ..widgets import PaperView, ResultList
from .working import start

if TYPE_CHECKING:
    from dailypapers.index import Paper

    from ..state import Row
    from .main import MainScreen


class PaperPane:
    """The paper of the highlighted row; see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def doc(self, row: Row) -> PaperDoc:
        """The paper of a row as the paper views show it."""
        return paper_doc(self.screen.state, row)

    def show(self, row: Row | None, keep_scroll: bool = False) -> None:
        view, state = self.screen.query_one(PaperView), self.screen.state
        if row is None:
            opening = not state.papers  # the list says why (opening, or no snapshot yet)
            view.show(None, " " if opening else "No paper matches." if state.has_query else "No papers.")
            return
        doc = self.doc(row)
        if doc == view.doc:  # the same paper with the same matches (the next letter typed)
            if not keep_scroll:
                view.scroll_to(y=0, animate=False)
        else:  # (laid out again: every line of the abstract wrapped, and the screen's layout)
            view.show(doc, keep_scroll=keep_scroll)
        if not row.complete or not row.spans_known:
            start(self.screen, self._complete, row, exclusive=True, group="paper")

    async def _complete(self, row: Row) -> None:
        """Fetch a catalogue row's abstract and metadata, and find the query's words in it."""
        backend = self.screen.backend
        row.paper, row.abstract_spans = await backend.run(jobs.complete, backend.pix, row)
        row.complete = True
        self.changed(row)

    async def whole(self, row: Row | None = None) -> Paper | None:
        """The row's paper (by default the highlighted one) with its authors and what the site
        shows, fetched when the row is light; None (and a bell) with no row."""
        row = row if row is not None else self.screen.current
        if row is None:
            self.screen.app.bell()
            return None
        if not row.complete:
            backend = self.screen.backend
            row.paper, row.abstract_spans = await backend.run(jobs.complete, backend.pix, row)
            row.complete = True
        return row.paper

    def changed(self, row: Row) -> None:
        """A row's paper or mark changed: redraw wherever it shows."""
        from .reader import PaperScreen

        screen = self.screen
        if screen.current is row:
            screen.query_one(PaperView).show(self.doc(row), keep_scroll=True)
        for over in screen.app.screen_stack:
            if isinstance(over, PaperScreen) and over.row is row:
                over.redraw()

    def open(self) -> None:
        """Enter: the paper alone, full-screen; it counts as read."""
        from .reader import PaperScreen

        screen, row = self.screen, self.screen.current
        if row is None:
            screen.app.bell()
            return
        screen.app.push_screen(PaperScreen(screen.door, row))
        screen.marking.read(row)  # said on the paper itself

    def full_text(self, row: Row | None) -> None:
        """v: the paper's whole text, full-screen (fetched once, then from the cache)."""
        start(self.screen, self._full_text, row, group="ask")

    async def _full_text(self, row: Row | None) -> None:
        from .fulltext import FullTextScreen

        if row is None:
            self.screen.app.bell()
        elif await self.whole(row) is not None:  # (a catalogue row knows no arXiv id: the whole paper)
            self.screen.app.push_screen(FullTextScreen(self.screen.door, row))

    def step(self, delta: int, here: str | None = None) -> Row | None:
        """The next or previous row (from the paper screen, reading `here`); None at an end. When
        `here` left the list (not interested, in the inbox), the next is the one in its place."""
        results = self.screen.query_one(ResultList)
        if delta > 0 and here is not None and all(r.paper.id != here for r in results.rows):
            return results.current
        before = results.cursor
        results.action_move(delta)
        return results.current if results.cursor != before else None
