"""What the top line, the status line and an empty list say about the view, as plain code (no
Textual): the scope's name, the count, the order actually used, the filter, the search time, a
did-you-mean and notes, and why the picks for you are the most upvoted papers."""

from __future__ import annotations

from .scope import ALL, DAY, FOLLOW, FOR_YOU, INBOX, PERIODS, STARRED, period_label
from .state import Found, ViewState
from .status import Part
from .view.reach import KEY

ORDER_NAMES = {
    "relevance": "relevance",
    "upvotes": "by upvotes",
    "stars": "by GitHub stars",
    "comments": "by comments",
    "newest": "newest first",
    "page": "page order",
    "ranked": "ranked",  # the engine's own order of the inbox and the picks (said per scope)
}


FIRST_RUN = (
    "No snapshot in {library} yet. Fetch days from the site: dailypapers capture (today; --from"
    " DAY for more). Or add a saved page or API file: dailypapers add FILE (or copy .json, .md,"
    " .txt files into that folder). The reader sees them within 5 s (ctrl+r: now)."
)


def opening(state: ViewState) -> bool:
    """The reader is opening: no index yet and no paper read, or no catalogue yet and no search
    answered (from the index as last built)."""
    return (not state.ready and not state.papers) or (not state.library.loaded and state.found is None)


def empty_text(state: ViewState, library: str = "") -> str:
    """What the list says when it holds no paper, and what to do next."""
    if opening(state):
        return "Opening the library…"
    if state.ready and not state.days and state.library.loaded:
        return FIRST_RUN.format(library=library or "the library")
    kind, wanted = state.scope.kind, state.effective_filter
    if not state.has_query:
        if wanted:
            return f"No {wanted} paper here (f: the next filter; escape: all papers)."
        if kind == INBOX:
            if state.catchup is None:
                return "Looking for what is new…"
            since = state.catchup.first_day
            more = " Newer days: dailypapers capture (the reader sees them within 5 s)."
            return (
                f"Nothing new since {since}."
                if since
                else "Nothing new yet: new papers are counted from your next visit."
            ) + more
        if kind == FOR_YOU:
            if state.picks is None:
                return "Picking papers for you…"
            return "No paper to pick: star papers you like (s); from 3 stars the picks are like them."
        if kind == FOLLOW:
            return "No paper matches this follow yet (b, then d on it unfollows)."
        return (
            "No papers here ([ ] other days, a every day)."
            if kind != STARRED
            else "No starred paper: s stars one."
        )
    found = state.found
    if found is not None and found.other and kind == DAY and state.shown_scope.kind == DAY:
        return f"No paper matches in this day; {found.other:,} in every day: press {KEY}."
    if state.shown_scope != state.scope:
        return "No paper matches in any day."
    way = state.reach.way_out(state.scope, state.query, "")
    return f"No paper matches here ({way})." if way else "No paper matches."


def scope_label(state: ViewState, short: bool = False) -> str:
    """What the list holds, for the top line (`short`: for a narrow screen)."""
    aside, kind, key = state.aside, state.scope.kind, state.scope.key
    if not state.days and not (state.ready and state.library.loaded):
        return ""  # opening: nothing to name yet
    if aside is not None:
        return aside.short if short else aside.label
    if state.has_query and state.shown_scope != state.scope:
        return "Every day" if short else "Search: every day"
    if kind == STARRED:
        return "★ Starred"
    if kind == ALL:
        return "All snapshots" if not short else "All days"
    if kind in PERIODS:
        return period_label(key or "", short)
    if kind == INBOX:
        return state.catchup.label if state.catchup else "New since your last visit"
    if kind == FOR_YOU:
        return "For you"
    if kind == FOLLOW:
        return str(key) if short else f"Following: {key}"
    day = state.day(key)
    label = day.label if day else str(key)
    newest = state.ready and day is not None and day is state.newest  # (not while a first build reads)
    if short:
        label = day.short if day else label
    return label + (" · newest" if newest else "")


def count(state: ViewState) -> Part:
    found = state.found
    if found is None or (not state.has_query and state.aside is None):
        n = len(state.rows()) if state.listed is None else state.listed  # what the list shows
        return Part(f"{n:,} paper{'s' if n != 1 else ''}", priority=1)
    total = f"{found.total:,} paper{'s' if found.total != 1 else ''}"
    if found.request.text in state.wordless and state.aside is None:  # fields only: nothing to rank
        return Part(f"{total} matching", priority=1, short=total)
    if found.request.sort != "relevance":  # sorted: only the papers with every word are listed
        return Part(f"{total} with all words", priority=1, short=total)
    if found.some_words:
        all_, some = f"{found.all_words:,}", f"{found.some_words:,}"
        ranked = " · ranked by every word" if found.by_every_word else ""
        return Part(
            f"{total}: {all_} with all words · {some} with some{ranked}",
            priority=1,
            short=f"{found.total:,} ({all_} all · {some} some)",
            shortest=total,
        )
    return Part(total, priority=1)


def where(state: ViewState, found: Found) -> list[Part]:
    """Where the search looked, how many of its papers the day left holds (or every day, when
    narrowed to the day), and the key to the other reach."""
    scope, query, reach = state.scope, state.query, state.reach
    day = state.day(scope.day)
    here = (day.short if day else "") or scope_label(state, short=True) or "here"
    looked = reach.where(scope, query, here)
    wide = state.shown_scope != scope
    parts = [Part(looked, priority=0, style="bold" if wide else "")]  # always said
    if found.other is not None and day is not None:
        n = f"{found.other:,}"
        text = f"{n} in {day.short}" if wide else f"{n} in every day"
        parts.append(Part(text, priority=2, short=f"{n} in the day" if wide else None))
    way = reach.way_out(scope, query, "this day" if scope.kind == DAY else here)
    if way:
        parts.append(Part(way, priority=1, short=f"{KEY}: {'here' if wide else 'every day'}", style="bold"))
    return parts


def order_part(state: ViewState) -> Part:
    order = state.shown_order
    text = ORDER_NAMES[order]
    if order == "ranked" and state.scope.kind == INBOX:
        text = "follows first, then for you"
    elif order == "ranked":
        text = "like your stars" if state.picks and state.picks.method == "profile" else "most upvoted"
    return Part(text, priority=4)


def status(state: ViewState) -> list[Part]:
    """The status line's parts; `status.fit` chooses what fits the width."""
    found = state.found
    if opening(state):  # the list says so; no count, no order yet
        return [Part(state.indexing, priority=3)] if state.indexing else []
    parts = [Part("searching…", priority=0, style="bold")] if state.searching else []
    if state.hint:
        parts.append(Part(state.hint, priority=0, style="bold", urgent=True))
    if found is not None or not state.has_query:  # nothing to count before the first answer
        parts.append(count(state))
    if found is not None and state.has_query and state.aside is None:
        parts += where(state, found)
    picks = state.picks
    if state.scope.kind == FOR_YOU and state.aside is None and picks and picks.method != "profile":
        from dailypapers.index import MIN_STARS  # (the picks' module: after the first frame)

        parts.append(
            Part(
                f"fewer than {MIN_STARS} stars: the most upvoted papers you have not read",
                priority=1,
                short=f"fewer than {MIN_STARS} stars: most upvoted",
                style="bold",
            )
        )
    if state.aside is not None:
        parts.append(Part("escape: back", priority=2))
    parts.append(order_part(state))
    wanted = state.effective_filter
    if wanted:
        parts.append(Part(f"{wanted} only", priority=2, style="bold"))
    if state.indexing:
        parts.append(Part(state.indexing, priority=3))
    if state.has_query and not state.ready:
        parts.append(Part("search starts when the index is ready", priority=0, urgent=True))
    if found is not None and state.has_query and state.aside is None:
        parts.append(Part(f"{found.seconds * 1000:.0f} ms", priority=5, style="dim"))
        if found.suggestion:
            parts.append(Part(f"did you mean: {found.suggestion}", priority=0, style="bold", urgent=True))
        parts += [
            Part("⚠ " + note, priority=0, short="⚠ " + note.split(";")[0], style="italic", urgent=True)
            for note in found.notes
        ]
    new = len(state.inbox()) if state.catchup and state.scope.kind != INBOX and state.aside is None else 0
    if new:  # the way to the inbox, from wherever the list is (when there is room)
        since = state.catchup.first_day if state.catchup else ""
        text = f"{new:,} new since {since} (i)" if since else f"{new:,} new (i)"
        parts.append(Part(text, priority=5, short=f"{new:,} new (i)"))
    return parts
