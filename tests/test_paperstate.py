"""A paper's latest state on demand (`index/intake/paperstate.py`): asked of a loopback site when
the last capture is older than a day, kept in the signals' history (rising and the alerts see
it), the linked models, datasets and Spaces counted; every hostile answer ignored or inert."""

from __future__ import annotations

import socket
import time

import pytest
from statesite import StateSite, listed, paper, serve
from test_days import run  # noqa: F401  (the CLI fixture)

from dailypapers.index.intake.paperstate import LIMIT, fetcher_for, known, latest
from dailypapers.index.marks.alerts import detect
from dailypapers.index.marks.history import DAY, History, Seen
from dailypapers.index.papers.model import Paper
from dailypapers.tui.latest import state_lines

PID = "2608.00003"
REPO = "https://github.com/owner/released"
NOW = time.time()


@pytest.fixture
def site():
    with serve(StateSite()) as s:
        s.papers[PID] = paper(PID, 92, REPO)
        s.lists = {"models": {PID: listed(3)}, "datasets": {PID: listed(1)}, "spaces": {PID: listed(2)}}
        yield s


@pytest.fixture
def history(tmp_path):
    h = History(tmp_path / "m.db")
    h.observe(PID, Seen(NOW - 3 * DAY, "2026-08-19", 1, 0, None, None, None))
    yield h
    h.close()


def the_paper() -> Paper:
    return Paper(PID, "Growing paper 3", "An abstract.", arxiv_id=PID)


def ask(history: History, site: StateSite, **options) -> object:
    fetcher = fetcher_for(site.url, wait=0)
    for name, value in options.items():
        setattr(fetcher, name, value)
    return latest(history, the_paper(), fetcher)


def test_a_stale_paper_is_asked_for_and_kept_in_the_history(history, site):
    found = ask(history, site)
    assert found.fetched and not found.error
    assert [s.upvotes for s in found.series] == [1, 92] and found.series[-1].day == ""
    assert (found.series[-1].code, found.series[-1].stars, found.series[-1].comments) == (REPO, 152, 2)
    assert found.linked == (3, 1, 2)
    assert [s.upvotes for s in history.series([PID])] == [1, 92]  # kept: the next look is offline
    assert history.rates()[PID] == pytest.approx(91 / 3, rel=0.01)  # rising sees it
    kinds = {c.kind for c in detect(the_paper(), history.series([PID]), NOW - DAY)}
    assert {"code", "upvotes"} <= kinds  # and so do the alerts
    requests = len(site.log)
    again = ask(history, site)  # fresh now: nothing asked, the same answer
    assert len(site.log) == requests and not again.fetched
    assert [s.upvotes for s in again.series] == [1, 92] and again.linked == (3, 1, 2)


def test_a_fresh_capture_is_not_asked_for(tmp_path, site):
    h = History(tmp_path / "m.db")
    h.observe(PID, Seen(NOW - 3600, "2026-08-22", 40, 0, None, None, None))
    found = ask(h, site)
    assert not found.fetched and [s.upvotes for s in found.series] == [40]
    assert not any("/api/papers/" in p for p in site.log) and found.linked == (3, 1, 2)
    h.close()


def test_offline_the_kept_state_and_one_line(history):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fetcher = fetcher_for(f"http://127.0.0.1:{port}", wait=0)
    found = latest(history, the_paper(), fetcher)
    assert [s.upvotes for s in found.series] == [1] and found.linked is None
    assert "are you offline?" in found.error and "\n" not in found.error
    assert fetcher.requests == 1  # the paper: the lists not tried


def test_rate_limited_nothing_more_is_asked_and_nothing_waited_for(history, site):
    site.faults["papers"] = [429]  # with Retry-After: 3600
    started = time.monotonic()
    found = ask(history, site)
    assert "HTTP 429" in found.error and time.monotonic() - started < 5
    assert site.log == [f"/api/papers/{PID}"] and found.linked is None
    assert [s.upvotes for s in history.series([PID])] == [1]


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (404, "HTTP 404"),
        (b"<!doctype html><html><body>Sign in</body></html>", "a web page (HTML), not JSON"),
        (b'{"id": "2608.00003", "upv', "(cut short?)"),
        (b'{"id": "2608.99999", "upvotes": 5}', "another paper"),
        (b'["a list"]', "not a paper"),
        (b'{"id": "2608.00003", "upvotes": "92", "githubRepo": 7}', "none of the paper's signals"),
    ],
)
def test_a_bad_answer_is_not_kept(history, site, fault, said):
    site.faults["papers"] = [fault]
    started = time.monotonic()
    found = ask(history, site)
    assert said in found.error and not found.fetched and time.monotonic() - started < 5
    assert [s.upvotes for s in history.series([PID])] == [1]
    assert found.linked == (3, 1, 2)  # the lists were still counted


def test_a_slow_body_stops_at_the_deadline(history, site):
    site.faults["papers"] = ["trickle"]
    started = time.monotonic()
    found = ask(history, site, deadline=0.3)
    assert "no complete answer within 0.3 s" in found.error and time.monotonic() - started < 3
    assert len(history.series([PID])) == 1


def test_hostile_values_are_inert_or_ignored(history, site):
    site.papers[PID] = paper(
        PID,
        10**30,  # beyond the index's 32 bits: clamped and marked
        "javascript:alert(1)",
        numComments=True,  # a bool is not a count
        projectPage="https://evil.example/\x1b]8;;https://x\x07pwn",
        title="\x1b[2J",
    )
    site.papers[PID]["githubStars"] = -5
    found = ask(history, site)
    row = found.series[-1]
    assert (row.upvotes, row.clamped, row.code, row.stars, row.comments, row.project) == (
        2**31 - 1,
        True,
        None,
        None,
        None,
        None,
    )
    assert PID not in history.rates()  # a clamped value is left out of rising
    text = "\n".join(t.plain for t in state_lines(found, the_paper(), NOW))
    assert "clamped" in text and "\x1b" not in text


def test_a_list_is_counted_to_its_cap_and_only_its_papers(history, site):
    site.lists["models"][PID] = listed(5000)  # the site ignores the limit
    site.lists["datasets"][PID] = [1, "x", None, {"id": 3}, {"id": "ok/one"}]
    site.faults["spaces"] = [b"<html>"]
    found = ask(history, site)
    assert found.linked is None and "(HTML), not JSON" in found.error  # a list failed: none kept
    found = ask(history, site)
    assert found.linked == (LIMIT + 1, 1, 2)
    lines = [t.plain for t in state_lines(found, the_paper(), NOW)]
    assert lines[1] == f"On the Hub: {LIMIT}+ models · 1 dataset · 2 Spaces"


def test_a_paper_without_a_safe_id_is_never_asked_for(history, site):
    odd = Paper("x", "A title", "", arxiv_id="../../etc?x=1")
    found = latest(history, odd, fetcher_for(site.url, wait=0))
    assert site.log == [] and not found.fetched and not found.error
    assert known(history, the_paper()).series[0].upvotes == 1


def test_the_reader_line_is_a_sparkline_with_dates_and_what_is_new():
    """tui/latest.py's lines, without the app: the upvotes over time, what the newest answer says
    that the library does not (linked), the Hub's counts, one dim line for an error."""
    from calendar import timegm

    from dailypapers.index.intake.paperstate import Latest

    def at(day: int, year: int = 2026) -> float:
        return float(timegm((year, 8, day, 12, 0, 0)))

    series = [Seen(at(d), "", v, 0, None, None, None) for d, v in ((19, 4), (20, 23), (21, 58))]
    series.append(Seen(at(23), "", 92, 0, 152, REPO, "https://example.org/project"))
    lines = state_lines(Latest(series, (0, 1, 2), at(23), True), the_paper(), at(23))
    assert [t.plain for t in lines] == [
        "▲ 92  ▁▂▅█ Aug 19 → Aug 23 · code: GitHub owner/released ★152 · project page",
        "On the Hub: 0 models · 1 dataset · 2 Spaces",
    ]
    links = {s.style.link for t in lines for s in t.spans if s.style and not isinstance(s.style, str)}
    assert {REPO, "https://example.org/project", f"https://huggingface.co/spaces?other=arxiv:{PID}"} <= links
    last_year = [Seen(at(30, 2025), "", 1, 0, None, None, None), series[-1]]
    assert state_lines(Latest(last_year), the_paper(), at(23))[0].plain.startswith(
        "▲ 92  ▁█ Aug 30 2025 → Aug 23 2026"
    )
    offline = state_lines(Latest(series[:1], error="x: cannot reach\nhost\x1b[2J"), the_paper(), at(23))
    assert [t.plain for t in offline] == [
        "▲ 4 · Aug 19",
        "Not fetched now (shown as seen Aug 19): x: cannot reach host",
    ]
    assert offline[1].no_wrap and offline[1].style == "dim"
    assert state_lines(Latest(), the_paper(), at(23)) == []


def test_show_refresh_asks_the_site_and_fails_quietly(tmp_path, site, run):  # noqa: F811
    import json

    from test_days import RECENT, item

    (run.lib / f"{RECENT}.json").write_text(json.dumps([item(3, 1)]), "utf-8")
    h = History(tmp_path / "m.db")
    h.observe(PID, Seen(NOW - 3 * DAY, RECENT, 1, 0, None, None, None))
    h.close()
    code, out, err = run("show", PID, "--refresh", "--base-url", site.url)
    assert code == 0 and err == "", err
    assert "Upvotes over time: ▁█ 1 → 92" in out and "On the Hub: 3 models · 1 dataset · 2 Spaces" in out
    code, out, _ = run("show", PID, "--json")  # kept: offline from now on
    shown = json.loads(out)
    assert [h["upvotes"] for h in shown["history"]] == [1, 92] and shown["history"][1]["day"] is None
    assert shown["linked"] == {"models": 3, "datasets": 1, "spaces": 2}
    site.faults["papers"] = [b"<html>"]
    code, out, err = run("show", PID, "--refresh", "--base-url", site.url)
    assert code == 0 and err.count("\n") == 1
    html = "the site answered with a web page (HTML), not JSON; not kept"
    assert err == f"dailypapers: not fetched: {PID}: {html}; what was kept follows\n"
    assert "Upvotes over time: ▁█ 1 → 92" in out
