"""The full texts kept, as the index holds them and as a search shows where it matched in them.

The index holds a paper's body (every section but the references, unwrapped: `Document.body`)
in its `body` field, read from the cache whenever the paper's document is written (an update,
a rebuild, `PaperIndex.add_full_text`), so a rebuild keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..papers.model import Paper
from .cache import FullTextCache

Spans = Callable[[str, str, list], list]  # where terms are in a field's text (`PaperIndex.spans`)


def bodies(cache: FullTextCache | None, papers: Iterable[Paper]) -> Callable[[Paper], str | None] | None:
    """A paper's body as indexed, for the papers given that have a full text kept (None: none has)."""
    if cache is None:
        return None

    kept = cache.ids()
    texts: dict[str, str] = {}
    for paper in papers:
        if paper.arxiv_id in kept and paper.arxiv_id not in texts:
            doc = cache.document(paper.arxiv_id)
            if doc is not None:
                texts[paper.arxiv_id] = doc.body()
    if not texts:
        return None
    return lambda paper: texts.get(paper.arxiv_id or "")


@dataclass(frozen=True, slots=True)
class BodyMatch:
    """Where a search matched in a paper's full text: the first section holding its words."""

    section: str  # "3 Experiments"
    text: str  # the section's text, unwrapped
    spans: list  # the matched words in `text` (`search.highlight.Span`)

    def said(self) -> str:
        return f"in §{self.section}" if self.section[:1].isdigit() else f"in {self.section}"


def body_match(
    cache: FullTextCache | None, paper: Paper, terms: Iterable[tuple[str, str]], spans: Spans
) -> BodyMatch | None:
    """The first section of the paper's full text where `spans` finds the hit's `terms` of the
    body (None: no full text kept, or no term of it matched)."""
    words = [t for t in terms if t[0] == "body"]
    doc = cache.document(paper.arxiv_id) if cache is not None and words else None
    if doc is None:
        return None
    for section in doc.sections:
        text = section.text()
        found = spans("body", text, words)
        if found:
            return BodyMatch(section.heading, text, found)
    return None
