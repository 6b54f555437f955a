"""The trend bar: how many papers match the query in each snapshot, as a sparkline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Sparkline

from dailypapers.index import TrendSummary

if TYPE_CHECKING:
    from dailypapers.index import TrendPoint


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
        summary = TrendSummary.of(points)
        text = Text("Trend ", style="bold")
        if summary.peak and summary.first and summary.last:
            text.append(f"{summary.total} in {summary.matched}/{summary.snapshots} · ")
            text.append(f"peak {summary.peak.count} {summary.peak.label}", style="bold")
            text.append(f" · {summary.first.label}…{summary.last.label}", style="dim")
        else:
            text.append("no paper has every word")
        label.update(text)
