"""The main screen: the search input and scope, the list over (or beside) the paper, the status.

It composes the widgets, routes their messages and keys, and hands each job to a helper: `Panes`,
`Loading`, `Searching`, `Scoping`, `PaperPane`, `Marking`, `Copying` (a module each). What to
show is `ViewState`'s (tui/state.py), what is found the engine's. The screens over it reach it
only through its `Door` (tui/screens/reading.py).
"""

from __future__ import annotations

from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Input

from .. import fetching, say
from ..backend import Backend
from ..commands import bindings
from ..drawn import when_written
from ..entries import entries
from ..layout import BREAKPOINTS
from ..scope import DAY
from ..show import cells
from ..state import Row, ViewState
from ..view.daylist import has_headings
from ..widgets import KeyFooter, PaperView, ResultList, ScopeBar, SearchBox, SnapshotList, StatusLine
from .copying import Copying
from .loading import Loading, Progress
from .marking import Marking
from .panes import Panes
from .paperpane import PaperPane
from .reading import Door
from .scoping import Scoping
from .searching import Searching

CHECK_EVERY = 5.0  # seconds between looks for changed snapshot files and marks


class MainScreen(Screen[None]):
    """Browse and search the library."""

    BINDINGS = bindings("main")
    AUTO_FOCUS = "#results"
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    def __init__(self, backend: Backend, classes: str | None = None) -> None:
        super().__init__(classes=classes)  # (its width's class from the start: `layout.width_class`)
        self.backend = backend
        self.state = ViewState()
        self.read_at: dict[str, tuple[int, float]] = {}  # where each full text was left
        self.panes, self.loader, self.finder = Panes(self), Loading(self), Searching(self)
        self.scoping = Scoping(self)
        self.marking, self.copying, self.pane = Marking(self), Copying(self), PaperPane(self)
        self.door = Door(  # what the paper and full-text screens over this one may ask of it
            backend, self.read_at, lambda: self.loader.marks_ok, self.pane.doc, self.pane.step,
            self.marking.change, self.marking.read, self.marking.edit_note, self.copying.copy,
            self.copying.copy_text, self.pane.full_text, self.copying.show_links,
            self.scoping.by_author, self.scoping.by_org, self.scoping.follow_paper,
        )  # fmt: skip

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield SearchBox(id="search")
            yield ScopeBar(id="scope")
        with Container(id="panes"):
            yield ResultList(id="results")
            yield PaperView(compact=True, id="paper")
        with Horizontal(id="statusbar"):  # (the drawer, trend and progress bars: `mount_hidden`)
            yield StatusLine(id="status")
        yield KeyFooter()  # its keys on the first frame

    def on_mount(self) -> None:
        results = self.query_one(ResultList)
        results.describe = partial(cells, self.state)
        self.query_one(StatusLine).show([])
        self.panes.lay_out()  # (the list and paper shared by the terminal's size on the first frame)
        self.call_after_refresh(when_written, self.app, self.loader.start)  # once drawn: the rest
        self.set_interval(CHECK_EVERY, self.check_library)

    @property
    def current(self) -> Row | None:
        """The highlighted row of the list."""
        return self.query_one(ResultList).current

    @property
    def current_id(self) -> str | None:
        row = self.current
        return row.paper.id if row else None

    def say(self, text: str) -> None:
        self.panes.say(text)

    def on_resize(self, event: events.Resize) -> None:
        self.panes.resized(event)

    @property
    def idle(self) -> bool:
        """No search waiting to start or running, nothing asked of the index thread, no notification
        waiting (for tests)."""
        return not self.backend.pending and not self.query_one(StatusLine).pending

    @property
    def drawer(self) -> SnapshotList:
        return self.panes.drawer

    def palette_lists(self) -> list[tuple[str, str, str]]:
        return self.scoping.palette_lists()

    def go(self, entry: str) -> None:  # (the palette: the snapshot list's lists by name)
        self.scoping.go(entry)

    # -- showing what the state holds ------------------------------------------------------

    def refresh_view(self, keep: str | None = None) -> None:
        """Show what the state holds: the list (the paper follows its highlight) and the status."""
        state, results = self.state, self.query_one(ResultList)
        items = state.items()
        state.listed = sum(isinstance(i, Row) for i in items)  # the count says what the list shows
        state.hint = ""
        shown = [i.paper for i in items[:200] if isinstance(i, Row)]
        code = any(a.signals is not None for p in shown for a in p.appearances)  # API days
        counts = code or any(state.number(p) is not None for p in shown)
        results.empty_text = say.empty_text(state, self.loader.library_path)
        dated = state.dated_rows or (state.shown_scope.kind != DAY and not has_headings(items))
        results.set_items(items, keep, columns=(dated, code, counts))
        self.refresh_status()

    def refresh_status(self) -> None:
        state = self.state
        self.query_one(StatusLine).show(say.status(state))
        label, short = say.scope_label(state), say.scope_label(state, short=True)
        self.query_one(ScopeBar).show(label, state.can_step(-1), state.can_step(1), short)

    def refresh_or_search(self, keep: str | None = None) -> None:
        self.finder.refresh_or_search(keep)

    def refill(self) -> None:
        """The snapshot list's entries again (counts, follows, marks changed)."""
        self.drawer.fill(entries(self.state))

    def load_library(self) -> None:
        self.loader.load_library()

    def check_library(self) -> None:
        self.loader.check_library()

    # -- the widgets' messages -------------------------------------------------------------

    @on(Progress)
    def _progress(self, event: Progress) -> None:
        self.loader.progress(event)

    @on(ResultList.Highlighted)
    def _highlighted(self, event: ResultList.Highlighted) -> None:
        results = self.query_one(ResultList)
        row = results.current  # (not the event's: the list may have been refilled since it was sent)
        self.pane.show(row)
        if self.state.hint:  # said for the key before
            self.state.hint = ""
            self.refresh_status()
        if row is not None and row is results.rows[-1] and self.state.more_to_fetch:
            self.finder.more(row.paper.id)

    @on(StatusLine.Resized)
    def _status_resized(self) -> None:
        self.panes.lay_out()

    @on(ResultList.Chosen)
    def _chosen(self) -> None:
        self.action_open()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.finder.typed(event.value)

    @on(SnapshotList.Highlighted)
    def _drawer_moved(self, event: SnapshotList.Highlighted) -> None:
        self.scoping.go_to(event.entry)

    @on(SnapshotList.Done)
    def _drawer_done(self) -> None:
        self.scoping.close_drawer()
        self.set_focus(self.query_one(ResultList))

    @on(SnapshotList.Delete)
    def _delete(self, event: SnapshotList.Delete) -> None:
        self.scoping.delete(event.entry)

    # -- keys ------------------------------------------------------------------------------

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
        self.scoping.close_drawer()
        self.set_focus(self.query_one(SearchBox))  # at once: the next keys are typed

    def action_submit(self) -> None:
        """Enter in the input: search now (no pause) and go to the list."""
        self.finder.submit()
        self.set_focus(self.query_one(ResultList))

    def action_move(self, delta: int) -> None:
        self.query_one(ResultList).action_move(delta)

    def action_page(self, direction: int) -> None:
        self.query_one(ResultList).action_page(direction)

    def action_escape(self) -> None:
        """From the input, the paper or the drawer back to the list; on the list one step back:
        related papers, the query, the filter, the scope."""
        results = self.query_one(ResultList)
        if self.scoping.close_drawer() or self.focused is not results:
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
            self.scoping.scope_changed(keep=keep)
        elif undone is not None:
            self.refresh_or_search(keep)

    def action_cycle_pane(self, step: int) -> None:
        """Tab: search input, list, paper, and the snapshot list when it is open (never a hidden pane)."""
        panes = [self.query_one(SearchBox), self.query_one(ResultList), self.query_one(PaperView)]
        drawer = self.drawer
        if drawer.display:
            panes.append(drawer)
        here = next((i for i, w in enumerate(panes) if w is self.focused), 1)
        self.set_focus(panes[(here + step) % len(panes)])

    def action_fetch(self) -> None:
        """Fetch today and the recent days from the site in the background (tui/fetching.py)."""
        if not fetching.start(self):
            self.notify("A fetch is already running", timeout=3)

    def action_reload(self) -> None:
        self.say("Reading the library again…")
        self.load_library()

    # Each of the others is a helper's (one line each: the keys are declared in tui/commands.py).
    def action_cycle_order(self) -> None:
        self.finder.cycle_order()

    def action_cycle_filter(self) -> None:
        self.finder.cycle_filter()

    def action_reach(self) -> None:
        self.finder.reach()

    def action_toggle_trend(self) -> None:
        self.finder.toggle_trend()

    def action_toggle_drawer(self) -> None:
        self.scoping.toggle_drawer()

    def action_day(self, delta: int) -> None:
        self.scoping.day(delta)

    def action_all_days(self) -> None:
        self.scoping.all_days()

    def action_inbox(self) -> None:
        self.scoping.inbox()

    def action_widen(self) -> None:
        self.scoping.widen()

    def action_related(self) -> None:
        self.scoping.related()

    def action_by_author(self) -> None:
        self.scoping.by_author()

    def action_by_org(self) -> None:
        self.scoping.by_org()

    def action_follow(self) -> None:
        self.scoping.follow_paper()

    def action_follow_search(self) -> None:
        self.scoping.follow_search()

    def action_open(self) -> None:
        self.pane.open()

    def action_full_text(self) -> None:
        self.pane.full_text(self.current)

    def action_toggle_star(self) -> None:
        self.marking.toggle("starred")

    def action_toggle_read(self) -> None:
        self.marking.toggle("read")

    def action_not_interested(self) -> None:
        self.marking.toggle("dismissed")

    def action_undo_dismiss(self) -> None:
        self.marking.undo_dismiss()

    def action_edit_note(self) -> None:
        if (row := self.current) is not None:
            self.marking.edit_note(row)

    def action_copy(self, what: str) -> None:
        if (row := self.current) is not None:
            self.copying.copy(row, what)
        else:
            self.app.bell()

    def action_links(self) -> None:
        if (row := self.current) is not None:
            self.copying.show_links(row)
        else:
            self.app.bell()

    def action_export(self, which: str, fmt: str) -> None:
        self.copying.ask_export(which, fmt)
