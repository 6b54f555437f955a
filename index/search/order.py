"""Sorting matches on the index's columns: the order of `papers.views.Sort`, no stored document read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..papers.model import FAR
from ..papers.views import Sort

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
