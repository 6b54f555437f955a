"""The main screen: search input, three panes (snapshots, results, paper), status line."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, ProgressBar
from textual.worker import get_current_worker

from index.highlight import spans
from index.marks import Mark, MarksError

from ..backend import Backend
from ..widgets import PaperView, ResultList, Row, SearchBox, SnapshotInfo, SnapshotList, StatusLine, TrendBar
from .reading import FILTERS, ReadingActions

if TYPE_CHECKING:
    from index import Paper, SearchResult, Snapshot
    from index.library import PaperSet
    from index.paperindex import UpdateReport

DEBOUNCE = 0.06  # seconds of typing quiet before a search starts, while one is still running
PAGE = 50  # ranked hits fetched per query; reaching the last one fetches five times more
CHECK_EVERY = 5.0  # seconds between looks for changed snapshot files
BUSY = "another process is updating the index: showing the last complete index meanwhile"
ORDERS = ("relevance", "page order", "newest first")


class MainScreen(ReadingActions, Screen[None]):
    """Browse and search the library."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-normal"), (120, "-wide")]
    AUTO_FOCUS = "#results"  # focused as the screen mounts: the footer is composed once for it

    BINDINGS = [
        # Priority bindings run as the key arrives, before later keys are routed: so
        # "/grok" typed in one burst lands in the input, and "enter q" quits.
        Binding("slash", "focus_search('/')", "Search", priority=True, id="main.search"),
        Binding("ctrl+f", "focus_search", "Search", show=False, priority=True, id="main.search_anywhere"),
        Binding("enter", "submit_search", "Results", show=False, priority=True, id="main.submit"),
        Binding("escape", "escape", "Back", show=False, priority=True, id="main.escape"),
        Binding(
            "left_square_bracket", "snapshot(-1)", "Prev snapshot", show=False, id="main.previous_snapshot"
        ),
        Binding("right_square_bracket", "snapshot(1)", "Next snapshot", show=False, id="main.next_snapshot"),
        Binding("a", "all_snapshots", "All", show=False, id="main.all_snapshots"),
        Binding(
            "o", "cycle_order", "Order", show=False, tooltip="Order: relevance, page, newest", id="main.order"
        ),
        Binding("ctrl+b", "toggle_snapshots", "Snapshots pane", show=False, id="main.toggle_snapshots"),
        Binding("ctrl+r,f5", "refresh_library", "Reload library", show=False, id="main.reload"),
        Binding("s", "toggle_star", "Star", tooltip="Star or unstar the paper", id="main.star"),
        Binding(
            "r", "toggle_read", "Read", show=False, tooltip="Mark the paper read or unread", id="main.read"
        ),
        Binding("e", "edit_note", "Note", show=False, tooltip="Edit the paper's note", id="main.note"),
        Binding(
            "f", "cycle_filter", "Filter", tooltip="Show all, new, unread or starred papers", id="main.filter"
        ),
        Binding(
            "m", "related", "Related", tooltip="Papers most like this one (escape: back)", id="main.related"
        ),
        Binding(
            "t",
            "toggle_trend",
            "Trend",
            show=False,
            tooltip="Matches per snapshot for the query",
            id="main.trend",
        ),
        Binding("y", "copy('link')", "Copy title+link", show=False, id="main.copy_link"),
        Binding("Y", "copy('abstract')", "Copy abstract", show=False, id="main.copy_abstract"),
        Binding(
            "S",
            "save_search",
            "Save search",
            show=False,
            tooltip="Name the query and scope",
            id="main.save_search",
        ),
        Binding(
            "delete,d",
            "delete_search",
            "Delete saved search",
            show=False,
            tooltip="In the snapshots pane, on a saved search",
            id="main.delete_search",
        ),
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="main.next_pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="main.previous_pane"),
    ]
    FOCUS_CYCLE = ("#search", "#snapshots", "#results", "#paper")

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.schema = None  # the index schema, for highlighting (set once the index is open)
        self.ready = False
        self.order = 0
        self.papers: list[Paper] = []  # every paper, page order
        self.snapshot_rank: dict[str, int] = {}
        self.result: SearchResult | None = None
        self.limit = PAGE
        self._keep: str | None = None  # the paper to keep highlighted when more hits arrive
        self._rows: list[Row] = []
        self._debounce: Timer | None = None
        self._searching = 0  # searches submitted to the index thread and not yet done
        self._count = threading.Lock()  # search workers run on threads of their own
        self._building: PaperSet | None = None  # the papers read so far while the index builds
        self._built: list[Snapshot] = []
        self._last_paint = 0.0
        self._indexing = ""  # "indexing 3/580" while the index builds
        self.marks: dict[str, Mark] = {}
        self.marks_ok = True
        self.filter = 0  # index into FILTERS
        self.related: Paper | None = None  # showing papers like this one (m)
        self._back: tuple | None = None

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        yield TrendBar(id="trend")
        with Horizontal(id="panes"):
            yield SnapshotList(id="snapshots", classes="pane")
            yield ResultList(id="results", classes="pane -current")
            yield PaperView(id="paper", classes="pane")
        with Horizontal(id="statusbar"):
            yield StatusLine(id="status")
            yield ProgressBar(id="progress", show_eta=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#snapshots").border_title = "Snapshots"
        self.query_one("#results").border_title = "Results"
        self.query_one("#paper").border_title = "Paper"
        self.query_one(ResultList).empty_text = "Opening the library…"
        self.query_one(StatusLine).show(["Opening the library…"])
        self.query_one(ResultList).decorate = self._decorate
        self.call_after_refresh(self.load_marks)  # after the first paint: it stays quick
        self.call_after_refresh(self.load_library)
        self.set_interval(CHECK_EVERY, self.check_library)

    # -- loading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self) -> None:
        """Bring the index up to date (progress shown), then load the page-order catalogue.

        While another process holds the index (an `index` run, another reader), the last
        complete index is shown and the update is retried each second; searches keep
        running meanwhile, since waiting happens here and not on the index thread.
        """
        from index.paperindex import IndexBusy, UpdateReport  # off the first paint

        pix = self.backend.pix
        progress = lambda d, t, s: self.app.call_from_thread(self._progress, d, t, s)  # noqa: E731

        def update() -> UpdateReport | None:
            try:
                return pix.update(progress=progress, wait=False)
            except IndexBusy:
                return None

        def catalogue() -> tuple:
            pix.refresh()
            return pix.papers(light=True), pix.snapshots(), pix.searcher.schema

        try:
            report = self.backend.submit(update).result()
            if report is None:
                self._deliver(UpdateReport(notes=[BUSY]), *self.backend.submit(catalogue).result())
                worker = get_current_worker()
                while report is None:
                    time.sleep(1.0)
                    if worker.is_cancelled:
                        return
                    report = self.backend.submit(update).result()
            if report is not None:
                self._deliver(report, *self.backend.submit(catalogue).result())
        except Exception as exc:  # shown, never a crash: the reader stays open
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")

    def _deliver(self, report: UpdateReport, papers: list[Paper], records, schema) -> None:
        infos = [
            SnapshotInfo(r.id, r.date, r.papers, r.problem_list[0].reason if not r.papers else None)
            for r in records
        ]
        self.app.call_from_thread(self._loaded, report, papers, infos, schema)

    @work(thread=True, exclusive=True, group="check")
    def check_library(self) -> None:
        """Every few seconds: reload when a snapshot file was added, changed or removed, and
        the marks when another process (a second reader, the CLI) changed them."""
        if self.ready and self.backend.submit(self.backend.pix.stale).result():
            self.app.call_from_thread(self.load_library)
        if self.marks_ok:
            try:
                changed = self.backend.submit_mark(self.backend.marks.changed_elsewhere).result()
            except MarksError:
                changed = False
            if changed:
                self.app.call_from_thread(self.load_marks)

    def action_refresh_library(self) -> None:
        self.notify("Reading the library again…", timeout=2)
        self.load_library()

    def _progress(self, done: int, total: int, snap: Snapshot) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)
        self._indexing = f"indexing {done}/{total}"
        if self.ready:
            return  # an update of a library already shown: it stays browsable as it is
        if self._building is None:
            from index.library import PaperSet

            self._building = PaperSet()
        self._building.add(snap)
        self._built.append(snap)
        now = time.monotonic()
        if now - self._last_paint > 0.25 or done == total:  # browse while the index builds
            self._last_paint = now
            self.papers = [p for p in self._building.papers.values() if p.appearances]
            infos = [SnapshotInfo(s.id, s.date, len(s.entries)) for s in self._built]
            self._set_catalogue(infos)

    def _failed(self, message: str) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one(ResultList).empty_text = "The library could not be opened."
        self.query_one(StatusLine).show(["library could not be opened", message])
        self.notify(message, title="Could not open the library", severity="error", markup=False)

    def _loaded(self, report, papers: list[Paper], infos: list[SnapshotInfo], schema) -> None:
        current = self.query_one(ResultList).current
        self.query_one(ProgressBar).display = False
        self.schema, self.papers, self.ready, self._indexing = schema, papers, True, ""
        self._building, self._built = None, []
        self.query_one(ResultList).empty_text = "No papers."
        self._set_catalogue(infos)
        for note in report.notes:
            self.notify(note, markup=False)
        bad = [i for i in infos if i.problem]
        if bad:
            names = ", ".join(i.id for i in bad[:3]) + (" …" if len(bad) > 3 else "")
            self.notify(
                f"{len(bad)} snapshot file(s) could not be read: {names}", severity="warning", markup=False
            )
        self.refresh_results(keep=current.paper.id if current else None)

    def _set_catalogue(self, infos: list[SnapshotInfo]) -> None:
        self.snapshot_rank = {info.id: n for n, info in enumerate(infos)}
        self.query_one(SnapshotList).set_snapshots(infos, len(self.papers))
        self.refresh_results()

    # -- results -----------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.query_one(SearchBox).value

    @property
    def scope(self) -> str | None:
        return self.query_one(SnapshotList).scope

    def refresh_results(self, keep: str | None = None) -> None:
        """Show the current scope's papers, or search them when there is a query."""
        self.leave_related(restore=False)
        self.update_trend()
        if self.query_text.strip():
            if self.ready:
                self.run_search(self.query_text, self.scope)
            else:
                self.query_one(StatusLine).show([self._indexing, "search starts when it is ready"])
            return
        self.result = None
        scope = self.scope
        papers = [p for p in self.papers if scope is None or any(a.snapshot == scope for a in p.appearances)]
        if scope is not None:
            papers.sort(key=lambda p: next(a.position for a in p.appearances if a.snapshot == scope))
        self._rows = [Row(p, complete=not self.ready) for p in papers]
        self._show_rows(keep)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, scope: str | None) -> None:
        """Search on the index thread; a newer keystroke cancels this worker and its result is dropped."""
        worker = get_current_worker()

        def job() -> tuple[SearchResult, list[Row]] | None:
            if worker.is_cancelled:
                return None
            result = self.backend.pix.search(text, snapshot=scope, limit=self.limit, exact_total=False)
            rows = [
                Row(h.paper, h.terms, tuple(spans(self.schema, "title", h.paper.title, h.terms)))
                for h in result.hits
            ]
            return result, rows

        with self._count:
            self._searching += 1
        try:
            done = self.backend.submit(job).result()
        finally:
            with self._count:
                self._searching -= 1
        if done is None or worker.is_cancelled:
            return
        self.app.call_from_thread(self._show_search, text, scope, *done)

    def _show_search(self, text: str, scope: str | None, result: SearchResult, rows: list[Row]) -> None:
        if text != self.query_text or scope != self.scope:
            return  # stale: the query or scope moved on
        self.result, self._rows = result, rows
        self._show_rows(keep=self._keep)
        self._keep = None

    def _show_rows(self, keep: str | None = None) -> None:
        rows = self._sorted(self._filtered(self._rows))
        results = self.query_one(ResultList)
        results.set_rows(rows, self.scope, keep=keep)
        self._update_status(len(rows))

    @property
    def effective_order(self) -> str:
        """Relevance needs a query; without one, results are in page order."""
        return ORDERS[self.order or (1 if self.result is None else 0)]

    def _sorted(self, rows: list[Row]) -> list[Row]:
        order = self.effective_order
        scope, rank = self.scope, self.snapshot_rank
        if order == "relevance" or (order == "page order" and self.result is None):
            return rows

        def first(row: Row) -> tuple[int, int]:
            apps = [a for a in row.paper.appearances if scope in (None, a.snapshot)] or row.paper.appearances
            return min((rank.get(a.snapshot, 0), a.position) for a in apps)

        if order == "page order":
            return sorted(rows, key=first)
        return sorted(
            rows, key=lambda r: (-max(rank.get(a.snapshot, 0) for a in r.paper.appearances), first(r)[1])
        )

    def _update_status(self, shown: int) -> None:
        scope = self.scope
        info = next((s for s in self.query_one(SnapshotList).snapshots if s.id == scope), None)
        scope_name = "All snapshots" if scope is None else (info.date or info.id) if info else scope
        chosen = self.query_one(SnapshotList)
        wanted = "starred" if chosen.starred_only else FILTERS[self.filter]
        parts = [
            f"{shown:,} papers",
            scope_name,
            self.effective_order,
            wanted and f"{wanted} only",
            self._indexing,
        ]
        if self.related is not None:
            parts[1:3] = ["like the paper you were on", "esc: back"]
        result = self.result
        if result is not None:
            about = "" if result.total_exact else "~"
            parts[0] = f"{shown:,} of {about}{result.total:,} papers"
            parts.append(f"{result.seconds * 1000:.0f} ms")
        self.query_one(StatusLine).show(
            parts, result.suggestion if result else None, result.notes if result else ()
        )

    @on(ResultList.Highlighted)
    def _show_paper(self, event: ResultList.Highlighted) -> None:
        row = event.row
        view = self.query_one(PaperView)
        if row is None:
            view.show(None, placeholder="No paper matches." if self.query_text.strip() else "No papers.")
            return
        schema, terms = self.schema, row.terms
        finder = (
            (lambda field, text: spans(schema, field, text, terms)) if schema is not None and terms else None
        )
        view.show(row.paper, finder, pending=not row.complete, mark=self.mark_of(row.paper))
        result = self.result
        at_end = row is self.query_one(ResultList).rows[-1]
        if at_end and result is not None and result.total > len(self._rows) >= self.limit:
            self.limit *= 5  # the next page of hits, keeping this one highlighted
            self._keep = row.paper.id
            self.run_search(self.query_text, self.scope)
        if not row.complete:
            self.fetch_paper(row)

    @work(thread=True, exclusive=True, group="paper")
    def fetch_paper(self, row: Row) -> None:
        """Fetch the abstract and metadata of a catalogue row (on the index thread)."""
        paper = self.backend.submit(self.backend.pix.paper, row.paper.id).result()
        if paper is not None and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._fetched, row, paper)

    def _fetched(self, row: Row, paper: Paper) -> None:
        row.paper, row.complete = paper, True
        if self.query_one(ResultList).current is row:
            self.query_one(PaperView).show(paper, mark=self.mark_of(paper))

    @on(ResultList.Selected)
    def _read_paper(self, event: ResultList.Selected) -> None:
        """Enter opens the paper: it moves to the paper pane and counts as read."""
        self.set_focus(self.query_one(PaperView))
        mark = self.mark_of(event.row.paper)
        if not (mark and mark.read) and self.marks_ok:
            self._change(event.row.paper, "read", True)

    # -- input -------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self) -> None:
        self.limit = PAGE
        if self._debounce is not None:
            self._debounce.stop()
        # With the index thread idle, search at once; while a search runs (its result will
        # be dropped: exclusive worker), wait for a pause in the typing rather than queue one
        # search per keystroke behind it.
        self._debounce = self.set_timer(DEBOUNCE if self._searching else 0.001, self.refresh_results)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_search = isinstance(self.focused, SearchBox)
        if action == "submit_search":
            return in_search
        if action == "delete_search":
            return (
                isinstance(self.focused, SnapshotList)
                and self.query_one(SnapshotList).saved_search is not None
            )
        # In the input, "/" is typed into the query.
        return not (action == "focus_search" and parameters == ("/",) and in_search)

    def action_submit_search(self) -> None:
        """Enter in the input: search now (no debounce wait) and move to the results."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
            self.refresh_results()
        self.set_focus(self.query_one(ResultList))

    @on(SnapshotList.ScopeChanged)
    def _scope_changed(self) -> None:
        self.limit = PAGE
        saved = self.query_one(SnapshotList).saved_search
        if saved is not None and saved.query != self.query_text:
            self.query_one(SearchBox).value = saved.query  # searches (Input.Changed)
            return
        self.refresh_results()

    # -- actions -----------------------------------------------------------------

    # Focus moves at once (Widget.focus() waits a tick): keys typed right after
    # "/" must land in the input, not act as commands on the list.

    def action_focus_search(self, key: str = "") -> None:
        self.set_focus(self.query_one(SearchBox))

    def action_escape(self) -> None:
        """The escape ladder: from anywhere, one step back towards the results list."""
        results = self.query_one(ResultList)
        if self.focused is not results:
            self.set_focus(results)
        else:
            self.leave_related()

    def action_snapshot(self, delta: int) -> None:
        self.query_one(SnapshotList).step(delta)

    def action_all_snapshots(self) -> None:
        self.query_one(SnapshotList).highlight_scope(None)

    def action_cycle_order(self) -> None:
        """Relevance → page order → newest snapshot first (relevance only with a query)."""
        choices = [0, 1, 2] if self.result is not None else [1, 2]
        current_order = ORDERS.index(self.effective_order)
        self.order = choices[(choices.index(current_order) + 1) % len(choices)]
        current = self.query_one(ResultList).current
        self._show_rows(keep=current.paper.id if current else None)

    def action_cycle_pane(self, step: int) -> None:
        """Tab order: search, snapshots, results, paper (hidden panes too, one at a time when narrow)."""
        widgets = [self.query_one(selector) for selector in self.FOCUS_CYCLE]
        here = next((i for i, w in enumerate(widgets) if w is self.focused), 2)
        target = widgets[(here + step) % len(widgets)]
        if target.has_class("pane"):
            self._make_current(target)
        if target.display:
            self.set_focus(target)
        else:  # shown by the class change on the next refresh (narrow layout)
            self.call_after_refresh(self.set_focus, target)

    def _make_current(self, pane: Widget) -> None:
        for other in self.query(".pane"):
            other.set_class(other is pane, "-current")

    def action_toggle_snapshots(self) -> None:
        self.toggle_class("-hide-snapshots")

    def on_descendant_focus(self, event) -> None:
        if event.widget.has_class("pane"):
            self._make_current(event.widget)
