"""The search input across the top."""

from __future__ import annotations

from textual.widgets import Input


class SearchBox(Input):
    """Typing here searches as you type; single-letter keys never act as commands here."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="/ search", **kwargs)
