"""The scope, on the top line beside the search input: "‹ Thu 21 Aug 2026 · newest ›"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from index.text import strip_controls


class ScopeBar(Static):
    """Which papers the list holds; the arrows say whether `[` / `]` lead anywhere."""

    def show(self, label: str, older: bool, newer: bool) -> None:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("‹ " if older else "  ", style="bold")
        text.append(strip_controls(label), style="bold")
        text.append(" ›" if newer else "  ", style="bold")
        self.update(text)
