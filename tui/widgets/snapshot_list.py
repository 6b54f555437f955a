"""The snapshot list (a drawer, ctrl+b): all snapshots, the starred papers, the saved searches,
then each day, newest first, with its paper count. Highlighting an entry shows it in the list
behind; enter closes the drawer."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index import SavedSearch, strip_controls

from ..commands import bindings
from ..days import Day

ALL = "\x00all"  # option ids that are never a file stem
STARRED = "\x00starred"
SAVED = "\x00search:"  # + the saved search's name


class SnapshotList(OptionList):
    """Entries: "All snapshots", "★ Starred", the saved searches, then the days, newest first."""

    BINDINGS = bindings("drawer")

    class Highlighted(Message):
        """An entry was highlighted: an option id (a day's id, ALL, STARRED or SAVED + name)."""

        def __init__(self, entry: str, search: SavedSearch | None) -> None:
            super().__init__()
            self.entry = entry
            self.search = search

    class Done(Message):
        """Enter: the entry is chosen, the drawer can close."""

    class DeleteSearch(Message):
        def __init__(self, search: SavedSearch) -> None:
            super().__init__()
            self.search = search

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.days: list[Day] = []
        self.searches: dict[str, SavedSearch] = {}
        self.starred = 0
        self.total = 0
        self._announced = ALL  # the entry last announced or chosen in code (never announced again)

    def fill(
        self,
        days: list[Day] | None = None,
        total: int | None = None,
        searches: list[SavedSearch] | None = None,
        starred: int | None = None,
    ) -> None:
        """Refill (parts not given stay), keeping the highlighted entry, without announcing it."""
        if days is not None:
            self.days = days
        if total is not None:
            self.total = total
        if searches is not None:
            self.searches = {s.name: s for s in searches}
        if starred is not None:
            self.starred = starred
        self._relabel()

    def _relabel(self) -> None:
        chosen = self.chosen
        room = max(12, self.scrollable_content_region.width - 2)
        entries = [(ALL, "All snapshots", f"{self.total:,}"), (STARRED, "★ Starred", f"{self.starred:,}")]
        entries += [(SAVED + s.name, "⌕ " + s.name, "") for s in self.searches.values()]
        entries += [(d.id, d.label, d.count.replace(" papers", "")) for d in reversed(self.days)]
        options = []
        for entry, name, count in entries:
            label = Text(strip_controls(name), no_wrap=True, overflow="ellipsis", end="")
            label.truncate(max(4, room - len(count) - 1), overflow="ellipsis", pad=True)
            label.append(" " + count, style="dim" if count != "unreadable" else "red")
            options.append(Option(label, id=entry))
        self.clear_options()
        self.add_options(options)
        self.choose(chosen)

    def on_resize(self, event: events.Resize) -> None:
        self._relabel()

    def choose(self, entry: str | None) -> None:
        """Highlight an entry by its option id, without announcing it."""
        try:
            self.highlighted = self.get_option_index(entry or ALL)
        except Exception:  # the entry is gone: the first
            self.highlighted = 0 if self.option_count else None
        self._announced = self.chosen

    @property
    def chosen(self) -> str:
        if self.highlighted is None or not self.option_count:
            return ALL
        return self.get_option_at_index(self.highlighted).id or ALL

    @property
    def saved_search(self) -> SavedSearch | None:
        chosen = self.chosen
        return self.searches.get(chosen[len(SAVED) :]) if chosen.startswith(SAVED) else None

    @on(OptionList.OptionHighlighted)
    def _announce(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.chosen != self._announced:  # moved by the user, not by `choose`
            self._announced = self.chosen
            self.post_message(self.Highlighted(self.chosen, self.saved_search))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Done())

    def action_choose(self) -> None:
        self.post_message(self.Done())

    def action_delete_search(self) -> None:
        search = self.saved_search
        if search is None:
            self.app.bell()
        else:
            self.post_message(self.DeleteSearch(search))
