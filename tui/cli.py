"""Entry point of `dailypapers`: the CLI, with the reader loaded only when it opens."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

from dailypapers.index.cli import main as cli_main

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from dailypapers.index import Marks, PaperIndex
    from dailypapers.index.cli.config import Config
    from dailypapers.tui.fetching import FetchOptions


def open_reader(
    pix: Callable[[], PaperIndex],
    notices: list[str],
    marks: Marks,
    mouse: bool = False,
    settings: Config | None = None,
) -> int:
    """Run the Textual reader on this library (imported here, so CLI commands never load Textual).

    The reader makes the PaperIndex itself, after its first paint. Without `mouse` the terminal
    keeps its own mouse: selecting text with it works as in any program. `settings`: the
    config's fetch settings (`R`, and fetching on start).
    """
    if not sys.stdin.isatty():  # no keys would come: the reader would draw and spin
        print(
            "dailypapers: error: the reader reads keys from a terminal and stdin is not one; without"
            " one, use a command (dailypapers list, search, show …; dailypapers --help)",
            file=sys.stderr,
        )
        return 2
    gc.disable()  # no collection before the first frame (20-25 ms of one there); on after it
    try:
        from dailypapers.tui.app import DailyPapersApp

        app = DailyPapersApp(pix, notices=notices, marks=marks, fetch_options=fetch_options(settings))
        app.run(mouse=mouse)
    finally:
        gc.enable()
    return app.return_code or 0


def fetch_options(settings: Config | None) -> FetchOptions:
    """The reader's fetch settings from the config's (the defaults without a config)."""
    from dailypapers.tui.fetching import FetchOptions

    if settings is None:
        return FetchOptions()
    return FetchOptions(
        recent=settings.recent_days,
        on_start=settings.fetch_on_start,
        base_url=settings.base_url,
        paper_state=settings.paper_state,
    )


def main() -> None:
    sys.exit(cli_main(sys.argv[1:], open_reader=open_reader))


if __name__ == "__main__":
    main()
