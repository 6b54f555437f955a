"""The snapshot list (a drawer, b): what is new since the last visit, the picks for you, all
snapshots, the starred papers, the follows and saved searches, then the days newest first under
their months and weeks (the entries are `tui/entries.py`'s). Highlighting an entry shows it in
the list behind; enter closes the drawer; d unfollows a follow or deletes a saved search."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..commands import bindings
from ..entries import ALL_ID, FOLLOW_ID, SAVED_ID, Entry
from ..render import plain


class SnapshotList(OptionList):
    """One line an entry: its name (indented under its month and week), what is new, its count."""

    BINDINGS = bindings("drawer")

    class Highlighted(Message):
        """An entry was highlighted by the user: its id (`tui/entries.py`)."""

        def __init__(self, entry: str) -> None:
            super().__init__()
            self.entry = entry

    class Done(Message):
        """Enter: the entry is chosen, the drawer can close."""

    class Delete(Message):
        """d on a follow or a saved search: its entry id."""

        def __init__(self, entry: str) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[Entry] = []
        self._announced = ALL_ID  # the entry last announced or chosen in code (never announced again)

    def fill(self, entries: list[Entry]) -> None:
        """Refill, keeping the highlighted entry, without announcing it."""
        self.entries = entries
        self._relabel()

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def _relabel(self) -> None:
        chosen = self.chosen
        room = max(12, self.scrollable_content_region.width - 2)
        options = []
        for e in self.entries:
            label = plain("  " * e.indent + e.label, no_wrap=True, overflow="ellipsis", end="")
            if e.heading:
                label.stylize("bold dim")
                options.append(Option(label, id=e.id, disabled=True))
                continue
            right = Text(end="")
            if e.new:
                right.append(" " + e.new, style="bold")
                right.append(" ·" if e.count else "", style="dim")
            if e.count:
                right.append(" " + e.count, style="red" if e.unreadable else "dim")
            label.truncate(max(4, room - right.cell_len), overflow="ellipsis", pad=True)
            label.append_text(right)
            options.append(Option(label, id=e.id))
        self.clear_options()
        self.add_options(options)
        self.choose(chosen)

    def on_resize(self, event: events.Resize) -> None:
        self._relabel()

    def choose(self, entry: str | None) -> None:
        """Highlight an entry by its id, without announcing it."""
        try:
            self.highlighted = self.get_option_index(entry or ALL_ID)
        except Exception:  # the entry is gone: all snapshots
            try:
                self.highlighted = self.get_option_index(ALL_ID)
            except Exception:
                self.highlighted = 0 if self.option_count else None
        self._announced = self.chosen

    @property
    def chosen(self) -> str:
        if self.highlighted is None or not self.option_count:
            return ALL_ID
        return self.get_option_at_index(self.highlighted).id or ALL_ID

    @on(OptionList.OptionHighlighted)
    def _announce(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.chosen != self._announced:  # moved by the user, not by `choose`
            self._announced = self.chosen
            self.post_message(self.Highlighted(self.chosen))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Done())

    def action_choose(self) -> None:
        self.post_message(self.Done())

    def action_delete(self) -> None:
        if self.chosen.startswith((FOLLOW_ID, SAVED_ID)):
            self.post_message(self.Delete(self.chosen))
        else:
            self.app.bell()
