"""Entry point of `dailypapers`: the CLI, with the reader loaded only when it opens."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from dailypapers.index.cli import main as cli_main

if TYPE_CHECKING:
    from dailypapers.index import Marks, PaperIndex


def open_reader(pix: Callable[[], PaperIndex], notices: list[str], marks: Marks, mouse: bool = False) -> int:
    """Run the Textual reader on this library (imported here, so CLI commands never load Textual).

    The reader makes the PaperIndex itself, after its first paint. Without `mouse` the terminal
    keeps its own mouse: selecting text with it works as in any program.
    """
    if not sys.stdin.isatty():  # no keys would come: the reader would draw and spin
        print(
            "dailypapers: error: the reader reads keys from a terminal and stdin is not one; without"
            " one, use a command (dailypapers list, search, show …; dailypapers --help)",
            file=sys.stderr,
        )
        return 2
    from dailypapers.tui.app import DailyPapersApp

    app = DailyPapersApp(pix, notices=notices, marks=marks)
    app.run(mouse=mouse)
    return app.return_code or 0


def main() -> None:
    sys.exit(cli_main(sys.argv[1:], open_reader=open_reader))


if __name__ == "__main__":
    main()
