"""The main screen's footer: Textual's, with its keys on the first frame, composed again only when
the keys it shows change."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's footer composes its keys once the screen's bindings are published (a frame later)
    and again each time they are published: four times while the reader opened (its focus set,
    the library loaded), each ~20 ms of styling 17 keys, one of them before the first frame, all
    the same keys. This one composes them at once, and again only when they differ."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[object, ...] | None = None  # the bindings its keys were composed from
        if (ready := getattr(Footer, "_bindings_ready", None)) is not None:  # a private name: when a
            self.set_reactive(ready, True)  # Textual has it not, the keys come a frame later

    def bindings_shown(self) -> tuple[object, ...]:
        """What `Footer.compose` makes its keys of: the bindings shown and the palette's."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (b, enabled, tip)
            for _, b, enabled, tip in self.screen.active_bindings.values()
            if b.show or b.key == palette
        )

    def compose(self) -> ComposeResult:
        keys: Iterable[Widget] = list(super().compose())
        self._shown = self.bindings_shown() if keys else None  # (none composed: compose them when asked)
        for key in keys:  # each key born with the style it will have: a key is born compact, and
            if isinstance(key, FooterKey):  # those bound to the footer's `compact` then made not,
                compact = self.compact or key.has_class("-command-palette")  # each change styling
                key.set_reactive(FooterKey.compact, compact)  # the key again (17 restyles, ~7 ms,
                key.set_class(compact, "-compact", update=False)  # before the first frame)
        yield from keys

    def bindings_changed(self, screen: Screen) -> None:
        same = self._shown is not None and self.is_attached and screen is self.screen
        if not (same and self.bindings_shown() == self._shown):  # (the same keys: composed already)
            super().bindings_changed(screen)
