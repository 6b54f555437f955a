"""The note editor: a free-text note on one paper (ctrl+s saves, escape cancels)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from ..render import plain

WRAP_LINES = 2000  # a longer note is not soft-wrapped (Textual wraps every line, at every resize)


class NoteScreen(ModalScreen[str | None]):
    """Edit a note; dismissed with the new text, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="note.cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Label(plain(self.paper_title, style="bold"), id="note-title")
            yield TextArea(id="note-text", soft_wrap=self.note.count("\n") < WRAP_LINES)
            yield Label(Text("ctrl+s save · escape cancel", style="dim"), id="note-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.load_text(self.note)  # once laid out: Textual wraps the whole text at each resize
        area.move_cursor(area.document.end)
        self.set_focus(area)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
