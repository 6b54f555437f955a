"""Reading one paper, full-screen: the title, where it appeared, what the site shows (TL;DR,
organisation, keywords, links), the whole author list and the whole abstract (enter on the
list; escape or q goes back, J / K to the next or previous paper; A / O list more by an author
or from its organisation on the main screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from ..commands import bindings
from ..widgets import PaperView, StatusLine

if TYPE_CHECKING:
    from ..state import Row
    from .papers import Papers


class PaperScreen(Screen[None]):
    """One paper; its marks and copies are the main screen's (the same keys)."""

    BINDINGS = bindings("reader")
    AUTO_FOCUS = "#reader"

    def __init__(self, main: Papers, row: Row) -> None:
        super().__init__()
        self.main = main
        self.row = row

    def compose(self) -> ComposeResult:
        yield PaperView(id="reader", full_urls=True)  # the width to write links out
        yield StatusLine(id="reader-status")  # what a key did (starred, copied)
        yield Footer()

    def on_mount(self) -> None:
        self.redraw(scroll=False)

    def redraw(self, scroll: bool = True) -> None:
        self.query_one(PaperView).show(self.main.doc(self.row), keep_scroll=scroll)

    def action_close(self) -> None:
        self.dismiss()

    def action_step(self, delta: int) -> None:
        row = self.main.step(delta, self.row.paper.id)
        if row is None:
            self.app.bell()
            return
        self.row = row
        self.redraw(scroll=False)
        mark = self.main.state.mark_of(row.paper)
        if not (mark and mark.read) and self.main.marks_ok:
            self.main.change_mark(row, "read", True, quiet=True)

    def action_mark(self, what: str) -> None:
        self.main.change_mark(self.row, what)

    def action_aside(self, what: str) -> None:
        """A, O: back to the main screen, listing more by an author or from the organisation; F:
        follow (the chooser over this screen)."""
        if what != "follow":
            self.dismiss()
        getattr(self.main, f"action_{what}")()

    def action_note(self) -> None:
        self.main.edit_note(self.row)

    def action_copy(self, what: str) -> None:
        self.main.copy(self.row, what)

    def action_full_text(self) -> None:
        """v: the whole text (a there comes back here)."""
        self.main.full_text(self.row)

    def action_links(self) -> None:
        self.main.show_links(self.row)
