"""All index access from the reader runs on one thread: Whoosh searchers are not thread-safe."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from index import PaperIndex

T = TypeVar("T")


class Backend:
    """The reader's PaperIndex, driven from a single dedicated thread."""

    def __init__(self, pix: PaperIndex) -> None:
        self.pix = pix
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dailypapers-index")

    def submit(self, fn: Callable[..., T], *args, **kwargs) -> Future[T]:
        return self._thread.submit(fn, *args, **kwargs)

    def close(self) -> None:
        self._thread.submit(self.pix.close)
        self._thread.shutdown(wait=True, cancel_futures=True)
