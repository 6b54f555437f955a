"""Option types shared by the commands: whole numbers, days, sorts."""

from __future__ import annotations

import argparse
import math

from ..papers.views import SORTS

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    import datetime as dt


def _whole(least: int):
    """A whole number of at least `least`."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}")
        return number

    return parse


positive = _whole(1)
count = _whole(0)  # (0: none)


def seconds(least: float, most: float, zero: bool = False):
    """A number of seconds, finite, from `least` (0 itself only with `zero`) up to `most`."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
        if not math.isfinite(number) or number > most or number < least or (number == 0 and not zero):
            low = f"{least:g}" if zero or least else "more than 0"
            raise argparse.ArgumentTypeError(f"{value!r}: give seconds from {low} to {most:g}")
        return number

    return parse


def text(value: str) -> str:
    """Text for the marks (a note, a follow, an id): an argument with bytes that are not UTF-8
    (which Python keeps as lone surrogates) is refused, as nothing could store or show it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise argparse.ArgumentTypeError(f"not UTF-8 text: '{shown}'") from None
    return value


def day(value: str) -> dt.date:
    """A day written YYYY-MM-DD."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {value!r}") from None


def day_or_last(value: str) -> dt.date | None:
    """A day, or `last` (None): the last visit."""
    return None if value == "last" else day(value)


def sort(parser: argparse.ArgumentParser, default: str) -> None:
    """The `--sort` option (see `papers.views.Sort`)."""
    parser.add_argument("--sort", choices=SORTS, help=f"order (default: {default})")
