"""The status line: the count, the order and filter, the search time, a did-you-mean, notes.

What fits is chosen by `status.fit`; an urgent part that does not fit (a did-you-mean, a note
about the query) is shown as a notification instead of being cut."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.timer import Timer
from textual.widgets import Static

from dailypapers.index import strip_controls

from ..status import SEPARATOR, Part, fit

NOTIFY_AFTER = 0.6  # seconds a message that does not fit stays before it is notified


class StatusLine(Static):
    """One line of state; text from the query is shown as data, never markup."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.parts: list[Part] = []
        self.shown = ""  # the text on the line (for tests and the tmux e2e)
        self._left_out: set[str] = set()  # urgent parts with no room, not yet notified
        self._notified: set[str] = set()
        self._timer: Timer | None = None

    def show(self, parts: list[Part]) -> None:
        self.parts = parts
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or 80
        chosen, left_out = fit(self.parts, width)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for n, (form, part) in enumerate(chosen):
            if n:
                text.append(SEPARATOR, style="dim")
            text.append(strip_controls(form), style=part.style)
        self.shown = text.plain
        left = {p.text for p in left_out}
        if left != self._left_out:  # notified once it stays a moment: not once per keystroke
            self._left_out = left
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(NOTIFY_AFTER, self._notify) if left - self._notified else None
        self.update(text, layout=False)  # one line, sized by CSS: no layout pass of the screen

    @property
    def pending(self) -> bool:
        """A notification is waiting to be shown."""
        return self._timer is not None

    def _notify(self) -> None:
        self._timer = None
        for message in sorted(self._left_out - self._notified):
            self.notify(message, timeout=8)  # (the app's notify sanitises)
        self._notified = set(self._left_out)
