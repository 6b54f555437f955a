"""Work that waits for the terminal: callbacks run once the next frame handed to Textual's terminal
driver has been written to the terminal.

Textual's driver hands each frame to a writer thread. Started at once, the reader's after-paint
work (mounting the hidden widgets, the marks, the library and the index thread it starts) kept
that thread from the interpreter while it wrote the first frame (in pieces, as fast as the
terminal takes them), and the terminal from the CPU. Textual's first refresh is not even
written (it comes inside the app's start-up batch): the frame the terminal first sees is the
next one. So the app tells `Drawn` after each display (`App.post_display_hook`); when the
writer's queue has grown since a callback asked (a frame was queued), a marker (an empty write)
goes in behind it, and once the writer thread has taken the marker, the frame is written.

The writer's queue is Textual's private business: read only where it is there and looks as
expected; otherwise (headless, another driver) the callbacks run at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from textual.app import App

LONGEST = 2.0  # seconds: a terminal that takes no output (a stalled ssh) holds the work no longer


def writer_queue(app: App[Any]) -> queue.Queue[Any] | None:
    """The queue of the app's terminal writer thread (`textual.drivers._writer_thread`), or None."""
    writer = getattr(getattr(app, "_driver", None), "_writer_thread", None)
    found = getattr(writer, "_queue", None)
    return found if isinstance(found, queue.Queue) else None


class Drawn:
    """The callbacks waiting for the next frame to be written, for one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: list[Callable[[], object]] = []
        self.queued = 0  # the writer queue's count of writes when the first callback asked

    def when_written(self, callback: Callable[[], object]) -> None:
        """`callback` on the app's event loop once the next frame is written (at once where the
        writer's queue is not there to read)."""
        found = writer_queue(self.app)
        if found is None:
            callback()
            return
        if not self.waiting:
            self.queued = found.unfinished_tasks  # (counts every write: the writer marks none done)
            self.app.set_timer(LONGEST, self.run)
        self.waiting.append(callback)

    def displayed(self) -> None:
        """After each display: when it queued a frame, the waiting callbacks once it is written."""
        found = writer_queue(self.app)
        driver = getattr(self.app, "_driver", None)
        if not self.waiting or found is None or driver is None or found.unfinished_tasks <= self.queued:
            return
        callbacks, self.waiting = self.waiting, []
        loop = asyncio.get_running_loop()
        driver.write("")  # the marker, behind the frame

        def wait() -> None:  # (its own thread: the event loop stays free for keys meanwhile)
            with found.not_full:  # (notified each time the writer takes an item)
                found.not_full.wait_for(lambda: not found.queue, timeout=LONGEST)
            with contextlib.suppress(RuntimeError):  # (the app closed meanwhile: its loop with it)
                loop.call_soon_threadsafe(self.run, callbacks)

        threading.Thread(target=wait, name="dailypapers-drawn", daemon=True).start()

    def run(self, callbacks: list[Callable[[], object]] | None = None) -> None:
        """The callbacks given (by default those still waiting: no frame written in `LONGEST`)."""
        if callbacks is None:
            callbacks, self.waiting = self.waiting, []
        for callback in callbacks:
            callback()


def when_written(app: App[Any], callback: Callable[[], object]) -> None:
    """`callback` once the app's next frame is written (at once for an app without `Drawn`)."""
    drawn = getattr(app, "drawn", None)
    if isinstance(drawn, Drawn):
        drawn.when_written(callback)
    else:
        callback()
