"""Sorting matches on the index's columns: the order of `papers.views.Sort`, no stored document read;
and the rising order, from rates the index does not hold."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ..papers.model import FAR
from ..papers.views import Sort, sort_papers

if TYPE_CHECKING:
    from .backend import WhooshBackend
    from .results import SearchResult
    from .spelling import Vocabulary

_COUNT_FIELD = {Sort.UPVOTES: "upvotes", Sort.STARS: "stars", Sort.COMMENTS: "comments"}


def sort_docs(reader, docs: Iterable[int], sort: Sort, order: Mapping[str, int]) -> list[int]:
    """Document numbers in the order `paper_key` gives their papers (whole library scope),
    from the index's columns: no stored document is read. (A paper's first and last
    appearance there are by snapshot id, which is library order but for ids that are a
    prefix of another's file name.)"""
    seen = reader.column_reader("seen")
    name = _COUNT_FIELD.get(sort)
    column = reader.column_reader(name) if name else None
    field = reader.schema[name] if name else None
    missing = field.from_column_value(field.default) if field else None  # a paper without the count

    def key(doc: int) -> tuple:
        try:
            first, first_pos, last, last_pos = json.loads(seen[doc])
        except (ValueError, TypeError):
            first, first_pos, last, last_pos = "", 0, "", 0
        if sort in (Sort.RELEVANCE, Sort.PAGE):
            return (order.get(first, FAR), first_pos)
        tail = (-order.get(last, FAR), last_pos)
        if column is None:
            return tail
        value = column[doc]
        return (-(value if value != missing else -1), *tail)

    return sorted(docs, key=key)


def rising_search(
    index: WhooshBackend,
    vocab: Vocabulary,
    text: str,
    snapshot: str | None,
    limit: int | None,
    order: dict[str, int],
    rates: Mapping[str, float],
    only: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    complete: bool = False,
    cancel: Callable[[], bool] | None = None,
) -> SearchResult:
    """Every match in the rising order (`views.paper_key`): the papers with a rate (few: those
    seen twice in the history's window) fastest first, then the rest newest first. Two searches:
    among the rated papers, whole, then the others up to the limit; the counts are their sums."""
    wanted = None if only is None else set(only)
    rated = [k for k in rates if wanted is None or k in wanted]
    first = index.search(vocab, text, snapshot, None, Sort.NEWEST, order, rated, exclude, complete, cancel)
    papers = sort_papers((h.paper for h in first.hits), Sort.RISING, order, rising=rates)
    by_id = {h.paper.id: h for h in first.hits}
    room = None if limit is None else max(0, limit - len(papers))
    skip = [*(exclude or ()), *rated]
    rest = index.search(vocab, text, snapshot, room, Sort.NEWEST, order, only, skip, complete, cancel)
    rest.hits = [by_id[p.id] for p in papers][:limit] + rest.hits
    for name in ("total", "all_words", "some_words"):
        setattr(rest, name, getattr(rest, name) + getattr(first, name))
    rest.seconds += first.seconds
    rest.sort = Sort.RISING
    return rest
