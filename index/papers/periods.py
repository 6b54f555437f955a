"""The library's ISO weeks and months (`Period`): its snapshots grouped by date, for the
reader's scopes. Apart from `papers.views`: a one-shot search imports the sorts, not these."""

from __future__ import annotations

from collections.abc import Iterable

from .record import record
from .views import month_days, month_of, week_days, week_of


@record(frozen=True)
class Period:
    """A week or a month of the library: its label and the ids of its snapshots."""

    label: str  # "2026-W34" or "2026-08"
    days: tuple[str, ...]  # every day of the period (ISO), snapshot or not
    snapshots: tuple[str, ...]  # the library's snapshots dated in it, in library order


def periods(snapshots: Iterable[tuple[str, str | None]], by: str = "week") -> list[Period]:
    """Group (snapshot id, date) pairs, in library order, into weeks or months (`by`),
    newest period first. Snapshots with no ISO date belong to no period."""
    label_of, days_of = (week_of, week_days) if by == "week" else (month_of, month_days)
    groups: dict[str, list[str]] = {}
    for sid, day in snapshots:
        label = label_of(day) if day else None
        if label:
            groups.setdefault(label, []).append(sid)
    return [
        Period(label, tuple(days_of(label)), tuple(groups[label])) for label in sorted(groups, reverse=True)
    ]
