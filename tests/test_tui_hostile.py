"""Hostile text in snapshots renders inert; browsing works while the index builds."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from tui_helpers import (
    drawer_days,
    main,
    paper_text,
    paper_view,
    press,
    results,
    settle,
    state,
    status,
    titles,
)

from dailypapers.index import Marks, PaperIndex
from dailypapers.index.papers.model import Paper
from dailypapers.tui.app import DailyPapersApp

PROSE = "This abstract is long enough to read as prose, and it says so twice. "
HOSTILE_TITLES = [
    "[bold red]Not Bold[/] and [@click=app.quit]click me[/]",
    "Escapes \x1b[31mred\x1b[0m and \x1b]0;pwned\x07 title \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "大规模语言模型的对齐研究 🙂 with emoji 🚀🚀",
    "Zero\u200bwidth and \u202ebidi override\u202c title",
    "A" * 300,
]


def _hostile_library(root: Path) -> Path:
    lib = root / "hostile"
    lib.mkdir()
    lines = []
    for t in HOSTILE_TITLES:
        lines += [t, PROSE + " [red]markup in abstract[/red] \x1b[2J\x1b[H cleared? " + PROSE]
    lines += ["Huge Abstract Paper", "word " * 10_000 + "end."]  # a 50 KB abstract
    (lib / "hostile.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    api = [
        {
            "paper": {
                "id": "2401.99999",
                "title": "[link=http://x]API[/link] title",
                "summary": PROSE,
                "authors": [{"name": "[b]Mallory[/b]"}],
                "upvotes": 5,
            }
        }
    ]
    (lib / "2024-01-01.json").write_text(json.dumps(api))
    return lib


async def test_hostile_text_is_inert(tmp_path):
    lib = _hostile_library(tmp_path)
    app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")  # every snapshot
        await settle(pilot)
        names = titles(app)
        assert "[bold red]Not Bold[/] and [@click=app.quit]click me[/]" in names
        assert "[link=http://x]API[/link] title" in names
        for i in range(len(names)):
            results(app).cursor = i
            await settle(pilot)
            text = paper_text(app)
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text)
        results(app).cursor = names.index("[bold red]Not Bold[/] and [@click=app.quit]click me[/]")
        await settle(pilot)
        assert "[@click=app.quit]click me[/]" in paper_text(app)
        await pilot.click("#paper", offset=(5, 1))  # clicking the "link" text must not quit
        await pilot.pause()
        assert app.is_running
        svg = app.export_screenshot()
        assert "[bold red]Not Bold[/]" in svg.replace("&#160;", " ")
        assert "\x1b" not in svg and "pwned" not in svg
        results(app).cursor = names.index("Huge Abstract Paper")
        await settle(pilot)
        assert len(paper_text(app)) > 50_000
        await press(pilot, "enter", "G")  # read it full-screen, to the end
        assert app.screen.query_one("#reader").scroll_y > 100
        await press(pilot, "escape")
        # The Mallory author line is shown literally too.
        results(app).cursor = names.index("[link=http://x]API[/link] title")
        await settle(pilot)
        assert "[b]Mallory[/b]" in paper_text(app) and "▲ 5 upvotes" in paper_text(app)


async def test_search_with_markup_query_is_literal(tmp_path):
    lib = _hostile_library(tmp_path)
    app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"[@click=app.quit] (", "enter")
        await settle(pilot)
        assert app.is_running and main(app).query_one("#search").value == "[@click=app.quit] ("
        # Text is text (issue 27): the brackets are read as words, and the status says so.
        assert "read as words: '[' ']' '(' taken as text" in status(app)


class _SlowIndex(PaperIndex):
    """Holds the first update after the first snapshot, so the test can look at the half-built state."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.gate = threading.Event()

    def update(self, rebuild=False, progress=None, **kwargs):
        def slow(done, total, snap):
            progress(done, total, snap)
            if done == 1:
                self.gate.wait(10)

        return super().update(rebuild, slow if progress else None, **kwargs)


async def test_browsing_works_while_the_index_builds(tmp_path, library):
    pix = _SlowIndex(library, tmp_path / "ix")
    app = DailyPapersApp(pix)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        screen = main(app)
        assert not screen.state.ready
        assert screen.query_one("#progress").display
        assert len(results(app).rows) == 86 and titles(app)[0] == "Random Teachers are Good Teachers"
        assert state(app).scope.day == "004_9c7d210b3a9e649e"  # the newest day, read first
        assert "indexing 1/5" in status(app) and "newest" not in str(screen.query_one("#scope").render())
        await pilot.press("slash", *"grokking")
        await pilot.pause(0.3)
        assert "search starts when the index is ready" in status(app)
        pix.gate.set()
        await settle(pilot)
        assert screen.state.ready and not screen.query_one("#progress").display
        assert len(drawer_days(app)) == 5 and state(app).scope.day == "004_9c7d210b3a9e649e"
        assert titles(app)[0].startswith("Grokking") and "papers" in status(app)


# Issue 21 item 2: every string that reaches the screen, from any source, is inert.

EVIL = (
    "\x1b]0;pwned\x07\x1b[2J\x1b]8;;file:///etc/passwd\x1b\\here\x1b]8;;\x1b\\ \x9b31mC1\x9c \x85"
    " \u202eRLO\u202c \ud800 [@click=app.quit]click[/] [bold]B[/bold]"
)
LITERAL = ("[@click=app.quit]click[/]", "[bold]B[/bold]")
_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _evil_library(root: Path) -> tuple[Path, Marks]:
    """A library and marks where every string a user or a server controls holds EVIL."""
    lib = root / "evil"
    lib.mkdir()
    org = {"name": "evil" + EVIL, "fullname": "Evil Lab " + EVIL}
    items = [
        {
            "paper": {
                "id": f"2401.0000{n}",
                "title": f"Paper {n} {EVIL}",
                "summary": f"{PROSE} {EVIL} {PROSE}",
                "authors": [{"name": f"Author {n} {EVIL}"}, {"name": "Plain Name"}],
                "upvotes": 5,
                "ai_summary": "TLDR " + EVIL,
                "ai_keywords": ["kw " + EVIL],
                "organization": org,
            },
            "submittedBy": {"name": "sub", "fullname": "Sub " + EVIL},
            "numComments": 1,
        }
        for n in (1, 2)
    ]
    (lib / "2024-01-01.json").write_text(json.dumps(items))
    name = "capture \x1b]0;pwned\x07 \x1b[2J \x9b31m \u202eRLO [bold]B [@click=app.quit]q.txt"  # (no "/")
    (lib / name).write_text(f"Capture Title {EVIL}\n{PROSE} {EVIL}\n", "utf-8", errors="surrogatepass")
    marks = Marks(root / "marks.sqlite3")
    paper = Paper("2401.00001", "Paper 1", "")
    marks.set(paper, starred=True, note=("note " + EVIL + "\n") * 3)
    marks.follow("follow " + EVIL, "plain")
    marks.save_search("saved " + EVIL, "paper", None)
    return lib, marks


def _screen_problems(app) -> list[str]:
    """What on the screen as drawn is not inert: a raw control, bidi or surrogate character, or a
    link that is not http(s)."""
    problems = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if _RAW.search(segment.text):
                problems.append(f"raw {segment.text!r}")
            link = segment.style.link if segment.style else None
            if link and not link.startswith(("http://", "https://")):
                problems.append(f"link {link!r}")
    return problems


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_every_string_on_every_view_is_inert(tmp_path):
    lib, marks = _evil_library(tmp_path)
    app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix"), marks=marks)
    seen: dict[str, list[str]] = {}

    async def look(view: str) -> None:
        await settle(pilot)
        await pilot.pause()
        seen[view] = _screen_problems(app)

    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "a")
        names = titles(app)
        results(app).cursor = next(i for i, t in enumerate(names) if t.startswith("Paper 1"))
        await look("list and paper")
        assert all(m in _screen_text(app) for m in LITERAL)
        await press(pilot, "enter")
        await look("full-screen reader")
        await press(pilot, "escape", "ctrl+b")
        await look("drawer")
        await press(pilot, "escape")
        await press(pilot, "A")
        await look("author chooser")
        await press(pilot, "escape", "F")
        await look("follow chooser")
        await press(pilot, "enter")  # follow the organisation: a toast names it
        await look("toast")
        await press(pilot, "e")
        await look("note editor")
        await press(pilot, "escape", "question_mark")
        await look("help")
        await press(pilot, "escape", "ctrl+p")
        await look("palette")
        await press(pilot, "escape")
        app.notify("notify " + EVIL, title="title " + EVIL, markup=True)
        await look("notification")
        assert app.is_running
    bad = {view: p for view, p in seen.items() if p}
    assert not bad, "\n".join(f"{v}: {p[:3]}" for v, p in bad.items())


async def test_a_note_of_100000_lines_shows_its_start_and_how_much_more(tmp_path):
    lib, marks = _hostile_library(tmp_path), Marks(tmp_path / "marks.sqlite3")
    marks.set(Paper("2401.99999", "API title", ""), note="\n".join(f"line {n}" for n in range(100_000)))
    app = DailyPapersApp(PaperIndex(lib, tmp_path / "ix"), marks=marks)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "a")
        results(app).cursor = titles(app).index("[link=http://x]API[/link] title")
        await settle(pilot)
        text = paper_text(app)
        assert "line 39" in text and "line 40 " not in text
        assert "(99,960 more lines: e opens the whole note)" in text
        assert len(paper_view(app).text.splitlines()) < 200
        await press(pilot, "e")  # the editor holds it all
        assert app.screen.query_one("#note-text").document.line_count == 100_000
