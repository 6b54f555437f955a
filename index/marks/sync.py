"""Marks on two machines: every mark, follow, saved search and visit as JSON lines, and back.

An export holds every row with its times, cleared marks and removed follows
included (so that an unstar or an unfollow travels too). An import merges: per
paper and field (read, starred, note, dismissed), and per follow or saved search,
the newer change wins; visits are added. Importing the same file twice changes
nothing the second time, so two machines can swap files through git or rsync.

    {"type": "dailypapers-marks", "version": 2, "exported": 1700000000.0}
    {"type": "mark", "key": "2405.21060", "title": "...", "read": true, "read_at": 1700000000.0,
     "starred": false, "starred_at": 0.0, "note": "", "note_at": 0.0, "dismissed": false, "dismissed_at": 0.0}
    {"type": "follow", "name": "mamba", "query": "mamba", "created": ..., "updated": ..., "deleted": false}
    {"type": "search", "name": "rl", "query": "...", "scope": null, "created": ..., "updated": ...,
     "deleted": false}
    {"type": "visit", "at": ..., "kind": "reader", "until": "2024-06-03"}
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..text import has_surrogates
from .db import FIELDS, Follow, Mark, Marks, SavedSearch, Visit
from .rows import VERSION

HEADER = "dailypapers-marks"
MAX_LINE = 1 << 20  # bytes; the longest line of a real export is a note, far shorter
MAX_FILE = 512 << 20  # bytes; 1,000,000 marks export as about 150 MB
AHEAD = 86400.0  # a time more than a day ahead of this machine's clock is not a time of a change


@dataclass(slots=True)
class ImportReport:
    marks: int = 0  # rows changed
    follows: int = 0
    searches: int = 0
    visits: int = 0
    problems: list[str] = field(default_factory=list)  # "line N: reason" of each line skipped

    @property
    def changed(self) -> int:
        return self.marks + self.follows + self.searches + self.visits


def export_lines(marks: Marks) -> list[str]:
    """The whole marks database as JSON lines (a header line first)."""
    rows: list[dict] = [{"type": HEADER, "version": VERSION, "exported": time.time()}]
    for m in sorted(marks.rows().values(), key=lambda m: m.key):
        row = {"type": "mark", "key": m.key, "title": m.title}
        for name in FIELDS:
            row[name], row[f"{name}_at"] = getattr(m, name), getattr(m, f"{name}_at")
        rows.append(row)
    for f in sorted(marks.follows(deleted=True), key=lambda f: f.name):
        rows.append(
            {
                "type": "follow",
                "name": f.name,
                "query": f.query,
                "created": f.created,
                "updated": f.updated,
                "deleted": f.deleted,
            }
        )
    for s, created, updated, deleted in marks.search_rows():
        rows.append(
            {
                "type": "search",
                "name": s.name,
                "query": s.query,
                "scope": s.scope,
                "created": created,
                "updated": updated,
                "deleted": deleted,
            }
        )
    for v in marks.visits():
        rows.append({"type": "visit", "at": v.at, "kind": v.kind, "until": v.until})
    return [json.dumps(r, ensure_ascii=False) for r in rows]


def import_lines(marks: Marks, lines: Iterable[str | bytes]) -> ImportReport:
    """Merge an export into the database (see the module docstring). A line that cannot be
    read (not UTF-8, not JSON, a value that is not what its field holds: a time that is not
    finite or is in the future, a day that is not one) is skipped and reported by number, and
    the rest merges; a file that is not an export is refused (ValueError). Lines may be bytes."""
    report = ImportReport()
    found: dict[str, list] = {"mark": [], "follow": [], "search": [], "visit": []}
    header = False
    now = time.time()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            if len(line) > MAX_LINE:
                raise ValueError(f"longer than {MAX_LINE >> 20} MB")
            if isinstance(line, bytes):
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ValueError(f"not UTF-8 (byte {exc.start + 1})") from None
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            kind = row.get("type")
            if kind == HEADER:
                header = True
                continue
            if kind not in found:
                raise ValueError(f"unknown type {kind!r}")
            found[kind].append(_READERS[kind](row, now))
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as exc:
            reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            reason = "JSON nested too deep" if isinstance(exc, RecursionError) else reason
            report.problems.append(f"line {number}: {reason}; skipped")
    if not header:
        raise ValueError("not a dailypapers marks export (no header line)")
    report.marks = marks.merge_marks(found["mark"])
    report.follows = marks.merge_follows(found["follow"])
    report.searches = marks.merge_searches(found["search"])
    report.visits = marks.merge_visits(found["visit"])
    return report


def _text(row: dict, key: str, empty: bool = False) -> str:
    value = row[key]
    if not isinstance(value, str) or (not empty and not value):
        raise ValueError(f"{key!r} is not a non-empty string" if not empty else f"{key!r} is not a string")
    if has_surrogates(value):
        raise ValueError(f"{key!r} holds a lone surrogate (not text)")
    return value


def _time(row: dict, key: str, now: float) -> float:
    """A time of a change: a finite number of seconds, not before 1970 nor over a day ahead."""
    value = row.get(key, 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key!r} is not a time")
    if (isinstance(value, int) and value.bit_length() > 64) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{key!r} is not a time ({_short(value)})")
    if value > now + AHEAD:
        raise ValueError(f"{key!r} is in the future ({_short(value)})")
    return float(value)


def _day(row: dict, key: str, now: float) -> str | None:
    """A day written YYYY-MM-DD, not after tomorrow; or None."""
    value = row.get(key)
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValueError(f"{key!r} is not a day (YYYY-MM-DD): {_short(value)}")
    if day > dt.datetime.fromtimestamp(now + AHEAD, dt.UTC).date():
        raise ValueError(f"{key!r} is in the future ({value})")
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _flag(row: dict, key: str) -> bool:
    value = row.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key!r} is not true or false")
    return value


def _mark(row: dict, now: float) -> Mark:
    times = {f"{n}_at": _time(row, f"{n}_at", now) for n in FIELDS}
    return Mark(
        _text(row, "key"),
        read=_flag(row, "read"),
        starred=_flag(row, "starred"),
        note=_text(row, "note", empty=True) if "note" in row else "",
        title=_text(row, "title", empty=True) if "title" in row else "",
        updated=max(times.values()),
        dismissed=_flag(row, "dismissed"),
        **times,
    )


def _follow(row: dict, now: float) -> Follow:
    return Follow(
        _text(row, "name"),
        _text(row, "query"),
        _time(row, "created", now),
        _time(row, "updated", now),
        _flag(row, "deleted"),
    )


def _search(row: dict, now: float) -> tuple[SavedSearch, float, float, bool]:
    scope = _text(row, "scope") if row.get("scope") is not None else None
    search = SavedSearch(_text(row, "name"), _text(row, "query"), scope)
    return search, _time(row, "created", now), _time(row, "updated", now), _flag(row, "deleted")


def _visit(row: dict, now: float) -> Visit:
    return Visit(_time(row, "at", now), _text(row, "kind"), _day(row, "until", now))


_READERS = {"mark": _mark, "follow": _follow, "search": _search, "visit": _visit}
