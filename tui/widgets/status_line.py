"""The status line: a routine confirmation (starred, copied, saved: one at a time, the next
replaces it), the count, where a search looked, the order and filter, the search time, a
did-you-mean, notes.

What fits is chosen by `status.fit`; an urgent part that does not fit (a long did-you-mean, a
note about the query) goes on a second line of its own, wrapped: never cut, never a toast over
the list or the paper."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text
from textual import events
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from dailypapers.index import strip_controls

from ..status import SEPARATOR, Part, fit

SAID_FOR = 4.0  # seconds a confirmation stays (unless the next one replaces it)


class StatusLine(Static):
    """One line of state (two with an urgent part that does not fit); text from the query and
    from papers is shown as data, never markup."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.parts: list[Part] = []
        self.shown = ""  # the text on the line (for tests and the tmux e2e)
        self.said = ""  # the confirmation shown first
        self._timer: Timer | None = None
        self._lines = 1

    def show(self, parts: list[Part]) -> None:
        self.parts = parts
        self._draw()

    def say(self, text: str, seconds: float = SAID_FOR) -> None:
        """A routine confirmation at the head of the line, until the next one or `seconds`."""
        self.said = strip_controls(text)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, self._unsay)
        self._draw()

    def _unsay(self) -> None:
        self.said, self._timer = "", None
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.content_region.width or 80
        parts = list(self.parts)
        if self.said:  # what was done first; what it was done to (after ": ") when there is room
            done, _, what = self.said.partition(": ")
            said = Text(done, end="")
            said.truncate(max(1, width - 1), overflow="ellipsis")
            parts[:0] = [Part(said.plain, priority=-1, style="bold")]
            if what:
                parts[1:1] = [Part(what, priority=6, style="italic")]
        chosen, left_out = fit(parts, width)
        text = Text(no_wrap=True, overflow="ellipsis", end="")  # one line, never wrapped
        for n, (form, part) in enumerate(chosen):
            if n:
                text.append(SEPARATOR, style="dim")
            text.append(strip_controls(form), style=part.style)
        more = Text(SEPARATOR.join(strip_controls(p.text) for p in left_out), style="bold", end="")
        self.shown = text.plain + ("\n" + more.plain if left_out else "")
        # The urgent parts with no room: lines of their own under it, wrapped.
        lines = 1 + (-(-cell_len(more.plain) // max(1, width)) if left_out else 0)
        self.update(Group(text, more) if left_out else text, layout=lines != self._lines)
        if lines != self._lines:
            self._lines = lines
            self.post_message(self.Resized())

    class Resized(Message):
        """The line grew or shrank (an urgent part with no room): the screen lays out again."""

    @property
    def lines(self) -> int:
        return self._lines

    @property
    def pending(self) -> bool:
        """Nothing waits to be shown (kept for the tests' idle check)."""
        return False
