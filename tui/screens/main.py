"""The main screen: the search input and scope, the list over (or beside) the paper, the status.

It composes the widgets, routes keys and runs the workers; what to show is `ViewState`'s
business (tui/state.py), what is found the engine's (index/). Workers await the backend's
futures, so every answer is applied on the UI thread, and a superseded one is simply dropped.
"""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Input

from .. import fetching, jobs, say
from ..backend import Backend
from ..commands import bindings
from ..layout import SIDE_BY_SIDE, split
from ..scope import DAY
from ..show import cells
from ..state import Row, SearchRequest, ViewState
from ..view.daylist import has_headings
from ..widgets import PaperView, ResultList, ScopeBar, SearchBox, SnapshotList, StatusLine, TrendBar
from .scopes import Scopes

DEBOUNCE = 0.06  # seconds of typing quiet before a search starts, while one is still running
SLOW = 0.15  # a search running longer than this says "searching…"
CHECK_EVERY = 5.0  # seconds between looks for changed snapshot files and marks


class MainScreen(Scopes):
    """Browse and search the library."""

    BINDINGS = bindings("main")
    AUTO_FOCUS = "#results"
    HORIZONTAL_BREAKPOINTS = [(0, "-stacked"), (SIDE_BY_SIDE, "-wide")]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.state = ViewState()
        self.search_delay = 0.0  # the wait before the last keystroke's search (0: at once)
        self._debounce: Timer | None = None
        self._keep: str | None = None  # the paper to keep highlighted when more hits arrive
        self.read_at = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield SearchBox(id="search")
            yield ScopeBar(id="scope")
        with Container(id="panes"):
            yield ResultList(id="results")
            yield PaperView(compact=True, id="paper")
        with Horizontal(id="statusbar"):  # (the drawer, trend and progress bars: `mount_hidden`)
            yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        results = self.query_one(ResultList)
        results.describe = partial(cells, self.state)
        self.query_one(StatusLine).show([])
        self.call_after_refresh(self.mount_hidden)  # after the first paint, as are the next two
        self.call_after_refresh(self.load_marks)
        self.call_after_refresh(self.load_library)
        self.set_interval(CHECK_EVERY, self.check_library)
        if fetching.options_of(self.app).on_start:
            self.call_after_refresh(self.action_fetch)

    def action_fetch(self) -> None:
        """Fetch today and the recent days from the site in the background (tui/fetching.py)."""
        if not fetching.start(self):
            self.notify("A fetch is already running", timeout=3)

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        size = self.size
        trend = self.query(TrendBar)  # (none before the hidden widgets are mounted)
        extra = (1 if trend and trend.first().display else 0) + self.query_one(StatusLine).lines - 1
        shape = split(size.width, size.height, extra)
        results, paper = self.query_one(ResultList), self.query_one(PaperView)
        for drawer in self.query(SnapshotList):
            drawer.styles.height = max(3, size.height - 3)  # the status stays in sight
        if paper.compact == shape.side_by_side:  # one line a fact under the list, all of them beside it
            paper.compact = not shape.side_by_side
            paper.show(paper.doc, paper.placeholder, keep_scroll=True)
        if shape.side_by_side:
            results.styles.width, paper.styles.width = shape.list_size, shape.paper_size
            results.styles.height = paper.styles.height = "1fr"
        else:
            results.styles.height, paper.styles.height = shape.list_size, shape.paper_size
            results.styles.width = paper.styles.width = "1fr"

    @property
    def idle(self) -> bool:
        """No search waiting to start or running, nothing asked of the index thread, no notification
        waiting (for tests)."""
        return self._debounce is None and not self.backend.pending and not self.query_one(StatusLine).pending

    # -- the list and the paper -------------------------------------------------------

    def refresh_view(self, keep: str | None = None) -> None:
        """Show what the state holds: the list (the paper follows its highlight) and the status."""
        state, results = self.state, self.query_one(ResultList)
        items = state.items()
        state.listed = sum(isinstance(i, Row) for i in items)  # the count says what the list shows
        state.hint = ""
        shown = [i.paper for i in items[:200] if isinstance(i, Row)]
        code = any(a.signals is not None for p in shown for a in p.appearances)  # API days
        counts = code or any(state.number(p) is not None for p in shown)
        results.empty_text = say.empty_text(state, self.library_path)
        dated = state.dated_rows or (state.shown_scope.kind != DAY and not has_headings(items))
        results.set_items(items, keep, columns=(dated, code, counts))
        self.refresh_status()

    def refresh_status(self) -> None:
        state = self.state
        self.query_one(StatusLine).show(say.status(state))
        bar = self.query_one(ScopeBar)
        label, short = say.scope_label(state), say.scope_label(state, short=True)
        bar.show(label, state.can_step(-1), state.can_step(1), short)

    @on(ResultList.Highlighted)
    def _highlighted(self, event: ResultList.Highlighted) -> None:
        results = self.query_one(ResultList)
        row = results.current  # (not the event's: the list may have been refilled since it was sent)
        self.show_paper(row)
        if self.state.hint:  # said for the key before
            self.state.hint = ""
            self.refresh_status()
        rows = results.rows
        if row is not None and row is rows[-1] and self.state.more_to_fetch:
            self.state.fetch_more()  # the next page of hits, keeping this one highlighted
            self._keep = row.paper.id
            self.search()

    @on(StatusLine.Resized)
    def _status_resized(self) -> None:
        self.lay_out()

    @on(ResultList.Chosen)
    def _chosen(self) -> None:
        self.action_open()

    # -- searching --------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.state.set_query(event.value)
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if not self.state.has_query:
            self.workers.cancel_group(self, "search")
            self.state.searching = False
            self.refresh_view(keep=self.current_id)
            return
        # With the index thread idle, search at once; while a search runs (its answer will be
        # dropped), wait for a pause in the typing rather than queue one search per keystroke.
        self.search_delay = DEBOUNCE if self.backend.pending else 0.0
        if self.search_delay:
            self._debounce = self.set_timer(self.search_delay, self.search)
        else:
            self.search()  # not through a timer: the index thread starts a frame sooner

    def search(self) -> None:
        """Search now for the query, scope, filter and order."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        if not self.state.ready:
            self.refresh_status()
            return
        self.run_search(self.state.request())

    @work(exclusive=True, group="search")
    async def run_search(self, request: SearchRequest) -> None:
        slow = self.set_timer(SLOW, self._slow)
        token = self.backend.search_token()  # (the search before this one is given up)
        try:
            found = await self.backend.run(jobs.search, self.backend.pix, request, token.is_set)
        except Exception as exc:
            from dailypapers.index import Cancelled  # (here: the engine loads after the first paint)

            if isinstance(exc, Cancelled):
                return  # superseded, or the reader is closing
            raise
        finally:
            slow.stop()
        if not self.state.accepts(request):
            return  # overtaken: the query, scope or filter moved on
        self.state.searching = False
        self.state.show(found)
        self.refresh_view(keep=self._keep)
        self._keep = None
        self.update_trend()

    def _slow(self) -> None:
        self.state.searching = True
        self.refresh_status()

    # -- keys -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if getattr(self.app, "closing", False):
            return False  # a key typed as the reader closes opens nothing on the closing app
        in_search = isinstance(self.focused, SearchBox)
        if action in ("submit", "move", "page"):
            return in_search
        if action == "focus_search":
            return not in_search
        return True

    def action_focus_search(self) -> None:
        self.close_drawer()
        self.set_focus(self.query_one(SearchBox))  # at once: the next keys are typed

    def action_submit(self) -> None:
        """Enter in the input: search now (no pause) for the query as entered (its last word no
        longer completed) and go to the list."""
        if self._debounce is not None or (self.state.typing and self.state.has_query):
            self.state.typing = False
            self.search()
        self.set_focus(self.query_one(ResultList))

    def action_move(self, delta: int) -> None:
        self.query_one(ResultList).action_move(delta)

    def action_page(self, direction: int) -> None:
        self.query_one(ResultList).action_page(direction)

    def action_escape(self) -> None:
        """From the input, the paper or the drawer back to the list; on the list one step back:
        related papers, the query, the filter, the scope."""
        results = self.query_one(ResultList)
        if self.close_drawer() or self.focused is not results:
            self.set_focus(results)
            return
        if self.state.aside is not None:
            self.refresh_view(keep=self.state.leave_aside())  # the paper highlighted before it
            return
        keep = self.current_id
        undone = self.state.escape()
        if undone == "query":
            self.query_one(SearchBox).value = ""  # refreshes the view (Input.Changed)
        elif undone == "scope":
            self.scope_changed(keep=keep)
        elif undone is not None:
            self.refresh_or_search(keep)

    def refresh_or_search(self, keep: str | None = None) -> None:
        if self.state.has_query and self.state.aside is None:
            self._keep = keep
            self.search()
        else:
            self.refresh_view(keep)

    def action_cycle_order(self) -> None:
        if len(self.state.orders) < 2:
            self.state.hint = self.state.why_one_order()
            self.refresh_status()
            return
        self.state.cycle_order()
        self.refresh_or_search()  # a new order: its top on screen, first row highlighted

    def action_cycle_filter(self) -> None:
        self.state.cycle_filter()
        self.refresh_or_search()

    def action_reach(self) -> None:
        """h: a search from a day looks in every day; h narrows it to the list in view (again: wider)."""
        state = self.state
        if state.aside is None and state.has_query and state.reach.toggle(state.scope, state.query):
            self.search()
            return
        state.hint = "type a query first (/)" if not state.has_query else "this search looks in every day"
        self.refresh_status()

    def action_cycle_pane(self, step: int) -> None:
        """Tab: search input, list, paper, and the snapshot list when it is open (never a hidden pane)."""
        panes = [self.query_one(SearchBox), self.query_one(ResultList), self.query_one(PaperView)]
        drawer = self.drawer
        if drawer.display:
            panes.append(drawer)
        here = next((i for i, w in enumerate(panes) if w is self.focused), 1)
        self.set_focus(panes[(here + step) % len(panes)])
