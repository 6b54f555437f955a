"""Read an API day file: what `GET /api/daily_papers?date=YYYY-MM-DD` returned.

Real files drift: most are a JSON array of items, some are arrays of Python-repr
strings (single quotes, True/False), one is wrapped in
`{"status","date","count","data"}`, and titles carry arXiv hard line breaks.

No value is fatal: an integer of any size is read (a count beyond the index's
range is clamped, with a note), a lone surrogate becomes U+FFFD (with a note),
and an item that is not a paper, or repeats an arXiv id or a title already read,
is skipped with its number and the reason.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter

from ..papers.signals import signals
from ..papers.snapshot import Entry, Problem, Skipped, Snapshot
from ..text import clean, has_surrogates

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
INT_RANGE = (-(2**31), 2**31 - 1)  # what the index's numeric fields hold


def _int(digits: str) -> int:
    """JSON's integers: one too long for `int()` (4,300 digits) is as good as infinite here."""
    if len(digits) <= 4000:
        return int(digits)
    return -(2**63) if digits.startswith("-") else 2**63


def read_api(text: str, file: str, snapshot_id: str) -> Snapshot:
    """Parse an API day file into a snapshot; every item that cannot be read is reported."""
    snap = Snapshot(id=snapshot_id, file=file, date=None, kind="api")
    try:
        data = json.loads(text, parse_int=_int)
    except json.JSONDecodeError as exc:
        snap.problems.append(Problem(file, f"invalid JSON: {exc.msg}", line=exc.lineno))
        return snap
    wrapper_date = None
    if isinstance(data, dict):
        wrapper_date = data.get("date") if isinstance(data.get("date"), str) else None
        data = data.get("data", data.get("papers"))
    if not isinstance(data, list):
        snap.problems.append(Problem(file, "not a list of papers (nor a wrapper with 'data')"))
        return snap
    days: Counter[str] = Counter()
    seen: dict[str, int] = {}
    notes: set[str] = set()
    for number, item in enumerate(data, start=1):
        entry, reason, day = _entry(item, len(snap.entries) + 1, notes)
        if entry is None:
            snap.skipped.append(Skipped(None, f"item {number}: {reason}"))
            continue
        key = entry.arxiv_id or "title:" + entry.title.casefold()
        if key in seen:
            what = "arXiv id" if entry.arxiv_id else "title"
            reason = f"item {number}: the same {what} as item {seen[key]}"
            snap.skipped.append(Skipped(None, reason, entry.title[:60]))
            continue
        seen[key] = number
        snap.entries.append(entry)
        if day:
            days[day] += 1
    snap.problems += [Problem(file, note, fatal=False) for note in sorted(notes)]
    stem_date = snapshot_id[:10] if _ISO_DATE.match(snapshot_id) else None
    snap.date = _iso(wrapper_date) or stem_date or (days.most_common(1)[0][0] if days else None)
    if not snap.entries:
        snap.problems.append(Problem(file, "no papers found"))
    return snap


def _iso(value: object) -> str | None:
    return value[:10] if isinstance(value, str) and _ISO_DATE.match(value) else None


def _entry(item: object, position: int, notes: set[str]) -> tuple[Entry | None, str, str | None]:
    if isinstance(item, str):
        try:
            item = ast.literal_eval(item)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None, "a string that is not a Python literal", None
    if not isinstance(item, dict):
        return None, f"a {type(item).__name__}, not an object", None
    inner = item.get("paper")
    paper: dict = inner if isinstance(inner, dict) else item
    title = _text(paper.get("title"), notes) or _text(item.get("title"), notes)
    if not title:
        return None, "no title", None
    listed = paper.get("authors")
    authors = _names(listed, notes) if isinstance(listed, list) else []
    entry = Entry(
        title=title,
        abstract=_text(paper.get("summary"), notes) or _text(item.get("summary"), notes),
        position=position,
        arxiv_id=_text(paper.get("id"), notes) or None,
        authors=authors or None,
        upvotes=_count(paper.get("upvotes"), notes),
        published=_iso(paper.get("publishedAt")),
        signals=signals(item, paper),
    )
    return entry, "", _iso(paper.get("submittedOnDailyAt"))


def _names(listed: list, notes: set[str]) -> list[str]:
    """The authors' names, cleaned (checked together: names rarely need more than a split)."""
    names = [a.get("name") for a in listed if isinstance(a, dict)]
    joined = "\n".join(n for n in names if isinstance(n, str))
    if len(names) > 1 and joined.isascii() and joined.replace("\n", " ").isprintable():
        return [name for n in names if isinstance(n, str) and (name := " ".join(n.split()))]
    return [name for n in names if (name := _text(n, notes))]


def _text(value: object, notes: set[str]) -> str:
    if not isinstance(value, str):
        return ""
    if has_surrogates(value):
        notes.add("text with lone surrogates (invalid Unicode): replaced with U+FFFD")
    return clean(value)


def _count(value: object, notes: set[str]) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    low, high = INT_RANGE
    if not low <= value <= high:
        notes.add(f"upvotes beyond {high:,} (or below {low:,}): clamped")
        return max(low, min(high, value))
    return value
