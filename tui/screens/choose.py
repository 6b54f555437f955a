"""A small chooser (which author, what to follow): typing filters it (as in fzf: the arrows,
ctrl+j/ctrl+k move while typing), enter chooses, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..render import plain


def matching(options: list[str], typed: str) -> list[int]:
    """The indices of the options holding every word typed (any case), in their order."""
    words = typed.casefold().split()
    return [i for i, o in enumerate(options) if all(w in o.casefold() for w in words)]


class ChooseScreen(ModalScreen[int | None]):
    """Dismissed with the index of the chosen option (None when cancelled)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True, id="choose.cancel"),
        Binding("down,ctrl+j,ctrl+n", "move(1)", "Down", show=False, priority=True, id="choose.down"),
        Binding("up,ctrl+k,ctrl+p", "move(-1)", "Up", show=False, priority=True, id="choose.up"),
    ]

    def __init__(self, question: str, options: list[str]) -> None:
        super().__init__()
        self.question = question
        self.options = options
        self.shown = list(range(len(options)))  # the indices listed, after the filter

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-box"):
            yield Label(Text(self.question, style="bold"))
            yield Input(placeholder="type to filter", id="choose-filter")
            yield OptionList(*self._listed(), id="choose-list")
            yield Label(Text("type to filter · ↑↓ move · enter choose · escape cancel", style="dim"))

    def _listed(self) -> list[Option]:
        texts = (plain(self.options[i], no_wrap=True, overflow="ellipsis") for i in self.shown)
        return [Option(text) for text in texts]

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0
        self.set_focus(self.query_one(Input))

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.shown = matching(self.options, event.value)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._listed())
        options.highlighted = 0 if self.shown else None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and self.shown:
            self.dismiss(self.shown[highlighted])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.shown[event.option_index])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
