"""The results list: a line-API view that renders only the lines on screen.

One line a paper, and in a list of several days one heading line a day; 100,000 rows cost no
more to show than 100. A row is its title (as much as the width allows) and a compact right
column: star and "new since the last visit" (or "not interested") marks, the date when days are
mixed, `</>` when it has code, the upvotes (or the stars or comments the list is sorted by).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..commands import bindings
from ..render import line, lines, marked, plain
from ..show import Cells
from ..state import Header, Item, Row
from .virtual import set_virtual_size


class Look(NamedTuple):
    """The list's styles, looked up once (not once a row: a lookup walks up the DOM)."""

    base: Style
    heading: Style
    over: Style  # the highlighted row
    star: Style
    new: Style
    meta: Style
    code: Style
    read: str  # a read paper's title


class ResultList(ScrollView, can_focus=True):
    """Papers and day headings; the cursor moves over papers only."""

    COMPONENT_CLASSES = {
        "result-list--cursor",
        "result-list--meta",
        "result-list--empty",
        "result-list--heading",
        "result-list--star",
        "result-list--new",
        "result-list--code",
    }
    BINDINGS = bindings("results")

    cursor: reactive[int] = reactive(0, always_update=True)  # an index into `rows`

    class Highlighted(Message):
        """The highlighted row changed (None: the list is empty)."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Chosen(Message):
        """A row was clicked a second time (as enter: read it)."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.rows: list[Row] = []
        self._line_of: list[int] = []  # row index -> line index
        self.empty_text = "Opening the library…"
        self.describe: Callable[[Row], Cells] | None = None
        self.columns = (False, False, False)  # (dates, code, counts) shown in the right column
        self._cache: dict[tuple[int, int, bool], Strip] = {}
        self._look: Look | None = None
        self.looks = 0  # styles looked up (for the tests: once per restyle, not per row)
        self.spared = 0  # layouts of the screen spared by a new height

    def set_items(self, items: list[Item], keep: str | None = None, columns=(False, False, False)) -> None:
        """Replace the list; the cursor goes to the paper `keep` if present (at the same height on
        the screen as the highlighted row was), else to the first."""
        before = self._line_of[self.cursor] - int(self.scroll_y) if self.rows else 1
        self.items, self.columns = items, columns
        self.rows = [i for i in items if isinstance(i, Row)]
        self._line_of = [n for n, i in enumerate(items) if isinstance(i, Row)]
        self._cache.clear()
        self.spared += set_virtual_size(self, Size(0, len(items)))  # (a layout spared: see `virtual`)
        index = next((n for n, r in enumerate(self.rows) if r.paper.id == keep), None) if keep else None
        height = max(1, self.scrollable_content_region.height)
        top = 0
        if index is not None:
            at = self._line_of[index]
            top = at - max(0, min(before, height - 1))
            if at and isinstance(items[at - 1], Header):
                top = min(top, at - 1)  # its day's heading in sight
        self.scroll_to(y=max(0, min(top, len(items) - height)), animate=False)
        self.cursor = index or 0

    def redraw(self) -> None:
        """Draw every line again (marks changed)."""
        self._cache.clear()
        self.refresh()

    @property
    def current(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def rendered_lines(self) -> int:
        return len(self._cache)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        lines = {self._line_of[i] for i in (old, new) if 0 <= i < len(self._line_of)}
        self._cache = {k: v for k, v in self._cache.items() if k[0] not in lines}
        self.refresh()
        if self.rows:
            at = self._line_of[new]
            if new == 0:
                self.scroll_to(y=0, animate=False)  # the first day's heading stays in sight
            else:
                self.scroll_to_region(Region(0, at, 1, 1), animate=False, force=True)
        self.post_message(self.Highlighted(self.current))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(0, len(self.items))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        if not self.items:  # what to do next, wrapped: it may name a path and a command
            style = self.rich_style + self.get_component_rich_style("result-list--empty")
            said = lines(self.app.console, plain(self.empty_text), max(1, width - 2), style)
            if y < len(said):
                return Strip.join([Strip.blank(1, style), said[y], Strip.blank(1, style)])
            return Strip.blank(width, self.rich_style)
        if index >= len(self.items):
            return Strip.blank(width, self.rich_style)
        key = (index, width, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._render_item(index, width)
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look = None  # (a theme, the focus, a class of the app: the styles again)
        self._cache.clear()

    def look(self) -> Look:
        if self._look is None:
            self.looks += 1
            style = self.get_component_rich_style
            cursor = style("result-list--cursor")
            few = self.app.has_class("-few-colours")  # its own colour too: 4.5:1 in 16 colours
            over = Style(  # the selection stays visible over every part of the row
                color=cursor.color if few else None,
                bgcolor=cursor.bgcolor,
                bold=cursor.bold,
                reverse=cursor.reverse,
            )
            # Read: dim, or italic without colour (Textual draws dim as a shade of grey there).
            read = "italic" if self.app.no_color else "dim"
            base = self.rich_style
            heading, star, new = (style(f"result-list--{n}") for n in ("heading", "star", "new"))
            meta, code = style("result-list--meta"), style("result-list--code")
            self._look = Look(base, base + heading, over, star, new, meta, code, read)
        return self._look

    def _render_item(self, index: int, width: int) -> Strip:
        item = self.items[index]
        console, look = self.app.console, self.look()
        if isinstance(item, Header):
            count = f"{item.count} paper{'s' if item.count != 1 else ''}"
            return line(console, plain(f" {item.label} · {count}"), width, look.heading)
        over = look.over if self.current is item else None
        cells = self.describe(item) if self.describe else Cells("", "", "", False, False)
        right = Text(end="")
        for mark, style in zip(cells.marks.ljust(2), (look.star, look.new), strict=True):
            right.append(mark, style=style)
        dates, code, counts = self.columns
        if dates:
            right.append(f" {cells.date:>8}", style=look.meta)
        if code:
            right.append(" </>" if cells.code else "    ", style=look.code)
        if counts:
            right.append(f" {cells.count:>5}", style=look.meta)
        room = max(4, width - 2 - right.cell_len)
        title = marked(item.paper.title, item.title_spans, base=look.read if cells.dim else "")
        title.truncate(room, overflow="ellipsis", pad=True)
        row = Text(" ", end="")
        row.append_text(title)
        row.append(" ")
        row.append_text(right)
        return line(console, row, width, look.base, over)

    # -- moving ------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.cursor += delta

    def action_jump(self, index: int) -> None:
        self.cursor = index if index >= 0 else len(self.rows) - 1

    def action_page(self, direction: int) -> None:
        if not self.rows:
            return
        step = max(1, self.scrollable_content_region.height - 1)
        target = self._line_of[self.cursor] + direction * step
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)
        after = [n for n, at in enumerate(self._line_of) if (at >= target if direction > 0 else at <= target)]
        self.cursor = (after[0] if direction > 0 else after[-1]) if after else (-1 if direction > 0 else 0)
        if direction > 0 and not after:
            self.cursor = len(self.rows) - 1

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self.items) and isinstance(self.items[index], Row):
            row = self._line_of.index(index)
            if row == self.cursor:
                self.post_message(self.Chosen(self.rows[row]))
            self.cursor = row

    def on_focus(self) -> None:
        self.redraw()

    def on_blur(self) -> None:
        self.redraw()
