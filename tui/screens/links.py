"""The paper's links (l): the arXiv abstract, the PDF, the Hugging Face page, GitHub, the
project page, each URL written out in full (whatever the terminal does with hyperlinks). Enter
or y copies the highlighted one (as `y` copies: OSC 52, tmux's buffer), o opens it in the
browser when the reader runs on this machine; escape, q or l closes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from dailypapers.index import strip_controls

from ..commands import bindings

Answer = tuple[str, int]  # ("copy" or "open", the link's index)


class LinksScreen(ModalScreen[Answer | None]):
    """Dismissed with what to do with which link (None: closed)."""

    BINDINGS = bindings("links")

    def __init__(self, title: str, links: list[tuple[str, str]], opens: str) -> None:
        super().__init__()
        self.paper_title = title
        self.links = links
        self.opens = opens  # what o does here ("o open", "no browser over ssh")

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Label(Text(strip_controls(self.paper_title), style="bold"), id="links-title")
            options = []
            for label, url in self.links:
                text = Text(label, style="bold", overflow="fold", end="")
                text.append("\n  " + url, style="")
                options.append(Option(text))
            yield OptionList(*options, id="links-list")
            hint = f"enter/y copy · {self.opens} · j/k move · esc close"
            yield Label(Text(hint, style="dim"), id="links-hint")

    def on_mount(self) -> None:
        links = self.query_one(OptionList)
        links.highlighted = 0
        self.set_focus(links)

    @property
    def chosen(self) -> int:
        return self.query_one(OptionList).highlighted or 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("copy", event.option_index))

    def action_copy(self) -> None:
        self.dismiss(("copy", self.chosen))

    def action_open(self) -> None:
        self.dismiss(("open", self.chosen))

    def action_cursor(self, step: int) -> None:
        links = self.query_one(OptionList)
        links.action_cursor_down() if step > 0 else links.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
