"""A paper's latest state as the full-screen reader shows it, above the paper (plain: tested
without a terminal): the upvotes over time as a sparkline with dates (the signals' history),
what the site says now that the library does not (comments, code, project page), the counts of
models, datasets and Spaces linked to it, and at most one dim line when it could not be asked.

`cached` and `fetched` block (the marks database, the network): the reader runs them in a
worker thread (`screens/reader.py`), the cached state first, so the screen never waits.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from rich.style import Style
from rich.text import Text

from dailypapers.index import Paper, sparkline
from dailypapers.index.intake.paperstate import Counts, Latest, hub_links, linked_labels
from dailypapers.index.marks.history import Seen

from .fetching import FetchOptions
from .render import plain, safe_link
from .show import repo_label, short_count

POINTS = 40  # the sparkline's widest: the newest captures
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def cached(marks_path: Path, paper: Paper) -> Latest:
    """What the history keeps of the paper (no network)."""
    from dailypapers.index.intake.paperstate import known
    from dailypapers.index.marks.history import History

    history = History(marks_path)
    try:
        return known(history, paper)
    finally:
        history.close()


def fetched(marks_path: Path, paper: Paper, options: FetchOptions) -> Latest:
    """The paper's state asked of the site when what is kept is older than a day, kept in the
    history; never raises (a failure is the answer's `error`, with what is kept)."""
    from dailypapers.index.intake.paperstate import WAIT, fetcher_for, latest
    from dailypapers.index.marks.history import History

    history = History(marks_path)
    try:
        fetcher = fetcher_for(options.base_url, wait=min(options.wait, WAIT), timeout=options.timeout)
        return latest(history, paper, fetcher)
    except Exception as exc:  # a locked or broken marks database: the reader goes on
        found = Latest(error=f"{type(exc).__name__}: {exc}")
        with contextlib.suppress(Exception):  # (else nothing kept to show)
            found.series = history.series(paper.keys)
        return found
    finally:
        history.close()


def state_lines(latest: Latest, paper: Paper, now: float | None = None) -> list[Text]:
    """The lines above the full-screen paper (none when nothing is known):

    `▲ 92  ▁▂▅█ Aug 19 → Aug 23 · code: GitHub o/r ★152` (what the newest observation says that
    the library's paper does not), `On the Hub: 3 models · 1 dataset · 2 Spaces` (each a link to
    the site's listing), and one dim line when the site could not be asked now."""
    now = time.time() if now is None else now
    out = []
    points = [s for s in latest.series if s.upvotes is not None]
    if points:
        out.append(_upvotes(points, now))
    newest = latest.series[-1] if latest.series else None
    news = _news(newest, paper) if newest is not None else []
    if news:
        line = out[-1] if out else Text(end="")
        for n, part in enumerate(news):
            line.append(" · " if n or out else "", style="dim")
            line.append_text(part)
        out[-1:] = [line]
    if latest.linked is not None and paper.arxiv_id and paper.url:
        out.append(_linked(latest.linked, paper.arxiv_id))
    if latest.error:
        kept = f" (shown as seen {_date(latest.series[-1].at, now)})" if latest.series else ""
        error = plain(f"Not fetched now{kept}: {' '.join(latest.error.split())}", "dim")
        error.no_wrap, error.overflow = True, "ellipsis"
        out.append(error)
    for line in out:
        line.end = "\n"  # one a line (in a Group)
    return out


def _upvotes(points: list[Seen], now: float) -> Text:
    """ "▲ 92  ▁▂▅█ Aug 19 → Aug 23" (the newest POINTS); one capture: "▲ 92 · Aug 23"."""
    shown = points[-POINTS:]
    last = shown[-1]
    line = Text(f"▲ {last.upvotes:,}", style="bold", end="")
    if len(shown) == 1:
        line.append(f" · {_date(last.at, now)}", style="dim")
    else:
        line.append("  " + ("…" if len(points) > POINTS else ""))
        line.append(sparkline([max(0, s.upvotes or 0) for s in shown]))
        dates = dict.fromkeys(_date(s.at, now, shown[0].at) for s in (shown[0], last))  # one day: once
        line.append(" " + " → ".join(dates), style="dim")
    if any(s.clamped for s in shown):
        line.append(" (clamped values)", style="dim")
    return line


def _news(newest: Seen, paper: Paper) -> list[Text]:
    """What the newest observation says that the library's paper does not."""
    s = paper.signals
    found = []
    if newest.comments and newest.comments != s.comments:  # (none yet: not news)
        found.append(Text(f"{newest.comments:,} comment{'s' * (newest.comments != 1)}"))
    library_code = s.github.url if s.github else None
    library_stars = s.github.stars if s.github else None
    if newest.code and (newest.code != library_code or newest.stars != library_stars):
        stars = f" ★{short_count(newest.stars)}" if newest.stars is not None else ""
        found.append(_link(f"code: {repo_label(newest.code)}{stars}", newest.code))
    if newest.project and newest.project != s.project_page:
        found.append(_link("project page", newest.project))
    return found


def _linked(counts: Counts, arxiv_id: str) -> Text:
    line = Text("On the Hub: ", style="dim", end="")
    for n, ((_, url), label) in enumerate(zip(hub_links(arxiv_id), linked_labels(counts), strict=True)):
        line.append(" · " if n else "", style="dim")
        line.append_text(_link(label, url))
    return line


def _link(label: str, url: str) -> Text:
    """`label`, a hyperlink to `url` when it is one a terminal may be given."""
    return plain(label, Style(underline=True, link=url) if safe_link(url) else "", end="")


def _date(at: float, now: float, first: float | None = None) -> str:
    """ "Aug 23" (UTC); with the year when it is not this year's, or when the dates shown span
    two years (`first`: the first date shown)."""
    day = time.gmtime(at)
    years = {day.tm_year, time.gmtime(now).tm_year, time.gmtime(first if first is not None else at).tm_year}
    text = f"{_MONTHS[day.tm_mon - 1]} {day.tm_mday}"
    return f"{text} {day.tm_year}" if len(years) > 1 else text
