"""What the main screen does with papers: open one full-screen, marks and notes (star, read, not
interested and its undo), related papers, the trend, copy and export. `Scopes` and `MainScreen`
are built on it (tui/screens/scopes.py, main.py).

Mark writes run on the backend's marks thread, in order; a mark is shown once it is committed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work

from dailypapers.index import Mark, MarksError

from .. import jobs
from ..commands import EXPORTS
from ..scope import RANKED, Aside
from ..show import PaperDoc, paper_doc
from ..state import Row
from ..widgets import PaperView, ResultList
from .library import Library


class Papers(Library):
    """Paper actions of the main screen; see the module docstring."""

    read_at: dict[str, tuple[int, float]]  # where each full text was left: (section, share of it)

    # -- the paper ---------------------------------------------------------------------

    def doc(self, row: Row) -> PaperDoc:
        """The paper of a row as the paper views show it."""
        return paper_doc(self.state, row)

    def show_paper(self, row: Row | None, keep_scroll: bool = False) -> None:
        view = self.query_one(PaperView)
        if row is None:
            opening = not self.state.papers  # the list says why (opening, or no snapshot yet)
            view.show(None, " " if opening else "No paper matches." if self.state.has_query else "No papers.")
            return
        doc = self.doc(row)
        if doc == view.doc:  # the same paper with the same matches (the next letter typed)
            if not keep_scroll:
                view.scroll_to(y=0, animate=False)
        else:  # (laid out again: every line of the abstract wrapped, and the screen's layout)
            view.show(doc, keep_scroll=keep_scroll)
        if not row.complete or not row.spans_known:
            self.complete(row)

    @work(exclusive=True, group="paper")
    async def complete(self, row: Row) -> None:
        """Fetch a catalogue row's abstract and metadata, and find the query's words in it."""
        row.paper, row.abstract_spans = await self.backend.run(jobs.complete, self.backend.pix, row)
        row.complete = True
        self.paper_changed(row)

    def paper_changed(self, row: Row) -> None:
        """A row's paper or mark changed: redraw wherever it shows."""
        from .reader import PaperScreen

        if self.current is row:
            self.query_one(PaperView).show(self.doc(row), keep_scroll=True)
        for screen in self.app.screen_stack:
            if isinstance(screen, PaperScreen) and screen.row is row:
                screen.redraw()

    def action_open(self) -> None:
        """Enter: the paper alone, full-screen; it counts as read."""
        from .reader import PaperScreen

        row = self.current
        if row is None:
            self.app.bell()
            return
        self.app.push_screen(PaperScreen(self, row))
        mark = self.state.mark_of(row.paper)
        if not (mark and mark.read) and self.marks_ok:
            self.change_mark(row, "read", True, quiet=True)  # said on the paper itself

    def action_full_text(self) -> None:
        """v: the paper's whole text, full-screen (fetched once, then from the cache)."""
        row = self.current
        if row is None:
            self.app.bell()
        else:
            self.full_text(row)

    def full_text(self, row: Row) -> None:
        from .fulltext import FullTextScreen

        self.app.push_screen(FullTextScreen(self, row))

    def step(self, delta: int, here: str | None = None) -> Row | None:
        """The next or previous row (from the paper screen, reading `here`); None at an end. When
        `here` left the list (not interested, in the inbox), the next is the one in its place."""
        results = self.query_one(ResultList)
        if delta > 0 and here is not None and all(r.paper.id != here for r in results.rows):
            return results.current
        before = results.cursor
        results.action_move(delta)
        return results.current if results.cursor != before else None

    # -- marks ---------------------------------------------------------------------------

    def change_mark(self, row: Row, what: str, value: bool | str | None = None, quiet: bool = False) -> None:
        """Set (or with value None, toggle) one part of a paper's mark."""
        if not self.marks_ok:
            self.notify("marks are off (the database could not be opened)", severity="warning")
            return
        self._save_mark(row, what, value, quiet)

    @work(group="marks")
    async def _save_mark(self, row: Row, what: str, value: bool | str | None, quiet: bool) -> None:
        marks, paper = self.backend.marks, row.paper

        def job() -> Mark:
            new = (not getattr(marks.get(paper), what)) if value is None else value
            if what == "note":
                return marks.set(paper, note=str(new))
            if what == "read":
                return marks.set(paper, read=bool(new))
            if what == "dismissed":
                return marks.set(paper, dismissed=bool(new))
            return marks.set(paper, starred=bool(new))

        try:
            mark = await self.backend.run_mark(job)
        except MarksError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=8)
            return
        state = self.state
        rows = self.query_one(ResultList).rows
        after = next((r.paper.id for r in rows[rows.index(row) + 1 :]), None) if row in rows else None
        state.mark_saved(paper, mark)
        self.refill()
        leaves = state.scope.kind in RANKED or state.effective_filter == "new"  # the inbox's papers
        if what == "dismissed" and leaves and state.aside is None:
            self.refresh_or_search(keep=self.current_id if mark.dismissed else paper.id)
            if mark.dismissed and after is not None:  # gone from the list: the next one highlighted
                self.query_one(ResultList).cursor = next(
                    (n for n, r in enumerate(self.query_one(ResultList).rows) if r.paper.id == after), 0
                )
        else:
            self.query_one(ResultList).redraw()
        self.paper_changed(row)
        if quiet:
            return
        if what == "dismissed":
            said = "not interested (u undoes)" if mark.dismissed else "interested again"
            self.say(f"{said}: {paper.title}")
            return
        parts = ["★ starred" if mark.starred else "not starred", "read" if mark.read else "unread"]
        said = ", ".join(parts + (["note"] if mark.note else []))
        self.say(f"{said}: {paper.title}")

    def _marking(self, what: str) -> None:
        row = self.current
        if row is None:
            self.app.bell()
        else:
            self.change_mark(row, what)

    def action_toggle_star(self) -> None:
        self._marking("starred")

    def action_toggle_read(self) -> None:
        self._marking("read")

    def action_not_interested(self) -> None:
        self._marking("dismissed")

    def action_undo_dismiss(self) -> None:
        """u: the latest paper marked not interested in this session, back (and highlighted)."""
        paper = self.state.to_undo()
        if paper is None:
            self.say("nothing to undo: no paper marked not interested in this session")
            return
        row = next((r for r in self.query_one(ResultList).rows if r.paper.id == paper.id), None)
        self.change_mark(row or Row(paper, complete=False), "dismissed", False)

    def action_edit_note(self) -> None:
        if (row := self.current) is not None:
            self.edit_note(row)

    def edit_note(self, row: Row) -> None:
        from .note import NoteScreen  # imported when first used: TextArea is not needed to start

        mark = self.state.mark_of(row.paper)

        def done(text: str | None) -> None:
            if text is not None:
                self.change_mark(row, "note", text)

        self.app.push_screen(NoteScreen(row.paper.title, mark.note if mark else ""), done)

    # -- related papers and the trend --------------------------------------------------------

    @work(exclusive=True, group="search")
    async def action_related(self) -> None:
        row = self.current
        if row is None:
            self.app.bell()
            return
        rows = await self.backend.run(jobs.related, self.backend.pix, row.paper.id)
        self.enter_aside(Aside(f"Like: {row.paper.title}", f"≈ {row.paper.title}", rows, paper=row.paper))

    def enter_aside(self, aside: Aside) -> None:
        """A list beside the library's, highlighted paper kept for escape."""
        self.state.enter_aside(aside, self.current_id)
        self.refresh_view()
        self.set_focus(self.query_one(ResultList))

    def action_toggle_trend(self) -> None:
        bar = self.trend_bar
        bar.display = not bar.display
        self.lay_out()
        self.update_trend()

    @work(exclusive=True, group="trend")
    async def update_trend(self) -> None:
        bar, text = self.trend_bar, self.state.query
        if not bar.display:
            return
        bar.show(text, None)
        if text.strip() and self.state.ready:
            points, _ = await self.backend.run(self.backend.pix.trend, text)
            if text == self.state.query:
                bar.show(text, points)

    # -- getting papers out ----------------------------------------------------------------

    def action_copy(self, what: str) -> None:
        if (row := self.current) is not None:
            self.copy(row, what)
        else:
            self.app.bell()

    @work(group="copy")
    async def copy(self, row: Row, what: str) -> None:
        """y: title and link; Y: the abstract (fetched first for a catalogue row)."""
        paper = row.paper
        if what == "abstract" and not row.complete:
            paper = (await self.backend.run(jobs.whole, self.backend.pix, [row]))[0]
        if what == "abstract":
            text, label = paper.abstract, "abstract"
        else:
            text = f"{paper.title}\n{paper.url}" if paper.url else paper.title
            label = "title and link" if paper.url else "title (no arXiv link known)"
        await self.copy_text(text, label)

    def action_links(self) -> None:
        if (row := self.current) is not None:
            self.show_links(row)
        else:
            self.app.bell()

    @work(group="ask")
    async def show_links(self, row: Row) -> None:
        """l: the paper's links, URLs written out, to copy or open."""
        from ..view.links import open_hint, open_url, paper_links
        from .links import LinksScreen

        if not row.complete:  # (a catalogue row: the project page is in the whole paper)
            row.paper, row.abstract_spans = await self.backend.run(jobs.complete, self.backend.pix, row)
            row.complete = True
        links = paper_links(row.paper)
        if not links:
            self.say("no link known for this paper")
            return
        answer = await self.app.push_screen_wait(LinksScreen(row.paper.title, links, open_hint()))
        if answer is None:
            return
        what, index = answer
        label, url = links[index]
        if what == "open":
            tool = await asyncio.to_thread(open_url, url)
            if tool is not None:
                self.say(f"Opened the {label} with {tool}: {url}")
                return
        await self.copy_text(url, f"{label} link")

    told_fix = False  # the tip for tmux's set-clipboard was shown in this session

    async def copy_text(self, text: str, label: str) -> None:
        """Copy as `y` does: OSC 52 (and passthrough), a desktop tool when local, tmux's buffer
        when tmux ignores OSC 52; said on the status line (the fix for tmux once, as a toast)."""
        from .. import clipboard

        text = clipboard.clip(text)
        self.app.copy_to_clipboard(text)
        tool = await asyncio.to_thread(clipboard.system_copy, text)
        said = await asyncio.to_thread(clipboard.tmux_copy, text, label)  # a tmux not taking OSC 52
        also = f" (and with {tool})" if tool else ""
        if said is None:
            self.say(f"Copied the {label} ({clipboard.where()}{' and ' + tool if tool else ''})")
        elif said.startswith("Copied"):
            done, _, fix = said.partition(". ")
            self.say(done + also)
            if fix and not self.told_fix:
                self.told_fix = True
                self.notify(fix, timeout=8, markup=False)
        else:
            self.notify(said + also, severity="warning", timeout=8, markup=False)

    def action_export(self, which: str, fmt: str) -> None:
        """From the palette: the papers listed (every one the status counts) or the starred ones."""
        from .prompt import PromptScreen

        default = Path.home() / f"dailypapers-{which}.{'bib' if fmt == 'bibtex' else fmt}"

        def done(answer: str | None) -> None:
            if answer:
                self.export(which, fmt, Path(answer).expanduser())

        self.app.push_screen(
            PromptScreen(f"Export the {which} papers as {EXPORTS[fmt]} to", str(default)), done
        )

    @work(group="export")
    async def export(self, which: str, fmt: str, path: Path) -> None:
        from dailypapers.index import atomic_write, export

        state, pix = self.state, self.backend.pix
        if which == "starred":
            marks = {key: mark for key, mark in state.marks.items() if mark.starred}
            papers = await self.backend.run(jobs.starred, pix, marks)
        elif state.has_query and state.aside is None:
            papers = await self.backend.run(jobs.every_hit, pix, state.request())
        else:
            papers = await self.backend.run(jobs.whole, pix, self.query_one(ResultList).rows)
        try:
            text = export([(p, state.mark_of(p)) for p in papers], fmt)
            await asyncio.to_thread(atomic_write, path, text)
        except OSError as exc:
            self.notify(f"cannot write {path}: {exc.strerror or exc}", severity="error", markup=False)
            return
        self.say(f"Exported {len(papers)} papers to {path}")
