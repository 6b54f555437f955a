"""The baseline for first paint: a bare Textual app drawing a bordered pane titled "Snapshots"."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App):
    CSS = "Static { border: round white; height: 1fr; }"

    def compose(self) -> ComposeResult:
        pane = Static("ready")
        pane.border_title = "Snapshots"
        yield pane


if __name__ == "__main__":
    Bare().run()
