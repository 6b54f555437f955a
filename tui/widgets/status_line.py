"""The status line: papers shown, scope, order, search time, did-you-mean and notes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from index.text import strip_controls


class StatusLine(Static):
    """One line of state; text from the query is shown as data, never markup."""

    def show(self, parts: list[str], suggestion: str | None = None, notes: list[str] | tuple = ()) -> None:
        text = Text(" · ".join(strip_controls(p) for p in parts if p), no_wrap=True, overflow="ellipsis")
        if suggestion:
            text.append("  did you mean: ", style="bold")
            text.append(strip_controls(suggestion), style="bold underline")
        for note in notes:
            text.append("  ⚠ " + strip_controls(note), style="italic")
        self.update(text, layout=False)  # one line, sized by CSS: no layout pass of the screen
