"""The scope, on the top line beside the search input: "‹ Thu 21 Aug 2026 · newest ›"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from dailypapers.index import strip_controls


class ScopeBar(Static):
    """Which papers the list holds; the arrows say whether `[` / `]` lead anywhere (dim: not)."""

    shown: tuple[str, bool, bool] = ("", False, False)  # the text on the bar, its arrows

    def show(self, label: str, older: bool, newer: bool, short: str | None = None) -> None:
        """`short`: the label for a narrow screen (when the long one would not fit)."""
        room = self.app.size.width // 2 - 6
        if short is not None and len(label) > room:
            label = short
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if not label:
            self.shown = ("", False, False)
            self.update(text)
            return
        text.append("‹ ", style="bold" if older else "dim")  # dim: `[` or `]` leads nowhere
        text.append(strip_controls(label), style="bold")
        text.append(" ›", style="bold" if newer else "dim")
        if (text.plain, older, newer) == self.shown:
            return  # (each keystroke's results: no layout pass of the screen for the same text)
        self.shown = (text.plain, older, newer)
        self.update(text)
