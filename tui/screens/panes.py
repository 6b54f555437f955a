"""The main screen's panes: the list over the paper (or beside it on a wide terminal), the
status under them, and the widgets hidden at first (the snapshot drawer, the trend bar, the
progress bar), mounted after the first paint: their styles and children were a third of its work;
and a confirmation said on the status line of the screen in view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widgets import ProgressBar

from ..layout import split
from ..widgets import PaperView, ResultList, SnapshotList, StatusLine, TrendBar

if TYPE_CHECKING:
    from .main import MainScreen


class Panes:
    """The main screen's layout; see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._hidden: tuple[TrendBar, SnapshotList, ProgressBar] | None = None

    def mount_hidden(self) -> tuple[TrendBar, SnapshotList, ProgressBar]:
        """Mount the widgets hidden at first (once); they are returned. Whatever uses one asks
        for it here (a screen that is closing mounts nothing: its calls go to the widgets unmounted)."""
        if self._hidden is None:
            screen = self.screen
            trend, drawer = TrendBar(id="trend"), SnapshotList(id="drawer")
            progress = ProgressBar(id="progress", show_eta=False)
            self._hidden = trend, drawer, progress
            screen.mount(trend, after="#top")
            screen.mount(drawer, after="#panes")
            screen.query_one("#statusbar").mount(progress)
            self.lay_out()
        return self._hidden

    @property
    def trend_bar(self) -> TrendBar:
        return self.mount_hidden()[0]

    @property
    def drawer(self) -> SnapshotList:
        return self.mount_hidden()[1]

    @property
    def progress(self) -> ProgressBar:
        return self.mount_hidden()[2]

    def resized(self, event: events.Resize) -> None:
        """The screen's size changed: the list and the paper shared again. Textual sends three
        resizes of the size the screen was laid out at in `on_mount`, after the first frame: each
        laid it out and drew it again; those are left out."""
        if event.size == self.screen.region.size:  # (the size laid out)
            event.prevent_default()  # (Textual's own handler, in `Screen`, not called)
        else:
            self.lay_out()

    def lay_out(self) -> None:
        screen = self.screen
        size = screen.size
        trend = screen.query(TrendBar)  # (none before the hidden widgets are mounted)
        extra = (1 if trend and trend.first().display else 0) + screen.query_one(StatusLine).lines - 1
        shape = split(size.width, size.height, extra)
        results, paper = screen.query_one(ResultList), screen.query_one(PaperView)
        for drawer in screen.query(SnapshotList):
            drawer.styles.height = max(3, size.height - 3)  # the status stays in sight
        if paper.compact == shape.side_by_side:  # one line a fact under the list, all of them beside it
            paper.compact = not shape.side_by_side
            paper.show(paper.doc, paper.placeholder, keep_scroll=True)
        if shape.side_by_side:
            results.styles.width, paper.styles.width = shape.list_size, shape.paper_size
            results.styles.height = paper.styles.height = "1fr"
        else:
            results.styles.height, paper.styles.height = shape.list_size, shape.paper_size
            results.styles.width = paper.styles.width = "1fr"

    def say(self, text: str) -> None:
        """A routine confirmation (starred, copied, saved): on the status line of the screen in
        view, replacing the one before; never a toast over the list or the paper."""
        messages = getattr(self.screen.app, "messages", None)
        if messages is not None:
            messages.append(text)
        lines = list(self.screen.app.screen.query(StatusLine)) or list(self.screen.query(StatusLine))
        for line in lines[:1]:
            line.say(text)
