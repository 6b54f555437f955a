"""The dailypapers reader: a Textual app over the index/ engine."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from index.marks import Marks

from .backend import Backend
from .screens import HelpScreen, MainScreen
from .screens.reading import EXPORTS

if TYPE_CHECKING:
    from index import PaperIndex


class DailyPapersApp(App[int]):
    """Browse and search snapshots of Hugging Face Daily Papers."""

    CSS_PATH = "app.tcss"
    TITLE = "dailypapers"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_anywhere"),
    ]

    def __init__(
        self,
        pix: PaperIndex | Callable[[], PaperIndex],
        notices: Iterable[str] = (),
        marks: Marks | None = None,
    ) -> None:
        super().__init__()
        self.backend = Backend(pix, marks or Marks())
        self.notices = list(notices)

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.backend))
        for notice in self.notices:
            self.notify(notice, markup=False)

    def on_unmount(self) -> None:
        self.backend.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every reader action, with its key."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        actions = [
            ("Search", "Focus the search input (/)", screen.action_focus_search),
            ("All snapshots", "Show papers from every snapshot (a)", screen.action_all_snapshots),
            ("Next snapshot", "Scope to the next snapshot (])", lambda: screen.action_snapshot(1)),
            ("Previous snapshot", "Scope to the previous snapshot ([)", lambda: screen.action_snapshot(-1)),
            ("Cycle order", "Relevance, page order, newest first (o)", screen.action_cycle_order),
            (
                "Toggle snapshots pane",
                "Show or hide the snapshot list (ctrl+b)",
                screen.action_toggle_snapshots,
            ),
            ("Star", "Star or unstar the paper (s)", screen.action_toggle_star),
            ("Read", "Mark the paper read or unread (r)", screen.action_toggle_read),
            ("Note", "Edit the paper's note (e)", screen.action_edit_note),
            ("Filter", "All, new, unread, starred papers (f)", screen.action_cycle_filter),
            ("Related papers", "Papers most like this one (m; escape goes back)", screen.action_related),
            ("Trend", "Matches per snapshot for the query (t)", screen.action_toggle_trend),
            ("Copy title and link", "To the clipboard with OSC 52 (y)", lambda: screen.action_copy("link")),
            ("Copy abstract", "To the clipboard with OSC 52 (Y)", lambda: screen.action_copy("abstract")),
            ("Save search", "Name the query and scope (S)", screen.action_save_search),
            ("Keys", "Show every key binding (? or F1)", self.action_help),
        ]
        for fmt, name in EXPORTS.items():
            for which, what in (("starred", "the starred papers"), ("result", "the papers listed")):
                actions.append(
                    (
                        f"Export {which} as {name}",
                        f"Write {what} to a file",
                        partial(screen.export_papers, which, fmt),
                    )
                )
        for title, help_text, callback in actions:
            yield SystemCommand(title, help_text, callback)
