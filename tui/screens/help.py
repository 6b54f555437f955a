"""The help screen: every key binding of the reader, grouped by where it works."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets import PaperView, ResultList, SnapshotList

EXTRA = [
    ("Anywhere", "ctrl+p", "Command palette (every action below)"),
    ("Search input", "enter", "Go to the results"),
    ("Search input", "escape", "Back to the results"),
    ("Snapshots", "up/down, j/k, home/end", "Move (the results follow)"),
]


def binding_rows(app, groups: list[tuple[str, list[Binding]]]) -> list[tuple[str, str, str]]:
    rows = []
    for where, bindings in groups:
        for b in bindings:
            keys = ", ".join(app.get_key_display(Binding(k, b.action)) for k in b.key.split(","))
            rows.append((where, keys, f"{b.description}: {b.tooltip}" if b.tooltip else b.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys; any of escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        from .main import MainScreen

        groups = [
            ("Anywhere", self.app.BINDINGS),
            ("Anywhere", MainScreen.BINDINGS),
            ("Results", ResultList.BINDINGS),
            ("Paper", PaperView.BINDINGS),
            ("Snapshots", SnapshotList.BINDINGS),
        ]
        self.rows = binding_rows(self.app, groups) + EXTRA
        table = Table(title="dailypapers keys", expand=True, box=None, padding=(0, 1))
        for column in ("where", "keys", "does"):
            table.add_column(column, style="bold" if column == "keys" else "")
        for row in self.rows:
            table.add_row(*row)
        with VerticalScroll(id="help-body"):
            yield Static(table)
        yield Static("escape, q, ? or F1 closes this", id="help-hint")
