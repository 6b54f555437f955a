"""The results pane: a line-API list that renders only the rows on screen.

One row a paper; 100,000 rows cost no more to show than 100 (`OptionList`
builds every row up front, and takes seconds at that size).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index import Paper

from ..render import marked, row_label


@dataclass(slots=True)
class Row:
    """A result: the paper, the matched terms (for highlighting) and the title's match spans."""

    paper: Paper
    terms: frozenset = frozenset()
    title_spans: tuple[tuple[int, int], ...] = ()
    complete: bool = True  # False: a catalogue entry, its abstract and metadata still to fetch


class ResultList(ScrollView, can_focus=True):
    """Search results or a scope's papers in page order."""

    COMPONENT_CLASSES = {"result-list--cursor", "result-list--meta", "result-list--empty"}
    BINDINGS = [
        Binding("down,j", "move(1)", "Down", show=False, id="results.down"),
        Binding("up,k", "move(-1)", "Up", show=False, id="results.up"),
        Binding("home,g", "jump(0)", "First", show=False, id="results.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="results.last"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="results.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="results.page_up"),
        Binding("enter", "select", "Read", id="results.select"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The highlighted row changed (row is None when the list is empty)."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        """Enter on a row."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self.scope: str | None = None
        self.empty_text = "No papers."
        # Marks shown before each title (star, new) and whether the title is dimmed (read).
        self.decorate: Callable[[Paper], tuple[Text, bool]] | None = None
        self._cache: dict[tuple[int, int, bool], Strip] = {}

    def set_rows(self, rows: list[Row], scope: str | None, keep: str | None = None) -> None:
        """Replace the rows; the cursor goes to the paper `keep` if present, else the first row."""
        self.rows = rows
        self.scope = scope
        self._cache.clear()
        self.virtual_size = Size(0, len(rows))  # no horizontal scrolling: rows fit the width
        index = next((i for i, r in enumerate(rows) if r.paper.id == keep), 0) if keep else 0
        self.scroll_to(y=0, animate=False)
        self.cursor = index
        self.refresh()

    def redraw(self) -> None:
        """Draw every row again (marks changed)."""
        self._cache.clear()
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache = {k: v for k, v in self._cache.items() if k[0] not in (old, new)}
        self.refresh()
        if self.rows:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)
        self.post_message(self.Highlighted(self.current))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(0, len(self.rows))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        if not self.rows:
            if y == 0:
                text = Text(self.empty_text, style=self.get_component_rich_style("result-list--empty"))
                return Strip(list(text.render(self.app.console)), text.cell_len).crop_extend(
                    0, width, self.rich_style
                )
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        key = (index, width, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._render_row(index, width)
        return strip

    def _render_row(self, index: int, width: int) -> Strip:
        row = self.rows[index]
        selected = index == self.cursor
        base = (
            self.rich_style + self.get_component_rich_style("result-list--cursor")
            if selected
            else self.rich_style
        )
        meta = row_label(row.paper, self.scope)
        flags, dim = self.decorate(row.paper) if self.decorate else (Text(""), False)
        room = max(4, width - len(meta) - 2 - flags.cell_len)
        title = marked(row.paper.title, row.title_spans, base="dim" if dim else "")
        title.no_wrap = True
        if title.cell_len > room:
            title.truncate(room - 1)
            title.append("…")
        title.pad_right(room - title.cell_len)
        line = Text(" ", end="")
        line.append_text(flags)
        line.append_text(title)
        line.append(" ")
        line.append(
            meta.rjust(width - room - 2 - flags.cell_len),
            style=self.get_component_rich_style("result-list--meta"),
        )
        segments = [
            Segment(s.text, base + s.style if s.style else base) for s in line.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base).simplify()

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self.cursor += direction * step
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.rows):
            if index == self.cursor:
                self.action_select()
            self.cursor = index

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()
