"""Read an API day file: what `GET /api/daily_papers?date=YYYY-MM-DD` returned.

Real files drift: most are a JSON array of items, some are arrays of Python-repr
strings (single quotes, True/False), one is wrapped in
`{"status","date","count","data"}`, and titles carry arXiv hard line breaks.
"""

from __future__ import annotations

import ast
import json
import re
from collections import Counter

from .model import Entry, Problem, Snapshot
from .signals import signals
from .text import clean

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def read_api(text: str, file: str, snapshot_id: str) -> Snapshot:
    """Parse an API day file into a snapshot; every item that cannot be read is reported."""
    snap = Snapshot(id=snapshot_id, file=file, date=None, kind="api")
    try:
        data = json.loads(text)
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
    seen: set[str] = set()
    for number, item in enumerate(data, start=1):
        entry, reason, day = _entry(item, len(snap.entries) + 1)
        if entry is None:
            snap.problems.append(Problem(file, f"item {number}: {reason}; skipped", fatal=False))
            continue
        key = entry.arxiv_id or entry.title.casefold()
        if key in seen:
            continue
        seen.add(key)
        snap.entries.append(entry)
        if day:
            days[day] += 1
    stem_date = snapshot_id[:10] if _ISO_DATE.match(snapshot_id) else None
    snap.date = _iso(wrapper_date) or stem_date or (days.most_common(1)[0][0] if days else None)
    if not snap.entries:
        snap.problems.append(Problem(file, "no papers found"))
    return snap


def _iso(value: object) -> str | None:
    return value[:10] if isinstance(value, str) and _ISO_DATE.match(value) else None


def _entry(item: object, position: int) -> tuple[Entry | None, str, str | None]:
    if isinstance(item, str):
        try:
            item = ast.literal_eval(item)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None, "a string that is not a Python literal", None
    if not isinstance(item, dict):
        return None, f"a {type(item).__name__}, not an object", None
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
    title = clean(_str(paper.get("title")) or _str(item.get("title")))
    if not title:
        return None, "no title", None
    abstract = clean(_str(paper.get("summary")) or _str(item.get("summary")))
    arxiv = clean(_str(paper.get("id"))) or None
    listed = paper.get("authors")
    authors = [
        clean(a["name"])
        for a in (listed if isinstance(listed, list) else [])
        if isinstance(a, dict) and isinstance(a.get("name"), str) and clean(a["name"])
    ]
    upvotes = paper.get("upvotes")
    entry = Entry(
        title=title,
        abstract=abstract,
        position=position,
        arxiv_id=arxiv,
        authors=authors or None,
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        published=_iso(paper.get("publishedAt")),
        signals=signals(item, paper),
    )
    return entry, "", _iso(paper.get("submittedOnDailyAt"))


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
