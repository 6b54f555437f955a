"""All index access from the reader runs on one thread (Whoosh searchers are not thread-safe);
mark writes run on another, in order, so a slow index update never delays saving a star.

The index thread runs the jobs asked of it in order, but a search typed (`first=True`) goes
before the background jobs waiting (the catalogue, the catch-up): a keystroke waits at most for
the job running, never for the queue.

The screen's workers await these threads' futures (`await backend.run(...)`): the UI thread
never blocks, and a cancelled worker simply drops the answer it was waiting for."""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from dailypapers.index import Marks, PaperIndex

T = TypeVar("T")
_Job = tuple[Future, Callable[[], object]]


class Backend:
    """The reader's PaperIndex and Marks, each driven from its own dedicated thread.

    Given a function that makes the PaperIndex, it is made on first use (off the
    first paint: the index machinery takes a while to import).
    """

    def __init__(self, pix: PaperIndex | Callable[[], PaperIndex], marks: Marks) -> None:
        self._pix = pix
        self._making = threading.Lock()
        self.marks = marks
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dailypapers-index")
        self._marks_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dailypapers-marks")
        self._count = threading.Lock()
        self._pending = 0
        self._searches = 0  # of which searches typed (`first`)
        self._queues: tuple[deque[_Job], deque[_Job]] = (deque(), deque())  # first, then the rest
        self._search: threading.Event | None = None  # set: the search running is given up

    @property
    def pix(self) -> PaperIndex:
        if callable(self._pix):
            with self._making:
                if callable(self._pix):
                    self._pix = self._pix()
        return self._pix

    @property
    def pending(self) -> int:
        """Jobs asked of the index thread and not finished (0: it is idle)."""
        return self._pending

    @property
    def searching(self) -> int:
        """Searches typed (`first`) asked of the index thread and not finished."""
        return self._searches

    def search_token(self) -> threading.Event:
        """The token of a new search; the search before it is given up (it was superseded: its
        answer would be dropped), so it frees the index thread at its next term."""
        with self._count:
            if self._search is not None:
                self._search.set()
            self._search = threading.Event()
            return self._search

    def submit(self, fn: Callable[..., T], *args, first: bool = False, **kwargs) -> Future[T]:
        """`fn(*args, **kwargs)` on the index thread, after the jobs asked before it; with `first`
        (a search typed), before every job not yet started but the searches asked before it."""
        future: Future[T] = Future()
        with self._count:
            self._pending += 1
            self._searches += first
            self._queues[0 if first else 1].append((future, partial(fn, *args, **kwargs)))
        future.add_done_callback(partial(self._done, first))
        self._thread.submit(self._next)  # one turn of the thread a job: it runs the job due then
        return future

    def _next(self) -> None:
        """On the index thread: the job due (the oldest search typed, else the oldest job)."""
        with self._count:
            queue = self._queues[0] or self._queues[1]
            future, job = queue.popleft()
        if future.set_running_or_notify_cancel():  # (not when its worker was cancelled meanwhile)
            try:
                future.set_result(job())
            except BaseException as exc:
                future.set_exception(exc)

    def _done(self, first: bool, _: Future) -> None:
        with self._count:
            self._pending -= 1
            self._searches -= first

    async def run(self, fn: Callable[..., T], *args, first: bool = False, **kwargs) -> T:
        """Run on the index thread (`first`: before the jobs waiting; see `submit`); await the answer."""
        return await asyncio.wrap_future(self.submit(fn, *args, first=first, **kwargs))

    async def run_mark(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """Run on the marks thread (in the order asked); await the answer."""
        return await asyncio.wrap_future(self._marks_thread.submit(fn, *args, **kwargs))

    def close(self) -> None:
        if self._search is not None:
            self._search.set()  # a slow search does not hold up quitting
        self._marks_thread.submit(self.marks.close)
        self._marks_thread.shutdown(wait=True)  # every mark asked for is written before exit
        if not callable(self._pix):
            self._thread.submit(self._pix.close)
        self._thread.shutdown(wait=True, cancel_futures=True)
        for queue in self._queues:  # the jobs whose turns were cancelled: cancelled too
            while queue:
                queue.popleft()[0].cancel()
