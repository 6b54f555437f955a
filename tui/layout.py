"""How the screen is shared between the list and the paper: plain code, no Textual.

Below `SIDE_BY_SIDE` columns the list sits above the paper (mutt's index over its pager):
a row then has the whole width for its title, and the paper gets enough lines for eight
lines of abstract at 80x24. From `SIDE_BY_SIDE` columns they sit side by side, the list the
wider, the paper wide enough for an abstract line of `MEASURE` cells.
"""

from __future__ import annotations

from dailypapers.index.papers.record import record

SIDE_BY_SIDE = 160
BREAKPOINTS = [(0, "-stacked"), (SIDE_BY_SIDE, "-wide")]  # the main screen's class by its width


def width_class(width: int) -> str:
    """The class `BREAKPOINTS` gives a screen this wide (Textual gives it on the screen's first
    resize, after its first frame: the whole screen restyled, ~20 ms, and drawn again)."""
    return max((at, name) for at, name in BREAKPOINTS if width >= at)[1]


CHROME = 3  # the top line (search input and scope), the status line, the footer
LIST_TITLE = 100  # in side by side, the list keeps this much width for titles before the paper grows
PAPER_MIN, PAPER_MAX = 60, 128  # columns of the paper pane side by side (abstract and a side column)


@record(frozen=True)
class Split:
    side_by_side: bool
    list_size: int  # rows (stacked) or columns (side by side)
    paper_size: int  # rows with its top rule (stacked) or columns with its left rule (side by side)


def split(width: int, height: int, extra_rows: int = 0) -> Split:
    """Share `width` x `height` (less the chrome and `extra_rows`, such as the trend bar)."""
    if width >= SIDE_BY_SIDE:
        paper = max(PAPER_MIN, min(width - LIST_TITLE - 10, PAPER_MAX))
        return Split(True, width - paper, paper)
    room = max(2, height - CHROME - extra_rows)
    lowest = max(1, min(13, room - 5))  # a rule, a title line or two, a line of facts, 8 of abstract
    paper = max(lowest, min(round(room * 0.56), room - 3))
    return Split(False, room - paper, paper)
