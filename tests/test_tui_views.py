"""The reader's sorts, weeks and months, inbox, follows, picks and asides as plain code, without a
terminal: the view state, the snapshot list's entries, what the status line says, a row's right
column and a paper's facts, and the day a session's inbox starts from."""

from __future__ import annotations

import datetime as dt

from rich.style import Style
from test_tui_state import Rec

from dailypapers.index.marks.db import Mark, Visit
from dailypapers.index.marks.inbox import NewPaper
from dailypapers.index.marks.recommend import Pick, Recommendations
from dailypapers.index.papers.model import Appearance, Paper
from dailypapers.index.papers.signals import Account, Repo, Signals
from dailypapers.tui import say
from dailypapers.tui.days import days_of
from dailypapers.tui.entries import FOLLOW_ID, INBOX_ID, PERIOD_ID, entries, entry_of, scope_of
from dailypapers.tui.jobs import session_changes_after, session_since
from dailypapers.tui.scope import FOLLOW, FOR_YOU, INBOX, MONTH, WEEK, Aside, CatchUp, Followed, Scope
from dailypapers.tui.show import cells, paper_doc, repo_label, short_count
from dailypapers.tui.state import Found, Row, ViewState
from dailypapers.tui.widgets.paper_view import _packed

# Two ISO weeks across two months: W31 is Mon 27 Jul .. Sun 2 Aug 2026, W32 is 3 .. 9 Aug.
DATES = ["2026-07-30", "2026-07-31", "2026-08-03", "2026-08-04"]


def signals(stars: int | None = None, comments: int = 0) -> Signals:
    repo = Repo("https://github.com/x/y", stars) if stars is not None else None
    return Signals(ai_summary="A short summary.", github=repo, comments=comments)


def paper(pid: str, day: str, position: int, upvotes: int, stars: int | None = None, comments: int = 0):
    app = Appearance(day, day, position, upvotes, signals(stars, comments))
    return Paper(pid, f"Title {pid}", "", appearances=[app])


def library() -> ViewState:
    """Four API days over two weeks and two months; a paper (p) seen on two days."""
    state = ViewState()
    state.load(
        days_of([Rec(d, f"{d}.json", d, 2) for d in DATES]),
        [
            paper("a", DATES[0], 1, 50, stars=3),
            paper("b", DATES[0], 2, 10, comments=9),
            paper("c", DATES[1], 1, 70),
            paper("d", DATES[2], 1, 5, stars=900),
            paper("e", DATES[3], 1, 30, comments=2),
            Paper("p", "Title p", "", appearances=[
                Appearance(DATES[1], DATES[1], 2, 20, signals()),
                Appearance(DATES[2], DATES[2], 2, 90, signals()),
            ]),
        ],
    )  # fmt: skip
    state.ready = True
    return state


def ids(state: ViewState) -> list[str]:
    return [r.paper.id for r in state.rows()]


def test_sorts_cycle_as_on_the_command_line_and_the_status_says_the_order():
    state = library()
    state.set_scope(Scope("all"))
    assert state.orders == ["newest", "upvotes", "stars", "comments", "page"]
    state.cycle_order()
    assert ids(state) == ["p", "c", "a", "e", "b", "d"]  # the latest known upvotes
    assert "by upvotes" in [p.text for p in say.status(state)]
    state.cycle_order()
    assert ids(state)[:2] == ["d", "a"] and state.number(state.papers[3]) == 900  # the count is stars
    state.cycle_order()
    assert ids(state)[:2] == ["b", "e"] and state.number(state.papers[1]) == 9
    state.set_query("x")
    assert state.orders == ["relevance", "upvotes", "stars", "comments", "newest", "page"]
    assert state.request().sort == "relevance"  # a search starts by relevance
    for _ in range(3):
        state.cycle_order()
    assert state.request().sort == "comments"  # the engine sorts a search
    state.set_query("")
    assert state.effective_order == "comments"  # browsing keeps its own
    state.set_query("x")
    found = Found(state.request(), 1, 1, 0, [Row(state.papers[0])], sort="newest")
    state.show(found)
    assert state.shown_order == "newest" and "newest first" in [p.text for p in say.status(state)]


def test_weeks_and_months_list_their_days_by_upvotes_and_step():
    state = library()
    assert sorted(state.periods) == ["2026-07", "2026-08", "2026-W31", "2026-W32"]
    assert state.period_counts() == {"2026-W32": 3, "2026-W31": 4, "2026-08": 3, "2026-07": 4}
    assert state.widen() and state.scope == Scope(WEEK, "2026-W32")  # from the newest day
    assert ids(state) == ["p", "e", "d"] and state.effective_order == "upvotes"
    assert [p.text for p in say.status(state)][:2] == ["3 papers", "by upvotes"]
    assert say.scope_label(state) == "Week 32 · 3–9 Aug 2026" and state.dated_rows
    assert state.step_day(-1) and state.scope.key == "2026-W31" and not state.step_day(-1)
    assert say.scope_label(state, short=True) == "W31 · 27 Jul–2 Aug"
    assert state.widen() and state.scope == Scope(MONTH, "2026-07")  # the month of its newest day
    assert ids(state) == ["p", "c", "a", "b"] and say.scope_label(state) == "July 2026"
    assert state.widen() and state.scope == Scope("day", DATES[3])  # back to the day it came from
    state.set_query("x")
    state.set_scope(Scope(WEEK, "2026-W31"))
    assert state.request().only == frozenset({"a", "b", "c", "p"}) and state.request().snapshot is None


def test_an_undated_day_has_no_week():
    state = ViewState()
    state.load(days_of([Rec("s", "000_x.txt", "Sep 3", 1)]), [Paper("a", "A", "", appearances=[])])
    assert not state.widen() and state.periods == {}


def test_inbox_in_its_order_dismissed_gone_and_undone():
    state = library()
    state.set_catchup(catchup(state, "e", "d", "p"))
    state.toggle_scope(Scope(INBOX))
    assert ids(state) == ["e", "d", "p"] and state.effective_order == "ranked"
    assert say.scope_label(state) == "New since Sun 2 Aug"
    assert "follows first, then for you" in [p.text for p in say.status(state)]
    assert [cells(state, Row(p)).marks for p in state.papers] == ["  ", "  ", "  ", " +", " +", " +"]
    dismissed = state.papers[3]
    state.mark_saved(dismissed, Mark("d", dismissed=True))
    assert ids(state) == ["e", "p"] and cells(state, Row(dismissed)).marks == " ×"
    assert state.to_undo() is dismissed
    state.set_query("x")
    assert state.request().only == frozenset({"e", "p"})
    state.mark_saved(dismissed, Mark("d"))
    assert state.to_undo() is None
    state.set_query("")
    assert ids(state) == ["e", "d", "p"]
    assert state.reason(state.papers[4]) == "New: why e"
    state.toggle_scope(Scope(INBOX))
    assert state.scope == Scope("day", DATES[3])  # again: back to the newest day


def test_follows_and_picks_are_scopes():
    state = library()
    follow = Followed("world", "world", frozenset({"a", "d"}), frozenset({"d"}))
    state.set_catchup(CatchUp("2026-08-01", "a test", [], [follow]))
    state.set_scope(Scope(FOLLOW, "world"))
    assert ids(state) == ["d", "a"] and say.scope_label(state) == "Following: world"  # newest first
    state.set_catchup(CatchUp("2026-08-01", "a test", [], []))  # unfollowed elsewhere
    assert state.scope.kind == "all"
    picks = [Pick(state.papers[2], 1.0, "like “Title a”"), Pick(state.papers[4], 0.5, "")]
    state.set_picks(Recommendations(picks, "upvotes"))
    state.set_scope(Scope(FOR_YOU))
    assert ids(state) == ["c", "e"] and state.reason(state.papers[2]) == "For you: like “Title a”"
    status = say.status(state)
    assert any(p.short == "fewer than 3 stars: most upvoted" for p in status)
    state.mark_saved(state.papers[0], Mark("a", starred=True))
    assert state.picks_stale


def test_asides_sort_and_go_back():
    state = library()
    rows = [Row(p) for p in state.papers[:3]]
    state.enter_aside(Aside("By X", "X", rows, ("newest", "upvotes")), keep="e")
    assert ids(state) == ["c", "a", "b"] and state.dated_rows  # newest first, dated, no headings
    state.cycle_order()
    assert ids(state) == ["c", "a", "b"] and state.effective_order == "upvotes"
    assert "escape: back" in [p.text for p in say.status(state)]
    assert state.escape() == "aside" and state.aside is None


def test_the_snapshot_list_entries():
    state = library()
    state.set_catchup(catchup(state, "e", "d"))
    state.catchup.follows.append(Followed("world", "world", frozenset({"a", "d"}), frozenset({"d"})))
    listed = entries(state)
    assert [e.label for e in listed[:4]] == ["New since Sun 2 Aug", "For you", "All snapshots", "★ Starred"]
    assert listed[0].new == "2"
    follow = next(e for e in listed if e.id == FOLLOW_ID + "world")
    assert (follow.new, follow.count, follow.indent) == ("1 new", "2", 1)
    timeline = [("  " * e.indent + e.label) for e in listed if e.id.startswith(PERIOD_ID) or e.indent == 2]
    assert timeline == [
        "August 2026", "  Week 32 · 3–9 Aug 2026", "    Tue 4 Aug", "    Mon 3 Aug",
        "July 2026", "  Week 31 · 27 Jul–2 Aug 2026", "    Fri 31 Jul", "    Thu 30 Jul",
    ]  # fmt: skip
    assert len({e.id for e in listed}) == len(listed)
    for e in listed:
        scope = scope_of(e.id)
        if scope is not None and not e.heading:
            assert scope_of(entry_of(scope)) == scope
    assert scope_of(INBOX_ID) == Scope(INBOX)


def test_a_week_across_two_months_is_under_both():
    state = ViewState()
    days = ["2026-06-30", "2026-07-01"]  # Tue and Wed of ISO week 27
    state.load(days_of([Rec(d, f"{d}.json", d, 1) for d in days]), [paper("a", days[0], 1, 1)])
    weeks = [e for e in entries(state) if e.id.startswith(PERIOD_ID + "2026-W27")]
    assert len(weeks) == 2 and {scope_of(e.id) for e in weeks} == {Scope(WEEK, "2026-W27")}


def test_row_cells_and_paper_facts():
    state = library()
    row = Row(state.papers[3])
    assert cells(state, row).code and cells(state, row).count == "5"
    assert not cells(state, Row(state.papers[1])).code
    assert [short_count(n) for n in (999, 12_345, 1_234_567, 98_765_432)] == ["999", "12k", "1.2M", "98M"]
    whole = Paper(
        "2608.00001", "T", "Abstract.", "2608.00001", ["Ada Lovelace", "Alan Turing"],
        [Appearance(DATES[3], DATES[3], 1, 12, Signals(
            ai_summary="In short.", keywords=("graphs", "proofs"),
            github=Repo("https://github.com/a/b", 1234),
            project_page="https://example.org/p", organization=Account("acme", "Acme Labs"), comments=3,
            submitted_by=Account("ada", "Ada L"),
        ))],
    )  # fmt: skip
    doc = paper_doc(state, Row(whole))
    assert doc.tldr == "In short." and doc.authors == "Ada Lovelace, Alan Turing" and doc.all_authors == ""
    team = [f"Author {n}" for n in range(40)]  # a large team: named after the abstract
    big = paper_doc(state, Row(Paper("2608.00002", "T", "A.", "2608.00002", team, whole.appearances)))
    assert big.authors == "Author 0, Author 1, Author 2, Author 3, Author 4, Author 5 and 34 more"
    assert big.all_authors == "Authors: " + ", ".join(team)
    assert doc.about == ["Organisation: Acme Labs (acme)", "Submitted by Ada L (ada)"]
    assert doc.keywords == "Keywords: graphs, proofs"
    assert doc.brief == "https://arxiv.org/abs/2608.00001 · ▲ 12 · </> ★ 1,234 · 3 comments · Acme Labs"
    assert [label for label, _ in doc.links] == [
        "arXiv",
        "PDF",
        "Hugging Face",
        "GitHub ★ 1,234",
        "project page",
    ]
    assert doc.tags == [
        ("arXiv 2608.00001", "https://arxiv.org/abs/2608.00001"),
        ("PDF", "https://arxiv.org/pdf/2608.00001"),
        ("HF page", "https://huggingface.co/papers/2608.00001"),
        ("GitHub a/b ★1,234", "https://github.com/a/b"),
        ("project page", "https://example.org/p"),
    ]
    assert "3 comments · code ★ 1,234" in doc.facts[0]


def test_the_session_inbox_starts_at_the_last_visit_before_today():
    today = dt.date(2026, 8, 22)
    at = lambda d, h: dt.datetime(2026, 8, d, h).timestamp()  # noqa: E731
    visits = [Visit(at(20, 9), "reader", "2026-08-20"), Visit(at(21, 9), "reader", "2026-08-21")]
    assert session_since(visits, "2026-08-22", today)[0] == "2026-08-21"
    this_morning = [
        *visits,
        Visit(at(22, 7), "digest", "2026-08-22"),
        Visit(at(22, 9), "reader", "2026-08-22"),
    ]
    assert session_since(this_morning, "2026-08-22", today)[0] == "2026-08-21"  # the same inbox all day
    first = session_since([], "2026-08-22", today)  # a first run: nothing is new (no inbox of everything)
    assert first == ("2026-08-22", "no visit before today: nothing is new yet")
    assert session_since(this_morning[2:], "2026-08-22", today)[0] == "2026-08-22"  # opened again today
    assert session_since([], None, today)[0] is None


def test_the_session_counts_changes_from_its_first_look_not_its_last():
    """Each look records a visit: changes counted from the last one were lost at the next look
    (the change to a starred paper shown after R vanished when the library was read again)."""
    today = dt.date(2026, 8, 22)
    at = lambda d, h: dt.datetime(2026, 8, d, h).timestamp()  # noqa: E731
    visits = [Visit(at(20, 9), "reader", "2026-08-20"), Visit(at(21, 9), "reader", "2026-08-21")]
    assert session_changes_after(visits, today, at(22, 10)) == at(21, 9)
    this_morning = [
        *visits,
        Visit(at(22, 7), "digest", "2026-08-22"),
        Visit(at(22, 9), "reader", "2026-08-22"),
    ]
    assert session_changes_after(this_morning, today, at(22, 10)) == at(21, 9)
    assert session_changes_after(this_morning[2:], today, at(22, 10)) == at(22, 7)  # opened again today
    assert session_changes_after([], today, at(22, 10)) == at(22, 10)  # a first run: from now on


def catchup(state: ViewState, *new: str, since: str = "2026-08-01") -> CatchUp:
    by_id = {p.id: p for p in state.papers}
    return CatchUp(since, "a test", [NewPaper(by_id[i], "2026-08-04", 0.5, f"why {i}") for i in new])


def test_repository_labels():
    assert repo_label("https://github.com/Owner/Repo.git") == "GitHub Owner/Repo"
    assert repo_label("https://www.github.com/o/r/tree/main") == "GitHub o/r"
    assert repo_label("https://gitlab.com/o/r") == "code gitlab.com"
    assert repo_label("https://github.com/") == "code github.com"


def test_link_labels_are_packed_without_breaking_a_word():
    """Every width from 4 to 100 cells: no line is wider, every word of every label is whole on
    one line (or cut with an ellipsis when wider than the line), in order, each its own link."""
    tags = [
        ("arXiv 2608.19880", "https://arxiv.org/abs/2608.19880"),
        ("HF page", "https://huggingface.co/papers/2608.19880"),
        ("GitHub google-research/envharness ★12k", "https://github.com/google-research/envharness"),
        ("project page", "https://envharness.example.org/"),
    ]
    words = [(w, url) for label, url in tags for w in label.split(" ")]
    for width in range(4, 101):
        rows = _packed(tags, width, Style())
        assert all(row.cell_len <= width for row in rows), width
        shown = [w for row in rows for w in row.plain.replace(" · ", " ").removesuffix(" ·").split(" ")]
        whole = [w for w, _ in words]
        if width >= len("google-research/envharness"):
            assert shown == whole, width
            if width >= len(tags[2][0]):  # a label that fits on a line is on one line
                assert all(any(label in row.plain for row in rows) for label, _ in tags), width
        else:  # the repository breaks after its slash, a word too wide is cut
            split = ("google-research/", "envharness")
            assert all(w in whole or w.endswith("…") or w in split for w in shown), width
        for row in rows:  # each piece of a label links to the label's URL; the separators to nothing
            linked = 0
            for span in row.spans:
                piece = row.plain[span.start : span.end].strip().rstrip("…")
                assert isinstance(span.style, Style) and span.style.link, (width, piece)
                assert any(piece in label and url == span.style.link for label, url in tags), (width, piece)
                linked += span.end - span.start
            joins = 3 * row.plain.count(" · ") + 2 * row.plain.endswith(" ·")
            assert linked == len(row.plain) - joins, (width, row.plain)  # every label cell is a link


def test_latex_escapes_shown_as_characters_with_matches_where_they_were():
    from dailypapers.tui.render import MATCH, marked

    stored = r"Accuracy below 50\% with top\_k routing and R\&D loss"
    start = stored.index("routing")
    shown = marked(stored, [(start, start + len("routing"))])
    assert shown.plain == "Accuracy below 50% with top_k routing and R&D loss"
    (span,) = [s for s in shown.spans if s.style == MATCH]
    assert shown.plain[span.start : span.end] == "routing"
    assert marked(r"a \\% b", []).plain == r"a \\% b"  # an escaped backslash is left as it is
