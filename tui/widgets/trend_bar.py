"""The trend bar: how many papers match the query in each snapshot, as a sparkline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Sparkline

if TYPE_CHECKING:
    from index.search.trend import TrendPoint


class TrendBar(Horizontal):
    """A sparkline of matches per snapshot (library order), with the peak and the span labelled."""

    def compose(self) -> ComposeResult:
        yield Label(id="trend-label")
        yield Sparkline([], id="trend-line")

    def show(self, query: str, points: list[TrendPoint] | None) -> None:
        label = self.query_one("#trend-label", Label)
        line = self.query_one(Sparkline)
        if not query.strip():
            line.data = []
            label.update(Text("Trend: type a query", style="italic"))
            return
        if points is None:
            label.update(Text("Trend: counting…", style="italic"))
            return
        line.data = [p.count for p in points]
        total = sum(p.count for p in points)
        text = Text("Trend ", style="bold")
        if points and total:
            peak = max(points, key=lambda p: p.count)
            first, last = points[0], points[-1]
            text.append(f"{total} in {sum(1 for p in points if p.count)}/{len(points)} · ")
            text.append(f"peak {peak.count} {peak.date or peak.snapshot}", style="bold")
            text.append(f" · {first.date or first.snapshot}…{last.date or last.snapshot}", style="dim")
        else:
            text.append("no paper has every word")
        label.update(text)
