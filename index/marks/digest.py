"""The digest: what is new since a day, as text, Markdown or JSON (made for cron and e-mail).

Sections: each follow with its new papers, the picks for you among the new papers
(with their reasons), the new papers with the most upvotes, changes to the papers you care
about (starred, followed, with a note: from the signals' history, and a starred paper's
appearances across snapshots), and every new paper in the inbox's order.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from ..papers.model import Paper
from ..text import clean, json_text
from .alerts import Change
from .inbox import CatchUp, FollowCount, NewPaper, day_after, snapshot_day
from .lookup import marked_ids
from .recommend import MIN_STARS, Pick, build_profile, rank, upvotes, votes_text

FORMATS = ("text", "md", "json")
WIDTH = 78
BAR = 100  # a pick for you must score as well as the library's 100th most like the stars


def upvotes_multiplied(paper: Paper, days: dict[str, str], since: str | None) -> Change | None:
    """Upvotes in snapshots after `since` at least twice the most it had up to `since`."""
    if since is None:
        return None
    before = [a.upvotes for a in paper.appearances if a.upvotes and days.get(a.snapshot, "") <= since]
    after = [a.upvotes for a in paper.appearances if a.upvotes and days.get(a.snapshot, "") > since]
    if not before or not after or max(after) < 2 * max(before):
        return None
    old, new = max(before), max(after)
    return Change(paper, "upvotes", f"upvotes ×{new / old:.1f} ({old} → {new})", old, new, why="starred")


def code_released(paper: Paper, days: dict[str, str], since: str | None) -> Change | None:
    """A GitHub repository first shown on an API snapshot after `since`, when the API
    snapshots before that showed the paper without one (a page capture shows no repository:
    it says nothing)."""
    if since is None:
        return None
    shown = sorted((days.get(a.snapshot, ""), a.signals.github) for a in paper.appearances if a.signals)
    first = next((n for n, (_, repo) in enumerate(shown) if repo), None)
    if not first or shown[first][0] <= since:  # none, from the start, or released before
        return None
    repo = shown[-1][1] or shown[first][1]  # the newest, as the paper shows it
    assert repo is not None
    stars = f" ★ {repo.stars:,}" if repo.stars is not None else ""
    return Change(paper, "code", f"code released: {repo.url}{stars}", None, repo.url, why="starred")


# Each detector looks at one starred paper, comparing its appearances up to `since` with
# those after it.
DETECTORS: list[Callable[[Paper, dict[str, str], str | None], Change | None]] = [
    code_released,
    upvotes_multiplied,
]


@dataclass(slots=True)
class Digest:
    since: str | None  # papers first seen after this day (None: every paper; shown as the day after)
    until: str | None  # the newest day in the library
    new: list[NewPaper]
    follows: list[tuple[FollowCount, list[NewPaper]]]
    for_you: list[Pick]
    top: list[NewPaper]
    changes: list[Change]
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.new and not self.changes

    def to_json(self) -> dict:
        return {
            "since": day_after(self.since) if self.since else None,  # the first day counted
            "until": self.until,
            "new": [n.to_json() for n in self.new],
            "follows": [
                {
                    "name": c.follow.name,
                    "query": c.follow.query,
                    "total": c.total,
                    "papers": [n.to_json() for n in papers],
                }
                for c, papers in self.follows
            ],
            "for_you": [p.to_json() for p in self.for_you],
            "top": [n.to_json() for n in self.top],
            "changes": [c.to_json() for c in self.changes],
            "notes": self.notes,
        }


def build(catchup: CatchUp, since: str | None, limit: int = 10) -> Digest:
    """The digest of papers first seen after `since`; `limit` papers for you and on top."""
    pix = catchup.pix
    counts = catchup.follows(since)
    new = catchup.new_since(since, counts)
    by_id = {n.paper.id: n for n in new}
    follows = [(c, [by_id[i] for i in c.new if i in by_id]) for c in counts]
    ids = marked_ids(pix, catchup.marks)
    notes = [f"follow {c.follow.name!r}: {note}" for c in counts for note in c.notes]
    for_you: list[Pick] = []
    if len(ids["starred"]) < MIN_STARS:
        notes.append(f"star at least {MIN_STARS} papers for picks made for you")
    elif new:
        profile = build_profile(pix, ids["starred"], ids["dismissed"])
        seen = ids["starred"] | ids["read"] | ids["dismissed"]
        # A pick must be as close to the stars as the library's BAR-th best: a quiet day
        # gives few picks or none rather than the least bad of a few papers.
        best = rank(pix, profile, BAR, exclude=seen)
        bar = best[-1].score if len(best) == BAR else 0.0
        picks = rank(pix, profile, limit, exclude=seen, among=set(by_id) - seen)
        for_you = [p for p in picks if p.score >= bar]
        if not for_you:
            notes.append(f"no new paper is among the {BAR} papers of the library most like your stars")
    top = sorted(new, key=lambda n: (-upvotes(n.paper), n.paper.id))[:limit]
    top = [n for n in top if upvotes(n.paper)]
    days = {rec.id: day for rec in pix.snapshots() if (day := snapshot_day(rec))}
    changes = catchup.changes(since)  # from the signals' history: starred, followed, with a note
    told = {(c.paper.id, c.kind) for c in changes}
    for pid in sorted(ids["starred"]):  # and across snapshots: a starred paper listed again
        paper = pix.paper(pid)
        if paper is None:
            continue
        for detect in DETECTORS:
            change = detect(paper, days, since)
            if change and (paper.id, change.kind) not in told:
                changes.append(change)
    return Digest(since, catchup.until, new, follows, for_you, top, changes, notes)


def render(digest: Digest, fmt: str, since_reason: str = "") -> str:
    if fmt == "json":
        return json_text(digest.to_json()) + "\n"
    return (to_markdown if fmt == "md" else to_text)(digest, since_reason)


def _since(digest: Digest, reason: str) -> str:
    """`since D` from the start of a day the user gave (no reason), else `after D (reason)`."""
    if not digest.since:
        return "in the whole library" + (f" ({reason})" if reason else "")
    return f"after {digest.since} ({reason})" if reason else f"since {day_after(digest.since)}"


def _wrap(text: str, indent: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(clean(text), WIDTH, initial_indent=indent, subsequent_indent=rest or indent) or [
        indent
    ]


def _told(change: Change) -> str:
    """ " (starred; seen 2026-08-21)": why the change is told and when it was seen."""
    parts = [p for p in (change.why, f"seen {change.when}" if change.when else "") if p]
    return f" ({'; '.join(parts)})" if parts else ""


def _votes(paper: Paper) -> str:
    return f"  ▲{upvotes(paper)}" if upvotes(paper) else ""


def to_text(digest: Digest, reason: str = "") -> str:
    if digest.empty:
        return f"nothing new {_since(digest, reason)}\n"
    out = [
        f"dailypapers digest: {len(digest.new)} new papers {_since(digest, reason)}, through {digest.until}"
    ]

    def item(paper: Paper, head: str, why: str = "") -> None:
        out.extend(_wrap(f"{paper.title}{_votes(paper)}", head, " " * len(head)))
        pad = " " * len(head)
        if why:
            out.extend(_wrap(why, pad))
        out.append(pad + (paper.url or f"id {paper.id}"))

    if digest.follows:
        out += ["", "FOLLOWS"]
        for count, papers in digest.follows:
            name, query = count.follow.name, count.follow.query
            label = name if name == query else f"{name} ({query})"
            out.extend(_wrap(f"{label}: {len(papers)} new, {count.total} in all", "  ", "    "))
            for n in papers:
                item(n.paper, "    - ")
    if digest.for_you:
        out += ["", "FOR YOU"]
        for i, pick in enumerate(digest.for_you, start=1):
            item(pick.paper, f"  {i:2d}. ", pick.why)
    if digest.top:
        out += ["", "TOP BY UPVOTES"]
        for i, n in enumerate(digest.top, start=1):
            item(n.paper, f"  {i:2d}. ")
    if digest.changes:
        out += ["", "CHANGES TO YOUR PAPERS"]
        for c in digest.changes:
            out.extend(_wrap(f"{c.paper.title}: {c.text}{_told(c)}", "  - ", "    "))
    out += ["", f"ALL NEW PAPERS ({len(digest.new)})"]
    for n in digest.new:
        out.extend(_wrap(f"{n.paper.title}{_votes(n.paper)}  [{n.paper.id}]", "  - ", "    "))
    if digest.notes:
        out += ["", "NOTES"] + [f"  {n}" for n in digest.notes]
    return "\n".join(line.rstrip() for line in out) + "\n"


_MD = re.compile(r"([\\`*_{}\[\]<>#|])")


def _md(text: str) -> str:
    return _MD.sub(r"\\\1", clean(text))


def _md_title(paper: Paper) -> str:
    title = _md(paper.title)
    return (f"[{title}]({paper.url})" if paper.url else title) + (
        f" · {votes_text(paper)}" if upvotes(paper) else ""
    )


def _md_change(change: Change) -> str:
    """The change's text; a released repository's URL as an autolink, not escaped."""
    url = change.after
    if change.kind != "code" or not isinstance(url, str) or url not in change.text:
        return _md(change.text)
    head, tail = (_md(part) for part in change.text.split(url, 1))
    link = url.replace("<", "%3C").replace(">", "%3E")
    return f"{head} <{link}>" + (f" {tail}" if tail else "")


def to_markdown(digest: Digest, reason: str = "") -> str:
    if digest.empty:
        return f"Nothing new {_md(_since(digest, reason))}.\n"
    out = [
        f"# dailypapers digest: {len(digest.new)} new papers",
        "",
        _md(f"Papers first seen {_since(digest, reason)}, through {digest.until}."),
    ]
    if digest.follows:
        out += ["", "## Follows"]
        for count, papers in digest.follows:
            out += ["", f"### {_md(count.follow.name)} — {len(papers)} new, {count.total} in all", ""]
            out += [f"- {_md_title(n.paper)}" for n in papers] or ["Nothing new."]
    if digest.for_you:
        out += ["", "## For you", ""]
        out += [f"{i}. {_md_title(p.paper)}  \n   *{_md(p.why)}*" for i, p in enumerate(digest.for_you, 1)]
    if digest.top:
        out += ["", "## Top by upvotes", ""]
        out += [f"{i}. {_md_title(n.paper)}" for i, n in enumerate(digest.top, 1)]
    if digest.changes:
        out += ["", "## Changes to your papers", ""]
        out += [f"- {_md_title(c.paper)}: {_md_change(c)}{_md(_told(c))}" for c in digest.changes]
    out += ["", f"## All new papers ({len(digest.new)})", ""]
    out += [f"- {_md_title(n.paper)}" for n in digest.new]
    if digest.notes:
        out += ["", "## Notes", ""] + [f"- {_md(n)}" for n in digest.notes]
    return "\n".join(out) + "\n"
