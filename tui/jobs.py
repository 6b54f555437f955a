"""What the reader's workers run on the index thread: plain code over the engine's public API
(no Textual, no Whoosh object). Each takes the PaperIndex and returns what the view needs."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Generator, Iterable
from typing import TYPE_CHECKING, TypeVar

from dailypapers.index import Paper, Sort, marked_papers

from .scope import CatchUp, Followed
from .state import Found, Row, SearchRequest
from .view.reach import names_place

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dailypapers.index import FileRecord, Mark, Marks, PaperIndex, Recommendations, Visit

PICKS = 50  # papers picked for you at a time
T = TypeVar("T")


def search(pix: PaperIndex, request: SearchRequest, cancel: Callable[[], bool] | None = None) -> Found:
    """The search, and where its words are in the titles (and in the first abstract, shown at once).
    `cancel` gives it up (raising `Cancelled`) once a newer search supersedes it."""
    result = pix.search(
        request.text, request.snapshot, request.limit, Sort(request.sort), request.only, request.exclude,
        complete=request.typing, cancel=cancel,
    )  # fmt: skip
    rows = [Row(h.paper, h.terms, tuple(pix.spans("title", h.paper.title, h.terms))) for h in result.hits]
    if rows:
        first = rows[0]
        first.abstract_spans = tuple(pix.spans("abstract", first.paper.abstract, first.terms))
    found = Found(
        request, result.total, result.all_words, result.some_words, rows,
        result.seconds, result.suggestion, list(result.notes), sort=result.sort.value,
        by_every_word=result.ranking == "by every word",
    )  # fmt: skip
    day = request.scope.day
    if request.snapshot is not None:  # narrowed to a day (h): how many every day holds
        found.other = pix.count(request.text, None, request.only, request.exclude).total
    elif day is not None and not names_place(request.text):  # every day: how many the day left holds
        found.other = pix.count(request.text, day, request.only, request.exclude).total
    return found


def complete(pix: PaperIndex, row: Row) -> tuple[Paper, tuple[tuple[int, int], ...]]:
    """A catalogue row's whole paper, and where the query's words are in its abstract."""
    paper = row.paper if row.complete else pix.paper(row.paper.id) or row.paper
    return paper, tuple(pix.spans("abstract", paper.abstract, row.terms)) if row.terms else ()


def related(pix: PaperIndex, paper_id: str) -> list[Row]:
    return [
        Row(h.paper, h.terms, tuple(pix.spans("title", h.paper.title, h.terms)))
        for h in pix.related(paper_id)
    ]


def open_index(pix: PaperIndex) -> bool:
    """The index as last built, opened for searching before it is brought up to date; False
    when there is none complete and readable (a first build, a damaged one, another format)."""
    pix.refresh()
    return pix.location is not None and bool(pix.records)


def catalogue(pix: PaperIndex) -> tuple[list[Paper], list[FileRecord]]:
    """Every paper (light: no abstract) in page order, and every snapshot file."""
    pix.refresh()
    return pix.papers(light=True), pix.snapshots()


def starred(pix: PaperIndex, marks: Mapping[str, Mark]) -> list[Paper]:
    """The papers of these marks, whole, in library order (a paper gone from the library by its
    title alone): the engine's `marked_papers`, as `dailypapers export` finds them."""
    return [paper for paper, _ in marked_papers(pix, marks)]


def every_hit(pix: PaperIndex, request: SearchRequest) -> list[Paper]:
    """Every paper a search finds (all the status line counts, not only the hits fetched so far)."""
    result = pix.search(request.text, request.snapshot, None, only=request.only, exclude=request.exclude)
    return [h.paper for h in result.hits]


def whole(pix: PaperIndex, rows: list[Row]) -> list[Paper]:
    """The papers of these rows, with their abstracts."""
    return [pix.paper(r.paper.id) or r.paper for r in rows]


def counts(pix: PaperIndex, queries: list[str]) -> list[int]:
    """How many papers each query finds (an author's, an organisation's: said in the chooser)."""
    return [pix.count(q).total for q in queries]


def papers_by(pix: PaperIndex, query: str) -> list[Row]:
    """Every paper of a query (more by an author, from an organisation), newest first."""
    return [Row(h.paper, h.terms) for h in pix.search(query, None, None, Sort.NEWEST).hits]


# -- catching up -------------------------------------------------------------------------


def session_since(visits: Iterable[Visit], until: str | None, today: dt.date) -> tuple[str | None, str]:
    """The day after which papers are new in this session, and how it was chosen: the newest day
    the library held at the last visit made before today (a reader or a digest), so that opening
    the reader again the same day (or after this morning's digest) keeps the same inbox; with no
    such visit (a first run), nothing is new yet: the list is the newest day anyway, and every
    paper would be new (the bundled snapshots' days are the day they were copied)."""
    earlier = [v for v in visits if dt.datetime.fromtimestamp(v.at).date() < today]
    if earlier:
        last = max(earlier, key=lambda v: v.at)
        when = dt.datetime.fromtimestamp(last.at).strftime("%Y-%m-%d %H:%M")
        from dailypapers.index import visit_day  # (the inbox's module: after the first frame)

        return visit_day(last), f"your last visit before today ({last.kind}, {when})"
    if until is None:
        return None, "an empty library"
    return until, "no visit before today: nothing is new yet"


def session_changes_after(visits: Iterable[Visit], today: dt.date, now: float) -> float:
    """The time after which a change to a paper the user cares about is news in this session:
    the last visit made before today (as `session_since` chooses the day), else the first visit
    of today (the same list when the reader is opened again today), else now (a first run: what
    a capture brings from now on). Kept for the session: each look records a visit, and a look
    counted from the last one would drop a change the one before had just shown."""
    visits = list(visits)
    earlier = [v.at for v in visits if dt.datetime.fromtimestamp(v.at).date() < today]
    if earlier:
        return max(earlier)
    return min((v.at for v in visits), default=now)


def step(steps: Generator[None, None, T]) -> T | None:
    """One step of a job made of steps (the index thread's turn between them: a search typed
    meanwhile runs first); its answer after the last step, else None."""
    try:
        next(steps)
    except StopIteration as done:
        return done.value
    return None


def catch_up(
    pix: PaperIndex, marks: Marks, session: tuple[str | None, str, float] | None = None, record: bool = True
) -> Generator[None, None, CatchUp]:
    """The papers new since the session's day and the changes since its time (both worked out
    from the visits when `session` is None, then kept), in the inbox's order, and every follow
    with its papers; then, with `record`, remember this visit (the library seen up to its
    newest day). In steps (`step`): typing never waits for it."""
    from dailypapers.index import CatchUp as Engine
    from dailypapers.index.marks.history import History

    engine = Engine(pix, marks)
    if session is None:
        visits, today = marks.visits(), dt.date.today()
        after = session_changes_after(visits, today, time.time())
        session = (*session_since(visits, engine.until, today), after)
    since, how, after = session
    fresh, counts, follows = engine.new_ids(since), [], []
    for follow in marks.follows():  # a step each
        yield
        count, ids = engine.follow_count(follow, fresh)
        counts.append(count)
        follows.append(Followed(follow.name, follow.query, frozenset(ids), frozenset(count.new)))
    yield
    new = engine.new_since(since, counts)
    yield
    changes = engine.changes(since, after=after)  # (before the visit is recorded: after it, nothing changed)
    yield
    history = History(marks.path)
    try:
        pix.rising = history.rates()  # what Sort.RISING orders by, on this thread as every index call
    finally:
        history.close()
    if record:
        engine.record_visit("reader")
    return CatchUp(since, how, new, follows, changes, dict(pix.rising), after)


def for_you(pix: PaperIndex, marks: Marks) -> Recommendations:
    """Papers like the starred ones (the most upvoted with fewer than 3 stars), with why."""
    from dailypapers.index import recommend

    return recommend(pix, marks, PICKS)
