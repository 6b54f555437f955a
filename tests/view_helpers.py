"""A small library for the view models' tests: three days, five papers, one seen twice."""

from __future__ import annotations

from dataclasses import dataclass, field

from dailypapers.index.marks.inbox import NewPaper
from dailypapers.index.papers.model import Appearance, Paper
from dailypapers.index.papers.snapshot import Problem
from dailypapers.tui.days import days_of
from dailypapers.tui.scope import CatchUp
from dailypapers.tui.state import ViewState


@dataclass
class Rec:
    id: str
    file: str
    date: str | None
    papers: int
    problems: list[Problem] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    mtime_ns: int = -1

    @property
    def problem_list(self) -> list[Problem]:
        return self.problems

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)


def paper(pid: str, *apps: tuple[str, int], upvotes: int | None = None) -> Paper:
    return Paper(pid, f"Title {pid}", "", appearances=[Appearance(s, s, p, upvotes) for s, p in apps])


def library() -> ViewState:
    """Three days: d1 (a, b), d2 (b again, c), d3 (d, e); b appears twice."""
    state = ViewState()
    days = days_of([Rec(f"d{n}", f"2026-08-0{n}.json", f"2026-08-0{n}", 2) for n in (1, 2, 3)])
    papers = [
        paper("a", ("d1", 1)),
        paper("b", ("d1", 2), ("d2", 1)),
        paper("c", ("d2", 2)),
        paper("d", ("d3", 2)),
        paper("e", ("d3", 1)),
    ]
    state.load(days, papers)
    state.ready = True
    return state


def ids(state: ViewState) -> list[str]:
    return [r.paper.id for r in state.rows()]


def catchup(state: ViewState, *new: str, since: str = "2026-08-01") -> CatchUp:
    """A catch-up holding these papers as new (in this order)."""
    by_id = {p.id: p for p in state.papers}
    return CatchUp(since, "a test", [NewPaper(by_id[i], "2026-08-02", 0.5, f"why {i}") for i in new])
