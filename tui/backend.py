"""All index access from the reader runs on one thread (Whoosh searchers are not thread-safe);
mark writes run on another, in order, so a slow index update never delays saving a star."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from index import PaperIndex
from index.marks import Marks

T = TypeVar("T")


class Backend:
    """The reader's PaperIndex and Marks, each driven from its own dedicated thread."""

    def __init__(self, pix: PaperIndex, marks: Marks) -> None:
        self.pix = pix
        self.marks = marks
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dailypapers-index")
        self._marks_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dailypapers-marks")

    def submit(self, fn: Callable[..., T], *args, **kwargs) -> Future[T]:
        return self._thread.submit(fn, *args, **kwargs)

    def submit_mark(self, fn: Callable[..., T], *args, **kwargs) -> Future[T]:
        return self._marks_thread.submit(fn, *args, **kwargs)

    def close(self) -> None:
        self._marks_thread.submit(self.marks.close)
        self._marks_thread.shutdown(wait=True)  # every mark asked for is written before exit
        self._thread.submit(self.pix.close)
        self._thread.shutdown(wait=True, cancel_futures=True)
