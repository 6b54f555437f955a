"""Text hygiene: everything read from a snapshot passes through here, and everything printed.

Snapshot text is data. On the way in these helpers remove anything a terminal would act
on (ANSI/OSC escape sequences, C0/C1 control characters) and collapse whitespace; on the
way out `shown` escapes what is printed that does not come from a snapshot's text (file
names), and `json_text` is the one JSON writer for output (terminal-safe escapes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache


def _pattern(expression: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled when first used: the wide character classes below took
    3.4 ms to compile, a tenth of a one-shot search's imports, which calls none of them for
    printable text."""
    return cache(lambda: re.compile(expression, flags))


# A word as the index tokenizes it: Whoosh's default pattern, its group made non-capturing.
WORDS = r"\w+(?:\.?\w+)*"

# Whole escape sequences first (CSI, OSC, other ESC sequences), then stray controls.
_ESCAPES = _pattern(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI ... final byte
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)? # OSC ... BEL or ST (or unterminated)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?    # DCS / SOS / PM / APC strings
    | \x1b[@-Z\\-_]                    # other two-byte escapes
    | \x9b[0-?]*[ -/]*[@-~]            # 8-bit CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?   # 8-bit OSC
    """,
    re.VERBOSE,
)
# C0 except tab and newline, DEL, C1, and the characters that end a line elsewhere
# (VT, FF, FS/GS/RS, NEL, LINE and PARAGRAPH SEPARATOR): inside a line, whitespace.
_CONTROLS = _pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Bidi overrides and isolates can reorder what the terminal shows: removed.
_BIDI = _pattern("[\u202a-\u202e\u2066-\u2069]")
_SURROGATES = _pattern("[\ud800-\udfff]")
_SPACES = _pattern(r"\s+")
# Every character `clean` does more to than collapse whitespace (what the four patterns above
# match begins with one of these): text without any is only split on whitespace and joined.
SPECIAL = _pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What `shown` escapes: controls, bidi and zero-width format characters, lone surrogates.
_UNSAFE = _pattern(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff\ud800-\udfff]"
)


_UNSAFE_IN_JSON = _pattern(
    "[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff\ud800-\udfff]"
)


def strip_controls(text: str) -> str:
    """THE door from data to a screen: text a terminal would act on removed (escape sequences,
    control characters but tabs and newlines, bidi overrides), a lone surrogate (which no
    terminal encoding takes) U+FFFD. Everything the reader draws passes through it (the one
    sanitiser, also the reader's last line filter); the command line prints data through it, and
    quotes names in messages through `shown`, which writes the same characters as escapes."""
    if text.isprintable():  # most text: nothing to remove (printable excludes controls, bidi, surrogates)
        return text
    text = _BIDI().sub("", _CONTROLS().sub("", _ESCAPES().sub("", text)))
    return _SURROGATES().sub("\ufffd", text) if has_surrogates(text) else text


def clean(text: str) -> str:
    """Snapshot text as data: escape sequences and bidi overrides removed, every other control
    character (and a line or paragraph separator) a space, lone surrogates U+FFFD, each run of
    whitespace one space."""
    if text.isascii():  # most text: printable once its line ends are spaces, spaces to collapse
        flat = text.replace("\n", " ")
        if flat.isprintable():
            return (" ".join(flat.split()) if "  " in flat else flat).strip(" ")
    elif SPECIAL().search(text) is None:  # nothing but whitespace (str.split's is re's \s) to collapse
        return " ".join(text.split())
    text = _BIDI().sub("", _CONTROLS().sub(" ", _ESCAPES().sub("", text)))
    return _SPACES().sub(" ", _SURROGATES().sub("\ufffd", text)).strip()


def visible(text: str) -> str:
    """A line as `clean` reads it, before whitespace is collapsed: escape sequences and bidi
    overrides removed, other controls a space."""
    if text.isprintable():  # most lines: no control (every escape sequence starts with one), no bidi
        return text
    return _BIDI().sub("", _CONTROLS().sub(" ", _ESCAPES().sub("", text)))


def has_surrogates(text: str) -> bool:
    return not text.isascii() and _SURROGATES().search(text) is not None


def shown(text: str) -> str:
    """Text safe to print on a terminal: controls, bidi and format characters and lone surrogates
    as visible escapes (`\\x1b`, `\\u202e`; a byte that was not UTF-8 in a file name as `\\xff`)."""
    if text.isprintable():  # (every character escaped is not printable)
        return text
    return _UNSAFE().sub(_escape, text)


def takes_escapes(stream: object) -> bool:
    """True when `stream` is a terminal that acts on escape sequences (not a pipe, a file or
    `TERM=dumb`): what may be given cursor moves, bold and hyperlinks."""
    import os

    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "") != "dumb"


def cells(text: str) -> int:
    """The columns `text` takes on a terminal: East Asian wide and full-width characters
    (CJK, most emoji) take two, combining marks and zero-width characters none."""
    if text.isascii():
        return len(text)
    import unicodedata

    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def fit(text: str, size: int, pad: bool = False) -> str:
    """`text` cut to `size` columns (an ellipsis where it was cut); with `pad`, filled with
    spaces to exactly `size` columns."""
    if cells(text) > size:
        out, used = [], 0
        for ch in text:
            width = cells(ch)
            if used + width > size - 1:
                break
            out.append(ch)
            used += width
        text = "".join(out) + "…"
    return text + " " * (size - cells(text)) if pad else text


def json_text(data: object) -> str:
    """Indented JSON that is safe on a terminal and valid UTF-8: controls, bidi and format
    characters and lone surrogates are \\u escapes (JSON itself escapes only C0)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_LATEX_ESCAPE = _pattern(r"(?<!\\)\\([%&_#$])")


def unlatex(text: str) -> str:
    """Text as a reader reads it: LaTeX's escaped specials as the characters (`below 50\\%` ->
    `below 50%`, `R\\&D`, `top\\_k`, `\\#1`, `\\$5`). Applied when text is shown or exported to a
    format that is not LaTeX, never to what is stored: the index's tokenizer drops the
    backslash anyway, and the JSON and BibTeX exports keep (or re-escape) the source's text."""
    return _LATEX_ESCAPE().sub(r"\1", text) if "\\" in text else text


def latex_cuts(text: str) -> list[int]:
    """Where `unlatex` removes a backslash from `text`, in order (to move spans found in the
    stored text onto the text shown)."""
    return [m.start() for m in _LATEX_ESCAPE().finditer(text)] if "\\" in text else []
