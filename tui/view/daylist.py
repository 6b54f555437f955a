"""A list of several days, as plain code (no Textual): its papers under day headings, or, when
the days hold one or two papers each, flat with each row's date in its right column (a heading
a paper would halve what fits on an 80x24 screen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .rows import Header, Item, Row

if TYPE_CHECKING:
    from dailypapers.index import Appearance

SPARSE = 2  # at most this many papers a day on average: no headings, the date in the row


def by_day(
    rows: list[Row], rank: dict[str, int], label: Callable[[str | None], str], newest: bool
) -> list[Item]:
    """Rows grouped under their day (its latest appearance newest first, else its first);
    with few papers a day, the rows alone in that order."""

    def home(row: Row) -> Appearance | None:
        apps = [a for a in row.paper.appearances if a.snapshot in rank]
        if not apps:
            return None
        pick = max if newest else min
        return pick(apps, key=lambda a: rank[a.snapshot])

    keyed = []
    for row in rows:
        app = home(row)
        day_rank = rank[app.snapshot] if app else -1
        keyed.append(((-day_rank if newest else day_rank), app.position if app else 0, row, app))
    keyed.sort(key=lambda k: (k[0], k[1]))
    groups: list[tuple[str | None, list[Row]]] = []
    for _, _, row, app in keyed:
        sid = app.snapshot if app else None
        if not groups or groups[-1][0] != sid:
            groups.append((sid, []))
        groups[-1][1].append(row)
    if sparse(len(rows), len(groups)):
        return [row for _, group in groups for row in group]
    items: list[Item] = []
    for sid, group in groups:
        items.append(Header(label(sid), len(group)))
        items.extend(group)
    return items


def sparse(rows: int, days: int) -> bool:
    """Few papers a day: the list shows dates in its rows rather than a heading a day."""
    return days > 1 and rows <= SPARSE * days


def has_headings(items: list[Item]) -> bool:
    return any(isinstance(i, Header) for i in items)
