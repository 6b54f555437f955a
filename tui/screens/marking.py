"""Marks and notes for the main screen: star, read, not interested and its undo (`u`), a paper's
note. Mark writes run on the backend's marks thread, in order; a mark is shown once it is
committed, on the list and on the paper screens over it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dailypapers.index import Mark, MarksError

from ..scope import RANKED
from ..state import Row
from ..widgets import ResultList
from .working import start

if TYPE_CHECKING:
    from .main import MainScreen


class Marking:
    """Changing marks from the main screen (and the screens over it); see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def change(self, row: Row, what: str, value: bool | str | None = None, quiet: bool = False) -> None:
        """Set (or with value None, toggle) one part of a paper's mark."""
        if not self.screen.loader.marks_ok:
            self.screen.notify("marks are off (the database could not be opened)", severity="warning")
            return
        start(self.screen, self._save, row, what, value, quiet, group="marks")

    async def _save(self, row: Row, what: str, value: bool | str | None, quiet: bool) -> None:
        screen = self.screen
        marks, paper = screen.backend.marks, row.paper

        def job() -> Mark:
            new = (not getattr(marks.get(paper), what)) if value is None else value
            if what == "note":
                return marks.set(paper, note=str(new))
            if what == "read":
                return marks.set(paper, read=bool(new))
            if what == "dismissed":
                return marks.set(paper, dismissed=bool(new))
            return marks.set(paper, starred=bool(new))

        try:
            mark = await screen.backend.run_mark(job)
        except MarksError as exc:
            screen.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=8)
            return
        state, results = screen.state, screen.query_one(ResultList)
        rows = results.rows
        after = next((r.paper.id for r in rows[rows.index(row) + 1 :]), None) if row in rows else None
        state.mark_saved(paper, mark)
        screen.refill()
        leaves = state.scope.kind in RANKED or state.effective_filter == "new"  # the inbox's papers
        if what == "dismissed" and leaves and state.aside is None:
            screen.refresh_or_search(keep=screen.current_id if mark.dismissed else paper.id)
            if mark.dismissed and after is not None:  # gone from the list: the next one highlighted
                results.cursor = next((n for n, r in enumerate(results.rows) if r.paper.id == after), 0)
        else:
            results.redraw()
        screen.pane.changed(row)
        if quiet:
            return
        if what == "dismissed":
            said = "not interested (u undoes)" if mark.dismissed else "interested again"
            screen.say(f"{said}: {paper.title}")
            return
        parts = ["★ starred" if mark.starred else "not starred", "read" if mark.read else "unread"]
        said = ", ".join(parts + (["note"] if mark.note else []))
        screen.say(f"{said}: {paper.title}")

    def read(self, row: Row) -> None:
        """A paper opened counts as read (said on the paper itself)."""
        mark = self.screen.state.mark_of(row.paper)
        if not (mark and mark.read) and self.screen.loader.marks_ok:
            self.change(row, "read", True, quiet=True)

    def toggle(self, what: str) -> None:
        """s, r, x on the list: the highlighted paper's star, read, not interested."""
        row = self.screen.current
        if row is None:
            self.screen.app.bell()
        else:
            self.change(row, what)

    def undo_dismiss(self) -> None:
        """u: the latest paper marked not interested in this session, back (and highlighted)."""
        paper = self.screen.state.to_undo()
        if paper is None:
            self.screen.say("nothing to undo: no paper marked not interested in this session")
            return
        row = next((r for r in self.screen.query_one(ResultList).rows if r.paper.id == paper.id), None)
        self.change(row or Row(paper, complete=False), "dismissed", False)

    def edit_note(self, row: Row) -> None:
        from .note import NoteScreen  # imported when first used: TextArea is not needed to start

        mark = self.screen.state.mark_of(row.paper)

        def done(text: str | None) -> None:
            if text is not None:
                self.change(row, "note", text)

        self.screen.app.push_screen(NoteScreen(row.paper.title, mark.note if mark else ""), done)
