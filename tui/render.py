"""Rich Text built from snapshot data. Text from snapshots is never parsed as markup."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from index import Paper
from index.text import strip_controls

MATCH = Style(bold=True, reverse=True)
Span = tuple[int, int]


def marked(text: str, spans: Iterable[Span], style: Style | str = MATCH, base: Style | str = "") -> Text:
    """Plain text (controls stripped), with `spans` styled: never interpreted as markup."""
    out = Text(strip_controls(text), style=base, no_wrap=False, end="")
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def story(paper: Paper, scope: str | None = None) -> str:
    """Where the paper appeared: "in 3 snapshots: Sep 3 (#1), Apr 24 (#29), …"."""
    apps = paper.appearances
    if not apps:
        return ""
    parts = [f"{a.date or a.snapshot} (#{a.position})" for a in apps[:6]]
    more = f", +{len(apps) - 6} more" if len(apps) > 6 else ""
    head = "in 1 snapshot" if len(apps) == 1 else f"in {len(apps)} snapshots"
    return f"{head}: {', '.join(parts)}{more}"


def meta_lines(paper: Paper) -> list[str]:
    """The lines under the title: appearances, then arXiv id, upvotes and authors when known."""
    lines = [story(paper)]
    facts = []
    if paper.arxiv_id:
        facts.append(f"arXiv {paper.arxiv_id}")
    upvotes = [a.upvotes for a in paper.appearances if a.upvotes is not None]
    if upvotes:
        facts.append(f"{max(upvotes)} upvotes")
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
