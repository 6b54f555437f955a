"""Days stay complete and alive: the plain `capture` refreshes the recent days, the signals' history
(upvotes over time), rising papers and alerts on what the user cares about — against the loopback
API of tests/test_capture.py."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from helpers import run_cli
from test_capture import Api, Handler, Server

from dailypapers.index import CatchUp, PaperIndex
from dailypapers.index.marks.alerts import JUMP, detect
from dailypapers.index.marks.db import Marks
from dailypapers.index.marks.history import DAY, History, Seen, rate
from dailypapers.index.papers.model import Paper

TODAY = datetime.now(UTC).date()
RECENT = (TODAY - timedelta(days=2)).isoformat()  # a day of the last week: refreshed by the plain capture
REPO = "https://github.com/owner/released"


@pytest.fixture
def api():
    state = Api()
    state.days = {}
    server = Server(("127.0.0.1", 0), type("H", (Handler,), {"api": state}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def run(tmp_path, capsys):
    lib = tmp_path / "library"
    lib.mkdir()

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, lib, tmp_path / "ix", *args, marks=tmp_path / "m.db")

    run.lib = lib  # type: ignore[attr-defined]
    return run


def item(n: int, upvotes: int, repo: str | None = None, comments: int = 0) -> dict:
    paper = {
        "id": f"2608.{n:05d}",
        "title": f"Growing paper {n}",
        "summary": f"An abstract about growing lists, number {n}.",
        "authors": [{"name": "A. Author"}],
        "upvotes": upvotes,
    }
    if repo:
        paper |= {"githubRepo": repo, "githubStars": 152}
    return {"paper": paper, "title": paper["title"], "numComments": comments}


def test_the_plain_capture_brings_a_grown_recent_day_up_to_date(api, run):
    """Done when: a recent day grows from 5 papers at ▲1 to 20 at ▲10 with a new repository; the
    plain capture leaves all 20, the latest upvotes, the repository, a two-point history and a
    "code released" change for a starred paper in the digest's JSON and in the inbox's changes."""
    api.days[RECENT] = [item(n, 1) for n in range(1, 6)]
    code, out, err = run("capture", "--base-url", api.url, "--wait", "0")
    assert code == 0, err
    assert f"added {RECENT}.json (5 papers)" in out
    assert len({d for d, _, _ in api.log}) == 8  # today and the 7 days before it
    assert run("mark", "2608.00003", "--star")[0] == 0
    assert run("mark", "2608.00004", "--note", "watch this")[0] == 0

    api.days[RECENT] = [item(n, 10, REPO if n == 3 else None, comments=int(n == 4)) for n in range(1, 21)]
    code, out, err = run("capture", "--base-url", api.url, "--wait", "0")
    assert code == 0, err
    assert f"replaced {RECENT}.json (20 papers)" in out
    assert sorted(p.name for p in run.lib.iterdir()) == [f"{RECENT}.json"]  # in place: one file a day
    code, out, _ = run("list", "--json")
    assert len(json.loads(out)) == 20 and {p["upvotes"] for p in json.loads(out)} == {10}

    code, out, _ = run("show", "2608.00003", "--json")
    shown = json.loads(out)
    assert shown["github"] == {"url": REPO, "stars": 152}
    assert [h["upvotes"] for h in shown["history"]] == [1, 10]
    assert [h["code"] for h in shown["history"]] == [None, REPO]
    code, out, _ = run("show", "2608.00003")
    assert "Upvotes over time: ▁█ 1 → 10" in out
    assert run("mark", "2608.00003")[1].count("★ starred") == 1  # the mark is kept

    # The reader's inbox asks the same engine (its "Changed since your last visit"), before
    # the digest's visit (after which these are no longer news).
    marks = Marks(run.lib.parent / "m.db")
    pix = PaperIndex(run.lib, run.lib.parent / "ix")
    pix.update()
    catchup = CatchUp(pix, marks)
    since, _ = catchup.default_since()
    kinds = {(c.paper.id, c.kind) for c in catchup.changes(since)}
    assert ("2608.00003", "code") in kinds
    pix.close()
    marks.close()

    code, out, _ = run("digest", "--format", "json")
    changes = json.loads(out)["changes"]
    released = [c for c in changes if c["kind"] == "code"]
    assert [(c["id"], c["after"], c["why"]) for c in released] == [("2608.00003", REPO, "starred")]
    assert released[0]["text"] == f"code released: {REPO} ★ 152" and released[0]["at"].startswith(str(TODAY))
    comments = [c for c in changes if c["kind"] == "comments"]
    assert [(c["id"], c["text"], c["why"]) for c in comments] == [
        ("2608.00004", "1 new comment (0 → 1)", "your note")
    ]


def test_a_shorter_or_vanished_refresh_keeps_the_day(api, run):
    api.days[RECENT] = [item(n, 1) for n in range(1, 6)]
    assert run("capture", "--base-url", api.url, "--wait", "0", "--recent", "3")[0] == 0
    before = (run.lib / f"{RECENT}.json").read_bytes()
    api.days[RECENT] = [item(n, 7) for n in range(1, 4)]  # the site trimmed it (or a page failed)
    code, out, _ = run("capture", "--base-url", api.url, "--wait", "0", "--recent", "3")
    assert code == 0 and f"kept {RECENT}.json: the site sent 3 of the 5 papers it holds" in out
    assert (run.lib / f"{RECENT}.json").read_bytes() == before
    # ... what it did send is history all the same
    assert [h["upvotes"] for h in json.loads(run("show", "2608.00002", "--json")[1])["history"]] == [1, 7]
    del api.days[RECENT]  # gone from the site
    code, out, _ = run("capture", "--base-url", api.url, "--wait", "0", "--recent", "3")
    assert code == 0 and f"kept {RECENT}.json: the site lists no papers for {RECENT} now" in out
    assert (run.lib / f"{RECENT}.json").read_bytes() == before


def test_an_interrupted_refresh_resumes(api, run):
    days = [(TODAY - timedelta(days=n)).isoformat() for n in range(4, -1, -1)]
    for n, day in enumerate(days):
        api.days[day] = [item(10 * n + k, 1) for k in range(1, 4)]
    api.faults[(days[2], 0)] = [(503, {"Retry-After": "0"})] * 4  # the server fails: the run stops
    code, _, err = run("capture", "--base-url", api.url, "--wait", "0", "--recent", "4")
    assert code == 1 and f"stopped at {days[2]}" in err
    api.log.clear()
    code, _, err = run("capture", "--base-url", api.url, "--wait", "0", "--recent", "4")
    assert code == 0 and "resuming the refresh" in err and "2 days fetched before it stopped" in err
    assert sorted({d for d, _, _ in api.log}) == days[2:]  # the first two are not asked again
    api.log.clear()
    assert run("capture", "--base-url", api.url, "--wait", "0", "--recent", "4")[0] == 0
    assert sorted({d for d, _, _ in api.log}) == days  # finished: the next refresh is whole


def _seen(at: float, upvotes: int | None, code: str | None = None, comments: int | None = 0) -> Seen:
    return Seen(at, "2026-08-20", upvotes, comments, None, code, None)


def test_rising_is_upvotes_gained_per_day_over_at_least_a_day(tmp_path):
    """The formula: (newest − oldest upvotes in the history's last N days) / max(1, days between)."""
    assert rate((0.0, 10), (3 * DAY, 40)) == 10.0  # 30 in three days
    assert rate((0.0, 10), (3600.0, 40)) == 30.0  # an hour apart counts as a day
    history = History(tmp_path / "h.db")
    t0 = 1_000_000_000.0
    history._run(
        "INSERT INTO signals (key, at, day, upvotes) VALUES "
        "('a', ?, 'd', 1), ('a', ?, 'd', 21), ('b', ?, 'd', 5), ('b', ?, 'd', 8), ('c', ?, 'd', 3),"
        "('old', ?, 'd', 0), ('old', ?, 'd', 500), ('old', ?, 'd', 501)",
        [t0, t0 + 2 * DAY, t0, t0 + 2 * DAY, t0 + 2 * DAY, t0 - 30 * DAY, t0 - 29 * DAY, t0 + DAY],
    )
    rates = history.rates(days=7)
    assert rates == {"a": 10.0, "b": 1.5}  # c seen once; old's climb is outside the window
    assert history.rates(days=32)["old"] == pytest.approx(501 / 31)  # 0 → 501 in 31 days


def test_alerts_say_what_changed_and_never_compare_what_was_not_sent():
    paper = Paper("2608.00001", "P", "")
    series = [_seen(10.0, 5, comments=None), _seen(20.0, 30, REPO, comments=2), _seen(30.0, 31, REPO)]
    changes = detect(paper, series, since=15.0, why="starred")
    assert [(c.kind, c.text, c.at) for c in changes] == [
        ("code", f"code released: {REPO}", 20.0),
        ("upvotes", "upvotes ×6.2 (5 → 31)", 20.0),
    ]  # no comments change: the site sent no count before
    assert detect(paper, [_seen(10.0, 15), _seen(20.0, 15 + JUMP - 1)], since=0.0) == []  # +19: no jump
    assert detect(paper, series, since=30.0) == []  # nothing seen after


@pytest.mark.corpus
def test_sort_rising_on_real_days_refreshed_twice_puts_the_raised_papers_first(corpus, api, run):
    """Real days, captured then refreshed twice by a loopback API raising some papers' upvotes:
    `--sort rising` (and `list --rising`) puts exactly those first, fastest first."""
    recent = [(TODAY - timedelta(days=n)).isoformat() for n in range(5, 0, -1)]
    sources = sorted(corpus.glob("2026-08-1*.json"))[:5]
    assert len(sources) == 5
    for day, path in zip(recent, sources, strict=True):
        api.days[day] = json.loads(path.read_text("utf-8"))
    assert run("capture", "--base-url", api.url, "--wait", "0", "--recent", "5")[0] == 0
    raised: dict[str, int] = {}
    for _ in (1, 2):
        for n, day in enumerate(recent):
            for k, entry in enumerate(api.days[day][:2]):  # the top two papers of each day climb
                gain = 10 * (n + 1) + k
                entry["paper"]["upvotes"] += gain
                raised[entry["paper"]["id"]] = raised.get(entry["paper"]["id"], 0) + gain
        assert run("capture", "--base-url", api.url, "--wait", "0", "--recent", "5")[0] == 0
    out = run("list", "--sort", "rising", "--json")[1]
    ids = [p["id"] for p in json.loads(out)]
    fastest = sorted(raised, key=lambda pid: -raised[pid])
    assert ids[: len(raised)] == fastest and len(ids) > len(raised)
    out = run("list", "--rising", "--json")[1]
    assert [(p["id"], p["rising"]) for p in json.loads(out)] == [(pid, float(raised[pid])) for pid in fastest]
    out = run("search", f"date:{TODAY.year}", "--sort", "rising", "--limit", "3", "--json")[
        1
    ]  # every recent day
    hits = [h["id"] for h in json.loads(out)["hits"]]
    climbing = [h for h in hits if h in raised]
    assert climbing and hits[: len(climbing)] == climbing == sorted(climbing, key=fastest.index)
    assert json.loads(out)["sort"] == "rising"
