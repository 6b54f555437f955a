"""Loading the library for the main screen: bringing the index up to date (browsing the papers
read so far while a first build runs), the catalogue, the marks and the catch-up (what is new
since the last visit, the follows; the visit is recorded then), and noticing changes made
elsewhere. Its workers run on the screen; what they found goes into the screen's `ViewState`."""

from __future__ import annotations

import asyncio
import gc
import time
from typing import TYPE_CHECKING

from textual.message import Message

from dailypapers.index import MarksError

from .. import fetching, jobs
from ..days import days_of
from ..scope import CatchUp
from ..widgets import ResultList
from .working import start

if TYPE_CHECKING:
    from dailypapers.index import Paper

    from .main import MainScreen

BUSY = "another process is updating the index: showing the last complete index meanwhile"
CHECKING = "checking for new days…"  # said while a search answers from the index as last built


class Progress(Message):
    """The index is being brought up to date: `done` of `total` files read (posted from its thread)."""

    def __init__(self, done: int, total: int, papers: list[Paper] | None, records: list | None) -> None:
        super().__init__()
        self.done, self.total, self.papers, self.records = done, total, papers, records


class Loading:
    """The library, the marks and the catch-up for one main screen; see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.marks_ok = True
        self.library_path = ""  # the library's folder, said when it holds no snapshot
        self.catalogued = False  # the catalogue was loaded (once: the reader is past opening)
        self.started = False  # `start` ran (the first frame was written)

    def start(self) -> None:
        """What the screen does once its first frame is drawn: the widgets hidden at first, the
        marks, the library (a fetch if the config asks), garbage collection back on (`open_reader`).
        Called once the first frame is written to the terminal (`drawn.when_written`)."""
        gc.enable()
        self.started = True
        if not self.screen.is_attached:  # (closed before its first frame was written)
            return
        self.screen.panes.mount_hidden()
        self.load_marks()
        self.load_library()
        if fetching.options_of(self.screen.app).on_start:
            self.screen.action_fetch()

    def load_library(self) -> None:
        start(self.screen, self._load_library, exclusive=True, group="load")

    async def _load_library(self) -> None:
        """Bring the index up to date (progress shown), then load the page-order catalogue.

        Where an index is built already, it is opened first and searched at once: a query typed
        as soon as the reader is drawn is answered from it (searches go before the update and
        the catalogue on the index thread), the status line saying the library is being checked,
        and searched again once the update is in. While another process holds the index, the last
        complete index is shown and the update is retried each second; searches keep running.
        """
        from dailypapers.index import IndexBusy  # off the first paint

        screen, backend, state = self.screen, self.screen.backend, self.screen.state
        try:
            pix = await backend.run(lambda: backend.pix)
            if not state.ready and await backend.run(jobs.open_index, pix):
                self.opened()
            last = [0.0]

            def progress(done: int, total: int, _snap) -> None:  # on the index thread
                first = not state.ready and (time.monotonic() - last[0] > 0.25 or done == total)
                if first:
                    last[0] = time.monotonic()
                papers, records = (pix.papers_read(), pix.snapshots()) if first else (None, None)
                screen.post_message(Progress(done, total, papers, records))

            def update():
                try:
                    return pix.update(progress=progress, wait=False, browse=True)
                except IndexBusy:
                    return None

            report = await backend.run(update)
            while report is None:
                if not self.catalogued:
                    self.loaded(await backend.run(jobs.catalogue, pix), [BUSY])
                await asyncio.sleep(1.0)
                report = await backend.run(update)
            self.loaded(await backend.run(jobs.catalogue, pix), report.notes)
        except Exception as exc:  # shown, never a crash: the reader stays open
            self.failed(f"{type(exc).__name__}: {exc}")

    def opened(self) -> None:
        """The index as last built is open: searches are answered from it (a query typed already
        at once) while the library is checked for new days and the catalogue loads."""
        state = self.screen.state
        state.ready, state.indexing = True, CHECKING
        self.screen.refresh_or_search()

    def progress(self, event: Progress) -> None:
        screen, state = self.screen, self.screen.state
        bar = screen.panes.progress
        bar.display = True
        bar.update(total=event.total, progress=event.done)
        reading = event.done < event.total
        state.indexing = f"indexing {event.done}/{event.total}" if reading else "writing the index…"
        if event.papers is not None and event.records is not None:  # browse while the index builds
            scope = state.scope
            state.load(days_of(event.records), event.papers)
            screen.refill()
            screen.scoping.scope_changed(keep=screen.current_id if state.scope == scope else None)
        else:
            screen.refresh_status()

    def loaded(self, catalogue: tuple[list[Paper], list], notes: list[str]) -> None:
        screen, state = self.screen, self.screen.state
        papers, records = catalogue
        self.library_path = str(getattr(screen.backend.pix, "library", ""))
        screen.panes.progress.display = False
        scope, first = state.scope, not self.catalogued
        state.indexing, state.ready, self.catalogued = "", True, True
        state.load(days_of(records), papers)
        # The catalogue and the index live as long as the reader: kept out of the cyclic
        # collector's passes, whose full ones over them stalled a keystroke now and then (pilot
        # p95 at 120x40 on 580 days, 3 runs alternating: 130-188 ms -> 111-120 ms).
        gc.freeze()
        screen.refill()
        for note in notes:
            screen.notify(note, markup=False)
        bad = [d for d in state.days if d.problem]
        if bad:
            names = ", ".join(d.file for d in bad[:3]) + (" …" if len(bad) > 3 else "")
            screen.notify(
                f"{len(bad)} snapshot file(s) could not be read: {names}", severity="warning", markup=False
            )
        keep = state.scope == scope or (first and state.has_query)  # (a search typed while opening)
        screen.scoping.scope_changed(keep=screen.current_id if keep else None)  # a newer day: its top
        self.load_catchup()

    def load_catchup(self, record: bool = True) -> None:
        """The catch-up again (a visit recorded in a group of its own: never cancelled by a
        later look that records none)."""
        self.screen.run_worker(self.catch_up(record), exclusive=True, group="visit" if record else "catchup")

    async def catch_up(self, record: bool = False) -> None:
        """What is new since the session's day (chosen from the visits at the first load, then
        kept), the follows; with `record`, this visit is remembered (the library as it is now)."""
        screen, state = self.screen, self.screen.state
        catchup = state.catchup  # the session's day and time, kept from its first look
        since = (
            (catchup.since, catchup.how, catchup.changes_after) if catchup and catchup.changes_after else None
        )
        if not self.marks_ok:
            state.set_catchup(CatchUp(None, "marks are off"))
        else:
            try:
                backend = screen.backend
                steps = jobs.catch_up(backend.pix, backend.marks, since, record)
                while (found := await backend.run(jobs.step, steps)) is None:
                    pass  # (a search typed meanwhile runs between two steps)
            except MarksError as exc:
                screen.notify(str(exc), title="Marks", severity="error", markup=False)
                return
            state.set_catchup(found)
        screen.refill()
        screen.refresh_or_search(keep=screen.current_id)

    def failed(self, message: str) -> None:
        screen = self.screen
        screen.panes.progress.display = False
        screen.query_one(ResultList).empty_text = "The library could not be opened."
        screen.query_one(ResultList).set_items([])
        screen.state.indexing = "the library could not be opened"
        screen.refresh_status()
        screen.notify(message, title="Could not open the library", severity="error", markup=False)

    def check_library(self) -> None:
        start(self.screen, self._check_library, exclusive=True, group="check")

    async def _check_library(self) -> None:
        """Every few seconds: reload when a snapshot file changed, and the marks when another
        process (a second reader, the CLI) changed them."""
        backend = self.screen.backend
        if self.catalogued and await backend.run(backend.pix.stale):
            self.load_library()
        if self.marks_ok and await self.marks_changed_elsewhere():
            self.load_marks()

    def load_marks(self) -> None:
        start(self.screen, self._load_marks, exclusive=True, group="marks-load")

    async def _load_marks(self) -> None:
        screen, backend = self.screen, self.screen.backend
        marks = backend.marks
        try:
            await backend.run_mark(marks.changed_elsewhere)  # the baseline for later checks
            found = await backend.run_mark(marks.all)
            searches = await backend.run_mark(marks.searches)
        except MarksError as exc:
            self.marks_ok = False
            screen.notify(f"{exc}; marks are off", title="Marks", severity="error", markup=False, timeout=8)
            return
        screen.state.load_marks(found, searches)
        screen.refill()
        screen.query_one(ResultList).redraw()
        screen.refresh_view(keep=screen.current_id)
        if screen.state.catchup is not None:  # follows may have changed too (the CLI, another reader)
            self.load_catchup(record=False)

    async def marks_changed_elsewhere(self) -> bool:
        try:
            return await self.screen.backend.run_mark(self.screen.backend.marks.changed_elsewhere)
        except MarksError:
            return False
