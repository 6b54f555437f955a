"""The snapshot list's entries, as plain code (no Textual): what is new since the last visit, the
picks for you, every day, the starred papers, the follows and the saved searches, then the days
newest first under their months and ISO weeks (a week that spans two months is listed under
both). Each entry is a scope of the list (or a saved search); `scope_of` and `entry_of` map one
to the other.
"""

from __future__ import annotations

import datetime as dt

from dailypapers.index import month_of, week_of
from dailypapers.index.papers.record import record

from .scope import ALL, DAY, FOLLOW, FOR_YOU, INBOX, MONTH, PERIODS, STARRED, WEEK, Scope, period_label
from .state import ViewState

ALL_ID = "\x00all"  # option ids that are never a file stem
STARRED_ID = "\x00starred"
INBOX_ID = "\x00inbox"
FOR_YOU_ID = "\x00foryou"
FOLLOW_ID = "\x00follow:"  # + the follow's name
SAVED_ID = "\x00search:"  # + the saved search's name
PERIOD_ID = "\x00period:"  # + "2026-W34" (+ "@2026-07" under its second month) or "2026-08"
HEADING_ID = "\x00heading:"


@record(frozen=True)
class Entry:
    id: str
    label: str
    count: str = ""  # dim, at the right
    new: str = ""  # "2 new": bold, before the count
    indent: int = 0
    heading: bool = False  # a section's name: not an entry to choose
    unreadable: bool = False


def entries(state: ViewState) -> list[Entry]:
    """Every entry, in order."""
    catchup = state.catchup
    new = len(state.inbox()) if catchup else None
    out = [
        Entry(INBOX_ID, catchup.label if catchup else "New since your last visit",
              new=f"{new:,}" if new else "", count="…" if new is None else "" if new else "0"),
        Entry(FOR_YOU_ID, "For you", count=f"{len(state.pick_list()):,}" if state.picks else ""),
        Entry(ALL_ID, "All snapshots", count=f"{len(state.papers):,}"),
        Entry(STARRED_ID, "★ Starred", count=f"{state.starred_count:,}"),
    ]  # fmt: skip
    follows = catchup.follows if catchup else []
    if follows:
        out.append(Entry(HEADING_ID + "follows", "Following", heading=True))
        out += [
            Entry(FOLLOW_ID + f.name, f.name, f"{len(f.ids):,}", f"{len(f.new):,} new" if f.new else "", 1)
            for f in follows
        ]
    if state.searches:
        out.append(Entry(HEADING_ID + "searches", "Saved searches", heading=True))
        out += [Entry(SAVED_ID + s.name, "⌕ " + s.name, indent=1) for s in state.searches]
    return out + _timeline(state)


def _timeline(state: ViewState) -> list[Entry]:
    """The days, newest first, under their month and week (undated days on their own)."""
    counts = state.period_counts() if state.periods else {}
    out: list[Entry] = []
    month = week = None
    for day in reversed(state.days):
        date = _date(day.date)
        m = month_of(day.date or "") if date and day.papers else None
        w = week_of(day.date or "") if m else None
        if m is None:
            month = week = None
        else:
            if m != month:
                out.append(Entry(PERIOD_ID + m, period_label(m), f"{counts.get(m, 0):,}"))
                month, week = m, None
            if w != week and w is not None:
                again = "@" + m if any(e.id == PERIOD_ID + w for e in out) else ""  # under two months
                out.append(Entry(PERIOD_ID + w + again, period_label(w), f"{counts.get(w, 0):,}", indent=1))
                week = w
        label = f"{date:%a} {date.day} {date:%b}" if m and date else day.label
        count = day.count.replace(" papers", "").replace(" paper", "")
        out.append(Entry(day.id, label, count, indent=2 if m else 0, unreadable=not day.papers))
    return out


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


def scope_of(entry: str) -> Scope | None:
    """The scope an entry lists (None for a saved search or a heading)."""
    fixed = {ALL_ID: ALL, STARRED_ID: STARRED, INBOX_ID: INBOX, FOR_YOU_ID: FOR_YOU}
    if entry in fixed:
        return Scope(fixed[entry])
    if entry.startswith(FOLLOW_ID):
        return Scope(FOLLOW, entry[len(FOLLOW_ID) :])
    if entry.startswith(PERIOD_ID):
        label = entry[len(PERIOD_ID) :].partition("@")[0]
        return Scope(WEEK if "W" in label else MONTH, label)
    if entry.startswith((SAVED_ID, HEADING_ID)):
        return None
    return Scope(DAY, entry)


def entry_of(scope: Scope) -> str:
    """The entry of a scope (to highlight it when the scope changes by a key)."""
    fixed = {ALL: ALL_ID, STARRED: STARRED_ID, INBOX: INBOX_ID, FOR_YOU: FOR_YOU_ID}
    if scope.kind in fixed:
        return fixed[scope.kind]
    if scope.kind == FOLLOW:
        return FOLLOW_ID + (scope.key or "")
    if scope.kind in PERIODS:
        return PERIOD_ID + (scope.key or "")
    return scope.key or ALL_ID
