"""Getting papers out of the main screen: `y` / `Y` copy the title and link or the abstract, `l`
lists the paper's links to copy or open, and the palette's exports write the listed or the
starred papers to a file."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from .. import jobs
from ..commands import EXPORTS
from ..widgets import ResultList
from .working import start

if TYPE_CHECKING:
    from ..state import Row
    from .main import MainScreen


class Copying:
    """Copies, links and exports; see the module docstring."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.told_fix = False  # the tip for tmux's set-clipboard was shown in this session

    def copy(self, row: Row, what: str) -> None:
        start(self.screen, self._copy, row, what, group="copy")

    async def _copy(self, row: Row, what: str) -> None:
        """y: title and link; Y: the abstract (fetched first for a catalogue row)."""
        paper = await self.screen.pane.whole(row)  # (a catalogue row: no abstract, no arXiv id)
        if paper is None:
            return
        if what == "abstract":
            text, label = paper.abstract, "abstract"
        else:
            text = f"{paper.title}\n{paper.url}" if paper.url else paper.title
            label = "title and link" if paper.url else "title (no arXiv link known)"
        await self.copy_text(text, label)

    def show_links(self, row: Row) -> None:
        start(self.screen, self._show_links, row, group="ask")

    async def _show_links(self, row: Row) -> None:
        """l: the paper's links, URLs written out, to copy or open."""
        from ..view.links import open_hint, open_url, paper_links
        from .links import LinksScreen

        screen = self.screen
        await screen.pane.whole(row)  # (a catalogue row: the project page is in the whole paper)
        links = paper_links(row.paper)
        if not links:
            screen.say("no link known for this paper")
            return
        answer = await screen.app.push_screen_wait(LinksScreen(row.paper.title, links, open_hint()))
        if answer is None:
            return
        what, index = answer
        label, url = links[index]
        if what == "open":
            tool = await asyncio.to_thread(open_url, url)
            if tool is not None:
                screen.say(f"Opened the {label} with {tool}: {url}")
                return
        await self.copy_text(url, f"{label} link")

    async def copy_text(self, text: str, label: str) -> None:
        """Copy as `y` does: OSC 52 (and passthrough), a desktop tool when local, tmux's buffer
        when tmux ignores OSC 52; said on the status line (the fix for tmux once, as a toast)."""
        from .. import clipboard

        screen = self.screen
        text = clipboard.clip(text)
        screen.app.copy_to_clipboard(text)
        tool = await asyncio.to_thread(clipboard.system_copy, text)
        said = await asyncio.to_thread(clipboard.tmux_copy, text, label)  # a tmux not taking OSC 52
        also = f" (and with {tool})" if tool else ""
        if said is None:
            screen.say(f"Copied the {label} ({clipboard.where()}{' and ' + tool if tool else ''})")
        elif said.startswith("Copied"):
            done, _, fix = said.partition(". ")
            screen.say(done + also)
            if fix and not self.told_fix:
                self.told_fix = True
                screen.notify(fix, timeout=8, markup=False)
        else:
            screen.notify(said + also, severity="warning", timeout=8, markup=False)

    def ask_export(self, which: str, fmt: str) -> None:
        """From the palette: the papers listed (every one the status counts) or the starred ones."""
        from .prompt import PromptScreen

        default = Path.home() / f"dailypapers-{which}.{'bib' if fmt == 'bibtex' else fmt}"

        def done(answer: str | None) -> None:
            if answer:
                self.export(which, fmt, Path(answer).expanduser())

        self.screen.app.push_screen(
            PromptScreen(f"Export the {which} papers as {EXPORTS[fmt]} to", str(default)), done
        )

    def export(self, which: str, fmt: str, path: Path) -> None:
        start(self.screen, self._export, which, fmt, path, group="export")

    async def _export(self, which: str, fmt: str, path: Path) -> None:
        from dailypapers.index import atomic_write, export

        screen = self.screen
        state, backend = screen.state, screen.backend
        if which == "starred":
            marks = {key: mark for key, mark in state.marks.items() if mark.starred}
            papers = await backend.run(jobs.starred, backend.pix, marks)
        elif state.has_query and state.aside is None:
            papers = await backend.run(jobs.every_hit, backend.pix, state.request())
        else:
            papers = await backend.run(jobs.whole, backend.pix, screen.query_one(ResultList).rows)
        try:
            text = export([(p, state.mark_of(p)) for p in papers], fmt)
            await asyncio.to_thread(atomic_write, path, text)
        except OSError as exc:
            screen.notify(f"cannot write {path}: {exc.strerror or exc}", severity="error", markup=False)
            return
        screen.say(f"Exported {len(papers)} papers to {path}")
