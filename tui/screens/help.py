"""The help screen: every key, grouped by where it works, from the one table of commands
(tui/commands.py), in Textual's key notation; then the query syntax."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..commands import bindings, grouped

QUERY_SYNTAX = [
    ("grokking lazy", "papers with every word first, then those with some (the last word also as a prefix)"),
    ('"scaling laws"', "the phrase"),
    ("title:grokking  abstract:…  author:hinton", "one field"),
    ("snapshot:2024-05-27  date:2024-05-27", "one snapshot, one day"),
    ("date:2026-08  date:2026-W34", "a month, an ISO week"),
    ("org:bytedance  keyword:mamba", "an organisation, an AI keyword"),
    ("has:code  has:project  has:summary", "with a GitHub repository, a project page, a TL;DR"),
    ("upvotes:>=50  stars:>100  comments:[5 TO]", "counts compared"),
    ("a AND b   a OR b   NOT a   (…)", "operators (in capitals)"),
    ("grok*   memorization~", "a prefix, a word spelled nearly so"),
]


LISTS = (
    "New since your last visit (i), For you (the papers like your stars), All snapshots (a), ★ Starred,"
    " each follow (F, S) and saved search, every month and ISO week, every day: in the snapshot list (b),"
    " and each by its name in the palette (ctrl+p), but the days ([ ] step through them)."
)


def key_rows(app) -> list[tuple[str, list[tuple[str, str]]]]:
    """(where, [(keys, what they do)]) for every command with a key."""
    out = []
    for where, commands in grouped():
        rows = []
        for c in commands:
            keys = ", ".join(
                dict.fromkeys(app.get_key_display(Binding(k, c.action)) for k in c.keys.split(","))
            )
            rows.append((keys, c.help))
        out.append((where, rows))
    return out


class HelpScreen(ModalScreen[None]):
    """The keys and the query syntax; escape, q, ? or F1 closes it, j/k/space scroll."""

    BINDINGS = bindings("help")

    def compose(self) -> ComposeResult:
        self.rows = key_rows(self.app)
        parts: list = [Text("dailypapers: keys", style="bold")]
        for where, rows in self.rows:
            table = Table(box=None, padding=(0, 1), show_header=False, expand=True)
            table.add_column(width=16, style="bold", no_wrap=True)
            table.add_column(ratio=1)
            for keys, does in rows:
                table.add_row(keys, does)
            parts += [Text(""), Text(where, style="bold underline"), table]
        syntax = Table(box=None, padding=(0, 1), show_header=False, expand=True)
        syntax.add_column(style="bold", ratio=1)
        syntax.add_column(ratio=1)
        for query, meaning in QUERY_SYNTAX:
            syntax.add_row(query, meaning)
        parts += [Text(""), Text("Lists (b, or by name in the palette: ctrl+p)", style="bold underline")]
        parts.append(Text(LISTS))
        parts += [Text(""), Text("Query syntax (Whoosh's)", style="bold underline"), syntax]
        with VerticalScroll(id="help-body"):
            yield Static(Group(*parts))
        yield Static("esc, q, ? or f1 closes · j/k, space scroll", id="help-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-body"))

    def action_close(self) -> None:
        self.dismiss()

    def _body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll_down(self) -> None:
        self._body().scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self._body().scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        body = self._body()
        body.scroll_relative(y=max(1, body.size.height - 1), animate=False)

    def action_page_up(self) -> None:
        body = self._body()
        body.scroll_relative(y=-max(1, body.size.height - 1), animate=False)

    def action_scroll_home(self) -> None:
        self._body().scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self._body().scroll_end(animate=False)
