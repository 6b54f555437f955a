"""Rich Text built from snapshot data. Text from snapshots is never parsed as markup."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from index import Paper
from index.marks import Mark
from index.text import sparkline, strip_controls

MATCH = Style(bold=True, reverse=True)
Span = tuple[int, int]


def marked(text: str, spans: Iterable[Span], style: Style | str = MATCH, base: Style | str = "") -> Text:
    """Plain text (controls stripped), with `spans` styled: never interpreted as markup."""
    out = Text(strip_controls(text), style=base, no_wrap=False, end="")
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def story(paper: Paper) -> str:
    """Where the paper appeared: "in 3 snapshots: first Sep 3 (#1), Apr 24 (#29), …"."""
    apps = paper.appearances
    if not apps:
        return ""
    parts = [f"{a.date or a.snapshot} (#{a.position})" for a in apps[:6]]
    parts[0] = "first " + parts[0] if len(apps) > 1 else parts[0]
    more = f", +{len(apps) - 6} more, last {apps[-1].date or apps[-1].snapshot}" if len(apps) > 6 else ""
    head = "in 1 snapshot" if len(apps) == 1 else f"in {len(apps)} snapshots"
    return f"{head}: {', '.join(parts)}{more}"


def upvote_story(paper: Paper) -> str:
    """Upvotes over time (API snapshots): "upvotes 12 May 27 → 40 May 28 ▂▆█"."""
    seen = [(a.date or a.snapshot, a.upvotes) for a in paper.appearances if a.upvotes is not None]
    if not seen:
        return ""
    if len(seen) == 1:
        return f"{seen[0][1]} upvotes ({seen[0][0]})"
    steps = seen if len(seen) <= 4 else [*seen[:2], ("…", None), *seen[-2:]]
    text = " → ".join(f"{n} ({d})" if n is not None else d for d, n in steps)
    return f"upvotes {text}  {sparkline([n for _, n in seen])}"


def meta_lines(paper: Paper) -> list[str]:
    """The lines under the title: appearances, arXiv id, upvotes over time, authors."""
    lines = [story(paper)]
    facts = []
    if paper.arxiv_id:
        facts.append(f"arXiv {paper.arxiv_id}")
    upvotes = upvote_story(paper)
    if upvotes:
        facts.append(upvotes)
    if facts:
        lines.append(" · ".join(facts))
    if paper.authors:
        shown = ", ".join(paper.authors[:8])
        extra = len(paper.authors) - 8
        lines.append(shown + (f" and {extra} more" if extra > 0 else ""))
    return [strip_controls(line) for line in lines if line]


def row_label(paper: Paper, scope: str | None) -> str:
    """The short 'where' of a result row: rank in the scope, or its first date."""
    apps = [a for a in paper.appearances if scope in (None, a.snapshot)] or paper.appearances
    if not apps:
        return ""
    first = apps[0]
    if scope is not None:
        return f"#{first.position}"
    label = first.date or first.snapshot
    return f"{label[:10]} #{first.position}"


def mark_text(mark: Mark | None) -> Text:
    """The user's mark under the paper's metadata: star, read, and the note (as data)."""
    out = Text(end="")
    if mark is None or mark.empty:
        return out
    flags = [f for f, on in (("★ starred", mark.starred), ("read", mark.read)) if on]
    if flags:
        out.append("\n")
        out.append(" · ".join(flags), style="bold yellow")
    if mark.note:
        out.append("\nNote: ", style="bold")
        out.append(strip_controls(mark.note), style="italic")
    return out
