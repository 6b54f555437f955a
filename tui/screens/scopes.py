"""Choosing what the list holds: the snapshot drawer (what is new since the last visit, the picks
for you, the follows, saved searches, days under their weeks and months), the keys that change
the scope (`[` `]` `a` `i` `w`), follows (an author, an organisation, the query: `F`, `S`, `d`)
and the lists by an author or from an organisation (`A`, `O`; escape goes back).
`MainScreen` is built on it (tui/screens/main.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work

from dailypapers.index import Marks, MarksError, author_query, org_query

from .. import jobs
from ..entries import FOLLOW_ID, SAVED_ID, entries, entry_of, scope_of
from ..scope import ALL, DAY, FOR_YOU, INBOX, Aside, Scope
from ..widgets import ResultList, SearchBox, SnapshotList
from .papers import Papers

if TYPE_CHECKING:
    from dailypapers.index import Paper

    from ..state import Row

ASIDE_ORDERS = ("newest", "upvotes", "stars", "comments")
Message = str | Callable[[], str]  # a notification, or what makes it once the change is shown


class Scopes(Papers):
    """Scopes, follows and asides of the main screen; see the module docstring."""

    # -- the snapshot drawer -------------------------------------------------------------

    def action_toggle_drawer(self) -> None:
        drawer = self.drawer
        if self.close_drawer():
            self.set_focus(self.query_one(ResultList))
            return
        drawer.display = True
        self.set_focus(drawer)

    def close_drawer(self) -> bool:
        drawer = self.drawer
        if not drawer.display:
            return False
        drawer.display = False
        return True

    @on(SnapshotList.Highlighted)
    def _drawer_moved(self, event: SnapshotList.Highlighted) -> None:
        self.go_to(event.entry)

    def palette_lists(self) -> list[tuple[str, str, str]]:
        """(name, what it is, entry id) of every entry of the snapshot list but the days (for
        you, starred, the follows, saved searches, weeks, months): the palette offers them too."""
        days = set(self.state.rank)
        return [
            (e.label, f"A list of the snapshot list (b){': ' + e.count if e.count else ''}", e.id)
            for e in entries(self.state)
            if not e.heading and e.id not in days
        ]

    def go(self, entry: str) -> None:
        """From the palette: the entry's list, as chosen in the snapshot list."""
        self.close_drawer()
        self.drawer.choose(entry)
        self.go_to(entry)
        self.set_focus(self.query_one(ResultList))

    def go_to(self, entry: str) -> None:
        """The list follows the snapshot list's highlight; a saved search brings its query too."""
        state = self.state
        if entry.startswith(SAVED_ID):
            saved = next((s for s in state.searches if s.name == entry[len(SAVED_ID) :]), None)
            if saved is None:
                return
            state.set_scope(Scope(DAY, saved.scope) if saved.scope in state.rank else Scope(ALL))
            if saved.query != self.query_one(SearchBox).value:
                self.query_one(SearchBox).value = saved.query  # searches (Input.Changed)
                return
        elif (scope := scope_of(entry)) is not None:
            state.set_scope(scope)
            self.want_picks()
        self.refresh_or_search()

    @on(SnapshotList.Done)
    def _drawer_done(self) -> None:
        self.close_drawer()
        self.set_focus(self.query_one(ResultList))

    @on(SnapshotList.Delete)
    def _delete(self, event: SnapshotList.Delete) -> None:
        """d: unfollow a follow, delete a saved search."""
        entry = event.entry
        if entry.startswith(FOLLOW_ID):
            name = entry[len(FOLLOW_ID) :]
            self.change_follows(lambda m: m.unfollow(name), f"unfollowed “{name}”")
        elif entry.startswith(SAVED_ID):
            name = entry[len(SAVED_ID) :]
            self.change_follows(lambda m: m.delete_search(name), f"deleted saved search “{name}”")

    # -- keys that change the scope ----------------------------------------------------------

    def scope_changed(self, keep: str | None = None) -> None:
        self.drawer.choose(entry_of(self.state.scope))
        self.want_picks()
        self.refresh_or_search(keep)

    def action_day(self, delta: int) -> None:
        if not self.state.step_day(delta):
            self.app.bell()
            return
        if self.state.has_query:
            self.state.reach.chosen = False  # stepping through days: the search in each day
        self.scope_changed()

    def action_all_days(self) -> None:
        """All snapshots; from there, back to the newest day."""
        self.state.toggle_scope(Scope(ALL))
        self.scope_changed()  # another list: its top

    def action_inbox(self) -> None:
        """What is new since the last visit; from there, back to the newest day."""
        self.state.toggle_scope(Scope(INBOX))
        self.scope_changed()  # its top

    def action_widen(self) -> None:
        """The day's week (by upvotes), then its month, then the day again."""
        if not self.state.widen():
            self.state.hint = self.state.why_no_week()
            self.refresh_status()
            return
        self.scope_changed()  # its top papers

    # -- picks for you ------------------------------------------------------------------------

    def want_picks(self) -> None:
        state = self.state
        if state.scope.kind == FOR_YOU and (state.picks is None or state.picks_stale) and self.marks_ok:
            self.load_picks()

    @work(exclusive=True, group="picks")
    async def load_picks(self) -> None:
        picks = await self.backend.run(jobs.for_you, self.backend.pix, self.backend.marks)
        self.state.set_picks(picks)
        self.refill()
        if self.state.scope.kind == FOR_YOU:
            self.refresh_or_search()

    # -- follows --------------------------------------------------------------------------------

    @work(group="ask")
    async def action_follow(self) -> None:
        """F: follow one of the paper's authors or its organisation (chosen)."""
        from .choose import ChooseScreen

        paper = await self.whole()
        if paper is None:
            return
        org = paper.signals.organization
        choices: list[tuple[str, str, str | None]] = []  # (what, name, query)
        if org is not None:
            name = org.fullname or org.name or ""
            choices.append((f"Organisation: {org.label}", name, org_query(org.name, org.fullname)))
        choices += [(f"Author: {a}", a, author_query(a)) for a in paper.authors or []]
        choices = [c for c in choices if c[2]]
        if not choices:
            self.say("No author or organisation known for this paper.")
            return
        followed = {f.query for f in self.state.catchup.follows} if self.state.catchup else set()
        found = await self.backend.run(jobs.counts, self.backend.pix, [q or "" for _, _, q in choices])
        labels = [
            f"{what} · {_papers(n)}" + ("  ✓ followed" if query in followed else "")
            for (what, _, query), n in zip(choices, found, strict=True)
        ]
        chosen = await self.app.push_screen_wait(ChooseScreen("Follow", labels))
        if chosen is not None:
            _, name, query = choices[chosen]
            self.follow(name, query or "")

    def action_follow_search(self) -> None:
        """S: follow the query (named): it joins the snapshot list with its new papers counted."""
        from .prompt import PromptScreen

        query = self.state.query.strip()
        if not query:
            self.notify("Type a query first, then follow it with S.", severity="warning")
            return

        def done(name: str | None) -> None:
            if name:
                self.follow(name, query)

        self.app.push_screen(PromptScreen("Follow this search as", query), done)

    def follow(self, name: str, query: str) -> None:
        def said() -> str:
            f = self.state.catchup.follow(name) if self.state.catchup else None
            n = len(f.ids) if f else 0
            return f"following “{name}”: {n:,} paper{'s' if n != 1 else ''}, {len(f.new):,} new" if f else ""

        self.change_follows(lambda m: m.follow(name, query), said)

    @work(group="marks")
    async def change_follows(self, change: Callable[[Marks], object], message: Message) -> None:
        """Follow, unfollow or delete a saved search; then the snapshot list and counts again."""
        marks = self.backend.marks
        try:
            await self.backend.run_mark(change, marks)
            self.state.book.searches = await self.backend.run_mark(marks.searches)
        except MarksError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        await self.catch_up()
        self.say(message if isinstance(message, str) else message())

    # -- more by an author, from an organisation ---------------------------------------------------

    async def whole(self) -> Paper | None:
        """The highlighted paper, with its authors and what the site shows (fetched when light)."""
        row: Row | None = self.current
        if row is None:
            self.app.bell()
            return None
        if not row.complete:
            row.paper, row.abstract_spans = await self.backend.run(jobs.complete, self.backend.pix, row)
            row.complete = True
        return row.paper

    @work(group="ask")
    async def action_by_author(self) -> None:
        """A: more papers by one of the paper's authors (chosen when there are several)."""
        from .choose import ChooseScreen

        paper = await self.whole()
        if paper is None:
            return
        authors = [a for a in paper.authors or [] if author_query(a)]
        if not authors:
            self.say("No author known for this paper.")
            return
        chosen: int | None = 0
        if len(authors) > 1:
            queries = [author_query(a) or "" for a in authors]
            found = await self.backend.run(jobs.counts, self.backend.pix, queries)
            labels = [f"{a} · {_papers(n)}" for a, n in zip(authors, found, strict=True)]
            chosen = await self.app.push_screen_wait(ChooseScreen("More by", labels))
        if chosen is not None:
            name = authors[chosen]
            await self.aside(f"By {name}", name, author_query(name) or "", paper)

    @work(group="ask")
    async def action_by_org(self) -> None:
        """O: more papers from the paper's organisation."""
        paper = await self.whole()
        if paper is None:
            return
        org = paper.signals.organization
        query = org_query(org.name, org.fullname) if org else None
        if org is None or query is None:
            self.say("No organisation known for this paper.")
            return
        await self.aside(f"From {org.label}", org.fullname or org.name or "", query, paper)

    async def aside(self, label: str, short: str, query: str, paper: Paper) -> None:
        rows = await self.backend.run(jobs.papers_by, self.backend.pix, query)
        self.enter_aside(Aside(label, short, rows, ASIDE_ORDERS, paper))


def _papers(n: int) -> str:
    return f"{n:,} paper{'s' if n != 1 else ''}"
