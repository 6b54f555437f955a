"""A small chooser (which author, what to follow): enter chooses, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from index.text import strip_controls


class ChooseScreen(ModalScreen[int | None]):
    """Dismissed with the index of the chosen option (None when cancelled)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True, id="choose.cancel"),
        Binding("j", "move(1)", "Down", show=False, id="choose.down"),
        Binding("k", "move(-1)", "Up", show=False, id="choose.up"),
    ]

    def __init__(self, question: str, options: list[str]) -> None:
        super().__init__()
        self.question = question
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-box"):
            yield Label(Text(self.question, style="bold"))
            yield OptionList(
                *(Option(Text(strip_controls(o), no_wrap=True, overflow="ellipsis")) for o in self.options),
                id="choose-list",
            )
            yield Label(Text("enter choose · escape cancel", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        self.set_focus(options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
