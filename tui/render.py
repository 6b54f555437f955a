"""Rich Text and Textual strips built from snapshot data. Text from snapshots is never parsed as
markup, and every segment handed to Textual carries a style (Textual's NO_COLOR filter needs one)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from dailypapers.index import latex_cuts, strip_controls, unlatex

MATCH = Style(bold=True, reverse=True)
Span = tuple[int, int]


def marked(text: str, spans: Iterable[Span], style: Style | str = MATCH, base: Style | str = "") -> Text:
    """Plain text (controls stripped, LaTeX's escaped specials as the characters: `50%`), with
    `spans` (found in the stored text) styled: never interpreted as markup."""
    text = strip_controls(text)
    cuts = latex_cuts(text)
    if cuts:
        text = unlatex(text)
    out = Text(text, style=base, end="")
    for start, end in spans:
        out.stylize(style, start - bisect_left(cuts, start), end - bisect_left(cuts, end))
    return out


def lines(console: Console, text: Text, width: int, base: Style, over: Style | None = None) -> list[Strip]:
    """`text` wrapped to `width` cells, one strip a line, every segment styled over `base` (and
    with `over` on top of its own style: a selection)."""
    options = console.options.update(width=max(1, width), no_wrap=False, overflow="fold", highlight=False)
    top = over or Style()
    return [
        Strip([Segment(s.text, (base + s.style if s.style else base) + top) for s in line]).crop_extend(
            0, width, base + top
        )
        for line in console.render_lines(text, options, pad=False)
    ]


def line(console: Console, text: Text, width: int, base: Style, over: Style | None = None) -> Strip:
    """`text` on one line of `width` cells, cut with an ellipsis."""
    text = text.copy()
    text.no_wrap, text.overflow = True, "ellipsis"
    text.truncate(width, overflow="ellipsis")
    return (
        lines(console, text, width, base, over)[0]
        if text.plain
        else Strip.blank(width, base + (over or Style()))
    )
