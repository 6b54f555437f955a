"""Read a page capture: the text of a Daily Papers page saved as a `.txt` file.

The page is a list of cards; each card is a title line followed by its abstract
paragraph. Around them sit page boilerplate, navigation, a date line, vote and
author counts, URLs, separators and organisation names. The reader drops the
lines it recognises as noise, then pairs each abstract-like line with the line
before it: the structure decides, not line length alone.
"""

from __future__ import annotations

import re

from .model import Entry, Problem, Snapshot
from .text import clean

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
DATE_LINE = re.compile(
    rf"^(?:published on\s+)?(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?)(?:,?\s+\d{{4}})?$"
    r"|^\d{4}-\d{2}-\d{2}$",
    re.IGNORECASE,
)
_NOISE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:<)?(?:https?://|www\.)\S+?(?:>)?$",  # a bare URL
        r"^(?:\[[-+]\]|[-+▲△⬆↑])?\s*\d[\d,]*(?:\.\d+)?k?$",  # vote count: "[-] 12", "1,204"
        r"^[·•|]?\s*\d+\s+authors?$",  # "4 authors", "· 4 authors"
        r"^[·•|\-–—_=*]+$",  # separators
        r"^(?:submitted|published|upvoted) by\b.*$",
        r"^\d+\s+(?:comments?|upvotes?|likes?)$",
    )
]
_BOILERPLATE = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "by ak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "hugging face",
    "models",
    "datasets",
    "spaces",
    "posts",
    "docs",
    "enterprise",
    "pricing",
    "log in",
    "login",
    "sign up",
    "papers",
    "search",
    "previous",
    "next",
    "upvote",
    "trending",
    "collections",
    "community",
    "view all",
}
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[A-Z0-9\"'(\[])")
_SENTENCE_END = tuple(".)]\"'”’")


def is_noise(line: str) -> bool:
    """A line that is never a title nor part of an abstract."""
    if not line or line.casefold() in _BOILERPLATE or DATE_LINE.match(line):
        return True
    return any(p.match(line) for p in _NOISE)


def is_abstract(line: str) -> bool:
    """A line that reads as prose: enough words and sentence punctuation, or long."""
    if len(line) >= 400:
        return True
    words = line.split()
    if len(words) < 12:
        return False
    last = words[-1]
    return line.endswith(_SENTENCE_END) or ". " in line or last.startswith(("http", "www."))


def _front_matter(lines: list[tuple[int, str]]) -> tuple[int, str | None]:
    """Skip a `---` front-matter block at the top; return (lines consumed, its date)."""
    if not lines or lines[0][1] != "---":
        return 0, None
    date = None
    for i, (_, line) in enumerate(lines[1:], start=1):
        if line in ("---", "..."):
            return i + 1, date
        key, _, value = line.partition(":")
        if key.strip().casefold() == "date" and value.strip():
            date = value.strip().strip("'\"")
    return 0, None  # unterminated: not front matter


def read_capture(text: str, file: str, snapshot_id: str) -> Snapshot:
    """Parse the text of a page capture into a snapshot (entries in page order)."""
    raw = [(n, clean(line)) for n, line in enumerate(text.splitlines(), start=1)]
    lines = [(n, s) for n, s in raw if s]
    skip, date = _front_matter(lines)
    snap = Snapshot(id=snapshot_id, file=file, date=date, kind="capture")
    content: list[tuple[int, str]] = []
    for n, line in lines[skip:]:
        line = _GLUED_SUBSCRIBE.sub("", line)
        if DATE_LINE.match(line):
            if snap.date is None and not content:
                snap.date = line
            continue
        if not is_noise(line):
            content.append((n, line))
    _pair(content, snap)
    if not snap.entries:
        snap.problems.append(Problem(file, "no papers found (no title followed by an abstract)"))
    return snap


def _pair(content: list[tuple[int, str]], snap: Snapshot) -> None:
    seen: set[str] = set()
    last_used = -2  # index of the last line consumed as an abstract
    i = 0
    while i < len(content):
        n, line = content[i]
        nxt = content[i + 1][1] if i + 1 < len(content) else None
        if nxt is not None and is_abstract(nxt) and _can_be_title(line, nxt):
            key = line.casefold()
            if key not in seen:
                seen.add(key)
                snap.entries.append(Entry(line, nxt, position=len(snap.entries) + 1))
            last_used = i + 1
            i += 2
            continue
        if is_abstract(line):
            if last_used == i - 1 and snap.entries:
                # A second paragraph of the abstract just read.
                entry = snap.entries[-1]
                entry.abstract = f"{entry.abstract} {line}"
                last_used = i
            else:
                snap.problems.append(
                    Problem(snap.file, "paragraph without a title skipped", line=n, fatal=False)
                )
        i += 1  # a lone short line: navigation, an organisation name; not a paper


def _can_be_title(line: str, abstract: str) -> bool:
    if len(line) > 400:
        return False
    # A prose-like title is accepted only when it is shorter than what follows.
    return not is_abstract(line) or len(line) < min(300, len(abstract))
