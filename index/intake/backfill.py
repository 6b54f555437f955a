"""`capture`: fetch one day, or backfill a range of days, into the library.

Each day is saved as soon as it is fetched, through `add_bytes` (written under a hidden
name, synced, renamed), and the index is brought up to date once, at the end. A backfill
skips the days already in the library (unless `--refresh`; today's is fetched again, as
it may still grow), so one killed at any point resumes where it stopped when run again;
the half-written temporary file a killed process leaves is removed when the next capture
(or `add`) starts.
ctrl+c stops it and keeps what it saved.

The plain daily capture refreshes the recent days as well as today (`refresh`): a day is
written again only when the site's list changed, in place (the same file: never a second
copy of a day). A refresh that gets fewer papers than the library's day holds (the site
trimmed it, a page failed) keeps the file it had and says so; a day the site no longer lists
is kept. With a `History`, what each fetch showed of each paper is kept with its time
(`marks/history.py`), and a refresh killed half-way skips, when run again, the days it had
already fetched.
"""

from __future__ import annotations

import shutil
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from ..text import shown, takes_escapes
from .add import IntakeError, add_bytes

if TYPE_CHECKING:
    from ..marks.history import History
    from ..papers.snapshot import Entry


class Reporter(Protocol):
    """What `capture` tells as it goes: `Progress` on a terminal or a pipe, the reader's own."""

    def begin(self, total: int) -> None: ...
    def step(self, done: int, day: str) -> None: ...
    def say(self, text: str) -> None: ...
    def error(self, text: str) -> None: ...
    def note(self, text: str) -> None: ...
    def waiting(self, seconds: float, reason: str, asked: bool) -> None: ...
    def clear(self) -> None: ...


def capture(
    library: Path,
    days: list[date],
    single: bool = False,
    refresh: bool = False,
    base_url: str | None = None,
    timeout: float = 20.0,
    wait: float = 1.0,
    deadline: float = 120.0,
    history: History | None = None,
    progress: Reporter | None = None,
) -> int:
    """Fetch `days` into the library (one line per day on stdout, progress on stderr, or through
    `progress`); the exit status so far. `single`: one day asked for by itself, whose failure is
    an IntakeError. `refresh`: fetch again the days the library holds."""
    from ..store.files import stale_temporaries
    from .fetch import DEFAULT_BASE_URL, Fetcher, FetchError  # here: `dailypapers` starts without urllib

    stale_temporaries(library)
    progress = progress or Progress(0)
    today = datetime.now(UTC).date()
    todo = [d for d in days if single or refresh or d >= today or not (library / _name(d)).exists()]
    if len(todo) < len(days):
        there = len(days) - len(todo)
        progress.note(f"{there} of {_days(len(days))} already in the library; --refresh fetches them too")
    run = f"{days[0]}..{days[-1]}" if days else ""
    if refresh and history is not None and len(todo) > 1:
        started = history.begin_refresh(run)
        done = [d for d in todo if (history.fetched(d.isoformat()) or 0.0) >= started]
        if done:
            progress.note(f"resuming the refresh of {run}: {_days(len(done))} fetched before it stopped")
            todo = [d for d in todo if d not in done]
    progress.begin(len(todo))
    url = base_url or DEFAULT_BASE_URL
    fetcher = Fetcher(url, timeout=timeout, deadline=deadline, wait=wait, on_wait=progress.waiting)
    status, saved, empty, kept = 0, 0, 0, 0
    statuses: dict[str, int] = {}
    pending: tuple[Path, bytes] | None = None
    finished = False
    try:
        for n, day in enumerate(todo):
            progress.step(n, day.isoformat())
            try:
                data, count = fetcher.day(day)
                target = library / _name(day)
                if count == 0:
                    if single:
                        why = "a weekend" if day.weekday() >= 5 else "none yet?" if day >= today else "none"
                        raise IntakeError(f"no papers for {day} ({why}); nothing saved")
                    if target.exists():
                        kept += 1
                        progress.say(f"kept {target.name}: the site lists no papers for {day} now")
                    else:
                        empty += 1
                        progress.say(f"no papers on {day}; skipped")
                        _seen(history, day)
                    continue
                fresh = _entries(target.name, data)
                if history is not None:
                    history.record(day.isoformat(), fresh)
                held = len(_entries(target.name, target.read_bytes())) if target.exists() else 0
                if len(fresh) < held:
                    kept += 1
                    progress.say(
                        f"kept {target.name}: the site sent {len(fresh)} of the {held} papers it holds "
                        "(trimmed, or a page failed); the library keeps all of them"
                    )
                    continue
                pending = (target, data)
                added = add_bytes(library, _name(day), data)
            except IntakeError as exc:
                if single:
                    raise
                status = 1
                if not isinstance(exc, FetchError):
                    progress.error(f"refused {exc}")
                elif exc.stop:
                    progress.error(f"{exc}\nstopped at {day}: run the same command again to resume")
                    break
                else:
                    progress.error(f"{exc}; skipped")
                continue
            saved, pending = saved + 1, None
            statuses[added.status] = statuses.get(added.status, 0) + 1
            progress.say(f"{added.status} {added.file} ({added.papers} papers)")
        else:
            finished = True
    except KeyboardInterrupt as exc:
        if pending and _holds(*pending):  # stopped between the file's rename and the count
            saved += 1
        progress.clear()
        progress.note(f"interrupted with {_days(saved)} saved: run it again to go on")
        exc.add_note("said")  # (the command line says no more)
        raise
    finally:
        progress.clear()  # before an error line, too
    if finished and history is not None and run:
        history.end_refresh(run)
    if not single:
        how = ", ".join(f"{n} {what}" for what, n in sorted(statuses.items()))
        summary = f"{_days(saved)} saved" + (f" ({how})" if how and refresh else "")
        summary += f", {kept} kept" if kept else ""
        progress.note(f"{summary}, {empty} with no papers, in {fetcher.requests} requests")
    return status


def _entries(name: str, data: bytes) -> list[Entry]:
    """The papers a day file holds (as `add` reads it)."""
    from ..reading.files import parse_snapshot, snapshot_id

    return parse_snapshot(data, name, snapshot_id(Path(name))).entries


def _seen(history: History | None, day: date) -> None:
    """A day fetched with no papers: fetched all the same (a resumed refresh skips it)."""
    if history is not None:
        history.record(day.isoformat(), [])


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _name(day: date) -> str:
    return f"{day.isoformat()}.json"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _err(text: str) -> None:
    """A line on stderr; what it quotes from the server (a reason phrase, a host) is escaped."""
    print(f"dailypapers: {shown(text)}", file=sys.stderr, flush=True)


class Progress:
    """A bar with an ETA on one line of a terminal (stderr); on a pipe, a plain line at each tenth.

    Lines about the days are printed above the bar, which is then drawn again.
    """

    def __init__(self, total: int, stream: TextIO | None = None, clock=time.monotonic) -> None:
        self.total, self.done, self.day = total, 0, ""
        self.stream = stream or sys.stderr
        self.tty = takes_escapes(self.stream)
        self.clock = clock
        self.start = clock()
        self.shown = False

    def begin(self, total: int) -> None:
        """The number of days to fetch is known: the clock starts."""
        self.total, self.done, self.start = total, 0, self.clock()

    def note(self, text: str) -> None:
        """A line about the whole capture, on stderr."""
        self.error(text)

    def step(self, done: int, day: str) -> None:
        """About to fetch `day`, with `done` of the days already behind."""
        self.done, self.day = done, day
        if self.tty:
            self._draw()
        elif done and self.total > 1 and done % max(1, self.total // 10) == 0:
            print(f"dailypapers: {done}/{self.total} days{self._eta()}", file=self.stream, flush=True)

    def say(self, text: str) -> None:
        """A line about a day, on stdout."""
        self.clear()
        print(text, flush=True)
        self._redraw()

    def error(self, text: str) -> None:
        """Lines on stderr, prefixed like every message of the command."""
        self.clear()
        for line in text.splitlines():
            _err(line)
        self._redraw()

    def waiting(self, seconds: float, reason: str, asked: bool) -> None:
        """A pause before a retry: on the bar; on a pipe only when the server asked for it."""
        if self.tty:
            self._draw(f"retry in {seconds:.0f} s: {reason}")
        elif asked:
            _err(f"{self.day}: {reason}; waiting {seconds:.0f} s as the server asks")

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def _redraw(self) -> None:
        if self.tty:
            self._draw()

    def _draw(self, note: str = "") -> None:
        if self.total < 2 and not note:
            return  # one day: its line is enough
        width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns)) - 1
        filled = round(16 * self.done / max(1, self.total))
        text = f"{self.done}/{self.total} days {'█' * filled}{'░' * (16 - filled)} {self.day}"
        text += f"  {note}" if note else self._eta()
        self.stream.write("\r\x1b[K" + shown(text)[:width])
        self.stream.flush()
        self.shown = True

    def _eta(self) -> str:
        if not self.done:
            return ""
        left = (self.clock() - self.start) / self.done * (self.total - self.done)
        minutes, seconds = divmod(round(left), 60)
        hours, minutes = divmod(minutes, 60)
        clock = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
        return f", about {clock} left"
