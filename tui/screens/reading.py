"""What the screens over the main one (the paper full-screen, its full text) may ask of it: the
one door between them, made by the main screen from its helpers. Those screens see nothing else
of it (no reaching into the main screen, no action looked up by name)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from dailypapers.index.papers.record import record

if TYPE_CHECKING:
    from ..backend import Backend
    from ..show import PaperDoc
    from ..state import Row


@record(frozen=True)
class Door:
    """The main screen as the paper and full-text screens see it."""

    backend: Backend
    read_at: dict[str, tuple[int, float]]  # where each full text was left: (section, share of it)
    marks_ok: Callable[[], bool]  # the marks database is open
    doc: Callable[[Row], PaperDoc]  # a row's paper as the paper views show it
    step: Callable[[int, str | None], Row | None]  # the next or previous row of the list (J, K)
    mark: Callable[[Row, str], None]  # toggle a part of a paper's mark (s, r, x)
    read: Callable[[Row], None]  # a paper opened counts as read
    edit_note: Callable[[Row], None]
    copy: Callable[[Row, str], None]  # y, Y
    copy_text: Callable[[str, str], Coroutine[Any, Any, None]]  # as y copies: said on the status line
    full_text: Callable[[Row], None]  # v
    show_links: Callable[[Row], None]  # l
    by_author: Callable[[], None]  # A: on the main screen, the highlighted paper's author
    by_org: Callable[[], None]  # O
    follow: Callable[[], None]  # F
