"""The main screen's library: bringing the index up to date (browsing the papers read so far
while a first build runs), loading the catalogue, the marks and the catch-up (what is new since
the last visit, the follows; the visit is recorded then), and noticing changes made elsewhere.
`Papers`, `Scopes` and then `MainScreen` are built on it (tui/screens/papers.py, scopes.py,
main.py)."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.widgets import ProgressBar

from dailypapers.index import MarksError

from .. import jobs
from ..days import days_of
from ..entries import entries
from ..scope import CatchUp
from ..widgets import ResultList, SnapshotList, StatusLine, TrendBar

if TYPE_CHECKING:
    from dailypapers.index import Paper

    from ..backend import Backend
    from ..state import Row, ViewState

BUSY = "another process is updating the index: showing the last complete index meanwhile"


class Progress(Message):
    """The index is being brought up to date: `done` of `total` files read (posted from its thread)."""

    def __init__(self, done: int, total: int, papers: list[Paper] | None, records: list | None) -> None:
        super().__init__()
        self.done, self.total, self.papers, self.records = done, total, papers, records


class Library(Screen[None]):
    """Loading and watching the library; see the module docstring."""

    backend: Backend
    state: ViewState
    marks_ok = True
    library_path = ""  # the library's folder, said when it holds no snapshot

    # The widgets hidden at first (the snapshot drawer, the trend bar, the progress bar) are
    # mounted after the first paint: their styles and children were a third of its work.
    # Whatever uses one asks for it here, which mounts them if that has not happened yet (a
    # screen that is closing mounts nothing: its calls go to the widgets unmounted).
    _hidden: tuple[TrendBar, SnapshotList, ProgressBar] | None = None

    def mount_hidden(self) -> tuple[TrendBar, SnapshotList, ProgressBar]:
        """Mount the widgets hidden at first (once); they are returned."""
        if self._hidden is None:
            trend, drawer = TrendBar(id="trend"), SnapshotList(id="drawer")
            progress = ProgressBar(id="progress", show_eta=False)
            self._hidden = trend, drawer, progress
            self.mount(trend, after="#top")
            self.mount(drawer, after="#panes")
            self.query_one("#statusbar").mount(progress)
            self.lay_out()
        return self._hidden

    @property
    def trend_bar(self) -> TrendBar:
        return self.mount_hidden()[0]

    @property
    def drawer(self) -> SnapshotList:
        return self.mount_hidden()[1]

    @property
    def progress(self) -> ProgressBar:
        return self.mount_hidden()[2]

    @property
    def current(self) -> Row | None:
        """The highlighted row of the list."""
        return self.query_one(ResultList).current

    @property
    def current_id(self) -> str | None:
        row = self.current
        return row.paper.id if row else None

    def say(self, text: str) -> None:
        """A routine confirmation (starred, copied, saved): on the status line of the screen in
        view, replacing the one before; never a toast over the list or the paper."""
        messages = getattr(self.app, "messages", None)
        if messages is not None:
            messages.append(text)
        lines = list(self.app.screen.query(StatusLine)) or list(self.query(StatusLine))
        for line in lines[:1]:
            line.say(text)

    # What MainScreen provides.
    def refresh_view(self, keep: str | None = None) -> None:
        raise NotImplementedError

    def refresh_status(self) -> None:
        raise NotImplementedError

    def refresh_or_search(self, keep: str | None = None) -> None:
        raise NotImplementedError

    def scope_changed(self, keep: str | None = None) -> None:
        raise NotImplementedError

    def lay_out(self) -> None:
        raise NotImplementedError

    def refill(self) -> None:
        """The snapshot list's entries again (counts, follows, marks changed)."""
        self.drawer.fill(entries(self.state))

    @work(exclusive=True, group="load")
    async def load_library(self) -> None:
        """Bring the index up to date (progress shown), then load the page-order catalogue.

        While another process holds the index, the last complete index is shown and the update
        is retried each second; searches keep running meanwhile.
        """
        from dailypapers.index import IndexBusy  # off the first paint

        try:
            pix = await self.backend.run(lambda: self.backend.pix)
            last = [0.0]

            def progress(done: int, total: int, _snap) -> None:  # on the index thread
                first = not self.state.ready and (time.monotonic() - last[0] > 0.25 or done == total)
                if first:
                    last[0] = time.monotonic()
                papers, records = (pix.papers_read(), pix.snapshots()) if first else (None, None)
                self.post_message(Progress(done, total, papers, records))

            def update():
                try:
                    return pix.update(progress=progress, wait=False, browse=True)
                except IndexBusy:
                    return None

            report = await self.backend.run(update)
            while report is None:
                if not self.state.ready:
                    self.loaded(await self.backend.run(jobs.catalogue, pix), [BUSY])
                await asyncio.sleep(1.0)
                report = await self.backend.run(update)
            self.loaded(await self.backend.run(jobs.catalogue, pix), report.notes)
        except Exception as exc:  # shown, never a crash: the reader stays open
            self.failed(f"{type(exc).__name__}: {exc}")

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        bar = self.progress
        bar.display = True
        bar.update(total=event.total, progress=event.done)
        reading = event.done < event.total
        self.state.indexing = f"indexing {event.done}/{event.total}" if reading else "writing the index…"
        if event.papers is not None and event.records is not None:  # browse while the index builds
            scope = self.state.scope
            self.state.load(days_of(event.records), event.papers)
            self.refill()
            self.scope_changed(keep=self.current_id if self.state.scope == scope else None)
        else:
            self.refresh_status()

    def loaded(self, catalogue: tuple[list[Paper], list], notes: list[str]) -> None:
        papers, records = catalogue
        self.library_path = str(getattr(self.backend.pix, "library", ""))
        self.progress.display = False
        state = self.state
        scope = state.scope
        state.indexing, state.ready = "", True
        state.load(days_of(records), papers)
        self.refill()
        for note in notes:
            self.notify(note, markup=False)
        bad = [d for d in state.days if d.problem]
        if bad:
            names = ", ".join(d.file for d in bad[:3]) + (" …" if len(bad) > 3 else "")
            self.notify(
                f"{len(bad)} snapshot file(s) could not be read: {names}", severity="warning", markup=False
            )
        self.scope_changed(keep=self.current_id if state.scope == scope else None)  # a newer day: its top
        self.load_catchup()

    def load_catchup(self, record: bool = True) -> None:
        """The catch-up again (a visit recorded in a group of its own: never cancelled by a
        later look that records none)."""
        self.run_worker(self.catch_up(record), exclusive=True, group="visit" if record else "catchup")

    async def catch_up(self, record: bool = False) -> None:
        """What is new since the session's day (chosen from the visits at the first load, then
        kept), the follows; with `record`, this visit is remembered (the library as it is now)."""
        state = self.state
        since = (state.catchup.since, state.catchup.how) if state.catchup else None
        if not self.marks_ok:
            state.set_catchup(CatchUp(None, "marks are off"))
        else:
            try:
                backend = self.backend
                found = await backend.run(jobs.catch_up, backend.pix, backend.marks, since, record)
            except MarksError as exc:
                self.notify(str(exc), title="Marks", severity="error", markup=False)
                return
            state.set_catchup(found)
        self.refill()
        self.refresh_or_search(keep=self.current_id)

    def failed(self, message: str) -> None:
        self.progress.display = False
        self.query_one(ResultList).empty_text = "The library could not be opened."
        self.query_one(ResultList).set_items([])
        self.state.indexing = "the library could not be opened"
        self.refresh_status()
        self.notify(message, title="Could not open the library", severity="error", markup=False)

    @work(exclusive=True, group="check")
    async def check_library(self) -> None:
        """Every few seconds: reload when a snapshot file changed, and the marks when another
        process (a second reader, the CLI) changed them."""
        if self.state.ready and await self.backend.run(self.backend.pix.stale):
            self.load_library()
        if self.marks_ok and await self.marks_changed_elsewhere():
            self.load_marks()

    def action_reload(self) -> None:
        self.say("Reading the library again…")
        self.load_library()

    # -- marks -------------------------------------------------------------------------

    @work(exclusive=True, group="marks-load")
    async def load_marks(self) -> None:
        marks = self.backend.marks
        try:
            await self.backend.run_mark(marks.changed_elsewhere)  # the baseline for later checks
            found = await self.backend.run_mark(marks.all)
            searches = await self.backend.run_mark(marks.searches)
        except MarksError as exc:
            self.marks_ok = False
            self.notify(f"{exc}; marks are off", title="Marks", severity="error", markup=False, timeout=8)
            return
        self.state.load_marks(found, searches)
        self.refill()
        self.query_one(ResultList).redraw()
        self.refresh_view(keep=self.current_id)
        if self.state.catchup is not None:  # follows may have changed too (the CLI, another reader)
            self.load_catchup(record=False)

    async def marks_changed_elsewhere(self) -> bool:
        try:
            return await self.backend.run_mark(self.backend.marks.changed_elsewhere)
        except MarksError:
            return False
