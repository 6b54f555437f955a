"""Fitting the status line to its width: plain code, no Textual.

Each part has a priority (0 first); parts are kept in priority order while they fit, in their
full form or, failing that, an abbreviation, and shown in their own order. An urgent part (a
did-you-mean, a note about the query) that does not fit even alone is never cut: it is handed
back, for a notification.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

SEPARATOR = " · "


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    priority: int = 3
    short: str | None = None  # an abbreviation, when the full text does not fit
    shortest: str | None = None
    style: str = ""
    urgent: bool = False  # never cut: a notification when it does not fit


def fit(parts: list[Part], width: int) -> tuple[list[tuple[str, Part]], list[Part]]:
    """The parts that fit in `width` cells (with the form chosen for each), and the urgent
    parts left out."""
    chosen: dict[int, str] = {}
    used = 0
    left_out: list[Part] = []
    full = False  # a part did not fit: the less important ones are left out too
    for index in sorted(range(len(parts)), key=lambda i: parts[i].priority):
        part = parts[index]
        room = width - used - (len(SEPARATOR) if chosen else 0)
        form = next((f for f in (part.text, part.short, part.shortest) if f and cell_len(f) <= room), None)
        if form is None or (full and not part.urgent):
            if part.urgent:
                left_out.append(part)  # a notification instead
            else:
                full = True
            continue
        chosen[index] = form
        used += cell_len(form) + (len(SEPARATOR) if len(chosen) > 1 else 0)
    return [(chosen[i], parts[i]) for i in sorted(chosen)], left_out
