"""What the reader shows, as plain code (no Textual): scope, query result, order, filter, the way
back from related papers, what is new, the list's rows and the status line's parts.

The screen feeds it (library loaded, marks, a search's result) and asks it what to show; every
rule of the reader that is not about widgets lives here and is tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from index import Appearance, Mark, Paper, SavedSearch
from index import find_mark as find

from .days import Day, short_date
from .status import Part

FILTERS = ("", "new", "unread", "starred")
ORDER_NAMES = {
    "relevance": "relevance",
    "page": "page order",
    "newest": "newest first",
    "oldest": "oldest first",
}
ALL = "all"
STARRED = "starred"


@dataclass(slots=True)
class Row:
    """A paper in the list: what matched (for highlighting) and whether it is complete."""

    paper: Paper
    terms: frozenset[tuple[str, str]] = frozenset()
    title_spans: tuple[tuple[int, int], ...] = ()
    complete: bool = True  # False: a catalogue entry, abstract and metadata still to fetch
    abstract_spans: tuple[tuple[int, int], ...] | None = None  # None: not worked out yet

    @property
    def spans_known(self) -> bool:
        return not self.terms or self.abstract_spans is not None


@dataclass(frozen=True, slots=True)
class Header:
    """A day's heading in a list of several days."""

    label: str
    count: int


Item = Row | Header


@dataclass(frozen=True, slots=True)
class Scope:
    """Where the papers come from: one snapshot, all of them, or the starred papers."""

    kind: str  # "day", ALL or STARRED
    day: str | None = None  # the snapshot id of a "day"

    @property
    def snapshot(self) -> str | None:
        return self.day if self.kind == "day" else None


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search for the engine: `only` / `exclude` are paper ids (the filter's papers)."""

    text: str
    snapshot: str | None
    limit: int | None
    only: frozenset[str] | None = None
    exclude: frozenset[str] | None = None
    scope: Scope = Scope(ALL)
    filter: str = ""


@dataclass(slots=True)
class Found:
    """A search's answer, as the list needs it."""

    request: SearchRequest
    total: int
    all_words: int
    some_words: int
    rows: list[Row]
    seconds: float = 0.0
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    everywhere: int | None = None  # what the same search finds in every day (a day's search)


@dataclass(slots=True)
class _Saved:
    """The view before `m` (related papers), to go back to."""

    found: Found | None
    order: str | None
    keep: str | None


class ViewState:
    """The reader's state; see the module docstring."""

    PAGE = 50  # ranked hits asked for at a time

    def __init__(self) -> None:
        self.days: list[Day] = []  # library order, oldest first
        self.rank: dict[str, int] = {}
        self.labels: dict[str, Day] = {}  # the days by id
        self.papers: list[Paper] = []  # the catalogue (light papers), page order
        self.marks: dict[str, Mark] = {}
        self.searches: list[SavedSearch] = []
        self.scope = Scope(ALL)
        self.query = ""
        self.found: Found | None = None
        self.order: str | None = None  # the order chosen with `o` (None: the default)
        self.filter = ""
        self.limit = self.PAGE
        self.related: Paper | None = None
        self._back: list[_Saved] = []
        self.indexing = ""  # "indexing 3/580" while the index is brought up to date
        self.ready = False  # the index is open: search works
        self.searching = False  # a search is running for longer than a moment
        self.following = True  # the scope is the newest day until the user chooses another

    # -- the library -----------------------------------------------------------

    def load(self, days: list[Day], papers: list[Paper]) -> None:
        """The library's snapshots and papers (page order). Until the user chooses a scope, it is
        the newest day (also while the first build reads the days, and when a newer one arrives)."""
        self.days = days
        self.rank = {d.id: n for n, d in enumerate(days)}
        self.labels = {d.id: d for d in days}
        self.papers = papers
        newest = self.newest
        if self.following and newest is not None:
            self.scope = Scope("day", newest.id)
        elif self.scope.kind == "day" and self.scope.day not in self.rank:
            self.scope = Scope(ALL)

    @property
    def newest(self) -> Day | None:
        return next((d for d in reversed(self.days) if d.papers), None)

    def day(self, sid: str | None) -> Day | None:
        return self.labels.get(sid) if sid else None

    def step_day(self, delta: int) -> bool:
        """`]` one day newer, `[` one day older (from all snapshots: the newest day). False at an end."""
        readable = [d.id for d in self.days if d.papers]
        if not readable:
            return False
        if self.scope.kind != "day":
            target = readable[-1]
        else:
            here = readable.index(self.scope.day) if self.scope.day in readable else len(readable) - 1
            step = here + delta
            if not 0 <= step < len(readable):
                return False
            target = readable[step]
        self.set_scope(Scope("day", target))
        return True

    def can_step(self, delta: int) -> bool:
        """Whether `[` (-1) or `]` (1) leads to another day."""
        readable = [d.id for d in self.days if d.papers]
        if self.scope.kind != "day":
            return bool(readable)
        here = readable.index(self.scope.day) if self.scope.day in readable else -1
        return here >= 0 and 0 <= here + delta < len(readable)

    def set_scope(self, scope: Scope) -> None:
        self.scope, self.following = scope, False
        self.limit = self.PAGE
        self.leave_related()

    # -- marks -------------------------------------------------------------------

    def mark_of(self, paper: Paper) -> Mark | None:
        return find(self.marks, paper) if self.marks else None

    def mark_saved(self, paper: Paper, mark: Mark) -> None:
        for key in paper.keys:
            self.marks.pop(key, None)
        if not mark.empty:
            self.marks[mark.key] = mark

    @property
    def starred_count(self) -> int:
        return sum(1 for m in self.marks.values() if m.starred)

    # -- what is new ---------------------------------------------------------------

    @property
    def new_target(self) -> str | None:
        """The snapshot "new" is relative to: the chosen day, else the newest."""
        if self.scope.kind == "day":
            return self.scope.day
        newest = self.newest
        return newest.id if newest else None

    def is_new(self, paper: Paper, target: str | None = None) -> bool:
        """In the target snapshot and in no earlier one."""
        target = target if target is not None else self.new_target
        if target is None or not any(a.snapshot == target for a in paper.appearances):
            return False
        return min(self.rank.get(a.snapshot, 1 << 30) for a in paper.appearances) >= self.rank.get(target, 0)

    # -- the query -------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        self.query = text
        self.limit = self.PAGE
        self.leave_related()
        if not text.strip():
            self.found = None

    @property
    def has_query(self) -> bool:
        return bool(self.query.strip())

    def request(self) -> SearchRequest:
        """The search to run for the scope, filter, query and order."""
        only, exclude = self._restriction()
        limit = self.limit if self.effective_order == "relevance" else None
        return SearchRequest(
            self.query, self.scope.snapshot, limit, only, exclude, self.scope, self.effective_filter
        )

    def _restriction(self) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        wanted = self.effective_filter
        starred = frozenset(k for k, m in self.marks.items() if m.starred)
        only = starred if self.scope.kind == STARRED else None
        if wanted == "starred":
            only = starred
        elif wanted == "new":
            target = self.new_target
            new = frozenset(p.id for p in self.papers if self.is_new(p, target))
            only = new & only if only is not None else new
        exclude = frozenset(k for k, m in self.marks.items() if m.read) if wanted == "unread" else None
        return only, exclude

    def accepts(self, request: SearchRequest) -> bool:
        """Whether a search's answer still fits what is asked (not overtaken by typing or a scope change)."""
        return request == replace(self.request(), limit=request.limit) and self.has_query

    def show(self, found: Found) -> None:
        self.found = found

    @property
    def more_to_fetch(self) -> bool:
        found = self.found
        return found is not None and found.total > len(found.rows) and found.request.limit is not None

    def fetch_more(self) -> None:
        self.limit *= 5

    # -- filter and order -------------------------------------------------------------

    @property
    def effective_filter(self) -> str:
        return "" if self.scope.kind == STARRED and self.filter == "starred" else self.filter

    def cycle_filter(self) -> None:
        """All → new → unread → starred."""
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.limit = self.PAGE

    @property
    def orders(self) -> list[str]:
        """The orders `o` cycles through here."""
        if self.related is not None:
            return ["relevance"]
        by_day = ["page"] if self.scope.kind == "day" else ["newest", "oldest"]
        return ["relevance", *by_day] if self.has_query else by_day

    @property
    def effective_order(self) -> str:
        orders = self.orders
        return self.order if self.order in orders else orders[0]

    def cycle_order(self) -> None:
        orders = self.orders
        self.order = orders[(orders.index(self.effective_order) + 1) % len(orders)]
        self.limit = self.PAGE

    # -- related papers and the way back -------------------------------------------------

    def enter_related(self, paper: Paper, rows: list[Row], keep: str | None) -> None:
        if self.related is None:
            self._back.append(_Saved(self.found, self.order, keep))
        self.related = paper
        self.found = Found(SearchRequest("", None, None), len(rows), len(rows), 0, rows)

    def leave_related(self) -> str | None:
        """Back to the view before `m`; the paper to highlight there (None when not in related)."""
        if self.related is None or not self._back:
            self.related = None
            return None
        saved = self._back.pop()
        self.related, self.found, self.order = None, saved.found, saved.order
        return saved.keep

    # -- escape -------------------------------------------------------------------------

    def escape(self) -> str | None:
        """One step back: related papers, then the query, the filter, the scope. What was undone."""
        if self.related is not None:
            self.leave_related()
            return "related"
        if self.has_query:
            self.set_query("")
            return "query"
        if self.filter:
            self.filter = ""
            return "filter"
        if self.scope.kind != ALL:
            self.set_scope(Scope(ALL))
            return "scope"
        return None

    # -- the list -------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """The papers listed, in order (without day headings)."""
        return [item for item in self.items() if isinstance(item, Row)]

    def items(self) -> list[Item]:
        """The list: papers in the chosen order; in a list of several days, days as headings."""
        rows: list[Row]
        if self.related is not None or self.has_query:
            rows = list(self.found.rows) if self.found is not None else []
        else:
            rows = [Row(p, complete=False) for p in self._browsed()]
        order = self.effective_order
        if order == "relevance":
            return list[Item](rows)
        if order == "page":
            day = self.scope.day

            def position(row: Row) -> int:
                return min(a.position for a in row.paper.appearances if a.snapshot == day)

            return [*sorted(rows, key=position)]
        return self._by_day(rows, newest=order == "newest")

    def _browsed(self) -> list[Paper]:
        """The scope's papers through the filter (no query)."""
        scope, wanted = self.scope, self.effective_filter
        papers: Iterable[Paper] = self.papers
        if scope.kind == "day":
            papers = (p for p in papers if any(a.snapshot == scope.day for a in p.appearances))
        if scope.kind == STARRED or wanted == "starred":
            papers = (p for p in papers if (m := self.mark_of(p)) and m.starred)
        if wanted == "new":
            target = self.new_target
            papers = (p for p in papers if self.is_new(p, target))
        elif wanted == "unread":
            papers = (p for p in papers if not ((m := self.mark_of(p)) and m.read))
        return list(papers)

    def _by_day(self, rows: list[Row], newest: bool) -> list[Item]:
        """Rows grouped under their day (its latest appearance newest first, else its first)."""
        rank = self.rank

        def home(row: Row) -> Appearance | None:
            apps = [a for a in row.paper.appearances if a.snapshot in rank]
            if not apps:
                return None
            pick = max if newest else min
            return pick(apps, key=lambda a: rank[a.snapshot])

        keyed = []
        for row in rows:
            app = home(row)
            day_rank = rank[app.snapshot] if app else -1
            keyed.append(((-day_rank if newest else day_rank), app.position if app else 0, row, app))
        keyed.sort(key=lambda k: (k[0], k[1]))
        items: list[Item] = []
        current: str | None = "\x00"
        group: list[Row] = []
        heading = ""

        def close() -> None:
            if group:
                items.append(Header(heading, len(group)))
                items.extend(group)

        for _, _, row, app in keyed:
            sid = app.snapshot if app else None
            if sid != current:
                close()
                current, group = sid, []
                day = self.day(sid)
                heading = day.label if day else "elsewhere"
            group.append(row)
        close()
        return items

    @property
    def dated_rows(self) -> bool:
        """Rows carry their date: several days, in relevance order (no day headings)."""
        return self.scope.kind != "day" and self.effective_order == "relevance"

    def row_date(self, paper: Paper) -> str:
        """When the paper last appeared, short: "Aug 21" (this year), "May 2024", a capture's label."""
        apps = [a for a in paper.appearances if a.snapshot in self.rank]
        if not apps:
            return ""
        app = max(apps, key=lambda a: self.rank[a.snapshot])
        newest = self.newest
        year = int(newest.date[:4]) if newest and newest.date and newest.date[:4].isdigit() else None
        day = self.day(app.snapshot)
        return short_date(app.date, year) or (day.label if day else "")

    def upvotes(self, paper: Paper) -> int | None:
        """The paper's upvotes in the chosen day, else its latest known."""
        apps = paper.appearances
        if self.scope.kind == "day":
            apps = [a for a in apps if a.snapshot == self.scope.day] or apps
        known = [a for a in apps if a.upvotes is not None]
        return max(known, key=lambda a: self.rank.get(a.snapshot, -1)).upvotes if known else None

    # -- what the top bar and the status line say -------------------------------------------

    def empty_text(self) -> str:
        """What the list says when it holds no paper."""
        if not self.ready and not self.papers:
            return "Opening the library…"
        if not self.has_query:
            return "No papers."
        found = self.found
        if found is not None and found.everywhere and self.scope.kind == "day":
            return f"No paper matches in this day; {found.everywhere:,} in every day: press a."
        return "No paper matches."

    def scope_label(self, short: bool = False) -> str:
        """What the list holds, for the top line (`short`: for a narrow screen)."""
        if self.related is not None:
            return ("Like: " if not short else "≈ ") + self.related.title
        if self.scope.kind == STARRED:
            return "★ Starred"
        if self.scope.kind == ALL:
            return "All snapshots" if not short else "All days"
        day = self.day(self.scope.day)
        label = day.label if day else str(self.scope.day)
        newest = day is not None and day is self.newest
        if short:
            return (
                label.split(" ", 1)[1]
                if label[:3].isalpha() and label[3:4] == " " and day and day.date
                else label
            )
        return label + (" · newest" if newest else "")

    def count(self) -> Part:
        found = self.found
        if found is None or (not self.has_query and self.related is None):
            n = len(self.rows())
            return Part(f"{n:,} paper{'s' if n != 1 else ''}", priority=1)
        total = f"{found.total:,} paper{'s' if found.total != 1 else ''}"
        if found.some_words:
            all_, some = f"{found.all_words:,}", f"{found.some_words:,}"
            return Part(
                f"{total}: {all_} with all words · {some} with some",
                priority=1,
                short=f"{found.total:,} ({all_} all · {some} some)",
                shortest=total,
            )
        return Part(total, priority=1)

    def status(self) -> list[Part]:
        """The status line's parts; `status.fit` chooses what fits the width."""
        found = self.found
        parts = [Part("searching…", priority=0, style="bold")] if self.searching else []
        if found is not None or not self.has_query:  # nothing to count before the first answer
            parts.append(self.count())
        everywhere = found.everywhere if found is not None and self.has_query else None
        if found is not None and everywhere and self.scope.kind == "day" and everywhere > found.total:
            n = f"{everywhere:,}"
            parts.append(Part(f"{n} in every day (a)", priority=1, short=f"{n} in all (a)", style="bold"))
        if self.related is not None:
            parts.append(Part("escape: back", priority=2))
        else:
            parts.append(Part(ORDER_NAMES[self.effective_order], priority=4))
        wanted = self.effective_filter
        if wanted:
            parts.append(Part(f"{wanted} only", priority=2, style="bold"))
        if self.indexing:
            parts.append(Part(self.indexing, priority=3))
        if self.has_query and not self.ready:
            parts.append(Part("search starts when the index is ready", priority=0, urgent=True))
        if found is not None and self.has_query and self.related is None:
            parts.append(Part(f"{found.seconds * 1000:.0f} ms", priority=5, style="dim"))
            if found.suggestion:
                parts.append(Part(f"did you mean: {found.suggestion}", priority=0, style="bold", urgent=True))
            parts += [
                Part("⚠ " + note, priority=0, short="⚠ " + note.split(";")[0], style="italic", urgent=True)
                for note in found.notes
            ]
        return parts
