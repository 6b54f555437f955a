"""Marks meet the index: each marked paper as the index knows it now (marks under former ids folded)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..papers.model import Paper
from .db import Mark, Marks, find

if TYPE_CHECKING:
    from ..paperindex import PaperIndex

FLAGS = ("starred", "read", "dismissed")


def marked_papers(pix: PaperIndex, marks: Mapping[str, Mark]) -> list[tuple[Paper, Mark]]:
    """Each marked paper once, with its mark folded from all its ids, in library order (its first
    appearance); a paper whose snapshots are gone comes from its mark alone (its title), last."""
    found: dict[str, tuple[Paper, Mark]] = {}
    for key, mark in marks.items():
        paper = pix.paper(key) or Paper(key, mark.title, "")
        if paper.id not in found:
            found[paper.id] = (paper, find(marks, paper) or mark)
    order = pix.snapshot_order()
    return sorted(found.values(), key=lambda item: item[0].first_place(order))


def marked_ids(pix: PaperIndex, marks: Marks) -> dict[str, set[str]]:
    """Current paper ids of the starred, read and dismissed papers."""
    out: dict[str, set[str]] = {flag: set() for flag in FLAGS}
    for paper, mark in marked_papers(pix, marks.all()):
        for flag in FLAGS:
            if getattr(mark, flag):
                out[flag].add(paper.id)
    return out
