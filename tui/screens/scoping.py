"""Choosing what the main screen's list holds: the snapshot drawer (what is new since the last
visit, the picks for you, the follows, saved searches, days under their weeks and months), the
keys that change the scope (`[` `]` `a` `i` `w`), follows (an author, an organisation, the
query: `F`, `S`, `d`) and the lists beside the library (`m` related papers, `A` an author's,
`O` an organisation's; escape goes back)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from dailypapers.index import Marks, MarksError

from .. import jobs
from ..entries import FOLLOW_ID, SAVED_ID, entries, entry_of, scope_of
from ..scope import ALL, DAY, FOR_YOU, INBOX, Aside, Scope
from ..widgets import ResultList, SearchBox
from .working import start

if TYPE_CHECKING:
    from dailypapers.index import Paper

    from .main import MainScreen

ASIDE_ORDERS = ("newest", "upvotes", "stars", "comments")
Said = str | Callable[[], str]  # a confirmation, or what makes it once the change is shown


class Scoping:
    """Scopes, follows and asides of one main screen; see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    # -- the snapshot drawer -------------------------------------------------------------

    def toggle_drawer(self) -> None:
        screen = self.screen
        drawer = screen.panes.drawer
        if self.close_drawer():
            screen.set_focus(screen.query_one(ResultList))
            return
        drawer.display = True
        screen.set_focus(drawer)

    def close_drawer(self) -> bool:
        drawer = self.screen.panes.drawer
        if not drawer.display:
            return False
        drawer.display = False
        return True

    def palette_lists(self) -> list[tuple[str, str, str]]:
        """(name, what it is, entry id) of every entry of the snapshot list but the days (for
        you, starred, the follows, saved searches, weeks, months): the palette offers them too."""
        days = set(self.screen.state.rank)
        return [
            (e.label, f"A list of the snapshot list (b){': ' + e.count if e.count else ''}", e.id)
            for e in entries(self.screen.state)
            if not e.heading and e.id not in days
        ]

    def go(self, entry: str) -> None:
        """From the palette: the entry's list, as chosen in the snapshot list."""
        self.close_drawer()
        self.screen.panes.drawer.choose(entry)
        self.go_to(entry)
        self.screen.set_focus(self.screen.query_one(ResultList))

    def go_to(self, entry: str) -> None:
        """The list follows the snapshot list's highlight; a saved search brings its query too."""
        screen, state = self.screen, self.screen.state
        if entry.startswith(SAVED_ID):
            saved = next((s for s in state.searches if s.name == entry[len(SAVED_ID) :]), None)
            if saved is None:
                return
            state.set_scope(Scope(DAY, saved.scope) if saved.scope in state.rank else Scope(ALL))
            if saved.query != screen.query_one(SearchBox).value:
                screen.query_one(SearchBox).value = saved.query  # searches (Input.Changed)
                return
        elif (scope := scope_of(entry)) is not None:
            state.set_scope(scope)
            self.want_picks()
        screen.refresh_or_search()

    def delete(self, entry: str) -> None:
        """d in the drawer: unfollow a follow, delete a saved search."""
        if entry.startswith(FOLLOW_ID):
            name = entry[len(FOLLOW_ID) :]
            self.change_follows(lambda m: m.unfollow(name), f"unfollowed “{name}”")
        elif entry.startswith(SAVED_ID):
            name = entry[len(SAVED_ID) :]
            self.change_follows(lambda m: m.delete_search(name), f"deleted saved search “{name}”")

    # -- keys that change the scope ----------------------------------------------------------

    def scope_changed(self, keep: str | None = None) -> None:
        self.screen.panes.drawer.choose(entry_of(self.screen.state.scope))
        self.want_picks()
        self.screen.refresh_or_search(keep)

    def day(self, delta: int) -> None:
        state = self.screen.state
        if not state.step_day(delta):
            self.screen.app.bell()
            return
        if state.has_query:
            state.reach.chosen = False  # stepping through days: the search in each day
        self.scope_changed()

    def toggle(self, scope: Scope) -> None:
        """All snapshots, or what is new since the last visit; from there, back to the newest day."""
        self.screen.state.toggle_scope(scope)
        self.scope_changed()  # another list: its top

    def all_days(self) -> None:
        self.toggle(Scope(ALL))

    def inbox(self) -> None:
        self.toggle(Scope(INBOX))

    def widen(self) -> None:
        """The day's week (by upvotes), then its month, then the day again."""
        state = self.screen.state
        if not state.widen():
            state.hint = state.why_no_week()
            self.screen.refresh_status()
            return
        self.scope_changed()  # its top papers

    # -- picks for you ------------------------------------------------------------------------

    def want_picks(self) -> None:
        state = self.screen.state
        wanted = state.scope.kind == FOR_YOU and (state.picks is None or state.picks_stale)
        if wanted and self.screen.loader.marks_ok:
            start(self.screen, self._load_picks, exclusive=True, group="picks")

    async def _load_picks(self) -> None:
        screen = self.screen
        picks = await screen.backend.run(jobs.for_you, screen.backend.pix, screen.backend.marks)
        screen.state.set_picks(picks)
        screen.refill()
        if screen.state.scope.kind == FOR_YOU:
            screen.refresh_or_search()

    # -- follows --------------------------------------------------------------------------------

    def ask(self, then: Callable[[Paper], Coroutine[Any, Any, None]]) -> None:
        """F, A, O: about the highlighted paper, once it is whole (fetched when light), in a worker."""
        start(self.screen, self._ask, then, group="ask")

    async def _ask(self, then: Callable[[Paper], Coroutine[Any, Any, None]]) -> None:
        paper = await self.screen.pane.whole()
        if paper is not None:
            await then(paper)

    def follow_paper(self) -> None:
        self.ask(self._follow_paper)

    async def _follow_paper(self, paper: Paper) -> None:
        """F: follow one of the paper's authors or its organisation (chosen)."""
        from dailypapers.index import author_query, org_query  # (the query module: when asked)

        from .choose import ChooseScreen

        screen = self.screen
        org = paper.signals.organization
        choices: list[tuple[str, str, str | None]] = []  # (what, name, query)
        if org is not None:
            name = org.fullname or org.name or ""
            choices.append((f"Organisation: {org.label}", name, org_query(org.name, org.fullname)))
        choices += [(f"Author: {a}", a, author_query(a)) for a in paper.authors or []]
        choices = [c for c in choices if c[2]]
        if not choices:
            screen.say("No author or organisation known for this paper.")
            return
        followed = {f.query for f in screen.state.catchup.follows} if screen.state.catchup else set()
        found = await screen.backend.run(jobs.counts, screen.backend.pix, [q or "" for _, _, q in choices])
        labels = [
            f"{what} · {_papers(n)}" + ("  ✓ followed" if query in followed else "")
            for (what, _, query), n in zip(choices, found, strict=True)
        ]
        chosen = await screen.app.push_screen_wait(ChooseScreen("Follow", labels))
        if chosen is not None:
            _, name, query = choices[chosen]
            self.follow(name, query or "")

    def follow_search(self) -> None:
        """S: follow the query (named): it joins the snapshot list with its new papers counted."""
        from .prompt import PromptScreen

        query = self.screen.state.query.strip()
        if not query:
            self.screen.notify("Type a query first, then follow it with S.", severity="warning")
            return

        def done(name: str | None) -> None:
            if name:
                self.follow(name, query)

        self.screen.app.push_screen(PromptScreen("Follow this search as", query), done)

    def follow(self, name: str, query: str) -> None:
        state = self.screen.state

        def said() -> str:
            f = state.catchup.follow(name) if state.catchup else None
            n = len(f.ids) if f else 0
            return f"following “{name}”: {n:,} paper{'s' if n != 1 else ''}, {len(f.new):,} new" if f else ""

        self.change_follows(lambda m: m.follow(name, query), said)

    def change_follows(self, change: Callable[[Marks], object], said: Said) -> None:
        start(self.screen, self._change_follows, change, said, group="marks")

    async def _change_follows(self, change: Callable[[Marks], object], said: Said) -> None:
        """Follow, unfollow or delete a saved search; then the snapshot list and counts again."""
        screen = self.screen
        marks = screen.backend.marks
        try:
            await screen.backend.run_mark(change, marks)
            screen.state.book.searches = await screen.backend.run_mark(marks.searches)
        except MarksError as exc:
            screen.notify(str(exc), severity="error", markup=False)
            return
        await screen.loader.catch_up()
        screen.say(said if isinstance(said, str) else said())

    # -- lists beside the library ------------------------------------------------------------

    def related(self) -> None:
        start(self.screen, self._related, exclusive=True, group="search")

    async def _related(self) -> None:
        screen = self.screen
        row = screen.current
        if row is None:
            screen.app.bell()
            return
        rows = await screen.backend.run(jobs.related, screen.backend.pix, row.paper.id)
        self.enter_aside(Aside(f"Like: {row.paper.title}", f"≈ {row.paper.title}", rows, paper=row.paper))

    def enter_aside(self, aside: Aside) -> None:
        """A list beside the library's, highlighted paper kept for escape."""
        screen = self.screen
        screen.state.enter_aside(aside, screen.current_id)
        screen.refresh_view()
        screen.set_focus(screen.query_one(ResultList))

    def by_author(self) -> None:
        self.ask(self._by_author)

    async def _by_author(self, paper: Paper) -> None:
        """A: more papers by one of the paper's authors (chosen when there are several)."""
        from dailypapers.index import author_query

        screen = self.screen
        authors = [a for a in paper.authors or [] if author_query(a)]
        if not authors:
            screen.say("No author known for this paper.")
            return
        chosen: int | None = 0
        if len(authors) > 1:
            from .choose import ChooseScreen

            queries = [author_query(a) or "" for a in authors]
            found = await screen.backend.run(jobs.counts, screen.backend.pix, queries)
            labels = [f"{a} · {_papers(n)}" for a, n in zip(authors, found, strict=True)]
            chosen = await screen.app.push_screen_wait(ChooseScreen("More by", labels))
        if chosen is not None:
            name = authors[chosen]
            await self.aside(f"By {name}", name, author_query(name) or "", paper)

    def by_org(self) -> None:
        self.ask(self._by_org)

    async def _by_org(self, paper: Paper) -> None:
        """O: more papers from the paper's organisation."""
        from dailypapers.index import org_query

        org = paper.signals.organization
        query = org_query(org.name, org.fullname) if org else None
        if org is None or query is None:
            self.screen.say("No organisation known for this paper.")
            return
        await self.aside(f"From {org.label}", org.fullname or org.name or "", query, paper)

    async def aside(self, label: str, short: str, query: str, paper: Paper) -> None:
        rows = await self.screen.backend.run(jobs.papers_by, self.screen.backend.pix, query)
        self.enter_aside(Aside(label, short, rows, ASIDE_ORDERS, paper))


def _papers(n: int) -> str:
    return f"{n:,} paper{'s' if n != 1 else ''}"
