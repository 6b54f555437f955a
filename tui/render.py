"""Rich Text and Textual strips built from data (snapshots, marks, follows, file names, messages).

Data is never parsed as markup: widgets are given `rich.text.Text` made by `plain` or `marked`,
which pass the text through the engine's one sanitiser, `strip_controls`. `Inert`, the app's
last line filter, passes every segment drawn through it once more (text that came some other
way: a Textual widget's own value, a note in the editor) and keeps only http(s) links. Every
segment handed to Textual carries a style (Textual's NO_COLOR filter needs one)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter
from textual.strip import Strip

from dailypapers.index import latex_cuts, strip_controls, unlatex

MATCH = Style(bold=True, reverse=True)
Span = tuple[int, int]


def plain(text: str, style: Style | str = "", **options) -> Text:
    """Data as Rich Text: controls stripped, never markup (`options`: Text's, e.g. `end`)."""
    return Text(strip_controls(text), style=style, **options)


def safe_link(url: str) -> bool:
    """A link a terminal may be given (OSC 8): http(s), printable ASCII."""
    return url.startswith(("https://", "http://")) and url.isascii() and url.isprintable()


class Inert(LineFilter):
    """The reader's last door: every segment's text through `strip_controls`, and no link but a
    safe one. Cheap: a segment that is printable and has no link comes back as it was."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = segments
        for n, segment in enumerate(segments):
            text, style = segment.text, segment.style
            bad_link = style is not None and style.link is not None and not safe_link(style.link)
            if (text.isprintable() or segment.control) and not bad_link:
                continue
            if out is segments:
                out = list(segments)
            style = style.clear_meta_and_links() if bad_link and style else style
            out[n] = Segment(text if segment.control else strip_controls(text), style, segment.control)
        return out


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
    if not text.plain:
        return Strip.blank(width, base + (over or Style()))
    if "\n" in text.plain or "\t" in text.plain:  # (wrapped or expanded as Rich would)
        return lines(console, text, width, base, over)[0]
    # One line that fits: its segments as Rich renders them, without Rich's wrapping (the list's
    # rows: a third of a frame's time went to wrapping lines that need none).
    top = over or Style()
    return Strip(
        [Segment(s.text, (base + s.style if s.style else base) + top) for s in text.render(console)]
    ).crop_extend(0, width, base + top)
