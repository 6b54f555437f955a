"""Running a helper's coroutine in a worker of the screen, as Textual's `@work` does for a method."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, cast

from textual.dom import DOMNode


def start(
    node: DOMNode,
    work: Callable[..., Coroutine[Any, Any, None]],
    *args: Any,
    group: str,
    exclusive: bool = False,
) -> None:
    """`work(*args)` in a worker of `node`; the coroutine is made when the worker starts (one an
    exclusive worker cancels before it starts leaves no coroutine never awaited)."""
    node.run_worker(cast(Any, partial(work, *args)), group=group, exclusive=exclusive)
