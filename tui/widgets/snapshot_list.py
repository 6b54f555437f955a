"""The snapshots pane: "All snapshots", then each snapshot with its date and paper count."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.text import strip_controls

ALL = "\x00all"  # the option id of "All snapshots" (never a file stem)


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: str
    date: str | None
    papers: int
    problem: str | None = None


class SnapshotList(OptionList):
    """Choosing an entry changes the scope of the results."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="snapshots.down"),
        Binding("k", "cursor_up", "Up", show=False, id="snapshots.up"),
        Binding("g", "first", "First", show=False, id="snapshots.first"),
        Binding("G", "last", "Last", show=False, id="snapshots.last"),
    ]

    class ScopeChanged(Message):
        """The highlighted scope changed: a snapshot id, or None for all snapshots."""

        def __init__(self, scope: str | None) -> None:
            super().__init__()
            self.scope = scope

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.snapshots: list[SnapshotInfo] = []
        self._announced: str | None = None  # the scope last announced

    def set_snapshots(self, snapshots: list[SnapshotInfo], total: int, scope: str | None) -> None:
        """Fill the list, keeping the highlight on `scope`, without announcing a change."""
        self.snapshots = snapshots
        options = [Option(_label("All snapshots", total, None), id=ALL)]
        options += [Option(_label(s.date or s.id, s.papers, s.problem), id=s.id) for s in snapshots]
        self.clear_options()
        self.add_options(options)
        self.highlight_scope(scope)
        self._announced = self.scope

    def highlight_scope(self, scope: str | None) -> None:
        try:
            self.highlighted = self.get_option_index(scope or ALL)
        except Exception:  # unknown id: the scope vanished
            self.highlighted = 0

    @property
    def scope(self) -> str | None:
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return None if option_id == ALL else option_id

    def step(self, delta: int) -> None:
        """Move to the previous or next snapshot (wrapping past "All snapshots")."""
        count = self.option_count
        if count:
            self.highlighted = ((self.highlighted or 0) + delta) % count

    @on(OptionList.OptionHighlighted)
    def _announce(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.scope != self._announced:
            self._announced = self.scope
            self.post_message(self.ScopeChanged(self.scope))


def _label(name: str, papers: int, problem: str | None, room: int = 13) -> Text:
    """`name` clipped to `room` cells, then the paper count (or "!" for an unreadable file)."""
    name = strip_controls(name)
    text = Text(name if len(name) <= room else name[: room - 1] + "…", no_wrap=True, end="")
    text.pad_right(room - text.cell_len)
    text.append(f" {papers:>5}" if not problem else "     !", style="dim" if not problem else "red")
    return text
