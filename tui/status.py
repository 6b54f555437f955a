"""Fitting the status line to its width: plain code, no Textual.

Parts are kept by priority (0 first) while they fit. Parts of one priority are fitted together:
all in full if they fit, else all abbreviated, else each in the longest of its forms that fits.
They are shown in their own order. An urgent part (a did-you-mean, a note about
the query) that does not fit even abbreviated is never cut: it is handed back, for a
notification.
"""

from __future__ import annotations

from itertools import groupby

from rich.cells import cell_len

from dailypapers.index.papers.record import record

SEPARATOR = " · "


@record(frozen=True)
class Part:
    text: str
    priority: int = 3
    short: str | None = None  # an abbreviation, when the full text does not fit
    shortest: str | None = None
    style: str = ""
    urgent: bool = False  # never cut: a notification when it does not fit

    @property
    def forms(self) -> list[str]:
        return [f for f in (self.text, self.short, self.shortest) if f]


def fit(parts: list[Part], width: int) -> tuple[list[tuple[str, Part]], list[Part]]:
    """The parts that fit in `width` cells (with the form chosen for each), and the urgent
    parts left out."""
    chosen: dict[int, str] = {}
    left_out: list[Part] = []
    full = False  # a part did not fit: the less important ones are left out too
    ranked = sorted(range(len(parts)), key=lambda i: parts[i].priority)
    for _, group in groupby(ranked, key=lambda i: parts[i].priority):
        tier = list(group)
        if not full:  # the whole tier, at the same level of abbreviation if it can
            levels = [{i: parts[i].forms[min(n, len(parts[i].forms) - 1)] for i in tier} for n in range(3)]
            fitting = next((forms for forms in levels if _used(chosen, forms) <= width), None)
            if fitting is not None:
                chosen.update(fitting)
                continue
        for index in tier:
            part = parts[index]
            form = next((f for f in part.forms if _used(chosen, {index: f}) <= width), None)
            if form is None or (full and not part.urgent):
                if part.urgent:
                    left_out.append(part)  # a notification instead
                else:
                    full = True
                continue
            chosen[index] = form
    return [(chosen[i], parts[i]) for i in sorted(chosen)], left_out


def _used(chosen: dict[int, str], more: dict[int, str]) -> int:
    forms = [*chosen.values(), *more.values()]
    return sum(cell_len(f) for f in forms) + len(SEPARATOR) * max(0, len(forms) - 1)
