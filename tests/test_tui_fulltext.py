"""The full text in the reader (v): fetched in a worker while a status line says so, the
contents, `/` with n / N, the position kept per paper, y, a, no full text, hostile Markdown."""

from __future__ import annotations

import threading

import pytest
from papersite import PHRASE, WORD, library, markdown, serve
from textual.widgets import OptionList
from tui_helpers import main, press, results, settle

from dailypapers.index import FullTextCache, PaperIndex
from dailypapers.tui.app import DailyPapersApp
from dailypapers.tui.fulltext import FullTextState
from dailypapers.tui.screens.fulltext import FullTextScreen
from dailypapers.tui.screens.reader import PaperScreen
from dailypapers.tui.widgets.full_text_view import FullTextView

SIZE = (80, 24)


@pytest.fixture
def site_app(tmp_path, monkeypatch):
    lib, site, day = library(tmp_path)
    with serve(site):
        monkeypatch.setenv("DAILYPAPERS_BASE_URL", site.url)
        app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix", FullTextCache(tmp_path / "fulltext")))
        yield app, site, day


def shown(app) -> str:
    view = app.screen.query_one(FullTextView)
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def status(app) -> str:
    return str(app.screen.query_one("#fulltext-status").render())


async def to_paper(pilot, app, pid: str) -> None:
    rows = results(app).rows
    results(app).cursor = next(n for n, r in enumerate(rows) if r.paper.id == pid)
    await settle(pilot)


async def test_v_opens_the_full_text_with_contents_find_and_position(site_app):
    app, site, day = site_app
    pid = day[0]["paper"]["id"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_paper(pilot, app, pid)
        await press(pilot, "v")
        await settle(pilot)
        assert isinstance(app.screen, FullTextScreen) and app.screen.state is not None
        assert site.log == [f"/papers/{pid}.md"]
        assert "Abstract" in shown(app)
        await press(pilot, "c")  # the contents: down to the third numbered section
        contents = app.screen.query_one(OptionList)
        assert contents.display and contents.has_focus
        state = app.screen.state
        third = next(n for n, s in enumerate(state.doc.sections) if s.number == "3")
        await press(pilot, *["down"] * (third - contents.highlighted), "enter")
        assert not contents.display and shown(app).startswith("3 Experiments")
        assert "§3 Experiments" in status(app)
        await press(pilot, "slash", *WORD[:6], "enter")
        assert f'"{WORD[:6]}" 1 of 1' in status(app) and WORD in shown(app)
        await press(pilot, "n")
        assert f'"{WORD[:6]}" 1 of 1' in status(app)  # round the end to itself
        await press(pilot, "escape")  # back to the list; the place is kept
        assert app.screen is main(app)
        assert main(app).read_at[pid][0] == third
        await press(pilot, "v")
        await settle(pilot)
        assert "§3 Experiments" in status(app) and len(site.log) == 1  # from the cache
        await press(pilot, "a")  # the abstract, one key away
        assert isinstance(app.screen, PaperScreen)
        await press(pilot, "v")
        await settle(pilot)
        assert isinstance(app.screen, FullTextScreen)
        await press(pilot, "a")
        assert isinstance(app.screen, PaperScreen)
        await press(pilot, "escape")
        assert app.screen is main(app)
    found = app.backend.pix.search(f'"{PHRASE}"')  # indexed in the background
    assert [h.paper.id for h in found.hits] == [pid]


async def test_a_light_row_opens_its_own_full_text_and_copies_its_link(site_app, monkeypatch):
    """A catalogue row (what the list holds before the paper pane made it whole: no abstract, no
    arXiv id) opens its paper's full text, and y copies its arXiv link (it once said "no arXiv
    id" and copied the title alone, when v or y came before the pane's completion)."""
    from dailypapers.tui.state import Row

    monkeypatch.setattr("dailypapers.tui.clipboard.system_copy", lambda text, env=None: None)
    app, site, day = site_app
    pid = day[1]["paper"]["id"]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pix = main(app).backend.pix
        light = next(p for p in pix.papers(light=True) if p.id == pid)
        assert light.arxiv_id is None and not light.abstract  # what makes the row light
        main(app).copying.copy(Row(light, complete=False), "link")
        await settle(pilot)
        assert app.clipboard.endswith(f"arxiv.org/abs/{pid}")
        main(app).pane.full_text(Row(light, complete=False))
        await settle(pilot)
        assert isinstance(app.screen, FullTextScreen) and app.screen.state is not None
        assert site.log == [f"/papers/{pid}.md"]


async def test_while_it_loads_a_status_line_and_without_one_line_with_the_pdf(site_app):
    app, _, day = site_app
    last = day[-1]["paper"]["id"]  # the site has none of it
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_paper(pilot, app, last)
        await press(pilot, "v")
        await settle(pilot)
        text = shown(app).strip()
        assert len(text.splitlines()) <= 2 and "No full text" in text and f"arxiv.org/pdf/{last}" in text
        assert "no full text" in status(app)


async def test_the_reader_never_waits_on_the_site(site_app, monkeypatch):
    app, _, _ = site_app
    import dailypapers.index.intake.fulltext as fetching

    real, blocker = fetching.full_text, threading.Event()

    def slow(*args, **kwargs):
        blocker.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(fetching, "full_text", slow)
    monkeypatch.setattr("dailypapers.index.full_text", slow, raising=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await pilot.pause(0.05)
        assert isinstance(app.screen, FullTextScreen) and "fetching" in status(app)
        assert "Fetching the full text" in shown(app)
        await pilot.press("escape")  # back at once, the fetch still running
        assert app.screen is main(app)
        blocker.set()
        await settle(pilot)


async def test_hostile_markdown_is_shown_as_text(site_app):
    app, site, day = site_app
    pid = day[0]["paper"]["id"]
    hostile = b"[@click=app.quit]quit[/] \x1b]0;pwned\x07 [bold]x[/bold] \x1b[2J end\n"
    site.pages[pid] = b"# T\n\n## 1 S\n\n" + hostile
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_paper(pilot, app, pid)
        await press(pilot, "v")
        await settle(pilot)
        text = shown(app)
        assert "[@click=app.quit]quit[/] [bold]x[/bold] end" in text and "\x1b" not in text
        assert app.is_running


def test_state_keeps_the_section_across_a_resize_and_finds_round_the_end():
    from dailypapers.index import parse_markdown

    doc = parse_markdown("# T\n\n" + "".join(f"## {n} S{n}\n\n{'word ' * 80}\n\n" for n in range(1, 6)))
    state = FullTextState(doc, "2405.00001", 80)
    top = state.starts[3] + 2
    assert state.section_at(state.lay_out(40, top)) == 3
    assert state.find("s5") == 1 and state.next_match(0, 1) == state.starts[5]
    assert state.link(state.starts[2]) == "https://arxiv.org/html/2405.00001#S2"


def test_state_lays_out_the_place_kept_first_and_the_rest_below_it():
    from dailypapers.index import parse_markdown, text_lines

    doc = parse_markdown("# T\n\n" + "".join(f"## {n} S{n}\n\n{'word ' * 80}\n\n" for n in range(1, 30)))
    whole = FullTextState(doc, "2405.00001", 60)
    state = FullTextState(doc, "2405.00001", 60, at=(4, 0.5), enough=20)
    assert not state.done and len(state.starts) < len(doc.sections) // 2
    assert state.lines == whole.lines[: len(state.lines)]
    assert state.opening == whole.lay_out(60, place=(4, 0.5))
    assert state.status(state.opening, 10).endswith("· …")  # no share until the whole is known
    state.grow(len(doc.sections), text_lines(doc, 60, len(state.starts)))  # (as the worker makes them)
    assert state.done and state.lines == whole.lines and state.starts == whole.starts
    partial = FullTextState(doc, "2405.00001", 60, enough=20)
    assert partial.find("s29") == 1 and partial.done  # finding, a jump, the next section: all laid out first


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    from markdown_it import MarkdownIt

    count: list[int] = []
    real = MarkdownIt.parse
    monkeypatch.setattr(MarkdownIt, "parse", lambda self, *a, **k: count.append(1) or real(self, *a, **k))
    return count


async def test_a_cached_paper_opens_unparsed_and_its_first_screens_first(site_app, parses, monkeypatch):
    """The fast path: a paper opened again is not parsed (the parse kept in the cache), and the
    first paint has only the first screens laid out; the rest follows, then the contents."""
    app, site, day = site_app
    pid = day[0]["paper"]["id"]
    site.pages[pid] = markdown(day[0], [day[1]["paper"]["summary"] or "words " * 100], pages=10).encode()
    shows: list[tuple[int, bool]] = []  # (lines laid out, all?) each time the text is shown
    real = FullTextView.show

    def show(view, state, *args, **kwargs):
        if state is not None:
            shows.append((len(state.lines), state.done))
        real(view, state, *args, **kwargs)

    monkeypatch.setattr(FullTextView, "show", show)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await to_paper(pilot, app, pid)
        before = len(parses)
        for _ in range(2):
            await press(pilot, "v")
            await settle(pilot)
            state = app.screen.state
            assert state.done and app.screen.query_one(OptionList).option_count == len(state.doc.sections)
            await press(pilot, "escape")
        assert len(parses) - before == 1 and len(site.log) == 1  # fetched and parsed once, opened twice
        assert [done for _, done in shows] == [False, False]
        assert all(n < len(state.lines) // 4 for n, _ in shows)
