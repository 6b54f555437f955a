"""The dailypapers reader: a Textual app over the index/ engine."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen

from dailypapers.index import Marks, strip_controls

from . import clipboard
from .backend import Backend
from .commands import bindings, palette
from .drawn import Drawn
from .fetching import FetchOptions
from .layout import width_class
from .render import Inert
from .screens import HelpScreen, MainScreen
from .screens.reader import PaperScreen

if TYPE_CHECKING:
    from dailypapers.index import PaperIndex

INERT = Inert()


def few_colours(color_system: str | None) -> bool:
    """A terminal without true colour: 8 or 16 colours (TERM=xterm, TERM=screen), or 256 (a
    tmux whose TERM is tmux-256color): the theme's shades fall on the nearest colour there (the
    selection became white on yellow, 1.7-3.2:1 in 16, 4.1:1 in 256), so the reader uses colours
    chosen to hold 4.5:1 (`-few-colours` in app.tcss)."""
    return color_system != "truecolor"


OWNERS = {MainScreen: ("app", "main"), PaperScreen: ("app", "reader")}
BUILT_IN = {"Theme"}  # Textual's palette commands that work in this reader


class DailyPapersApp(App[int]):
    """Browse and search snapshots of Hugging Face Daily Papers."""

    CSS_PATH = "app.tcss"
    TITLE = "dailypapers"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = bindings("app")

    def __init__(
        self,
        pix: PaperIndex | Callable[[], PaperIndex],
        notices: Iterable[str] = (),
        marks: Marks | None = None,
        fetch_options: FetchOptions | None = None,
    ) -> None:
        super().__init__()
        self.backend = Backend(pix, marks or Marks())
        self.notices = list(notices)
        self.messages: deque[str] = deque(maxlen=50)  # the notifications shown, latest last
        self.fetch_options = fetch_options or FetchOptions()  # `R` (the config's recent_days, fetch_on_start)
        self.drawn = Drawn(self)  # work waiting for the first frame to reach the terminal

    def on_ready(self) -> None:  # (Textual: the first frame is handed to the terminal driver)
        self.drawn.ready()

    def notify(
        self, message: str, *, title: str = "", severity="information", timeout=None, markup=False
    ) -> None:
        """A toast; its text is data (a file name, an error, a follow's name): never markup."""
        message, title = strip_controls(message), strip_controls(title)
        self.messages.append(f"{title}: {message}" if title else message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters (NO_COLOR...), then the last door: nothing drawn acts on the terminal."""
        return [*super().get_line_filters(), INERT]

    closing = False  # quit was asked for: the keys still queued behind it do nothing

    def exit(self, result: int | None = None, return_code: int = 0, message=None) -> None:
        self.closing = True
        super().exit(result, return_code, message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return False if self.closing else super().check_action(action, parameters)

    def on_mount(self) -> None:
        if few_colours(self.console.color_system) and not self.is_headless:
            self.add_class("-few-colours")
        for notice in self.notices:
            self.notify(notice, markup=False)

    def get_default_screen(self) -> Screen:
        """The main screen, the first on the stack. (Pushed from `on_mount` instead, its first
        frame was drawn inside Textual's start-up batch, which writes none: only the parts changed
        after it reached the terminal, the footer and the search box not before the after-paint
        work laid the screen out again.)"""
        return MainScreen(self.backend, classes=width_class(self.size.width))

    def on_unmount(self) -> None:
        self.backend.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_on_main(self, action: str, close: bool = True) -> None:
        """A main-screen key pressed over it (the paper, the help): with `close`, the screens over
        it closed first (`/` searches in the list, as it does there)."""
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is None:
            return
        while close and self.screen is not main:
            await self.pop_screen()
        await main.run_action(action)

    def copy_to_clipboard(self, text: str) -> None:
        """Textual's OSC 52 (the plain sequence: a tmux with `set-clipboard on` takes it into its
        buffer and passes it on); inside tmux or GNU screen also the passthrough-wrapped one,
        which reaches the outer terminal when tmux has `allow-passthrough on`."""
        super().copy_to_clipboard(text)
        extra = clipboard.passthrough(text, os.environ)
        driver = self._driver  # the app's own terminal driver: Textual has no public raw write
        if extra and driver is not None:
            driver.write(extra)
            driver.flush()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: of Textual's own commands the theme (Maximize left a hatched empty pane,
        Keys a side panel that squeezed the reader and escape did not close, Screenshot wrote SVG
        files where the reader was started; Quit is in the table), then this screen's commands
        from the table."""
        yield from (c for c in super().get_system_commands(screen) if c.title in BUILT_IN)
        owners = OWNERS.get(type(screen), ())
        for command in palette(owners):
            target = self if command.owner == "app" else screen
            if not target.check_action(command.action.split("(")[0], ()):
                continue
            keys = ", ".join(self.get_key_display(Binding(k, "")) for k in command.keys.split(",") if k)
            help_text = command.help + (f" ({keys})" if keys else "")
            yield SystemCommand(command.title, help_text, partial(target.run_action, command.action))
        if isinstance(screen, MainScreen):  # every list of the snapshot list, by name
            for name, what, entry in screen.palette_lists():
                yield SystemCommand(name, what, partial(screen.go, entry))
