"""Sorts and views: the orders papers are listed in, and the ISO week and month views.

`Sort` is shared by `list`, `search` and the reader. The counts break ties newest
snapshot first, then by rank (page order), so a listing does not depend on how it was
fetched. Counts a paper lacks (no upvotes in a page capture, no repository) sort after
every known count.

Library order is the order of the snapshot files' names (`PaperIndex.snapshot_order`):
for `YYYY-MM-DD.json` files that is the date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from enum import StrEnum

from .model import Appearance, Paper

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    import datetime as dt


class Sort(StrEnum):
    RELEVANCE = "relevance"  # search score (tiers: all words, typo-corrected, some words)
    UPVOTES = "upvotes"  # the latest known upvote count, most first
    STARS = "stars"  # GitHub stars, most first
    COMMENTS = "comments"  # comment count, most first
    RISING = "rising"  # upvotes gained per day over the last days seen (`marks.history.rates`)
    NEWEST = "newest"  # newest snapshot first, then page order within it
    PAGE = "page"  # library order, then page order: how the snapshots listed them

    def next(self) -> Sort:
        """The sort after this one (the reader's `o` cycles them)."""
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


SORTS = tuple(s.value for s in Sort)


def paper_key(
    sort: Sort,
    order: Mapping[str, int],
    scope: Callable[[Appearance], bool] | None = None,
    rising: Mapping[str, float] | None = None,
) -> Callable[[Paper], tuple]:
    """The sort key of a paper; `scope` picks the appearances that count (a snapshot, some days).
    RELEVANCE has no meaning without a query: it is page order here. RISING takes `rising`, the
    upvotes gained per day by paper id (or former id): fastest first, papers without a rate after
    every paper with one."""

    def newest(paper: Paper) -> tuple[int, int]:
        return paper.newest_place(order, scope)

    if sort in (Sort.RELEVANCE, Sort.PAGE):
        return lambda paper: paper.first_place(order, scope)
    if sort is Sort.NEWEST:
        return newest
    if sort is Sort.RISING:
        rates = rising or {}
        return lambda paper: (*_rate(paper, rates), *newest(paper))
    count = {
        Sort.UPVOTES: lambda p: p.upvotes,
        Sort.STARS: lambda p: p.signals.github.stars if p.signals.github else None,
        Sort.COMMENTS: lambda p: p.signals.comments,
    }[sort]
    return lambda paper: (-_known(count(paper)), *newest(paper))  # ties: newest, then rank


def sort_papers(
    papers: Iterable[Paper],
    sort: Sort,
    order: Mapping[str, int],
    scope: Callable[[Appearance], bool] | None = None,
    rising: Mapping[str, float] | None = None,
) -> list[Paper]:
    return sorted(papers, key=paper_key(sort, order, scope, rising))


def rate_of(paper: Paper, rising: Mapping[str, float]) -> float | None:
    """The paper's rate in `rising` (under its id or a former id), or None."""
    return next((rising[k] for k in paper.keys if k in rising), None)


def _rate(paper: Paper, rising: Mapping[str, float]) -> tuple[int, float]:
    rate = rate_of(paper, rising)
    return (1, 0.0) if rate is None else (0, -rate)


def _known(value: int | None) -> int:
    return -1 if value is None else value


# -- weeks and months --------------------------------------------------------------

_WEEK = re.compile(r"(\d{4})-[Ww](\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def week_days(week: str) -> list[str]:
    """The seven ISO dates (Monday first) of an ISO week `YYYY-Www`; ValueError if it is none."""
    match = _WEEK.fullmatch(week.strip())
    if not match:
        raise ValueError(f"not an ISO week (YYYY-Www, e.g. 2026-W34): {week!r}")
    year, number = int(match.group(1)), int(match.group(2))
    import datetime as dt

    try:
        return [dt.date.fromisocalendar(year, number, day).isoformat() for day in range(1, 8)]
    except ValueError:
        raise ValueError(f"{year} has no ISO week {number}") from None


def month_days(month: str) -> list[str]:
    """Every ISO date of a month `YYYY-MM`; ValueError if it is none."""
    match = _MONTH.fullmatch(month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise ValueError(f"not a month (YYYY-MM, e.g. 2026-08): {month!r}")
    year, number = int(match.group(1)), int(match.group(2))
    import calendar
    import datetime as dt

    last = calendar.monthrange(year, number)[1]
    return [dt.date(year, number, day).isoformat() for day in range(1, last + 1)]


def week_of(day: str) -> str | None:
    """The ISO week `YYYY-Www` of an ISO date, or None for anything else."""
    parsed = _date(day)
    if parsed is None:
        return None
    year, week, _ = parsed.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(day: str) -> str | None:
    """The month `YYYY-MM` of an ISO date, or None for anything else."""
    return day[:7] if _date(day) else None


def in_days(days: Collection[str]) -> Callable[[Appearance], bool]:
    """An appearance scope: dated on one of `days`."""
    wanted = frozenset(days)
    return lambda a: a.date in wanted


def _date(day: str) -> dt.date | None:
    if not isinstance(day, str) or not _DAY.fullmatch(day):
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None
