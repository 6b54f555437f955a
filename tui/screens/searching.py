"""Searching from the main screen: a search as you type (each keystroke's at once: the search it
replaces is given up), a superseded answer dropped, "searching…" after a
moment, more hits as the highlight reaches the last, `h` (where a search looks), `o` and `f`
(order, filter) and the trend of the query (`t`). Workers await the backend's futures, so every
answer is applied on the UI thread."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import TYPE_CHECKING

from .. import jobs
from ..state import Found, SearchRequest
from .working import start

if TYPE_CHECKING:
    from .main import MainScreen

SLOW = 0.15  # a search running longer than this says "searching…"


class Searching:
    """The query's searches for one main screen; see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.keep: str | None = None  # the paper the next search keeps highlighted (more hits)
        self.asked: Future[Found] | None = None  # the last search asked of the index thread

    def typed(self, value: str) -> None:
        screen, state = self.screen, self.screen.state
        state.set_query(value)
        if not state.has_query:
            screen.workers.cancel_group(screen, "search")
            self._give_up()
            state.searching = False
            screen.refresh_view(keep=screen.current_id)
            return
        # At once, before the background jobs waiting on the index thread, and not through a
        # timer: the search this one replaces is dropped if it has not started and given up at
        # its next term if it has, so a burst of keys searches about once (a pause in the
        # typing, waited for here, was most of the time from a burst's last key to its answer).
        self.search()

    def search(self) -> None:
        """Search now for the query, scope, filter and order."""
        if not self.screen.state.ready:
            self.screen.refresh_status()
            return
        # Asked of the index thread now (not when the worker starts): before whatever the caller
        # asks next (the loader's update, as the reader opens), and a frame sooner.
        backend, request = self.screen.backend, self.screen.state.request()
        self._give_up()
        token = backend.search_token()  # (the search before this one is given up at its next term)
        self.asked = backend.submit(jobs.search, backend.pix, request, token.is_set, first=True)
        keep, self.keep = self.keep, None  # (this search's: not a later one's, when this one is overtaken)
        start(self.screen, self._run, request, self.asked, keep, exclusive=True, group="search")

    def _give_up(self) -> None:
        """The search asked last is not wanted: dropped if it has not started."""
        if self.asked is not None:
            self.asked.cancel()
            self.asked = None

    def submit(self) -> None:
        """Enter in the input: search now (no pause) for the query as entered (its last word no
        longer completed)."""
        state = self.screen.state
        if state.typing and state.has_query:
            state.listing.typing = False
            self.search()

    async def _run(self, request: SearchRequest, asked: Future[Found], keep: str | None) -> None:
        screen, state = self.screen, self.screen.state
        slow = screen.set_timer(SLOW, self._slow)
        try:
            found = await asyncio.wrap_future(asked)
        except Exception as exc:
            from dailypapers.index import Cancelled  # (here: the engine loads after the first paint)

            if isinstance(exc, Cancelled):
                return  # superseded, or the reader is closing
            raise
        finally:
            slow.stop()
        if not state.accepts(request):
            return  # overtaken: the query, scope or filter moved on
        state.searching = False
        state.show(found)
        screen.refresh_view(keep=keep)
        self.update_trend()

    def _slow(self) -> None:
        self.screen.state.searching = True
        self.screen.refresh_status()

    def refresh_or_search(self, keep: str | None = None) -> None:
        """The list again: a search again when there is a query (the paper `keep` highlighted)."""
        state = self.screen.state
        if state.has_query and state.aside is None:
            self.keep = keep
            self.search()
        else:
            self.screen.refresh_view(keep)

    def more(self, keep: str) -> None:
        """The highlight reached the last hit: the next page, keeping it highlighted."""
        self.screen.state.fetch_more()
        self.keep = keep
        self.search()

    # -- order, filter, reach ----------------------------------------------------------------

    def cycle_order(self) -> None:
        state = self.screen.state
        if len(state.orders) < 2:
            state.hint = state.why_one_order()
            self.screen.refresh_status()
            return
        state.cycle_order()
        self.refresh_or_search()  # a new order: its top on screen, first row highlighted

    def cycle_filter(self) -> None:
        self.screen.state.cycle_filter()
        self.refresh_or_search()

    def reach(self) -> None:
        """h: a search from a day looks in every day; h narrows it to the list in view (again: wider)."""
        state = self.screen.state
        if state.aside is None and state.has_query and state.reach.toggle(state.scope, state.query):
            self.search()
            return
        state.hint = "type a query first (/)" if not state.has_query else "this search looks in every day"
        self.screen.refresh_status()

    # -- the trend -------------------------------------------------------------------------

    def toggle_trend(self) -> None:
        bar = self.screen.panes.trend_bar
        bar.display = not bar.display
        self.screen.panes.lay_out()
        self.update_trend()

    def update_trend(self) -> None:
        start(self.screen, self._update_trend, exclusive=True, group="trend")

    async def _update_trend(self) -> None:
        screen = self.screen
        bar, text = screen.panes.trend_bar, screen.state.query
        if not bar.display:
            return
        bar.show(text, None)
        if text.strip() and screen.state.ready:
            points, _ = await screen.backend.run(screen.backend.pix.trend, text)
            if text == screen.state.query:
                bar.show(text, points)
