"""The scope, on the top line beside the search input: "‹ Thu 21 Aug 2026 · newest ›"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from index import strip_controls


class ScopeBar(Static):
    """Which papers the list holds; the arrows say whether `[` / `]` lead anywhere."""

    shown = ""  # the text on the bar

    def show(self, label: str, older: bool, newer: bool, short: str | None = None) -> None:
        """`short`: the label for a narrow screen (when the long one would not fit)."""
        room = self.app.size.width // 2 - 6
        if short is not None and len(label) > room:
            label = short
        shown = ("‹ " if older else "  ") + strip_controls(label) + (" ›" if newer else "  ")
        if shown == self.shown:
            return  # (each keystroke's results: no layout pass of the screen for the same text)
        self.shown = shown
        self.update(Text(shown, style="bold", no_wrap=True, overflow="ellipsis", end=""))
