"""A paper's full text, painted a line at a time (Textual's line API: a 40-page paper paints
only the lines on screen). The text is the engine's lines (`fulltext.FullTextState`), plain
strings: painted as segments, never read as markup."""

from __future__ import annotations

import textwrap

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from ..commands import bindings
from ..fulltext import FullTextState
from .keyscroll import KeyScroll


class FullTextView(KeyScroll, can_focus=True):
    """Scrolls the full text; `message` (one line) stands instead while it loads or when there is none."""

    COMPONENT_CLASSES = {
        "full-text--heading",
        "full-text--math",
        "full-text--figure",
        "full-text--table",
        "full-text--match",
        "full-text--message",
    }
    BINDINGS = bindings("fulltext-view")

    class Scrolled(Message):
        """The text moved (the status line says where it is)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state: FullTextState | None = None
        self.message = ""

    def show(self, state: FullTextState | None, message: str = "", top: int | None = None) -> None:
        """Show the text (at `top`, else where it opens), or one line instead."""
        self.state, self.message = state, message
        if state is not None and state.width != self.text_width:  # (its place kept, as laid out before)
            state.opening = state.lay_out(self.text_width, place=state.at, enough=state.enough)
        self._sized()
        line = top if top is not None or state is None else state.opening
        self.call_after_refresh(self.go, line or 0)  # (once laid out: the size known, the top reachable)
        self.refresh()

    def grown(self) -> None:
        """More of the text was laid out (below what was)."""
        self._sized()
        self.refresh()

    def _ahead(self, lines: int) -> None:
        """Lay out the rest now when the text is to move past what is laid out."""
        state = self.state
        if state is not None and not state.done and self.top + lines + self.size.height >= len(state.lines):
            state.complete()
            self.grown()

    def action_scroll_down(self) -> None:
        self._ahead(1)
        super().action_scroll_down()

    def action_page_down(self) -> None:
        self._ahead(self.size.height)
        super().action_page_down()

    def action_scroll_end(self) -> None:
        self._ahead(len(self.state.lines) if self.state else 0)
        super().action_scroll_end()

    @property
    def text_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1)

    @property
    def top(self) -> int:
        return round(self.scroll_offset.y)

    def _sized(self) -> None:
        count = len(self.state.lines) if self.state else 1
        self.virtual_size = Size(self.text_width, count)

    def on_resize(self) -> None:
        if self.state is not None and self.state.width != self.text_width:
            top = self.state.lay_out(self.text_width, self.top)
            self._sized()
            self.scroll_to(y=top, animate=False, immediate=True)
        self.refresh()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.post_message(self.Scrolled())

    def go(self, line: int) -> None:
        """Put this line at the top (forced: its scroll bar may not be there yet, the text just shown)."""
        self.scroll_to(y=line, animate=False, immediate=True, force=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        n = self.top + y
        state = self.state
        if state is None:  # the message, wrapped
            said = textwrap.wrap(self.message, max(10, width - 1))
            if y >= len(said):
                return Strip.blank(width, base)
            style = base + self.get_component_rich_style("full-text--message")
            return Strip([Segment(said[y], style)]).adjust_cell_length(width, base)
        if n >= len(state.lines):
            return Strip.blank(width, base)
        line = state.lines[n]
        style = base
        if line.kind in ("heading", "math", "figure", "table"):
            style = base + self.get_component_rich_style(f"full-text--{line.kind}")
        text = line.text
        needle = state.word.lower()
        if not needle or needle not in text.lower():
            return Strip([Segment(text, style)]).adjust_cell_length(width, base)
        mark = style + self.get_component_rich_style("full-text--match")
        if n == state.current:
            mark += Style(reverse=True)
        segments, at, low = [], 0, text.lower()
        while (found := low.find(needle, at)) >= 0:
            segments += [Segment(text[at:found], style), Segment(text[found : found + len(needle)], mark)]
            at = found + len(needle)
        segments.append(Segment(text[at:], style))
        return Strip(segments).adjust_cell_length(width, base)
