"""What a result row and a paper show, as plain code (no Textual): the row's right column, and
the facts, authors, what the site shows (TL;DR, keywords, organisation, comments, submitter,
links) and the mark of a paper. The widgets only lay these out."""

from __future__ import annotations

from urllib.parse import urlsplit

from dailypapers.index import Paper, sparkline, strip_controls, unlatex
from dailypapers.index.papers.record import field, record

from .days import story
from .state import Row, ViewState


@record(frozen=True)
class Cells:
    """The right column of a row: marks ("★+", "★×"), date (or ""), the count (upvotes, or the
    stars or comments the list is sorted by; "" when unknown), whether it has code, and dimmed
    (read)."""

    marks: str
    date: str
    count: str
    code: bool
    dim: bool


@record()
class PaperDoc:
    """A paper as the paper views show it; spans are worked out on the index thread."""

    paper: Paper
    title_spans: tuple[tuple[int, int], ...] = ()
    abstract_spans: tuple[tuple[int, int], ...] = ()
    facts: list[str] = field(default_factory=list)  # "arXiv … · ▲ upvotes · comments · code", the story
    authors: str = ""  # the first few, "… and 41 more" (a large team's list would fill the screen)
    mark: str = ""  # "★ starred · read"
    note: str = ""
    pending: bool = False  # the abstract is still being fetched
    tldr: str = ""  # the site's one-line AI summary
    about: list[str] = field(default_factory=list)  # organisation, submitter
    keywords: str = ""  # "Keywords: …"
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, validated URL)
    tags: list[tuple[str, str]] = field(default_factory=list)  # (short label, URL): "arXiv 2608.00001"
    why: str = ""  # why it is in the inbox or among the picks
    all_authors: str = ""  # every author, after the abstract, when `authors` is cut short
    brief: str = ""  # one line of facts for the paper under the list: "arXiv … · ▲ 163 · </> ★ 8 · …"


COUNT_MARKS = {"stars": "★", "comments": "✉"}  # what a count the list is sorted by is (upvotes: bare)


def cells(state: ViewState, row: Row) -> Cells:
    mark = state.mark_of(row.paper)
    count = state.number(row.paper)
    second = "×" if mark and mark.dismissed else "+" if state.is_new(row.paper) else " "
    sign = COUNT_MARKS.get(state.shown_order, "")
    return Cells(
        ("★" if mark and mark.starred else " ") + second,
        state.row_date(row.paper),  # (shown when the list mixes days)
        "" if count is None else sign + short_count(count, 5 - len(sign)),
        row.paper.signals.github is not None,
        bool(mark and mark.read),
    )


def short_count(n: int, cells: int = 5) -> str:
    """At most 5 cells: "1,234", "12k", "1.2M"; in 4: "999", "1.2k", "12k", "1.2M"."""
    if n < 10_000 and len(f"{n:,}") <= cells:
        return f"{n:,}"
    if n < 9_950:
        return f"{n / 1000:.1f}k"
    if n < 10_000:
        return "10k"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M" if n < 10_000_000 else f"{n // 1_000_000}M"


def paper_doc(state: ViewState, row: Row) -> PaperDoc:
    paper = row.paper
    labels = {d.id: d.label for d in state.days}
    s = paper.signals
    arxiv = f"arXiv {paper.arxiv_id}" if paper.arxiv_id else ""
    comments = f"{s.comments:,} comment{'s' if s.comments != 1 else ''}" if s.comments is not None else ""
    stars = f" ★ {s.github.stars:,}" if s.github and s.github.stars is not None else ""
    code = f"code{stars}" if s.github else ""
    facts = [" · ".join(f for f in (arxiv, upvote_story(paper, labels, state.rank), comments, code) if f)]
    facts.append(story(paper, state.labels, state.rank))
    about = []
    if s.organization:
        about.append(f"Organisation: {s.organization.label}")
    if s.submitted_by:
        about.append(f"Submitted by {s.submitted_by.label}")
    votes = f"▲ {paper.upvotes:,}" if paper.upvotes is not None else ""
    org = s.organization.fullname or s.organization.name or "" if s.organization else ""
    brief = [paper.url or arxiv, votes, f"</>{stars}" if s.github else "", comments, org]
    mark = state.mark_of(paper)
    flags = [
        f
        for f, on in (
            ("★ starred", mark and mark.starred),
            ("read", mark and mark.read),
            ("not interested (x again or u undoes)", mark and mark.dismissed),
        )
        if on
    ]
    return PaperDoc(
        paper,
        row.title_spans,
        row.abstract_spans or (),
        [strip_controls(f) for f in facts if f],
        authors(paper, FEW_AUTHORS),
        " · ".join(flags),
        note_shown(mark.note) if mark else "",
        pending=not row.complete,
        tldr=unlatex(strip_controls(s.ai_summary or "")),
        about=[strip_controls(a) for a in about],
        keywords=strip_controls("Keywords: " + ", ".join(s.keywords)) if s.keywords else "",
        links=paper.links(),
        tags=link_tags(paper),
        all_authors="Authors: " + authors(paper) if len(paper.authors or []) > FEW_AUTHORS else "",
        why=strip_controls(state.reason(paper)),
        brief=strip_controls(" · ".join(b for b in brief if b)),
    )


def link_tags(paper: Paper) -> list[tuple[str, str]]:
    """(short label, validated URL) of every known link, for a narrow column where a URL would
    wrap: "arXiv 2608.00001", "PDF", "HF page", "GitHub owner/repo ★1,234", "project page"."""
    s = paper.signals
    found = [(f"arXiv {paper.arxiv_id}", paper.url), ("PDF", paper.pdf_url), ("HF page", paper.hf_url)]
    if s.github:
        stars = f" ★{short_count(s.github.stars)}" if s.github.stars is not None else ""
        found.append((repo_label(s.github.url) + stars, s.github.url))
    found.append(("project page", s.project_page))
    return [(strip_controls(label), url) for label, url in found if url]


def repo_label(url: str) -> str:
    """ "GitHub owner/repo" for a GitHub repository's URL, else "code host"."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = [p for p in parts.path.split("/") if p]
    if host == "github.com" and len(path) >= 2:
        return f"GitHub {path[0]}/{path[1].removesuffix('.git')}"
    return f"code {host}" if host else "code"


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


NOTE_LINES, NOTE_CHARS = 40, 4000  # of a note, shown under the paper (the editor holds it all)


def note_shown(note: str) -> str:
    """A note as the paper shows it: controls stripped, its first lines (a 100,000-line note
    would be laid out at every highlight), and how much more there is."""
    head = note[:NOTE_CHARS].split("\n")[:NOTE_LINES]
    shown = "\n".join(head)
    if len(shown) < len(note):
        more = note.count("\n") + 1 - len(head)
        rest = f"{more:,} more lines" if more > 0 else f"{len(note) - len(shown):,} more characters"
        shown += f" … ({rest}: e opens the whole note)"
    return strip_controls(shown)


FEW_AUTHORS = 8  # authors named before the abstract; the rest after it


def authors(paper: Paper, few: int | None = None) -> str:
    """The authors, or the first `few` and how many more."""
    names = [strip_controls(a) for a in paper.authors or []]
    if few is None or len(names) <= few:
        return ", ".join(names)
    return ", ".join(names[: few - 2]) + f" and {len(names) - few + 2} more"
