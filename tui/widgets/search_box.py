"""The search input across the top."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input

from .virtual import set_virtual_size


class SearchBox(Input):
    """Typing here searches as you type; single-letter keys never act as commands here."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="/ search", **kwargs)
        self.spared = 0  # layouts of the screen spared by a keystroke (see `virtual`)

    def _watch_value(self, value: str) -> None:
        # Input sets its width to the text's here: a layout of the screen on every keystroke.
        # Set first by a repaint, Input's own setting is then no change.
        self.spared += set_virtual_size(self, Size(self.content_width, 1))
        super()._watch_value(value)
