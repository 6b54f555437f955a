"""What a result row and a paper show, as plain code (no Textual): the row's right column, and
the facts, authors and mark of a paper. The widgets only lay these out."""

from __future__ import annotations

from dataclasses import dataclass, field

from index import Paper, sparkline, strip_controls

from .days import story
from .state import Row, ViewState


@dataclass(frozen=True, slots=True)
class Cells:
    """The right column of a row: marks ("★+"), date (or ""), upvotes (or ""), and dimmed (read)."""

    marks: str
    date: str
    upvotes: str
    dim: bool


@dataclass(slots=True)
class PaperDoc:
    """A paper as the paper views show it; spans are worked out on the index thread."""

    paper: Paper
    title_spans: tuple[tuple[int, int], ...] = ()
    abstract_spans: tuple[tuple[int, int], ...] = ()
    facts: list[str] = field(default_factory=list)  # "arXiv … · ▲ upvotes", the story
    authors: str = ""
    mark: str = ""  # "★ starred · read"
    note: str = ""
    pending: bool = False  # the abstract is still being fetched


def cells(state: ViewState, row: Row) -> Cells:
    mark = state.mark_of(row.paper)
    votes = state.upvotes(row.paper)
    return Cells(
        ("★" if mark and mark.starred else " ") + ("+" if state.is_new(row.paper) else " "),
        state.row_date(row.paper) if state.dated_rows else "",
        "" if votes is None else f"{votes:,}" if votes < 10_000 else f"{votes // 1000}k",
        bool(mark and mark.read),
    )


def paper_doc(state: ViewState, row: Row) -> PaperDoc:
    paper = row.paper
    labels = {d.id: d.label for d in state.days}
    arxiv = f"arXiv {paper.arxiv_id}" if paper.arxiv_id else ""
    facts = [" · ".join(f for f in (arxiv, upvote_story(paper, labels, state.rank)) if f)]
    facts.append(story(paper, state.labels, state.rank))
    mark = state.mark_of(paper)
    flags = [f for f, on in (("★ starred", mark and mark.starred), ("read", mark and mark.read)) if on]
    return PaperDoc(
        paper,
        row.title_spans,
        row.abstract_spans or (),
        [f for f in facts if f],
        authors(paper),
        " · ".join(flags),
        mark.note if mark else "",
        pending=not row.complete,
    )


def upvote_story(paper: Paper, labels: dict[str, str], rank: dict[str, int]) -> str:
    """Upvotes over time (API snapshots): "▲ upvotes 12 (Mon 27 May 2024) → 40 (…) ▂█"."""
    apps = sorted(paper.appearances, key=lambda a: rank.get(a.snapshot, 1 << 30))
    seen = [
        (labels.get(a.snapshot) or a.date or a.snapshot, a.upvotes) for a in apps if a.upvotes is not None
    ]
    if not seen:
        return ""
    if len(seen) == 1:
        return f"▲ {seen[0][1]} upvotes"
    steps = seen if len(seen) <= 4 else [*seen[:2], ("…", None), *seen[-2:]]
    text = " → ".join(f"{n} ({d})" if n is not None else d for d, n in steps)
    return f"▲ upvotes {text}  {sparkline([n for _, n in seen])}"


def authors(paper: Paper) -> str:
    return ", ".join(strip_controls(a) for a in paper.authors or [])
