"""Alerts on the papers the user cares about (starred, of a follow, with a note), from the signals'
history (`history.py`): code released, a project page added, an upvote jump (at least doubled and
by at least JUMP), new comments. Each says what changed and when a capture first saw it.

A change counts when a capture after `since` (a time) shows it: compared with the last capture
at or before `since`, else with the paper's first capture (a paper first seen after `since` that
then changed). A value the site did not send (None) or one that was clamped compares to nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..papers.model import Paper
from .history import History, Seen

if TYPE_CHECKING:
    from ..paperindex import PaperIndex
    from .db import Marks

JUMP = 20  # an upvote jump: at least doubled and at least this many more


@dataclass(slots=True)
class Change:
    """Something that changed about a paper: `kind` code, project, upvotes or comments."""

    paper: Paper
    kind: str
    text: str  # "code released: https://github.com/o/r ★ 12", "upvotes ×3.0 (12 → 36)"
    before: object = None
    after: object = None
    at: float | None = None  # when a capture first saw it (None: seen across snapshots)
    why: str = ""  # why it is told: "starred", "your note", "follows NAME"

    @property
    def when(self) -> str:
        """The day it was seen (UTC), or ""."""
        return time.strftime("%Y-%m-%d", time.gmtime(self.at)) if self.at else ""

    def to_json(self) -> dict:
        return {
            "id": self.paper.id,
            "title": self.paper.title,
            "kind": self.kind,
            "text": self.text,
            "before": self.before,
            "after": self.after,
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.at)) if self.at else None,
            "why": self.why,
        }


def detect(paper: Paper, series: list[Seen], since: float, why: str = "") -> list[Change]:
    """The changes of one paper's history after `since` (see the module's docstring)."""
    later = [s for s in series if s.at > since]
    earlier = [s for s in series if s.at <= since]
    base = earlier[-1] if earlier else (later.pop(0) if later else None)
    if base is None or not later:
        return []
    out = []

    def first(test) -> Seen | None:
        return next((s for s in later if test(s)), None)

    if base.code is None and (seen := first(lambda s: s.code)):
        stars = f" ★ {later[-1].stars:,}" if later[-1].code and later[-1].stars is not None else ""
        out.append(Change(paper, "code", f"code released: {seen.code}{stars}", None, seen.code, seen.at, why))
    if base.project is None and (seen := first(lambda s: s.project)):
        text = f"project page added: {seen.project}"
        out.append(Change(paper, "project", text, None, seen.project, seen.at, why))
    old = base.upvotes if not base.clamped else None
    if old is not None and (seen := first(lambda s: _jumped(old, s))):
        new = later[-1].upvotes if _jumped(old, later[-1]) else seen.upvotes
        assert new is not None
        times = f"×{new / old:.1f} " if old else ""
        out.append(Change(paper, "upvotes", f"upvotes {times}({old} → {new})", old, new, seen.at, why))
    said = base.comments if not base.clamped else None
    if said is not None and (seen := first(lambda s: s.comments is not None and s.comments > said)):
        new = max(s.comments or 0 for s in later if not s.clamped)
        more = new - said
        text = f"{more} new comment{'s' * (more != 1)} ({said} → {new})"
        out.append(Change(paper, "comments", text, said, new, seen.at, why))
    return out


def _jumped(old: int, seen: Seen) -> bool:
    new = seen.upvotes
    return new is not None and not seen.clamped and new >= 2 * old and new - old >= JUMP


def cared(pix: PaperIndex, marks: Marks) -> dict[str, str]:
    """The papers the user cares about, by id (or former id), with why: starred, with a note,
    matching a follow (every word of its query)."""
    out: dict[str, str] = {}
    for key, mark in marks.all().items():
        if mark.starred or mark.note:
            out[key] = "starred" if mark.starred else "your note"
    for follow in marks.follows():
        ids, _ = pix.matching(follow.query)
        for pid in ids:
            out.setdefault(pid, f"follows {follow.name}")
    return out


def alerts(
    pix: PaperIndex, marks: Marks, since: float, history: History | None = None, only: Iterable[str] = ()
) -> list[Change]:
    """The changes after `since` to the papers the user cares about (`only`: to these ids alone),
    newest first."""
    if history is None:  # opened here: closed here
        history = History(marks.path)
        try:
            return alerts(pix, marks, since, history, only)
        finally:
            history.close()
    fresh = history.changed_after(since)
    if not fresh:
        return []
    wanted = cared(pix, marks)
    if only:
        keep = set(only)
        wanted = {k: v for k, v in wanted.items() if k in keep}
    out: list[Change] = []
    done: set[str] = set()
    for key in sorted(fresh & set(wanted)):
        paper = pix.paper(key)
        if paper is None or paper.id in done:
            continue
        done.add(paper.id)
        why = next((wanted[k] for k in paper.keys if k in wanted), "")
        out += detect(paper, history.series(paper.keys), since, why)
    out.sort(key=lambda c: (-(c.at or 0.0), c.paper.id, c.kind))
    return out
