"""Text hygiene: everything read from a snapshot passes through here.

Snapshot text is data. These helpers remove anything a terminal would act on
(ANSI/OSC escape sequences, C0/C1 control characters) and collapse whitespace.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# A word as the index tokenizes it: Whoosh's default pattern, its group made non-capturing.
WORDS = r"\w+(?:\.?\w+)*"

# Whole escape sequences first (CSI, OSC, other ESC sequences), then stray controls.
_ESCAPES = re.compile(
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
# C0 except tab and newline, DEL, C1; plus bidi overrides/isolates, which can
# reorder what the terminal shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def strip_controls(text: str) -> str:
    """Remove escape sequences and control characters, keeping tabs and newlines."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def clean(text: str) -> str:
    """Strip controls and collapse every run of whitespace to one space."""
    return _SPACES.sub(" ", strip_controls(text)).strip()


def title_key(title: str) -> str:
    """The normalised form of a title that decides identity when no arXiv id is known."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.findall(r"\w+", folded))


def title_id(title: str) -> str:
    """A short, stable id for a paper known only by its title."""
    return "t" + hashlib.sha1(title_key(title).encode("utf-8")).hexdigest()[:12]


def is_title_id(pid: str) -> bool:
    """True for an id made by `title_id` (a paper with no known arXiv id)."""
    return len(pid) == 13 and pid[0] == "t" and all(c in "0123456789abcdef" for c in pid[1:])


def sparkline(values: list[int]) -> str:
    """Block characters, one per value, scaled to the largest."""
    bars = " ▁▂▃▄▅▆▇█"
    top = max(values, default=0)
    if not top:
        return "▁" * len(values)
    return "".join(bars[max(1, round(v / top * 8))] if v else bars[0] for v in values)
