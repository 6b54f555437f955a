"""The reader's halves of issues 12 and 13, driven with the pilot on API days (20 synthetic days
shaped like the real ones, with what the site shows) and real marks databases: sorts, weeks and
months, the paper's signals and links, more by an author or from an organisation, the inbox
(new since the last visit) with its triage, follows and the picks for you."""

from __future__ import annotations

import time

import pytest
from tui_helpers import (
    drawer,
    main,
    make_app,
    paper_text,
    press,
    results,
    settle,
    state,
    status,
    to_entry,
)

from dailypapers.index import PaperIndex
from dailypapers.index.marks.db import Marks, default_marks_path
from dailypapers.index.marks.inbox import CatchUp
from dailypapers.index.papers.views import Sort, week_days, week_of
from dailypapers.index.search.queryfields import author_query, org_query
from dailypapers.tui import say
from dailypapers.tui.screens.choose import ChooseScreen
from dailypapers.tui.screens.reader import PaperScreen
from dailypapers.tui.widgets import PaperView

SIZE = (100, 30)


@pytest.fixture
def app(api_library, tmp_path):
    lib, prebuilt = api_library
    return make_app(lib, tmp_path / "ix", prebuilt)


def pix(app) -> PaperIndex:
    return main(app).backend.pix


def ids(app) -> list[str]:
    return [r.paper.id for r in results(app).rows]


async def test_this_weeks_top_papers_in_one_key_then_the_month(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        newest = state(app).scope.day
        await press(pilot, "w")  # the newest day's ISO week, by upvotes
        await settle(pilot)
        week = week_of(newest)
        expected = pix(app).papers(light=True, days=week_days(week), sort=Sort.UPVOTES)
        assert ids(app) == [p.id for p in expected] and "by upvotes" in status(app)
        votes = [r.paper.upvotes for r in results(app).rows]
        assert votes == sorted(votes, reverse=True)
        assert say.scope_label(state(app)).startswith("Week 25 · 15–21 Jun 2026")
        await press(pilot, "w")
        await settle(pilot)
        month = pix(app).papers(
            light=True, days=[f"2026-06-{n:02d}" for n in range(1, 31)], sort=Sort.UPVOTES
        )
        assert ids(app) == [p.id for p in month] and say.scope_label(state(app)) == "June 2026"
        await press(pilot, "w")  # back to the day
        await settle(pilot)
        assert state(app).scope.day == newest
        await to_entry(pilot, "Week 24 · 8–14 Jun 2026")
        await settle(pilot)  # the week in the snapshot list: the list follows
        assert state(app).scope.key == "2026-W24" and len(ids(app)) == sum(
            1 for p in pix(app).papers(light=True, days=week_days("2026-W24"))
        )
        await press(pilot, "enter", "left_square_bracket")  # the week before
        await settle(pilot)
        assert state(app).scope.key == "2026-W23"


async def test_order_cycles_the_sorts_and_the_status_says_the_one_used(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        day = state(app).scope.day
        assert "page order" in status(app)
        await press(pilot, "o", "o")  # upvotes, then GitHub stars
        await settle(pilot)
        stars = [r.paper.signals.github.stars for r in results(app).rows if r.paper.signals.github]
        assert "by GitHub stars" in status(app) and stars == sorted(stars, reverse=True)
        assert ids(app)[: len(stars)] == [r.paper.id for r in results(app).rows if r.paper.signals.github]
        await press(pilot, "slash", *"has:code", "enter", "h")  # in the day: nothing to rank, newest first
        await settle(pilot)
        found = pix(app).search("has:code", day, None)
        assert found.sort is Sort.NEWEST and "newest first" in status(app)
        assert set(ids(app)) == {h.paper.id for h in found.hits} and all(
            r.paper.signals.github for r in results(app).rows
        )


async def test_the_paper_shows_what_the_site_shows_with_links(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = results(app).rows
        n = next(n for n, r in enumerate(rows) if r.paper.signals.github)
        await press(pilot, *["j"] * n, "enter")
        await settle(pilot)
        assert isinstance(app.screen, PaperScreen)
        paper = pix(app).paper(rows[n].paper.id)
        view = app.screen.query_one(PaperView)
        text = paper_text(app, view)
        assert ", ".join(paper.authors) in text  # every author
        s = paper.signals
        if s.ai_summary:
            assert f"TL;DR {s.ai_summary}" in text
        assert f"{s.comments} comment" in text and f"code ★ {s.github.stars:,}" in text
        assert f"Submitted by {s.submitted_by.label}" in text
        await press(pilot, "G")  # the links are under the abstract
        shown = [view.render_line(y) for y in range(view.size.height)]
        links = {seg.style.link for strip in shown for seg in strip if seg.style and seg.style.link}
        assert links == {url for _, url in paper.links()} and s.github.url in links
        assert f"GitHub ★ {s.github.stars:,} {s.github.url}" in text


def _links_on(view: PaperView) -> tuple[set[str], list[str]]:
    """The OSC 8 targets of every line of the view, and the lines' text."""
    strips = view._lines
    found = {seg.style.link for strip in strips for seg in strip if seg.style and seg.style.link}
    return found, [strip.text.rstrip() for strip in strips]


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_links_beside_the_abstract_are_short_labels_never_broken(app, size, api_library, tmp_path):
    """At 120x40 (the side column under the list) and at 200x50 (the paper beside the list),
    every link is a short label that is an OSC 8 hyperlink; no URL is written out to wrap in
    the middle, no label is cut between lines; the full-screen reader at 120x40 too (its
    column is as narrow), and at 80x24 it writes the URLs out, each whole on a line."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        rows = results(app).rows
        n = next(n for n, r in enumerate(rows) if r.paper.signals.github)
        await press(pilot, *["j"] * n)
        await settle(pilot)
        paper = pix(app).paper(rows[n].paper.id)
        view = main(app).query_one(PaperView)
        assert not view.compact or size[0] < 160
        targets, lines = _links_on(view)
        assert targets >= {url for _, url in paper.links()}
        text = "\n".join(lines)
        assert not any(url in text for _, url in paper.links())  # labels, not URLs
        owner, repo = paper.signals.github.url.split("/")[-2:]
        flat = " ".join(text.split())
        assert len(paper.links()) == 4  # arXiv, PDF, Hugging Face, GitHub (synthetic days: no project page)
        for label in (f"arXiv {paper.arxiv_id}", "HF page", f"GitHub {owner}/{repo}"):
            assert label in flat
            assert any(label in line for line in lines), label  # on one line, whole
        if size == (120, 40):
            await press(pilot, "enter")
            await settle(pilot)
            reader = app.screen.query_one(PaperView)
            targets, lines = _links_on(reader)
            assert targets >= {url for _, url in paper.links()}
            assert not any(url in "\n".join(lines) for _, url in paper.links())
    narrow = make_app(api_library[0], tmp_path / "ix80", api_library[1])
    async with narrow.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *["j"] * n, "enter")
        await settle(pilot)
        _, lines = _links_on(narrow.screen.query_one(PaperView))
        assert all(any(url in line for line in lines) for _, url in paper.links())  # whole, one a line


async def test_more_by_an_author_and_from_the_organisation_and_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = results(app).rows
        n = next(n for n, r in enumerate(rows) if pix(app).paper(r.paper.id).signals.organization)
        await press(pilot, *["j"] * n, "A")
        await settle(pilot)
        assert isinstance(app.screen, ChooseScreen)  # six authors: which one
        paper = pix(app).paper(rows[n].paper.id)
        await press(pilot, *paper.authors[1])  # typing filters the chooser
        await settle(pilot)
        listed = app.screen.query_one("#choose-list")
        assert 1 <= listed.option_count < len(paper.authors)
        assert paper.authors[1] in str(listed.get_option_at_index(0).prompt)
        await press(pilot, "enter")
        await settle(pilot)
        expected = pix(app).search(author_query(paper.authors[1]), None, None, Sort.NEWEST)
        assert ids(app) == [h.paper.id for h in expected.hits] and rows[n].paper.id in ids(app)
        assert say.scope_label(state(app)) == f"By {paper.authors[1]}" and "escape: back" in status(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert results(app).current.paper.id == paper.id and state(app).aside is None
        await press(pilot, "O")
        await settle(pilot)
        org = paper.signals.organization
        expected = pix(app).search(org_query(org.name, org.fullname), None, None, Sort.NEWEST)
        assert ids(app) == [h.paper.id for h in expected.hits] and len(ids(app)) > 1
        await press(pilot, "escape", "enter", "A")  # from the paper read full-screen too
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert not isinstance(app.screen, PaperScreen) and state(app).aside is not None


def visit_before_today(until: str) -> None:
    """A reader visit made yesterday, when the library went up to `until`."""
    marks = Marks(default_marks_path())
    marks.record_visit("reader", until, at=time.time() - 86_400)
    marks.close()


async def test_the_inbox_holds_what_is_new_since_the_last_visit_and_triage(app, api_library):
    visit_before_today("2026-06-17")  # the last three days are new
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        marks = Marks(default_marks_path())
        expected = CatchUp(pix(app), marks).new_since("2026-06-17")
        first = drawer(app).entries[0]
        assert first.label == "New since Thu 18 Jun" and first.new == f"{len(expected)}"
        await press(pilot, "i")
        await settle(pilot)
        assert ids(app) == [n.paper.id for n in expected]  # each once, in the inbox's order
        assert (
            len(set(ids(app))) == len(ids(app)) == len({*(p for d in (18, 19, 20) for p in day_ids(app, d))})
        )
        assert "follows first, then for you" in status(app)
        last = marks.last_visit()
        assert last.kind == "reader" and last.until == "2026-06-20"  # this visit is remembered
        row = results(app).rows
        new_marks = [say_marks(app, r) for r in row]
        assert all(m[1] == "+" for m in new_marks)
        gone, after = ids(app)[0], ids(app)[1]
        await press(pilot, "x")
        await settle(pilot)
        assert gone not in ids(app) and results(app).current.paper.id == after
        assert marks.all()[gone].dismissed and drawer(app).entries[0].new == f"{len(expected) - 1}"
        await press(pilot, "s", "r")  # star and read the next one, in place
        await settle(pilot)
        assert marks.all()[after].starred and marks.all()[after].read and ids(app)[0] == after
        await press(pilot, "u")  # the dismissed one is back
        await settle(pilot)
        mark = marks.all().get(gone)
        assert gone in ids(app) and not (mark and mark.dismissed)
        await press(pilot, "a")  # every day: the + marks only the new papers
        await settle(pilot)
        new = {n.paper.id for n in expected}
        assert {r.paper.id for r in results(app).rows if say_marks(app, r)[1] == "+"} == new
        marks.close()


def day_ids(app, day: int) -> set[str]:
    return {p.id for p in pix(app).papers(f"2026-06-{day:02d}", light=True)}


def say_marks(app, row) -> str:
    from dailypapers.tui.show import cells

    return cells(state(app), row).marks


async def test_follow_an_author_from_the_paper_list_it_and_unfollow(app):
    visit_before_today("2026-06-10")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = pix(app).paper(results(app).rows[0].paper.id)
        await press(pilot, "enter", "F")  # from the paper read full-screen
        await settle(pilot)
        assert isinstance(app.screen, ChooseScreen)
        labels = [str(app.screen.query_one("#choose-list").get_option_at_index(i).prompt) for i in range(2)]
        org = paper.signals.organization
        author = paper.authors[0]
        skip = 1 if org else 0  # the organisation comes first
        assert labels[skip].startswith(f"Author: {author} · ")
        await press(pilot, *["down"] * skip, "enter")
        await settle(pilot)
        follows = Marks(default_marks_path()).follows()
        assert [(f.name, f.query) for f in follows] == [(author, author_query(author))]
        assert isinstance(app.screen, PaperScreen)  # still reading it
        await press(pilot, "escape")
        matching, _ = pix(app).matching(author_query(author))
        entry_ = next(e for e in drawer(app).entries if e.label == author)
        assert entry_.count == f"{len(matching)}"
        await to_entry(pilot, author)
        await settle(pilot)
        assert set(ids(app)) == matching and say.scope_label(state(app)) == f"Following: {author}"
        await press(pilot, "d")  # unfollow, from the snapshot list
        await settle(pilot)
        assert Marks(default_marks_path()).follows() == [] and all(
            e.label != author for e in drawer(app).entries
        )


async def test_S_follows_the_search_with_its_new_papers_counted(app):
    visit_before_today("2026-06-18")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        word = results(app).rows[0].paper.title.split()[0].lower()
        await press(pilot, "slash", *word, "enter", "S")
        await settle(pilot)
        await press(pilot, "ctrl+u", *"mine", "enter")
        await settle(pilot)
        assert [(f.name, f.query) for f in Marks(default_marks_path()).follows()] == [("mine", word)]
        matching, _ = pix(app).matching(word)
        new = {
            n for n in matching if n in CatchUp(pix(app), Marks(default_marks_path())).new_ids("2026-06-18")
        }
        listed = next(e for e in drawer(app).entries if e.label == "mine")
        assert listed.count == f"{len(matching)}" and listed.new == (f"{len(new)} new" if new else "")
        assert any("following “mine”" in m for m in app.messages)


async def test_for_you_says_when_it_falls_back_to_upvotes_then_picks_with_why(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "b", "g", "j")  # For you, with no star
        await settle(pilot)
        assert "fewer than 3 stars: " in status(app) and "most upvoted" in status(app)
        votes = [r.paper.upvotes for r in results(app).rows]
        assert votes == sorted(votes, reverse=True) and len(votes) == 50
        await press(pilot, "enter", "s", "j", "s", "j", "s")  # three stars
        await settle(pilot)
        await press(pilot, "b", "g", "j", "j", "k")  # away and back: the picks are made again
        await settle(pilot)
        assert "like your stars" in status(app)
        starred = {k for k, m in Marks(default_marks_path()).all().items() if m.starred}
        assert not starred & set(ids(app))
        assert paper_text(app).startswith(results(app).rows[0].paper.title) and "For you: " in paper_text(app)


async def test_not_interested_while_reading_the_inbox_then_the_next(app):
    visit_before_today("2026-06-18")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        await settle(pilot)
        first, second = ids(app)[:2]
        await press(pilot, "enter", "x")  # reading the first: not interested, it leaves the inbox
        await settle(pilot)
        assert isinstance(app.screen, PaperScreen) and first not in ids(app)
        assert "not interested" in paper_text(app, app.screen.query_one(PaperView))
        await press(pilot, "J")  # the next is the one that took its place, none skipped
        await settle(pilot)
        assert app.screen.row.paper.id == second
