"""Fetching from the site in the reader (`R`): the plain `capture` (today and the recent days,
`index.intake.backfill.capture`) in a Textual worker thread. Its progress is the status line's;
each day saved reloads the library (the index thread brings it up to date), so new and
refreshed days appear as they land; offline or rate-limited, one line says so and the reader
goes on with what it has. The network is never waited on from the UI thread.

`FetchOptions` are the defaults the config file will set (`recent_days`, `fetch_on_start`):
the app's `fetch_options`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dailypapers.index.papers.record import field, record
from dailypapers.index.text import strip_controls

if TYPE_CHECKING:
    from .screens.main import MainScreen


@record()
class FetchOptions:
    recent: int = 7  # days before today refreshed with today (config: recent_days)
    on_start: bool = False  # fetch when the reader opens (config: fetch_on_start)
    base_url: str | None = None  # the site (tests: a loopback server)
    wait: float = 1.0  # seconds between requests
    timeout: float = 20.0
    # the full-screen paper asks the site for its latest state (config: paper_state, default true;
    # off for an app made without the config: a test never reaches the network unasked)
    paper_state: bool = False


@record()
class FetchReport:
    """What a fetch did, in lines: the days saved and the errors (the first is the one shown)."""

    saved: list[str] = field(default_factory=list)  # "replaced 2026-08-20.json (20 papers)"
    kept: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    status: int = 0

    def line(self) -> str:
        """The one line the reader shows when the fetch ends."""
        changed = [s for s in self.saved if not s.startswith("unchanged")]
        done = f"{len(changed)} of {len(self.saved)} days new or changed" if self.saved else "no day saved"
        if self.errors:
            return f"Fetch stopped ({done}): {self.errors[0]}; the reader goes on with what it has"
        kept = f", {len(self.kept)} kept as they were" if self.kept else ""
        return f"Fetched: {done}{kept}"


class FetchProgress:
    """`capture`'s progress (see `backfill.Progress`), told to `tell` as plain text from the
    fetching thread: "fetching 2/8 days: 2026-08-19"; `landed(line)` after each day saved."""

    def __init__(self, tell: Callable[[str], None], landed: Callable[[str], None]) -> None:
        self.tell, self.landed = tell, landed
        self.report = FetchReport()
        self.total = 0

    def begin(self, total: int) -> None:
        self.total = total

    def step(self, done: int, day: str) -> None:
        self.tell(f"fetching {done + 1}/{self.total} days: {day}")

    def say(self, text: str) -> None:
        text = strip_controls(text)
        if text.startswith("kept "):
            self.report.kept.append(text)
        elif text.split(" ", 1)[0] in ("added", "replaced", "unchanged"):
            self.report.saved.append(text)
            self.landed(text)

    def error(self, text: str) -> None:
        self.report.errors += [strip_controls(line) for line in text.splitlines()[:1]]

    def note(self, text: str) -> None:
        pass  # the summary: the reader says its own

    def waiting(self, seconds: float, reason: str, asked: bool) -> None:
        self.tell(f"fetching: retry in {seconds:.0f} s: {strip_controls(reason)}")

    def clear(self) -> None:
        pass


def fetch(library: Path, marks_path: Path, options: FetchOptions, progress: FetchProgress) -> FetchReport:
    """The plain capture (today and `options.recent` days before it), with the signals' history
    beside the marks. In a worker thread: never raises (an error is the report's)."""
    from dailypapers.index.intake.backfill import capture
    from dailypapers.index.marks.history import History

    today = datetime.now(UTC).date()
    days = [today - timedelta(days=n) for n in range(options.recent, -1, -1)]
    history = History(marks_path)
    try:
        progress.report.status = capture(
            library,
            days,
            refresh=True,
            base_url=options.base_url,
            timeout=options.timeout,
            wait=options.wait,
            history=history,
            progress=progress,
        )
    except Exception as exc:  # the reader goes on
        progress.report.errors.append(f"{type(exc).__name__}: {strip_controls(str(exc))}")
        progress.report.status = 1
    finally:
        history.close()
    return progress.report


def options_of(app: object) -> FetchOptions:
    """The app's `fetch_options` (the defaults when it has none)."""
    options = getattr(app, "fetch_options", None)
    return options if isinstance(options, FetchOptions) else FetchOptions()


RUNNING = threading.Lock()  # one fetch at a time, whatever asks


def start(screen: MainScreen) -> bool:
    """Fetch in a worker thread for the main screen: its progress in the status line, a reload
    after each day saved, one line at the end. False when a fetch is already running."""
    if not RUNNING.acquire(blocking=False):
        return False
    app, state = screen.app, screen.state
    options = options_of(app)

    def show(text: str) -> None:  # on the UI thread
        state.indexing = text
        screen.refresh_status()

    def done(report: FetchReport) -> None:  # on the UI thread
        show("")
        screen.notify(report.line(), severity="warning" if report.errors else "information", markup=False)
        screen.load_library()

    def landed(_: str) -> None:  # on the fetching thread: the day is on disk, read it in
        app.call_from_thread(screen.load_library)

    progress = FetchProgress(lambda text: app.call_from_thread(show, text), landed)

    def work() -> None:
        try:
            backend = screen.backend
            report = fetch(backend.pix.library, backend.marks.path, options, progress)
        finally:
            RUNNING.release()
        app.call_from_thread(done, report)

    show("fetching…")
    screen.run_worker(work, thread=True, group="fetch", name="fetch")
    return True
