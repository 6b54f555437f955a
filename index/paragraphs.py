"""The paragraphs of a page capture, whatever wrapped its lines.

Lines end at LF, CRLF, or CR in a file with no LF at all; any other character
that ends a line elsewhere (a lone CR, VT, FF, NEL, U+2028, ...) is whitespace
inside its line. Blank lines cut the text into blocks.

A capture saved from a terminal is often hard-wrapped (`fold`, `fmt`, `w3m -dump`,
`lynx -dump`, an editor at 72 or 80 columns). Such a file is recognised by its
lines ending near one width: then two lines of a block are one paragraph when the
first word of the second would not have fitted on the first (a wrapper broke the
line there), within a few columns for `fmt`, which fills lines less greedily. A
`fold` without `-s` cuts words at exactly the width: its lines are joined without
a space. Chinese and Japanese lines join without a space. Indentation is part of
the width. In a file that is not wrapped each line is a paragraph.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .text import clean, visible

# Lines that are a paragraph of their own even in a wrapped block: a Markdown heading
# or image, an entry of a link list (`[12] https://…`, `3. https://…`).
_ALONE = re.compile(r"^\s*(?:#{1,6}\s|!\[|\[!\[|(?:\[\d+\]|\d+\.)\s+\S+://)")
# Scripts written without spaces between words: Han, kana, CJK punctuation, full-width forms.
_NO_SPACE = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(slots=True)
class Paragraph:
    line: int  # its first line, 1-based
    text: str  # clean, its lines joined


@dataclass(slots=True)
class _Line:
    number: int
    raw: str  # escape sequences removed, tabs expanded, line end removed
    text: str  # raw without trailing whitespace
    width: int  # of text, in terminal columns

    @property
    def alone(self) -> bool:
        return _ALONE.match(self.text) is not None


def split_lines(text: str) -> list[str]:
    """The lines of a text: LF, CRLF, or CR where the text has no LF."""
    return re.split(r"\r?\n", text) if "\n" in text else text.split("\r")


def columns(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def paragraphs(lines: list[str], first: int = 1) -> list[Paragraph]:
    """The paragraphs of these lines (`first`: the number of the first line)."""
    blocks: list[list[_Line]] = [[]]
    for number, line in enumerate(lines, start=first):
        raw = visible(line).expandtabs(8)
        if not clean(raw):
            if blocks[-1]:
                blocks.append([])
            continue
        text = raw.rstrip()
        blocks[-1].append(_Line(number, raw, text, columns(text)))
    pairs = [(a, b) for block in blocks for a, b in itertools.pairwise(block)]
    join = _joiner(pairs)
    found = []
    for block in blocks:
        if not block:
            continue
        text, start = block[0].text, block[0].number
        for a, b in itertools.pairwise(block):
            sep = join(a, b)
            if sep is None:
                found.append(Paragraph(start, clean(text)))
                text, start = b.text, b.number
            else:
                if sep == "" and (a.raw != a.text or b.raw[:1].isspace()):
                    sep = " "  # cut at a space after all
                text += sep + b.text.lstrip()
        found.append(Paragraph(start, clean(text)))
    return found


# Whether two lines of a block are one paragraph: None if not, else what goes between them.
Join = Callable[[_Line, _Line], str | None]


def _never(a: _Line, b: _Line) -> str | None:
    return None


def _joiner(pairs: list[tuple[_Line, _Line]]) -> Join:
    """How the lines of this file join: never (not wrapped), cut at one width, or by fit."""
    pairs = [(a, b) for a, b in pairs if not (a.alone or b.alone)]
    if len(pairs) < 5:
        return _never
    hard = _hard_width(pairs)
    if hard is not None:
        metric, size = hard
        return lambda a, b: "" if not (a.alone or b.alone) and metric(a.raw) == size else None
    # The width: no line is wider, but one taken up by a word that could not be broken (a URL).
    lines = {id(x): x for pair in pairs for x in pair}.values()
    width = max((x.width for x in lines if not _unbreakable(x)), default=0)
    near = sum(1 for a, _ in pairs if width - max(10, width // 4) <= a.width <= width)
    if not 20 <= width <= 250 or near < 0.6 * len(pairs):
        return _never
    slack = [_slack(a, b, width) for a, b in pairs]
    loose = sum(1 for s in slack if 0 < s <= width * 0.15)
    # `fmt` balances its lines: a line may end well before the width.
    tolerance = int(width * 0.4) if loose >= max(3, len(pairs) // 10) else 0
    # `fold -s` keeps the space it broke at.
    spaced = sum(1 for a, _ in pairs if a.raw != a.text) >= len(pairs) // 2

    def join(a: _Line, b: _Line) -> str | None:
        if a.alone or b.alone:
            return None
        if spaced:  # broken at a space, the line ends with it; without a space, cut inside a word
            if a.raw != a.text:
                return _space(a, b)
            return "" if a.width >= width and len(a.text.split()) == 1 else None
        if _slack(a, b, width) > tolerance:
            return None
        last = a.text.rsplit(maxsplit=1)
        if not tolerance and a.width >= width and (len(last) == 1 or "/" in last[-1]):
            return ""  # a word (a URL) longer than the room left, cut
        return _space(a, b)

    return join


def _unbreakable(line: _Line) -> bool:
    """A line more than half of which is one word."""
    return 2 * max(columns(w) for w in line.text.split()) > line.width


def _space(a: _Line, b: _Line) -> str:
    """What joins two lines: a space, or nothing between scripts written without spaces."""
    return "" if _NO_SPACE.match(a.text[-1:]) and _NO_SPACE.match(b.text.lstrip()[:1]) else " "


def _slack(a: _Line, b: _Line, width: int) -> int:
    """Columns left on `a` had the first word of `b` (or its first character, in a script
    written without spaces) been put there: > 0 means it would have fitted."""
    text = b.text.lstrip()
    if _NO_SPACE.match(text[:1]):
        sep = 0 if _NO_SPACE.match(a.text[-1:]) else 1
        return width - a.width - sep - columns(text[0])
    return width - a.width - 1 - columns(text.split(maxsplit=1)[0])


def _hard_width(pairs: list[tuple[_Line, _Line]]) -> tuple[Callable[[str], int], int] | None:
    """(metric, width) when the lines were cut at exactly one width (`fold` without `-s`,
    which counts bytes), else None."""
    for metric in (len, _utf8_len):
        sizes = [metric(a.raw) for a, _ in pairs]
        width = max(sizes)
        if width >= 20 and sum(1 for s in sizes if s == width) >= 0.5 * len(sizes):
            return metric, width
    return None


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))
