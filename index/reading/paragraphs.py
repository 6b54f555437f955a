"""The paragraphs of a page capture, whatever wrapped its lines.

Lines end at LF, CRLF, or CR in a file with no LF at all; any other character that
ends a line elsewhere (a lone CR, VT, FF, NEL, U+2028, ...) is whitespace inside its
line. Blank lines cut the text into blocks; in a file that is not wrapped each line
of a block is a paragraph.

A capture saved from a terminal is often hard-wrapped (`fold`, `fold -s`, `fmt`,
`w3m -dump`, `lynx -dump`, an editor at 72 or 80 columns, indented or not). Such a
file shows it: the widest line gives the width, and lines go on with a word that
would not have fitted on them, mid-sentence. Two lines of a block are then one
paragraph when the first word of the second would not have fitted on the first:

- `fmt` balances its lines, so for it a line may end well before the width;
- `fold -s` keeps the space it broke at: a line ending in one goes on;
- `fold` cuts at exactly one width, inside words (counting bytes): such lines join
  without a space, as does a word too long for any line that a wrapper cut;
- Chinese and Japanese lines join without a space.

Markdown headings and images, and the entries of link lists, stay paragraphs of
their own. Known limits: one line going on shows no width (such a file reads as not
wrapped), and `fold` must be seen cutting five lines.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..text import clean, visible

# Lines that are a paragraph of their own even in a wrapped block: a Markdown heading
# or image, an entry of a link list (`[12] https://…`, `3. https://…`).
_ALONE = re.compile(r"^\s*(?:#{1,6}\s|!\[|\[!\[|(?:\[\d+\]|\d+\.)\s+\S+://)")
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’)\]」』]*$")
# Scripts written without spaces between words: Han, kana, CJK punctuation, full-width forms.
_NO_SPACE = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(slots=True)
class Paragraph:
    line: int  # its first line, 1-based
    text: str  # clean, its lines joined
    follows: bool = False  # it follows another paragraph of its block (no blank line between)
    # its lines, clean, when several were joined by fit alone (not by `fold -s`'s spaces nor at
    # `fold`'s one width): a title may be among them (see `capture._unglued`)
    parts: tuple[str, ...] = ()


@dataclass(slots=True)
class _Line:
    number: int
    raw: str  # escape sequences removed, tabs expanded, line end removed
    text: str  # raw without trailing whitespace
    width: int  # of text, in terminal columns
    alone: bool  # a paragraph of its own (see _ALONE)


def split_lines(text: str) -> list[str]:
    """The lines of a text: LF, CRLF, or CR where the text has no LF."""
    if "\r" not in text:  # (most files: str.split, a tenth of the pattern's time)
        return text.split("\n")
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
        if not raw.strip():  # (what `clean` makes empty: `visible` left no control, bidi or escape)
            if blocks[-1]:
                blocks.append([])
            continue
        text = raw.rstrip()
        blocks[-1].append(_Line(number, raw, text, columns(text), _ALONE.match(text) is not None))
    pairs = [(a, b) for block in blocks for a, b in itertools.pairwise(block)]
    join, sure = _joiner(pairs, [line for block in blocks for line in block])
    found = []
    for block in blocks:
        if not block:
            continue
        text, start, parts, follows = block[0].text, block[0].number, [block[0].text], False
        for a, b in itertools.pairwise(block):
            sep = join(a, b)
            if sep is None:
                found.append(_paragraph(start, text, parts, follows, sure))
                text, start, parts, follows = b.text, b.number, [b.text], True
            else:
                text += sep + b.text.lstrip()
                parts.append(b.text)
        found.append(_paragraph(start, text, parts, follows, sure))
    return found


def _paragraph(start: int, text: str, parts: list[str], follows: bool, sure: bool) -> Paragraph:
    """A paragraph; its lines kept where they were joined by fit alone (see `Paragraph.parts`)."""
    kept = tuple(map(clean, parts)) if len(parts) > 1 and not sure else ()
    return Paragraph(start, clean(text), follows, kept)


# Whether two lines of a block are one paragraph: None if not, else what goes between them.
Join = Callable[[_Line, _Line], str | None]


def _never(a: _Line, b: _Line) -> str | None:
    return None


def _joiner(pairs: list[tuple[_Line, _Line]], lines: list[_Line]) -> tuple[Join, bool]:
    """How the lines of this file join: never (not wrapped), cut at one width, or by fit; and
    whether each join is sure (False: by fit alone, a line may be a title wide enough to look
    wrapped)."""
    pairs = [(a, b) for a, b in pairs if not (a.alone or b.alone)]
    lines = [x for x in lines if not x.alone]
    if not pairs:
        return _never, True
    at_width = _hard_width(pairs, lines)
    if at_width is not None:
        return (lambda a, b: _cut(a, b) if at_width(a) and not (a.alone or b.alone) else None), True
    wrap = _Wrapping.of(pairs, lines)
    return (wrap.join, wrap.spaced) if wrap else (_never, True)


def _cut(a: _Line, b: _Line) -> str:
    """What joins two lines `fold` cut: nothing inside a word, else a space."""
    return _space(a, b) if a.raw != a.text or b.raw[:1].isspace() else ""


@dataclass(slots=True)
class _Wrapping:
    """How a wrapper broke the lines of a file."""

    width: int
    tolerance: int  # columns a line may end short of the width and still go on (`fmt`)
    spaced: bool  # a line ending in a space goes on (`fold -s`)
    edge: int  # the width, spaces counted (`fold -s`)
    slack: dict[int, int]  # line number -> `_slack` of it and the next line (worked out once)

    @classmethod
    def of(cls, pairs: list[tuple[_Line, _Line]], lines: list[_Line]) -> _Wrapping | None:
        """The wrapping these lines show, or None when they show none."""
        # The width: no line is wider, but one taken up by a word that could not be broken.
        width = max((x.width for x in lines if not _unbreakable(x)), default=0)
        if not 20 <= width <= 250:  # in a capture that is not wrapped the widest line is an abstract
            return None
        full = [a for a, _ in pairs if width - max(10, width // 4) <= a.width <= width]
        is_full = {a.number for a in full}  # (a line is its number: `in full` compared fields, n² times)
        ending = [a for a, _ in pairs if a.raw != a.text]
        spaced = len(ending) >= 2 and 5 * sum(1 for a in ending if a.number in is_full) >= 4 * len(ending)
        slack = [_slack(a, b, width) for a, b in pairs]  # (each pair's, for `join` too)
        if not spaced:
            # Lines going on with a word that would not have fitted, most of the text on them.
            # Wrapped prose goes on mid-sentence: not all of them end a sentence and, in a cased
            # script, a quarter of the next lines start in lower case (in a capture that is not
            # wrapped each line is a paragraph, starting one).
            going = [(a, _first_letter(b)) for (a, b), room in zip(pairs, slack, strict=True) if room <= 0]
            going = [(a, c) for a, c in going if c and a.number in is_full]
            cased = [c for _, c in going if c.isupper() or c.islower()]
            most = sum(a.width for a in full) >= 0.6 * sum(a.width for a, _ in pairs)
            lower = 4 * sum(1 for c in cased if c.islower()) >= len(cased)
            mid = any(not _SENTENCE_END.search(a.text) for a, _ in going)
            if len(going) < 2 or not (most and lower and mid):
                return None
        loose = sum(1 for room in slack if 0 < room <= width * 0.15)
        tolerance = int(width * 0.4) if loose >= max(3, len(pairs) // 10) else 0
        edge = max(columns(a.raw) for a in ending) if spaced else width
        return cls(
            width,
            tolerance,
            spaced,
            edge,
            {a.number: room for (a, _), room in zip(pairs, slack, strict=True)},
        )

    def join(self, a: _Line, b: _Line) -> str | None:
        if a.alone or b.alone:
            return None
        if self.spaced:  # broken at a space, the line ends with it; without one, cut in a word
            if a.raw != a.text:
                return _space(a, b)
            return "" if columns(a.raw) >= self.edge and len(a.text.split()) == 1 else None
        room = self.slack.get(a.number)
        if (_slack(a, b, self.width) if room is None else room) > self.tolerance:
            return None
        if not self.tolerance and a.width >= self.width and _longer_than_a_line(a, b, self.width):
            return ""  # a word (a URL) too long for any line, cut
        return _space(a, b)


def _first_letter(line: _Line) -> str:
    """The first letter or digit of a line that starts with one (after an opening bracket or
    quote; or a CJK character, punctuation too), else ''."""
    text = line.text.lstrip().lstrip("([{\"'“‘«")
    return text[:1] if text[:1].isalnum() or _NO_SPACE.match(text[:1]) else ""


def _longer_than_a_line(a: _Line, b: _Line, width: int) -> bool:
    """Whether the word at the end of `a` and the one at the start of `b` are one word cut by
    the wrapper: together wider than a line of `b`, yet the end on `a` not (a word left whole
    overflows its line)."""
    rest = b.text.lstrip()
    room = width - (len(b.text) - len(rest))
    end = a.text.split()[-1]
    return columns(end) <= width and columns(end + rest.split(maxsplit=1)[0]) > room


def _unbreakable(line: _Line) -> bool:
    """A line more than half of which is one word (that could not be broken: not Han or kana)."""
    if line.text.isascii():  # (the common case, at a tenth of the cost: no wide character)
        return 2 * max(map(len, line.text.split()), default=0) > line.width
    words = [w for w in line.text.split() if not _NO_SPACE.search(w)]
    return 2 * max(map(columns, words), default=0) > line.width


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


def _hard_width(pairs: list[tuple[_Line, _Line]], lines: list[_Line]) -> Callable[[_Line], bool] | None:
    """Whether a line was cut at the width, when the lines were cut at exactly one width, the
    commonest (`fold` without `-s`), else None."""
    # (in bytes too, unless every line is ASCII: then bytes are characters and the lines the same)
    metrics = (len,) if all(x.raw.isascii() for x in lines) else (len, _utf8_len)
    found = max((_cut_lines(pairs, lines, metric) for metric in metrics), key=len)
    cut = [a for a, _ in pairs if a.number in found]
    if len(cut) < 5 or len(cut) < 0.6 * len(pairs):
        return None
    width = max(columns(a.text) for a in cut)
    # `fold -s` fills lines to the width too, but only cuts a word that has the line to itself
    inside = any(a.raw == a.text and len(a.text.split()) > 1 for a in cut)
    # a greedy wrapper goes on after shorter lines too: the next word did not fit on them
    short = sum(1 for a, b in pairs if a.number not in found and _slack(a, b, width) <= 0)
    return (lambda line: line.number in found) if inside and 10 * short <= len(pairs) else None


def _cut_lines(
    pairs: list[tuple[_Line, _Line]], lines: list[_Line], metric: Callable[[str], int]
) -> set[int]:
    """The lines as wide as the commonest width (in characters, or in bytes as GNU `fold`
    counts: a character it cut in two was moved whole onto the first line by `decode`, which
    makes that line up to three bytes wider and the next as much narrower)."""
    sizes = Counter(metric(a.raw) for a, _ in pairs)
    width = max(sizes, key=lambda size: (sizes[size], size))
    if width < 20 or any(metric(x.raw) > width + 3 for x in lines):
        return set()
    cut, moved = set(), 0
    for line in lines:
        size = metric(line.raw)
        if size == width or (moved and size == width - moved):
            cut.add(line.number)
        moved = (
            size - width if metric is _utf8_len and 0 < size - width <= 3 and not line.raw.isascii() else 0
        )
        if moved:
            cut.add(line.number)
    return cut


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))
