"""The main screen's actions on papers: marks, filters, related papers, trend, copy, export.

A mixin for `MainScreen` (its bindings are declared there). Mark writes run on the
backend's marks thread, in order; the UI shows a mark only once it is committed.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from rich.text import Text
from textual import work
from textual.worker import get_current_worker

from index import Paper
from index.marks import Mark, MarksError, find

from ..widgets import PaperView, ResultList, Row, SnapshotList, TrendBar

FILTERS = ("", "new", "unread", "starred")
EXPORTS = {"md": "Markdown", "bibtex": "BibTeX", "json": "JSON"}


class ReadingActions:
    """Needs from the screen: backend, marks, filter, related, snapshot_rank, _rows, result."""

    # -- marks -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="marks-load")
    def load_marks(self) -> None:
        marks = self.backend.marks
        try:
            self.backend.submit_mark(marks.changed_elsewhere).result()  # the baseline for later checks
            found = self.backend.submit_mark(marks.all).result()
            searches = self.backend.submit_mark(marks.searches).result()
        except MarksError as exc:
            self.app.call_from_thread(self._marks_failed, str(exc))
            return
        self.app.call_from_thread(self._marks_loaded, found, searches)

    def _marks_failed(self, message: str) -> None:
        self.marks_ok = False
        self.notify(f"{message}; marks are off", title="Marks", severity="error", markup=False, timeout=8)

    def _marks_loaded(self, found: dict[str, Mark], searches) -> None:
        self.marks = found
        self.query_one(SnapshotList).set_snapshots(searches=searches, starred=self._starred_count())
        self._show_rows(keep=self._current_id())

    def _starred_count(self) -> int:
        return sum(1 for m in self.marks.values() if m.starred)

    def mark_of(self, paper: Paper) -> Mark | None:
        return find(self.marks, paper) if self.marks else None

    def _decorate(self, paper: Paper) -> tuple[Text, bool]:
        """Before a result's title: ★ when starred, + when new in the scope; read ones are dimmed."""
        mark = self.mark_of(paper)
        flags = Text(end="")
        flags.append("★" if mark and mark.starred else " ", style="bold yellow")
        flags.append("+" if self.is_new(paper) else " ", style="bold green")
        flags.append(" ")
        return flags, bool(mark and mark.read)

    def _new_target(self) -> str | None:
        """The snapshot "new" is relative to: the chosen one, else the newest."""
        scope = self.scope
        return scope if scope is not None else next(reversed(self.snapshot_rank), None)

    def is_new(self, paper: Paper, target: str | None = None) -> bool:
        """In the target snapshot and in no earlier one (pass `target` when testing many papers)."""
        rank = self.snapshot_rank
        target = target if target is not None else self._new_target()
        if target is None or not any(a.snapshot == target for a in paper.appearances):
            return False
        return min(rank.get(a.snapshot, 1 << 30) for a in paper.appearances) >= rank.get(target, 0)

    def _filtered(self, rows: list[Row]) -> list[Row]:
        """The rows the filter (or the Starred entry) lets through; worked out once per list."""
        wanted = "starred" if self.query_one(SnapshotList).starred_only else FILTERS[self.filter]
        if not wanted:
            return rows
        if wanted == "new":
            target = self._new_target()
            return [r for r in rows if self.is_new(r.paper, target)]
        marks = [(r, self.mark_of(r.paper)) for r in rows]
        if wanted == "starred":
            return [r for r, m in marks if m and m.starred]
        return [r for r, m in marks if not (m and m.read)]

    def _current_paper(self) -> Paper | None:
        row = self.query_one(ResultList).current
        if row is None:
            self.app.bell()
            return None
        return row.paper

    def _current_id(self) -> str | None:
        row = self.query_one(ResultList).current
        return row.paper.id if row else None

    def _change(self, paper: Paper, what: str, value: bool | str | None = None) -> None:
        """Set (or with value None, toggle) one part of a paper's mark, on the marks thread."""
        if not getattr(self, "marks_ok", True):
            self.notify("marks are off (the database could not be opened)", severity="warning")
            return
        marks = self.backend.marks

        def job() -> Mark:
            new = (not getattr(marks.get(paper), what)) if value is None else value
            return marks.set(paper, **{what: new})

        self._save_mark(paper, job)

    @work(thread=True, group="marks")
    def _save_mark(self, paper: Paper, job) -> None:
        try:
            mark = self.backend.submit_mark(job).result()
        except MarksError as exc:
            self.app.call_from_thread(
                self.notify, str(exc), title="Not saved", severity="error", markup=False, timeout=8
            )
            return
        self.app.call_from_thread(self._mark_saved, paper, mark)

    def _mark_saved(self, paper: Paper, mark: Mark) -> None:
        for key in paper.keys:
            self.marks.pop(key, None)
        if not mark.empty:
            self.marks[mark.key] = mark
        self.query_one(ResultList).redraw()
        snapshots, starred = self.query_one(SnapshotList), self._starred_count()
        if starred != snapshots.starred:  # the pane is refilled only when its count changes
            snapshots.set_snapshots(starred=starred)
        view = self.query_one(PaperView)
        if view.paper is not None and view.paper.id == paper.id:
            view.set_mark(mark)
        self.notify(_saved(mark), timeout=2, markup=False)

    def action_toggle_read(self) -> None:
        if paper := self._current_paper():
            self._change(paper, "read")

    def action_toggle_star(self) -> None:
        if paper := self._current_paper():
            self._change(paper, "starred")

    def action_edit_note(self) -> None:
        paper = self._current_paper()
        if paper is None:
            return
        from .note import NoteScreen  # imported when first used: TextArea is not needed to start

        mark = self.mark_of(paper)

        def done(text: str | None) -> None:
            if text is not None:
                self._change(paper, "note", text)

        self.app.push_screen(NoteScreen(paper.title, mark.note if mark else ""), done)

    def action_cycle_filter(self) -> None:
        """All → new → unread → starred."""
        self.filter = (self.filter + 1) % len(FILTERS)
        self._show_rows(keep=self._current_id())

    # -- saved searches ------------------------------------------------------------

    def action_save_search(self) -> None:
        query = self.query_text.strip()
        if not query:
            self.notify("Type a query first, then save it with S.", severity="warning")
            return
        scope = self.scope
        from .prompt import PromptScreen

        def done(name: str | None) -> None:
            if name:
                job = partial(self.backend.marks.save_search, name, query, scope)
                self._change_searches(job, f"saved search “{name}”")

        self.app.push_screen(PromptScreen("Name this search", query), done)

    def action_delete_search(self) -> None:
        saved = self.query_one(SnapshotList).saved_search
        if saved is not None:
            job = partial(self.backend.marks.delete_search, saved.name)
            self._change_searches(job, f"deleted saved search “{saved.name}”")

    @work(thread=True, group="marks")
    def _change_searches(self, job, message: str) -> None:
        """Save or delete a saved search on the marks thread, then refill the snapshot pane."""
        try:
            self.backend.submit_mark(job).result()
            searches = self.backend.submit_mark(self.backend.marks.searches).result()
        except MarksError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._searches_changed, searches, message)

    def _searches_changed(self, searches, message: str) -> None:
        self.query_one(SnapshotList).set_snapshots(searches=searches)
        self.notify(message, timeout=3, markup=False)

    # -- related papers ------------------------------------------------------------

    def action_related(self) -> None:
        paper = self._current_paper()
        if paper is not None:
            self._find_related(paper)

    @work(thread=True, exclusive=True, group="search")
    def _find_related(self, paper: Paper) -> None:
        hits = self.backend.submit(self.backend.pix.related, paper.id).result()
        if not get_current_worker().is_cancelled:
            rows = [Row(h.paper, h.terms) for h in hits]
            self.app.call_from_thread(self._show_related, paper, rows)

    def _show_related(self, paper: Paper, rows: list[Row]) -> None:
        if self.related is None:  # the way back: the results as they were
            self._back = (self._rows, self.result, self._current_id(), self.order)
        self.related, self._rows, self.result, self.order = paper, rows, None, 0
        results = self.query_one(ResultList)
        results.border_title = Text(f"Like: {paper.title}", no_wrap=True, overflow="ellipsis")
        self._show_rows()
        self.set_focus(results)

    def leave_related(self, restore: bool = True) -> bool:
        """Back to the results before `m` (True when there was something to go back to)."""
        if self.related is None:
            return False
        rows, result, keep, order = self._back
        self.related, self._back = None, None
        self.query_one(ResultList).border_title = "Results"
        if restore:
            self._rows, self.result, self.order = rows, result, order
            self._show_rows(keep=keep)
        return True

    # -- trend ---------------------------------------------------------------------

    def action_toggle_trend(self) -> None:
        bar = self.query_one(TrendBar)
        bar.display = not bar.display
        if bar.display:
            self.update_trend()

    def update_trend(self) -> None:
        bar = self.query_one(TrendBar)
        if not bar.display:
            return
        text = self.query_text
        bar.show(text, None)
        if text.strip() and self.ready:
            self._count_trend(text)

    @work(thread=True, exclusive=True, group="trend")
    def _count_trend(self, text: str) -> None:
        points, _ = self.backend.submit(self.backend.pix.trend, text).result()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._trend_counted, text, points)

    def _trend_counted(self, text: str, points) -> None:
        if text == self.query_text:
            self.query_one(TrendBar).show(text, points)

    # -- getting papers out ----------------------------------------------------------

    def action_copy(self, what: str) -> None:
        """y: title and link; Y: the abstract (fetched first for a catalogue row)."""
        row = self.query_one(ResultList).current
        if row is None:
            self.app.bell()
            return
        self._copy(row, what)

    @work(thread=True, group="copy")
    def _copy(self, row: Row, what: str) -> None:
        from .. import clipboard

        paper = row.paper
        if what == "abstract" and not row.complete:
            paper = self.backend.submit(self.backend.pix.paper, paper.id).result() or paper
        if what == "abstract":
            text, label = paper.abstract, "abstract"
        else:
            text = f"{paper.title}\n{paper.url}" if paper.url else paper.title
            label = "title and link" if paper.url else "title (no arXiv link known)"
        tool = clipboard.system_copy(text)
        self.app.call_from_thread(self._copied, text, label, tool)

    def _copied(self, text: str, label: str, tool: str | None) -> None:
        from .. import clipboard

        self.write_terminal(clipboard.osc52(text))
        how = clipboard.where() + (f" and {tool}" if tool else "")
        self.notify(f"Copied the {label} ({how})", timeout=3, markup=False)

    def write_terminal(self, sequence: str) -> None:
        """Send an escape sequence to the terminal (Textual has no public call for a raw write)."""
        driver = getattr(self.app, "_driver", None)
        if driver is not None:
            driver.write(sequence)
            driver.flush()

    def export_papers(self, which: str, fmt: str) -> None:
        """From the palette: the starred papers or the current results, to a file."""
        from .prompt import PromptScreen

        default = Path.home() / f"dailypapers-{which}.{'bib' if fmt == 'bibtex' else fmt}"

        def done(answer: str | None) -> None:
            if answer:
                self._export(which, fmt, Path(answer).expanduser())

        self.app.push_screen(PromptScreen(f"Export {which} papers as {EXPORTS[fmt]} to", str(default)), done)

    @work(thread=True, group="export")
    def _export(self, which: str, fmt: str, path: Path) -> None:
        from index.export import export
        from index.jsonfile import atomic_write

        rows = self._rows if which == "result" else []
        if which == "starred":
            keys = [m.key for m in self.marks.values() if m.starred]
            found = [self.backend.submit(self.backend.pix.paper, k).result() for k in keys]
            papers = [p or Paper(k, self.marks[k].title, "") for k, p in zip(keys, found, strict=True)]
        else:
            full = [self.backend.submit(self.backend.pix.paper, r.paper.id).result() for r in rows]
            papers = [p or r.paper for p, r in zip(full, rows, strict=True)]
        try:
            atomic_write(path, export([(p, self.mark_of(p)) for p in papers], fmt))
        except OSError as exc:
            message = f"cannot write {path}: {exc.strerror or exc}"
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Exported {len(papers)} papers to {path}", markup=False)


def _saved(mark: Mark) -> str:
    parts = ["★ starred" if mark.starred else "not starred", "read" if mark.read else "unread"]
    if mark.note:
        parts.append("note")
    return "saved: " + ", ".join(parts)
