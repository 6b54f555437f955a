"""The paper pane: title, where it appeared, metadata, and the abstract with query matches."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from index import Paper
from index.marks import Mark

from ..render import MATCH, mark_text, marked, meta_lines

Spans = list[tuple[int, int]]
SpanFinder = Callable[[str, str], Spans]  # (field, text) -> match spans
_TAG = "dailypapers-match"  # marks matches so they can be found again after wrapping


class PaperView(VerticalScroll, can_focus=True):
    """Shows one paper; `n`/`N` jump between the query's matches."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="paper.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="paper.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="paper.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="paper.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="paper.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="paper.bottom"),
        Binding("n", "match(1)", "Next match", id="paper.next_match"),
        Binding("N", "match(-1)", "Previous match", id="paper.previous_match"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.paper: Paper | None = None
        self._finder: SpanFinder | None = None
        self._match_lines: list[int] = []
        self._match = -1
        self._width = 0
        self._placeholder = "Nothing to show."
        self._pending = False
        self.mark: Mark | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="paper-text")

    def show(
        self,
        paper: Paper | None,
        finder: SpanFinder | None = None,
        placeholder: str = "",
        pending: bool = False,
        mark: Mark | None = None,
    ) -> None:
        """Show a paper (or a placeholder) and its mark; `finder` gives the spans to highlight.

        `pending`: the abstract is still being fetched.
        """
        self.paper, self._finder, self._pending, self.mark = paper, finder, pending, mark
        self._placeholder = placeholder or "Nothing to show."
        self._match = -1
        self._render_paper()
        self.scroll_home(animate=False)

    def set_mark(self, mark: Mark | None) -> None:
        """The paper's mark changed (saved): show it, keeping the scroll position."""
        self.mark = mark
        self._render_paper()

    def _render_paper(self) -> None:
        width = max(10, self.scrollable_content_region.width)
        self._width = width
        text_widget = self.query_one("#paper-text", Static)
        if self.paper is None:
            text_widget.update(Text(self._placeholder, style="italic"))
            self._match_lines = []
            return
        paper, find = self.paper, self._finder or (lambda field, text: [])
        tag = Style(bold=True, meta={_TAG: True}) + MATCH
        body = marked(paper.title, find("title", paper.title), tag)
        body.stylize(Style(bold=True, link=paper.url) if paper.url else "bold", 0, len(body))
        for line in meta_lines(paper):
            body.append("\n")
            body.append(line, style="dim")
        body.append_text(mark_text(self.mark))
        body.append("\n\n")
        body.append_text(
            marked(
                paper.abstract or ("…" if self._pending else "(no abstract)"),
                find("abstract", paper.abstract),
                tag,
            )
        )
        lines = body.wrap(self.app.console, width, overflow="fold")
        self._match_lines = [
            n for n, line in enumerate(lines) if any(s.style and _is_match(s.style) for s in line.spans)
        ]
        text_widget.update(Text("\n").join(lines))

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._render_paper()

    @property
    def match_count(self) -> int:
        return len(self._match_lines)

    def action_match(self, step: int) -> None:
        if not self._match_lines:
            self.app.bell()
            return
        self._match = (self._match + step) % len(self._match_lines)
        self.scroll_to(y=max(0, self._match_lines[self._match] - 2), animate=False)


def _is_match(style: Style | str) -> bool:
    return isinstance(style, Style) and bool(style.meta.get(_TAG))
