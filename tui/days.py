"""The library's days as the reader names them: plain code, no Textual.

A snapshot is labelled by its date ("Thu 21 Aug 2026" for an ISO date, a captured page's own
"Sep 3" as it is), an undated one by its file name and the file's time, and two snapshots with
the same label are told apart by their file names.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from dailypapers.index import Paper, strip_controls
from dailypapers.index.papers.record import record

if TYPE_CHECKING:
    from dailypapers.index import Appearance, Problem

SHORT = 22  # cells of a label on a narrow screen (a file name is cut there, whole elsewhere)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")


class Record(Protocol):
    """What the engine reports per snapshot file (`PaperIndex.snapshots()`)."""

    id: str
    file: str
    date: str | None
    papers: int
    skipped: list[dict]  # the first blocks of text, or API items, that became no paper

    @property
    def skipped_count(self) -> int: ...

    @property
    def problem_list(self) -> list[Problem]: ...


@record(frozen=True)
class Day:
    """One snapshot file, as the reader shows it."""

    id: str
    file: str
    label: str  # unique within the library
    date: str | None
    papers: int
    skipped: int = 0  # parts of the file that could not be read (each reported with a reason)
    problem: str | None = None  # why no paper at all could be read
    when: str = ""  # an undated snapshot's file day ("Mar 10"): its date in a list's rows

    @property
    def short(self) -> str:
        """The label without its weekday ("21 Aug 2026"), for a narrow screen (another label
        cut to SHORT cells)."""
        rest = self.label.partition(" ")[2]
        if self.date and _ISO_DAY.match(self.date) and rest:
            return rest
        return self.label if len(self.label) <= SHORT else self.label[: SHORT - 1] + "…"

    @property
    def tiny(self) -> str:
        """At most 8 cells, for a row's date column: an undated snapshot's file day."""
        return self.when or self.label[:8]

    @property
    def count(self) -> str:
        """ "17 papers", "15 papers · 2 skipped", "unreadable"."""
        if not self.papers:
            return "unreadable"
        skipped = f" · {self.skipped} skipped" if self.skipped else ""
        return f"{self.papers:,} paper{'s' if self.papers != 1 else ''}{skipped}"


def days_of(records: Iterable[Record]) -> list[Day]:
    """The snapshots in library (file name) order, each with a label no other one has."""
    records = sorted(records, key=lambda r: r.file)
    labels = [date_label(r.date) or undated_label(r) for r in records]
    seen = Counter(labels)
    days = []
    for rec, label in zip(records, labels, strict=True):
        if seen[label] > 1:
            label = f"{label} · {file_name(rec.file, keep_suffix=_same_stem(rec, records))}"
        problems = rec.problem_list
        fatal = next((p.reason for p in problems if p.fatal), None)
        days.append(
            Day(
                id=rec.id,
                file=rec.file,
                label=strip_controls(label),
                date=rec.date,
                papers=rec.papers,
                skipped=rec.skipped_count,
                problem=fatal if not rec.papers else None,
                when="" if rec.date else _file_time(rec, "{time:%b} {day}"),
            )
        )
    return days


def undated_label(rec: Record) -> str:
    """An undated snapshot: its file name and the file's time ("003_8e949063b2f08e09 · 10 Mar
    12:00"), which say what it is (a cut hash did not)."""
    name = file_name(rec.file, keep_suffix=False)
    when = _file_time(rec, "{day} {time:%b %H:%M}")
    return f"{name} · {when}" if when else name


def _file_time(rec: Record, form: str) -> str:
    stamp = getattr(rec, "mtime_ns", None)
    if not stamp or stamp < 0:
        return ""
    time = dt.datetime.fromtimestamp(stamp / 1e9)
    return form.format(day=time.day, time=time)


def file_name(file: str, keep_suffix: bool = False) -> str:
    """The file's name, whole (its suffix only when asked for)."""
    stem, dot, _ = file.rpartition(".")
    return file if keep_suffix or not dot else stem


def _same_stem(rec: Record, records: list[Record]) -> bool:
    stem = rec.file.rsplit(".", 1)[0]
    return sum(1 for r in records if r.file.rsplit(".", 1)[0] == stem) > 1


def date_label(date: str | None) -> str | None:
    """ "2026-08-21" → "Thu 21 Aug 2026"; another date text as it is; None when undated."""
    if not date:
        return None
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return date
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_date(date: str | None, newest_year: int | None = None) -> str:
    """A date for a result row: "Aug 21" (the newest snapshot's year), "Aug 2024" otherwise."""
    if not date:
        return ""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return date[:8]
    return f"{day:%b} {day.day}" if day.year == newest_year else f"{day:%b %Y}"


def story(paper: Paper, days: dict[str, Day], rank: dict[str, int]) -> str:
    """Where the paper appeared, in library order: "in 3 snapshots: first Mar 11 (#3), …"."""
    apps = sorted(paper.appearances, key=lambda a: (rank.get(a.snapshot, 1 << 30), a.position))
    if not apps:
        return ""

    def where(a: Appearance) -> str:
        day = days.get(a.snapshot)
        return day.label if day else a.date or a.snapshot

    parts = [f"{where(a)} (#{a.position})" for a in apps[:6]]
    if len(apps) > 1:
        parts[0] = "first " + parts[0]
    more = f", +{len(apps) - 6} more, last {where(apps[-1])}" if len(apps) > 6 else ""
    head = "in 1 snapshot" if len(apps) == 1 else f"in {len(apps)} snapshots"
    return strip_controls(f"{head}: {', '.join(parts)}{more}")
