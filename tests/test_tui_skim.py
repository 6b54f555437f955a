"""The daily skim at 80x24 in a stock tmux (issue 23): a search from the opening view finds a
paper of any day, a re-sort shows its top, the drawer on a plain key, confirmations on the
status line, the links list, dates in the rows of a sparse list, the whole title in sight."""

from __future__ import annotations

import time

import pytest
from textual import events
from textual.widgets import OptionList
from tui_helpers import main, make_app, paper_view, press, results, screen_lines, settle, state, status

from dailypapers.index.marks.db import Marks, default_marks_path
from dailypapers.tui.screens.links import LinksScreen
from dailypapers.tui.state import Header
from dailypapers.tui.widgets import SnapshotList


@pytest.fixture
def app(api_library, tmp_path):
    lib, prebuilt = api_library
    return make_app(lib, tmp_path / "ix", prebuilt)


TESTER = "An Efficient Tester-Learner for Halfspaces"  # in the oldest day only
NEWEST = "004_9c7d210b3a9e649e"


async def test_a_search_from_the_opening_view_finds_a_paper_of_any_day_and_s_stars_it(seed_app):
    async with seed_app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert state(seed_app).scope.day == NEWEST
        known = next(p for p in state(seed_app).papers if p.title == TESTER)
        assert not any(a.snapshot == NEWEST for a in known.appearances)  # another day's paper
        await press(pilot, "slash", *"tester learner halfspaces", "enter")
        await settle(pilot)
        line = status(seed_app)
        assert "in every day" in line and "h: only this day" in line
        found = state(seed_app).found
        assert found.other is not None and f"{found.other:,} in Mar 11" in line  # in the day left
        await press(pilot, "s")
        await settle(pilot)
        top = results(seed_app).rows[0].paper
        assert top.title == TESTER and state(seed_app).flag(top, "starred")  # the paper shown, starred
        assert sum(m.starred for m in state(seed_app).marks.values()) == 1  # and no other
        await press(pilot, "h")  # narrowed to the day in view, and said so
        await settle(pilot)
        assert state(seed_app).found.request.snapshot == NEWEST and "h: every day" in status(seed_app)
        assert all(any(a.snapshot == NEWEST for a in r.paper.appearances) for r in results(seed_app).rows)


async def test_a_querys_own_date_wins_over_a_chosen_scope(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "w")  # a week: its search stays in it, the way out on screen
        await press(pilot, "slash", *"date:2026-06-02", "enter")
        await settle(pilot)
        rows = results(app).rows
        assert rows and all(any(a.date == "2026-06-02" for a in r.paper.appearances) for r in rows)
        assert "where the query's date: says" in status(app)
        await press(pilot, "escape", "slash", *"ropika", "enter")  # a word: in the week
        await settle(pilot)
        assert "h: every day" in status(app) and state(app).found.request.only is not None


async def test_a_new_order_shows_its_top_first(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a", "G")  # every day, the last paper: the list scrolled far down
        assert results(app).scroll_y > 0
        await press(pilot, "o")  # by upvotes
        await settle(pilot)
        rl = results(app)
        assert rl.scroll_y == 0 and rl.cursor == 0
        votes = [r.paper.upvotes or 0 for r in rl.rows]
        assert votes[0] == max(votes) and screen_lines(rl)[0].startswith(" " + rl.rows[0].paper.title[:20])


async def test_the_drawer_opens_on_b_and_its_lists_are_in_the_palette_and_help(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        assert main(app).query_one(SnapshotList).display and app.focused is main(app).drawer
        await press(pilot, "b")
        assert not main(app).drawer.display
        titles = {c.title for c in app.get_system_commands(main(app))}
        assert {"For you", "★ Starred", "All snapshots"} <= titles
        assert any(t.startswith("Week ") for t in titles) and any(t.startswith("June 2026") for t in titles)
        go = next(c for c in app.get_system_commands(main(app)) if c.title == "For you")
        go.callback()
        await settle(pilot)
        assert state(app).scope.kind == "foryou"
        await press(pilot, "question_mark")
        shown = " ".join(" ".join(screen_lines(app.screen.query_one("#help-body Static"))).split())
        assert "For you" in shown and "by its name in the palette" in shown


async def test_three_quick_stars_leave_one_confirmation_on_the_status_line(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("s", "j", "s", "j", "s"):
            app.post_message(events.Key(key, key))  # as fast as they come: no wait between them
        await settle(pilot)
        assert sum(m.starred for m in state(app).marks.values()) == 3
        assert not app._notifications  # no toast over the list or the paper
        line = status(app)
        assert line.count("starred") == 1 and line.startswith("★ starred")
        for row in screen_lines(results(app))[:3]:
            assert "★" in row  # every row readable, its star shown


async def test_links_list_copies_the_pdf_link(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paper = results(app).rows[0].paper
        assert f"https://arxiv.org/abs/{paper.arxiv_id}" in paper_view(app).text  # in the 80x24 pane
        await press(pilot, "l")
        assert isinstance(app.screen, LinksScreen)
        shown = "\n".join(str(o.prompt) for o in app.screen.query_one(OptionList).options)
        assert (
            f"https://arxiv.org/pdf/{paper.arxiv_id}" in shown and "https://huggingface.co/papers/" in shown
        )
        await press(pilot, "j", "enter")  # the PDF
        await settle(pilot)
        assert app.clipboard == f"https://arxiv.org/pdf/{paper.arxiv_id}"
        assert "Copied the PDF link" in status(app) and not app._notifications


async def test_a_sparse_list_of_many_days_dates_its_rows_six_in_eight(api_library, tmp_path):
    marks = Marks(default_marks_path())
    marks.follow("Lab 2", 'org:"lab2"')
    marks.record_visit("reader", "2026-06-18", at=time.time() - 86_400)
    marks.close()
    lib, prebuilt = api_library
    app = make_app(lib, tmp_path / "ix", prebuilt)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        entry = next(e for e in main(app).palette_lists() if e[0] == "Lab 2")
        main(app).go(entry[2])
        await settle(pilot)
        rl = results(app)
        days = {a.snapshot for r in rl.rows for a in r.paper.appearances}
        assert len(days) >= 10 and len(rl.rows) <= 2 * len(days)  # one or two a day
        assert not any(isinstance(i, Header) for i in rl.items)
        lines = screen_lines(rl)
        assert rl.size.height == 8 and sum(1 for line in lines if line.strip()) >= 6
        assert all("Jun" in line for line in lines if line.strip())  # each row its date


async def test_the_selected_papers_whole_title_is_in_sight(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(6):
            title = results(app).current.paper.title
            top = " ".join(line.strip() for line in screen_lines(paper_view(app))[:4])
            assert title in top
            await press(pilot, "j")


async def test_the_inbox_why_leads_with_its_reason(api_library, tmp_path):
    from dailypapers.index import PaperIndex

    lib, prebuilt = api_library
    app = make_app(lib, tmp_path / "ix", prebuilt)
    pix = PaperIndex(lib, tmp_path / "ix")
    marks = Marks(default_marks_path())
    for paper in pix.papers()[:6]:  # stars: the new papers are picked with a reason
        marks.set(paper, starred=True)
    marks.record_visit("reader", "2026-06-18", at=time.time() - 86_400)
    marks.close()
    pix.close()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        await settle(pilot)
        whys = [state(app).reason(r.paper) for r in results(app).rows]
        assert any("like “" in w for w in whys)
        assert all(w.startswith("New: shares: ") for w in whys if "like “" in w)  # the reason first
        n = next(n for n, w in enumerate(whys) if "like “" in w)
        await press(pilot, *["j"] * n)
        shown = next(
            line.strip() for line in screen_lines(paper_view(app)) if line.strip().startswith("New:")
        )
        assert shown.startswith("New: shares: ") and shown.partition("shares: ")[2][:3].isalpha()


async def test_a_first_run_says_where_the_library_is_and_what_to_do(tmp_path):
    from dailypapers.index import PaperIndex
    from dailypapers.tui.app import DailyPapersApp

    lib = tmp_path / "papers"
    lib.mkdir()
    app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = " ".join(" ".join(screen_lines(results(app))).split())
        folded = "".join(said.split())  # (a long path is folded at the pane's edge)
        assert str(lib) in folded and "dailypapers capture" in said and "dailypapers add FILE" in said
        assert "No papers." not in " ".join(screen_lines(paper_view(app)))


def test_osc8_is_trusted_only_where_it_reaches_the_user(monkeypatch):
    from dailypapers.tui.view import links

    assert links.version("tmux 3.3a") == (3, 3) and links.version("next-3.5") == (3, 5)
    tmux = {"TMUX": "/tmp/t,1,0", "TERM": "tmux-256color", "TERM_PROGRAM": "tmux"}
    assert not links.hyperlinks({**tmux, "TERM_PROGRAM_VERSION": "3.3a"})
    assert links.hyperlinks({**tmux, "TERM_PROGRAM_VERSION": "3.4"})
    assert not links.hyperlinks({"TERM": "screen.xterm-256color"}) and not links.hyperlinks({"STY": "1.pts"})
    assert links.hyperlinks({"TERM": "xterm-256color"})
    monkeypatch.setattr(links.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert links.opener({"SSH_CONNECTION": "1 2 3 4"}) is None  # a browser there is not the user's
    assert links.opener({"BROWSER": "firefox --new-tab"}) == ["firefox", "--new-tab"]
    assert (
        links.opener({}) == ["xdg-open"]
        and links.open_hint({"SSH_TTY": "/dev/pts/1"}) == "no browser over ssh"
    )


def test_the_reach_of_a_search():
    from dailypapers.tui.scope import DAY, FOLLOW, WEEK, Scope
    from dailypapers.tui.view.reach import Reach, names_place

    reach, day, week = Reach(), Scope(DAY, "d1"), Scope(WEEK, "2026-W25")
    assert reach.everywhere(day, "world model") and not reach.everywhere(week, "world model")
    assert (
        reach.way_out(week, "x", "W25") == "h: every day"
        and reach.way_out(day, "x", "this day") == "h: only this day"
    )
    assert reach.toggle(day, "x") and not reach.everywhere(day, "x")
    assert names_place("loss DATE:2026-07") and names_place("snapshot:abc x") and not names_place("update:x")
    assert reach.everywhere(Scope(FOLLOW, "f"), "x date:2026-07") and not reach.toggle(week, "date:2026-07")
    assert reach.where(week, "date:2026-07", "W25") == "where the query's date: says"
