"""Work that waits for the terminal: callbacks run once the app's first frame has been written to
the terminal.

Textual's driver hands each frame to a writer thread. Started at once, the reader's after-paint
work (mounting the hidden widgets, the marks, the library and the index thread it starts) kept
that thread from the interpreter while it wrote the first frame (in pieces, as fast as the
terminal takes them), and the terminal from the CPU. Textual sends the app `Ready` once its
first frame is handed to the driver; then a marker (an empty write) goes in behind it, and once
the writer thread has taken the marker, the frame is written.

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
    """The callbacks waiting for the app's first frame to be written."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: list[Callable[[], object]] = []
        self.handed = False  # the first frame is handed to the driver (the app's `Ready`)

    def when_written(self, callback: Callable[[], object]) -> None:
        """`callback` on the app's event loop once the first frame is written (at once where the
        writer's queue is not there to read)."""
        if writer_queue(self.app) is None:
            callback()
            return
        self.waiting.append(callback)
        if self.handed:
            self.release()

    def ready(self) -> None:
        """The first frame is handed to the driver (`App.on_ready`)."""
        self.handed = True
        if self.waiting:
            self.release()

    def release(self) -> None:
        """The waiting callbacks, once what the driver was handed so far is written."""
        found, driver = writer_queue(self.app), getattr(self.app, "_driver", None)
        callbacks, self.waiting = self.waiting, []
        if found is None or driver is None:
            self.run(callbacks)
            return
        loop = asyncio.get_running_loop()
        driver.write("")  # the marker, behind the frame

        def wait() -> None:  # (its own thread: the event loop stays free for keys meanwhile)
            with found.not_full:  # (notified each time the writer takes an item)
                found.not_full.wait_for(lambda: not found.queue, timeout=LONGEST)
            with contextlib.suppress(RuntimeError):  # (the app closed meanwhile: its loop with it)
                loop.call_soon_threadsafe(self.run, callbacks)

        threading.Thread(target=wait, name="dailypapers-drawn", daemon=True).start()

    @staticmethod
    def run(callbacks: list[Callable[[], object]]) -> None:
        for callback in callbacks:
            callback()


def when_written(app: App[Any], callback: Callable[[], object]) -> None:
    """`callback` once the app's first frame is written (at once for an app without `Drawn`)."""
    drawn = getattr(app, "drawn", None)
    if isinstance(drawn, Drawn):
        drawn.when_written(callback)
    else:
        callback()
