"""Reading one paper, full-screen: the title, where it appeared, what the site shows (TL;DR,
organisation, keywords, links), the whole author list and the whole abstract (enter on the
list; escape or q goes back, J / K to the next or previous paper; A / O list more by an author
or from its organisation on the main screen). Above it, the paper's latest state (`tui/latest.py`:
the upvotes over time, the counts linked on the Hub), read and fetched in a worker: the screen is
drawn first and never waits on the network."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from rich.console import Group
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..commands import bindings
from ..widgets import PaperView, StatusLine

if TYPE_CHECKING:
    from ..state import Row
    from .reading import Door


class PaperScreen(Screen[None]):
    """One paper; its marks and copies are the main screen's (the same keys), asked through its
    `Door`."""

    BINDINGS = bindings("reader")
    AUTO_FOCUS = "#reader"

    def __init__(self, door: Door, row: Row) -> None:
        super().__init__()
        self.door = door
        self.row = row

    def compose(self) -> ComposeResult:
        yield Static(id="reader-state")
        yield PaperView(id="reader", full_urls=True)  # the width to write links out
        yield StatusLine(id="reader-status")  # what a key did (starred, copied)
        yield Footer()

    def on_mount(self) -> None:
        self.redraw(scroll=False)
        self.load_state()

    @work(exclusive=True, group="paper-state")
    async def load_state(self) -> None:
        """The paper's latest state: what is kept, then (when it is older than a day, and the
        config's `paper_state` allows) what the site says now; each in a thread."""
        from ..fetching import options_of
        from ..latest import cached, fetched, state_lines

        row, options, path = self.row, options_of(self.app), self.door.backend.marks.path
        if not self.door.marks_ok():  # the history lives in the marks database
            return
        self.query_one("#reader-state", Static).display = False  # (the paper before: not this one's)
        steps = [partial(cached, path, row.paper)]
        if options.paper_state:
            steps.append(partial(fetched, path, row.paper, options))
        for step in steps:
            try:
                found = await asyncio.to_thread(step)
            except Exception:  # the marks database could not be read: nothing to add
                return
            shown = state_lines(found, row.paper)
            box = self.query_one("#reader-state", Static)
            box.update(Group(*shown))
            box.display = bool(shown)

    def redraw(self, scroll: bool = True) -> None:
        self.query_one(PaperView).show(self.door.doc(self.row), keep_scroll=scroll)

    def action_close(self) -> None:
        self.dismiss()

    def action_step(self, delta: int) -> None:
        row = self.door.step(delta, self.row.paper.id)
        if row is None:
            self.app.bell()
            return
        self.row = row
        self.redraw(scroll=False)
        self.load_state()
        self.door.read(row)

    def action_mark(self, what: str) -> None:
        self.door.mark(self.row, what)

    def action_aside(self, what: str) -> None:
        """A, O: back to the main screen, listing more by an author or from the organisation; F:
        follow (the chooser over this screen)."""
        ask = {"by_author": self.door.by_author, "by_org": self.door.by_org, "follow": self.door.follow}[what]
        if what != "follow":
            self.dismiss()
        ask()

    def action_note(self) -> None:
        self.door.edit_note(self.row)

    def action_copy(self, what: str) -> None:
        self.door.copy(self.row, what)

    def action_full_text(self) -> None:
        """v: the whole text (a there comes back here)."""
        self.door.full_text(self.row)

    def action_links(self) -> None:
        self.door.show_links(self.row)
