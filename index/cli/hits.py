"""What a search prints: each hit (its title and badges, where it appeared, its score, the
abstract's snippet with the matched words bold, where its full text matched) and the count line."""

from __future__ import annotations

import textwrap

from ..papers.views import Sort
from ..search.highlight import snippet
from ..text import cells, shown, unlatex
from .output import badges, bold_spans, clip, count, link, piped, styled, width

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from ..paperindex import PaperIndex
    from ..search.oneshot import OneShot
    from ..search.results import SearchResult


def print_hits(result: SearchResult, pix: PaperIndex | OneShot, limit: int | None) -> None:
    """The hits, highlighted by the index that found them (`pix.spans`, `pix.body_match`)."""
    size = width()
    bold = styled()
    for n, hit in enumerate(result.hits, start=1):
        paper = hit.paper
        marks = badges(paper)
        if piped():  # the whole title, for grep
            print(f"{n:3d}. {unlatex(paper.title)}" + (f"  {marks}" if marks else ""))
        else:
            title = clip(unlatex(paper.title), size - 6 - len(marks))
            gap = " " * (size - 5 - cells(title) - len(marks))
            print(f"{n:3d}. {link(title, paper.url, bold)}{gap}{marks}")
        signals = paper.signals
        value = {
            Sort.RELEVANCE: f"score {hit.score:.1f}",
            Sort.STARS: count(signals.github.stars, "star")
            if signals.github and signals.github.stars
            else "",
            Sort.COMMENTS: count(signals.comments, "comment") if signals.comments is not None else "",
        }.get(result.sort, "")
        print(clip(f"     {paper.where(2, shown)}  id {paper.id}  {value}".rstrip(), size))
        abstract = unlatex(paper.abstract)  # (spans worked out on the text shown)
        spans = pix.spans("abstract", abstract, hit.terms)
        text, marked = snippet(abstract, spans, 3 * (size - 6))
        for line in textwrap.wrap(bold_spans(text, marked, bold), size - 5):
            print("     " + line)
        if body := pix.body_match(paper, hit.terms):  # words of its full text: where they are
            text, marked = snippet(body.text, body.spans, 2 * (size - 6))
            for line in textwrap.wrap(f"{body.said()}: " + bold_spans(text, marked, bold), size - 5):
                print("     " + line)
    print(count_line(result, limit))


_ORDER_NAMES = {
    "upvotes": "most upvoted first",
    "stars": "most GitHub stars first",
    "comments": "most comments first",
    "rising": "gaining upvotes fastest first",
    "newest": "newest first",
    "page": "in page order",
}


def count_line(result: SearchResult, limit: int | None = None) -> str:
    """ "10 of 1236 papers: 349 with all words, 887 with some (--limit 10)"; a long query says it
    is ranked by every word, a sorted search names its order ("10 of 87 papers, most upvoted
    first")."""
    found, total = len(result.hits), result.total
    line = f"{found} of {total} papers"
    if result.sort is not Sort.RELEVANCE:
        line += f", {_ORDER_NAMES[result.sort]}"
    elif result.some_words:
        line += f": {result.all_words} with all words, {result.some_words} with some"
        if result.ranking != "all words first":  # a long query: not all words first
            line += f", ranked {result.ranking}"
    return line + (f" (--limit {limit})" if limit and found < total else "")
