"""What the command line prints: messages on stderr, JSON, rows that fit the terminal, links.

Every message quotes data (file names, snapshot text) through `shown`, so nothing a
terminal would act on reaches it; JSON goes through the engine's one `json_text`.
"""

from __future__ import annotations

import os
import sys

from ..text import cells, fit, json_text, shown, takes_escapes

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from ..papers.model import Paper


class UsageError(Exception):
    """A user error: one line on stderr, exit status 2."""


def err(text: str) -> None:
    """One line on stderr; what it quotes (file names, snapshot text) is escaped."""
    print(f"dailypapers: {shown(text)}", file=sys.stderr, flush=True)


def dump(data: object) -> None:
    """JSON on stdout (terminal-safe: controls and bidi characters as \\u escapes)."""
    print(json_text(data))


def width() -> int:
    """The terminal's width, kept between 40 and 100 columns."""
    return max(40, min(100, columns()))


def columns() -> int:
    """`shutil.get_terminal_size((80, 24)).columns` without importing `shutil` (with its `bz2`,
    `lzma` and `fnmatch`: 2 ms of a one-shot search): $COLUMNS, else stdout's terminal, else 80."""
    try:
        found = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        found = 0
    if found <= 0:
        try:
            found = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            found = 0
    return found or 80


def piped() -> bool:
    """True when stdout is not a terminal (a pipe, a file): rows keep whole titles, tab-separated,
    for `grep` and `cut` (nothing is cut to a width no one sees)."""
    return not sys.stdout.isatty()


def styled() -> bool:
    """True when stdout is a terminal that takes bold and hyperlinks (not a pipe, not
    `TERM=dumb`, no `NO_COLOR`)."""
    return takes_escapes(sys.stdout) and not os.environ.get("NO_COLOR")


def clip(text: str, size: int) -> str:
    """`text` cut to `size` terminal columns (wide characters count two)."""
    return fit(text, max(1, size))


def pad(text: str, size: int, right: bool = False) -> str:
    """`text` cut or filled to exactly `size` columns (on the left with `right`)."""
    if right:
        return " " * max(0, size - cells(text)) + fit(text, size)
    return fit(text, size, pad=True)


def link(text: str, url: str | None, tty: bool) -> str:
    """An OSC 8 hyperlink on a terminal (ignored by terminals without them); the url is built
    from a checked arXiv id, or is a URL `signals.url` validated (http/https, printable ASCII)."""
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\" if tty and url else text


def bold_spans(text: str, marks: list[tuple[int, int]], bold: bool) -> str:
    """`text` with the spans in bold (on a terminal)."""
    if not bold:
        return text
    out, last = [], 0
    for a, b in marks:
        out += [text[last:a], "\x1b[1m", text[a:b], "\x1b[0m"]
        last = b
    return "".join(out) + text[last:]


def count(n: int, what: str) -> str:
    """ "1 upvote", "1,234 upvotes"."""
    return f"{n:,} {what}" if n == 1 else f"{n:,} {what}s"


def votes(paper: Paper) -> str:
    """`▲N` for the latest upvotes, or nothing."""
    return f"▲{paper.upvotes}" if paper.upvotes is not None else ""


def badges(paper: Paper) -> str:
    """`</>` when the paper has code, `▲N` for its latest upvotes: what fits a list row."""
    return f"{'</>' if paper.signals.github else ''} {votes(paper)}".strip()
