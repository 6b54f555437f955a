"""The snapshots pane: "All snapshots", then each snapshot with its date and paper count."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.marks import SavedSearch
from index.text import strip_controls

ALL = "\x00all"  # the option id of "All snapshots" (never a file stem)
STARRED = "\x00starred"
SAVED = "\x00search:"  # + the saved search's name


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: str
    date: str | None
    papers: int
    problem: str | None = None


class SnapshotList(OptionList):
    """Choosing an entry changes the scope of the results.

    Entries: "All snapshots", "Starred", the saved searches, then each snapshot.
    """

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
        self.searches: dict[str, SavedSearch] = {}
        self.starred = 0
        self.total = 0
        self._announced: str | None = None  # the option id last announced

    def set_snapshots(
        self,
        snapshots: list[SnapshotInfo] | None = None,
        total: int | None = None,
        searches: list[SavedSearch] | None = None,
        starred: int | None = None,
    ) -> None:
        """Refill the list (parts not given stay), keeping the highlight, without announcing."""
        chosen = self.chosen
        if snapshots is not None:
            self.snapshots = snapshots
        if total is not None:
            self.total = total
        if searches is not None:
            self.searches = {s.name: s for s in searches}
        if starred is not None:
            self.starred = starred
        options = [
            Option(_label("All snapshots", self.total, None), id=ALL),
            Option(_label("★ Starred", self.starred, None), id=STARRED),
        ]
        options += [
            Option(_label("⌕ " + s.name, None, None), id=SAVED + s.name) for s in self.searches.values()
        ]
        options += [Option(_label(s.date or s.id, s.papers, s.problem), id=s.id) for s in self.snapshots]
        self.clear_options()
        self.add_options(options)
        self.choose(chosen)
        self._announced = self.chosen

    def choose(self, option_id: str | None) -> None:
        """Highlight an entry by option id (a snapshot id; None for all snapshots)."""
        try:
            self.highlighted = self.get_option_index(option_id or ALL)
        except Exception:  # unknown id: the entry vanished
            self.highlighted = 0

    def highlight_scope(self, scope: str | None) -> None:
        self.choose(scope)

    @property
    def chosen(self) -> str:
        """The option id of the highlighted entry."""
        if self.highlighted is None or not self.option_count:
            return ALL
        return self.get_option_at_index(self.highlighted).id or ALL

    @property
    def saved_search(self) -> SavedSearch | None:
        chosen = self.chosen
        return self.searches.get(chosen[len(SAVED) :]) if chosen.startswith(SAVED) else None

    @property
    def starred_only(self) -> bool:
        return self.chosen == STARRED

    @property
    def scope(self) -> str | None:
        """The snapshot the results come from (None: all; a saved search's own scope)."""
        chosen = self.chosen
        if chosen in (ALL, STARRED):
            return None
        if chosen.startswith(SAVED):
            saved = self.saved_search
            return saved.scope if saved else None
        return chosen

    def step(self, delta: int) -> None:
        """Move to the previous or next snapshot (wrapping past "All snapshots"; other entries skipped)."""
        stops = [ALL, *(s.id for s in self.snapshots)]
        here = stops.index(self.chosen) if self.chosen in stops else 0
        self.choose(stops[(here + delta) % len(stops)])

    @on(OptionList.OptionHighlighted)
    def _announce(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.chosen != self._announced:
            self._announced = self.chosen
            self.post_message(self.ScopeChanged(self.scope))


def _label(name: str, papers: int | None, problem: str | None, room: int = 13) -> Text:
    """`name` clipped to `room` cells, then the paper count (or "!" for an unreadable file)."""
    name = strip_controls(name)
    text = Text(name if len(name) <= room else name[: room - 1] + "…", no_wrap=True, end="")
    text.pad_right(room - text.cell_len)
    if papers is not None or problem:
        text.append(f" {papers:>5}" if not problem else "     !", style="dim" if not problem else "red")
    return text
