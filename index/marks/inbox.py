"""Catching up: when each paper was first seen, what is new since a date, the follows' counts.

A paper is **first seen** on the day of its earliest snapshot. A snapshot's day is
its date when the file names one (an API day file; a capture whose date line or
front matter has a year: `2024-05-27`, `Oct 7, 2024`); otherwise (a page saved as
`Sep 3`, or with no date) it is the UTC day of the file's modification time, which
is when `add` or `capture` put it in the library (touching or rewriting the file
moves it). Papers **new since** a day are those first seen after it, each once
however many snapshots hold it.

A visit (the reader, or a digest) records the newest day the library held then;
"since the last visit" means after that day, so a day captured later on the day of
the visit still counts as new, and old days added to the library do not. With no
visit yet, the library's newest day is what is new.

`CatchUp` is the reader's API as well as the CLI's: plain results, papers with reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..papers.model import Paper
from .alerts import Change, alerts
from .lookup import marked_ids
from .recommend import MIN_STARS, Pick, blend, build_profile, by_upvotes, rank, votes_text

if TYPE_CHECKING:
    from ..paperindex import PaperIndex
    from ..store.manifest import FileRecord
    from .db import Follow, Marks, Visit

_LABELS = ("%Y-%m-%d", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")


def parse_day(label: str | None) -> str | None:
    """A snapshot's date label as YYYY-MM-DD when it names a day with its year, else None."""
    if not label:
        return None
    text = " ".join(label.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in _LABELS:
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def snapshot_day(rec: FileRecord) -> str | None:
    """The day a readable snapshot's papers count as seen (see the module's docstring)."""
    if not rec.papers:
        return None
    return parse_day(rec.date) or dt.datetime.fromtimestamp(rec.mtime_ns / 1e9, dt.UTC).date().isoformat()


def first_seen(papers: list[Paper], records: list[FileRecord]) -> dict[str, str]:
    """Paper id -> the day of its earliest snapshot."""
    days = {rec.id: day for rec in records if (day := snapshot_day(rec))}
    out = {}
    for paper in papers:
        seen = [days[a.snapshot] for a in paper.appearances if a.snapshot in days]
        if seen:
            out[paper.id] = min(seen)
    return out


def day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def day_after(day: str) -> str:
    """The first day counted as new when papers are new after `day` (what the user is told:
    a day the user gives is counted from its start, `--since D` is new after the day before D)."""
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def visit_day(visit: Visit) -> str:
    """The day after which papers are new for someone who made this visit."""
    return visit.until or dt.datetime.fromtimestamp(visit.at, dt.UTC).date().isoformat()


@dataclass(slots=True)
class FollowCount:
    follow: Follow
    total: int  # papers matching the query (every word), across the library
    new: list[str]  # ids of those first seen after the date, newest first
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "name": self.follow.name,
            "query": self.follow.query,
            "total": self.total,
            "new": len(self.new),
        }


@dataclass(slots=True)
class NewPaper:
    """A paper of the catch-up inbox: when first seen, its place, and why it is there."""

    paper: Paper
    first_seen: str
    score: float  # likeness to the stars blended with upvotes (0..1)
    why: str
    follows: list[str] = field(default_factory=list)  # names of the follows it matches

    def to_json(self) -> dict:
        return {
            **self.paper.to_json(),
            "first_seen": self.first_seen,
            "score": round(self.score, 4),
            "why": self.why,
            "follows": self.follows,
        }


class CatchUp:
    """What is new in a library for the user of a marks database.

    Made once per look (it reads the catalogue and the snapshot list); every method
    uses the index, so in the reader call them on the index thread.
    """

    def __init__(self, pix: PaperIndex, marks: Marks) -> None:
        self.pix, self.marks = pix, marks
        records = pix.snapshots()
        self.first_seen = first_seen(pix.papers(light=True), records)
        # The newest day held (a day of papers all seen before still counts: a change on it is news).
        self.until: str | None = max(filter(None, map(snapshot_day, records)), default=None)

    def default_since(self) -> tuple[str | None, str]:
        """The day after which papers are new by default, and how it was chosen."""
        visit = self.marks.last_visit()
        if visit is not None:
            when = dt.datetime.fromtimestamp(visit.at).strftime("%Y-%m-%d %H:%M")
            return visit_day(visit), f"the last {visit.kind} visit ({when})"
        if self.until is None:
            return None, "an empty library"
        return day_before(self.until), "no visit yet: the newest day"

    def change_time(self, since: str | None) -> float:
        """The time after which a capture's change is news, for papers new after the day `since`:
        the last visit's time when `since` is its day, else the start of the day after `since`
        (UTC); 0 for the whole history."""
        visit = self.marks.last_visit()
        if visit is not None and since is not None and visit_day(visit) == since:
            return visit.at
        if since is None:
            return 0.0
        start = dt.datetime.fromisoformat(day_after(since)).replace(tzinfo=dt.UTC)
        return start.timestamp()

    def changes(
        self, since: str | None, only: Iterable[str] = (), after: float | None = None
    ) -> list[Change]:
        """What changed, after `since` (see `change_time`; or after the time `after`), about the
        papers the user cares about (starred, followed, with a note; `only`: these ids), from
        the signals' history."""
        return alerts(self.pix, self.marks, self.change_time(since) if after is None else after, only=only)

    def record_visit(self, kind: str) -> Visit:
        """Remember that the library was looked at up to its newest day (the reader, a digest)."""
        return self.marks.record_visit(kind, self.until)

    def new_ids(self, since: str | None) -> set[str]:
        """Every paper first seen after `since` (None: every paper)."""
        return {pid for pid, day in self.first_seen.items() if since is None or day > since}

    def follows(self, since: str | None) -> list[FollowCount]:
        """Each follow with its total and the papers of it first seen after `since`."""
        new = self.new_ids(since)
        return [self.follow_count(follow, new)[0] for follow in self.marks.follows()]

    def follow_count(self, follow: Follow, new: set[str]) -> tuple[FollowCount, set[str]]:
        """One follow: its total and its papers among `new` (`new_ids`), newest first; and every
        paper it matches (one search: the reader counts its follows one at a time)."""
        ids, notes = self.pix.matching(follow.query)
        fresh = sorted(ids & new, key=lambda i: (self.first_seen[i], i), reverse=True)
        return FollowCount(follow, len(ids), fresh, notes), ids

    def new_since(self, since: str | None, follows: list[FollowCount] | None = None) -> list[NewPaper]:
        """Papers first seen after `since`, each once, dismissed ones left out: those of a
        follow first, then by likeness to the stars blended with upvotes (upvotes alone
        with fewer than MIN_STARS stars)."""
        ids = marked_ids(self.pix, self.marks)
        new = self.new_ids(since) - ids["dismissed"]
        if not new:
            return []
        followed: dict[str, list[str]] = {}
        for count in self.follows(since) if follows is None else follows:
            for pid in count.new:
                followed.setdefault(pid, []).append(count.follow.name)
        liked = len(ids["starred"]) >= MIN_STARS
        picks: dict[str, Pick] = {}
        if liked:
            profile = build_profile(self.pix, ids["starred"], ids["dismissed"])
            picks = {p.paper.id: p for p in rank(self.pix, profile, None, among=new)}
        for p in by_upvotes(self.pix, None, among=new - set(picks)):  # (with stars: sharing no term)
            picks[p.paper.id] = Pick(p.paper, 0.0, p.why) if liked else p
        scores = blend(picks.values(), share=0.3 if liked else 1.0)
        out = []
        for pid, pick in picks.items():
            names = followed.get(pid, [])
            why = "; ".join(x for x in (f"follows {', '.join(names)}" if names else "", pick.why) if x)
            if not why:
                why = votes_text(pick.paper)
            out.append(NewPaper(pick.paper, self.first_seen[pid], scores[pid], why, names))
        out.sort(key=lambda n: (not n.follows, -n.score, n.first_seen, n.paper.id))
        return out
