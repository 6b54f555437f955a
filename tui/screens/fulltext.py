"""A paper's full text, full-screen (v from the list or the paper): a status line, the text, a
table of contents (c) to jump between sections, `/` to find a word (n / N), y to copy the
section's link, a for the abstract; escape goes back. The text is fetched (once: then read from
the cache) and indexed in workers: the screen never waits on the network or the index."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..commands import bindings
from ..fulltext import FullTextState
from ..widgets.full_text_view import FullTextView  # (not in ..widgets: loaded when opened)

if TYPE_CHECKING:
    from ..state import Row
    from .reading import Door


class FullTextScreen(Screen[None]):
    BINDINGS = bindings("fulltext")
    AUTO_FOCUS = "#fulltext"

    def __init__(self, door: Door, row: Row) -> None:
        super().__init__()
        self.door, self.row = door, row
        self.state: FullTextState | None = None
        self.pdf: str | None = None

    @property
    def key(self) -> str:
        return self.row.paper.arxiv_id or self.row.paper.id

    def compose(self) -> ComposeResult:
        yield Static(id="fulltext-status")
        yield FullTextView(id="fulltext")
        yield OptionList(id="fulltext-contents")
        yield Input(placeholder="find in the text (enter)", id="fulltext-find")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#fulltext-contents").display = False
        self.query_one("#fulltext-find").display = False
        self.load()

    @property
    def view(self) -> FullTextView:
        return self.query_one(FullTextView)

    def say(self, status: str) -> None:
        text = Text(status, style="bold", no_wrap=True, overflow="ellipsis")
        text.append(f"  {self.row.paper.title}", style="dim")
        self.query_one("#fulltext-status", Static).update(text)

    @work(exclusive=True, group="fulltext")
    async def load(self) -> None:
        """The text from the cache (parsed once: the parse kept beside it), else fetched; its first
        screens laid out and painted, then the rest, the contents, and (fetched) the index."""
        from dailypapers.index import FetchError, NoFullText, full_text, text_lines

        from ..fetching import options_of

        paper, view = self.row.paper, self.view
        cache = self.door.backend.pix.fulltext
        self.say("fetching the full text…")
        view.show(None, "Fetching the full text… (escape goes back)")
        try:
            if cache is None:
                raise NoFullText("no full text: this library keeps none")
            site = options_of(self.app).base_url  # the config's base_url (else the environment's)
            got = await asyncio.to_thread(full_text, cache, paper.arxiv_id, base_url=site)
            doc = await asyncio.to_thread(got.document)
        except NoFullText as exc:
            self.pdf = exc.pdf
            self.say("no full text")
            offer = f"No full text on the site. PDF: {exc.pdf} (y copies it)"
            view.show(None, offer if exc.pdf else str(exc))
            return
        except (FetchError, OSError) as exc:
            self.say("not fetched")
            view.show(None, f"Cannot fetch the full text: {exc}")
            return
        # the first screens only (the view not laid out yet: its width from the screen's)
        width = view.text_width if view.size.width else max(20, self.app.size.width - 4)
        at = self.door.read_at.get(self.key, (0, 0.0))
        enough = 3 * max(24, self.app.size.height)
        self.state = state = FullTextState(doc, got.arxiv_id, width, at, enough)
        view.show(state)
        self.say(state.status(state.opening, self.app.size.height))  # (the place kept till it is there)
        await self.painted()
        self.update_status()
        if not state.done:  # the rest below it, laid out in a worker (unless a key asked for it first)
            width, laid = state.width, len(state.starts)
            more = await asyncio.to_thread(text_lines, doc, width, laid)
            if (state.width, len(state.starts)) == (width, laid):
                state.grow(len(doc.sections), more)
            view.grown()
            self.update_status()
        self.contents(state)
        if got.fetched:  # searchable from now on (on the index thread, after what is asked there)
            body = await asyncio.to_thread(doc.body)
            await self.door.backend.run(self.door.backend.pix.add_full_text, paper.id, body)

    async def painted(self) -> None:
        """Once the screen has been painted."""
        done = asyncio.Event()
        self.call_after_refresh(done.set)
        await done.wait()

    def contents(self, state: FullTextState) -> None:
        items = self.query_one("#fulltext-contents", OptionList)
        items.clear_options()
        items.add_options(
            Option(Text("  " * max(0, s.level - 2) + (s.heading or state.doc.title), no_wrap=True), id=str(n))
            for n, s in enumerate(state.doc.sections)
        )

    def update_status(self) -> None:
        """Say where the text is, and remember it (for the next time this paper is opened)."""
        if self.state is not None:
            top = self.view.top
            self.say(self.state.status(top, self.view.scrollable_content_region.height))
            self.door.read_at[self.key] = self.state.place(top)

    # -- keys ------------------------------------------------------------------------------

    def action_close(self) -> None:
        for name in ("#fulltext-contents", "#fulltext-find"):
            if self.query_one(name).display:
                self.query_one(name).display = False
                self.view.focus()
                return
        self.dismiss()

    def action_contents(self) -> None:
        if self.state is None:
            self.app.bell()
            return
        items = self.query_one("#fulltext-contents", OptionList)
        items.display = True
        items.highlighted = self.state.section_at(self.view.top)
        items.focus()

    @on(OptionList.OptionSelected, "#fulltext-contents")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.option_list.display = False
        if self.state is not None:
            self.go(self.state.start(int(event.option.id or 0)))
        self.view.focus()

    def action_find(self) -> None:
        if self.state is None:
            self.app.bell()
            return
        box = self.query_one("#fulltext-find", Input)
        box.display = True
        box.value = self.state.word
        box.focus()

    @on(Input.Submitted, "#fulltext-find")
    def _found(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.view.focus()
        if self.state is not None:
            self.state.find(event.value)
            self.action_match(1)

    def action_match(self, delta: int) -> None:
        line = self.state.next_match(self.view.top + (delta > 0), delta) if self.state else None
        if line is None:
            self.app.bell()
        else:
            self.go(max(0, line - 2))  # (shown three lines down, as the paper view does)
        self.update_status()

    def action_section(self, delta: int) -> None:
        if self.state is not None:
            self.go(self.state.step_section(self.view.top, delta))

    def go(self, line: int) -> None:
        self.view.go(line)
        self.update_status()

    def action_copy_link(self) -> None:
        if self.state is not None:
            self.run_worker(self.door.copy_text(self.state.link(self.view.top), "section link"), group="copy")
        elif self.pdf:
            self.run_worker(self.door.copy_text(self.pdf, "PDF link"), group="copy")
        else:
            self.app.bell()

    def action_abstract(self) -> None:
        from .reader import PaperScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], PaperScreen) and stack[-2].row is self.row:
            self.dismiss()
        else:
            self.app.switch_screen(PaperScreen(self.door, self.row))

    def on_full_text_view_scrolled(self) -> None:  # (see FullTextView.watch_scroll_y)
        self.update_status()
