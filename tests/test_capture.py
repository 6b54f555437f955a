"""`capture`: paging, backfills, politeness, faults, ctrl+c and SIGKILL, against a loopback API.

The loopback server pages like the Daily Papers API (`date`, `p` from 0, `limit`, default 50)
and serves real corpus days (synthesised from the seeds when ../shared is absent). Nothing
really sleeps: the fetcher's pauses are recorded instead.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from helpers import CORPUS, SEEDS, Server, isolated_env, run_cli

from dailypapers.index.cli.main import main
from dailypapers.index.intake.add import IntakeError, parse_day
from dailypapers.index.intake.backfill import Progress
from dailypapers.index.intake.fetch import Fetcher, FetchError, fetch_day, retry_after
from dailypapers.index.reading.files import read_snapshot
from dailypapers.index.store.files import stale_temporaries, temporary_name

FIRST, LAST = date(2024, 5, 27), date(2024, 6, 9)  # two weeks: ten weekdays with papers, two weekends
RANGE = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]
BIG = "2024-07-01"  # a synthetic day of 120 papers
FIFTY = "2024-07-02"  # exactly one full page


def _seed_items() -> list[dict]:
    """API items made from the seeds' papers (when the corpus is absent)."""
    items = []
    for n, path in enumerate(sorted(SEEDS.iterdir())):
        for entry in read_snapshot(path).entries:
            pid = f"2405.{n}{entry.position:04d}"
            paper = {"id": pid, "title": entry.title, "summary": entry.abstract, "authors": [], "upvotes": 1}
            items.append({"paper": paper, "title": entry.title, "numComments": 0})
    return items


def _days() -> dict[str, list]:
    """Every day the loopback API knows: real days from the corpus, or seed papers split into days."""
    if CORPUS.is_dir():
        days = {}
        for day in RANGE:
            path = CORPUS / f"{day}.json"
            if path.exists():
                days[day.isoformat()] = json.loads(path.read_text("utf-8"))
        pool, seen = [], set()
        for path in sorted(CORPUS.glob("2025-0[3-4]-*.json")):
            for item in json.loads(path.read_text("utf-8")):
                if isinstance(item, dict) and item["paper"]["id"] not in seen:
                    seen.add(item["paper"]["id"])
                    pool.append(item)
    else:
        pool = _seed_items()
        weekdays = [d.isoformat() for d in RANGE if d.weekday() < 5]
        days = {d: pool[n * 12 : n * 12 + 12] for n, d in enumerate(weekdays)}
        pool = pool[len(weekdays) * 12 :]
    days[BIG] = pool[:120]
    days[FIFTY] = pool[120:170]
    assert len(days[BIG]) == 120 and len(days[FIFTY]) == 50
    return days


DAYS = _days()
WITH_PAPERS = [d.isoformat() for d in RANGE if d.isoformat() in DAYS]


class Api:
    """What the loopback server serves, the requests it saw, and the faults it is told to inject."""

    def __init__(self) -> None:
        self.days = {day: list(items) for day, items in DAYS.items()}
        self.log: list[tuple[str, int, int]] = []  # (date, p, limit)
        self.faults: dict[tuple[str, int], list] = {}  # (date, p) -> one fault per request, in order
        self.hold: tuple[str, str] | None = None  # (date, "before" | "mid-body"): block there
        self.reached = threading.Event()
        self.release = threading.Event()


class Handler(BaseHTTPRequestHandler):
    api: Api

    def do_GET(self):
        api = self.api
        url = urlparse(self.path)
        query = parse_qs(url.query)
        day = query.get("date", [""])[0]
        p, limit = int(query.get("p", ["0"])[0]), min(100, int(query.get("limit", ["50"])[0]))
        api.log.append((day, p, limit))
        if url.path != "/api/daily_papers":
            self.send_error(404)
            return
        pending = api.faults.get((day, p))
        fault = pending.pop(0) if pending else None
        if api.hold and api.hold == (day, "before"):
            self._hold()
        items = api.days.get(day, [])
        body = json.dumps(items[p * limit : (p + 1) * limit], ensure_ascii=False).encode()
        if fault == "insert":  # a paper arrives at the top of the list after this page was served
            api.days[day] = [{"paper": {"id": "2499.00001", "title": "Newcomer"}}, *items]
        if isinstance(fault, str) and fault.startswith("redirect "):
            self.send_response(302)
            self.send_header("Location", fault.split(" ", 1)[1] + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fault == "evil-reason":  # a reason phrase holding escape sequences
            self.send_response(404, "Not \x1b]0;pwned\x07\x1b[2JFound")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if isinstance(fault, tuple):  # (status, headers)
            status, headers = fault
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"busy")
            return
        if fault == "trickle-head":  # the status line, then the headers a byte at a time
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._trickle(b"Content-Type: application/json\r\n" * 1000)
            return
        if fault == "nested":  # valid JSON, nested deeper than any parser's stack
            body = b"[" * 100_000 + b"]" * 100_000
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if fault == "huge":
            self.send_header("Content-Length", str(10**10))
        elif fault != "no-length":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault == "garbage":
            self.wfile.write(b"<html>" + b" " * (len(body) - 6))
        elif fault == "trickle":  # a byte every 50 ms: each read is quick, the whole body is not
            self._trickle(body)
        elif fault in ("cut", "reset") or (api.hold and api.hold == (day, "mid-body")):
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            if fault == "reset":  # RST instead of FIN: a connection reset mid-body
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.rfile.close()
                self.connection.close()
            elif fault != "cut":
                self._hold()
        else:
            self.wfile.write(body)

    def _trickle(self, data: bytes) -> None:
        for n in range(len(data)):
            self.wfile.write(data[n : n + 1])
            self.wfile.flush()
            if self.api.release.wait(0.05):
                return

    def _hold(self):
        self.api.reached.set()
        self.api.release.wait(20)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    state = Api()
    server = Server(("127.0.0.1", 0), type("H", (Handler,), {"api": state}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def lib(tmp_path) -> Path:
    path = tmp_path / "library"
    path.mkdir()
    return path


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    """Every pause the fetcher takes, recorded instead of slept."""
    taken: list[float] = []
    monkeypatch.setattr("dailypapers.index.intake.fetch.time.sleep", taken.append)
    return taken


@pytest.fixture
def cli(lib, tmp_path, capsys, api):
    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(capsys, lib, tmp_path / "ix", "capture", "--base-url", api.url, "--wait", "0", *args)

    return run


def saved(lib: Path, day: str) -> list:
    return json.loads((lib / f"{day}.json").read_text("utf-8"))


def hidden(lib: Path) -> list[str]:
    return sorted(p.name for p in lib.iterdir() if p.name.startswith("."))


# Paging


def test_a_paged_day_of_120_papers_is_captured_whole(cli, lib, api, capsys):
    code, out, err = cli("--date", BIG)
    assert code == 0, err
    assert api.log == [(BIG, 0, 50), (BIG, 1, 50), (BIG, 2, 50)]  # 50 + 50 + 20: the short page ends it
    assert saved(lib, BIG) == DAYS[BIG]  # every paper, once, in the site's order, in the API's shape
    assert f"added {BIG}.json (120 papers)" in out
    code, out, _ = cli("--date", BIG)  # the same day again: the same bytes
    assert code == 0 and f"unchanged {BIG}.json (120 papers)" in out
    args = ["--library", str(lib), "--index-dir", str(lib.parent / "ix"), "search", f"snapshot:{BIG}"]
    assert main([*args, "--json"]) == 0 and json.loads(capsys.readouterr().out)["total"] == 120


def test_a_full_page_is_followed_by_an_empty_one(api):
    data = fetch_day(parse_day(FIFTY), api.url, wait=0)
    assert json.loads(data) == DAYS[FIFTY]
    assert api.log == [(FIFTY, 0, 50), (FIFTY, 1, 50)]


def test_a_one_page_day_is_saved_as_the_site_sent_it(api):
    day = WITH_PAPERS[0]
    data = fetch_day(parse_day(day), api.url, wait=0)
    assert data == json.dumps(DAYS[day], ensure_ascii=False).encode() and len(api.log) == 1


def test_pages_that_shift_while_paging_keep_each_paper_once(api):
    api.faults[(BIG, 0)] = ["insert"]  # page 2 then starts with the last paper of page 1
    items = json.loads(fetch_day(parse_day(BIG), api.url, wait=0))
    ids = [item["paper"]["id"] for item in items]
    assert ids == [item["paper"]["id"] for item in DAYS[BIG]]  # each once, in order


def test_a_server_that_ignores_paging_is_an_error_not_a_short_day(api, monkeypatch):
    real = Handler.do_GET

    def first_page_always(self):
        self.path = self.path.replace("&p=1", "&p=0")
        real(self)

    monkeypatch.setattr(Handler, "do_GET", first_page_always)
    with pytest.raises(FetchError, match="repeated"):
        fetch_day(parse_day(BIG), api.url, wait=0)
    assert len(api.log) == 2


# Politeness and faults


def test_requests_are_spaced_by_the_wait(api):
    pauses: list[float] = []
    fetcher = Fetcher(api.url, wait=1.5, sleep=pauses.append)
    fetcher.day(parse_day(BIG))
    fetcher.day(parse_day(FIFTY))
    assert len(pauses) == 4 and all(1.0 < s <= 1.5 for s in pauses)  # before every request but the first


def test_retry_after_in_seconds_and_as_a_date_is_honoured(api):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    api.faults[(BIG, 1)] = [(429, {"Retry-After": "7"}), (503, {"Retry-After": when})]
    pauses: list[float] = []
    data = Fetcher(api.url, wait=0, sleep=pauses.append).day(parse_day(BIG))[0]
    assert json.loads(data) == DAYS[BIG]
    assert pauses[0] == 7 and 27 <= pauses[1] <= 30 and len(api.log) == 5


def test_hugging_face_ratelimit_header_is_honoured_on_429(api):
    headers = {"RateLimit": '"api";r=0;t=42', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'}
    api.faults[(FIFTY, 0)] = [(429, headers)]
    pauses: list[float] = []
    Fetcher(api.url, wait=0, sleep=pauses.append).day(parse_day(FIFTY))
    assert pauses == [42]


def test_retry_after_parsing():
    now = datetime(2026, 8, 20, 12, 0, 0, tzinfo=UTC)
    headers = {"Retry-After": "Thu, 20 Aug 2026 12:01:30 GMT"}
    assert retry_after(headers, now) == 90
    assert retry_after({"Retry-After": "Wed, 19 Aug 2026 12:00:00 GMT"}, now) == 0  # in the past
    assert retry_after({"Retry-After": "soon"}, now) is None
    assert retry_after({"RateLimit": '"api";r=3;t=40'}, now) is None  # not spent: not the reason
    assert retry_after({}, now) is None


def test_a_server_asking_for_a_long_pause_stops_the_capture(api):
    api.faults[(FIFTY, 0)] = [(429, {"Retry-After": "3600"})]
    pauses: list[float] = []
    with pytest.raises(FetchError, match="try again later") as caught:
        Fetcher(api.url, wait=0, sleep=pauses.append).day(parse_day(FIFTY))
    assert caught.value.stop and pauses == []


@pytest.mark.parametrize("fault", ["cut", "reset", "garbage", (500, {}), (502, {})])
def test_a_body_cut_short_or_a_server_error_is_retried(api, fault):
    api.faults[(BIG, 1)] = [fault, fault]
    pauses: list[float] = []
    data = Fetcher(api.url, wait=0, backoff=0.5, sleep=pauses.append).day(parse_day(BIG))[0]
    assert json.loads(data) == DAYS[BIG]
    assert pauses == [0.5, 1.0] and len(api.log) == 5  # exponential backoff, then the page came whole


def test_an_oversized_response_is_refused_without_reading_it(api):
    api.faults[(FIFTY, 0)] = ["huge"]
    with pytest.raises(FetchError, match=r"over 16\.0 MB; refused") as caught:
        Fetcher(api.url, wait=0).day(parse_day(FIFTY))
    assert not caught.value.stop and len(api.log) == 1  # not retried: it would be as big again
    api.faults[(FIFTY, 0)] = ["no-length"]  # no Content-Length: counted while read
    with pytest.raises(FetchError, match=r"over 3\.9 KB; refused"):
        Fetcher(api.url, wait=0, max_bytes=4000).day(parse_day(FIFTY))


@pytest.mark.parametrize("fault", ["trickle", "trickle-head"])
def test_a_server_that_trickles_is_given_up_at_the_deadline(api, fault):
    """Each read gets its byte well within --timeout; the request as a whole has a deadline."""
    api.faults[(FIFTY, 0)] = [fault]
    fetcher = Fetcher(api.url, wait=0, timeout=5, deadline=0.5, attempts=1)
    outcome: list[BaseException] = []
    thread = threading.Thread(target=lambda: outcome.append(_raised(fetcher.day, parse_day(FIFTY))))
    start = time.monotonic()
    thread.start()
    thread.join(30)  # the bound: without a deadline the trickle would go on for minutes
    assert not thread.is_alive(), "the capture never ended"
    assert time.monotonic() - start < 3  # 0.5 s asked; well under the bound
    (error,) = outcome
    assert isinstance(error, FetchError) and "no complete answer within 0.5 s" in str(error)


def _raised(call, *args) -> BaseException:
    try:
        call(*args)
    except BaseException as exc:
        return exc
    raise AssertionError("no error")


def test_json_nested_too_deep_is_a_bad_day_and_the_range_goes_on(cli, lib, api, sleeps):
    first, second = WITH_PAPERS[:2]
    api.faults[(first, 0)] = ["nested"] * 4
    code, out, err = cli("--from", first, "--to", second)
    assert code == 1 and "Traceback" not in err
    assert f"{first}: the response is not JSON" in err and f"added {second}.json" in out


@pytest.mark.parametrize("value", ["²", "٣", "1e9", "99999999999999999999999999999999"])
def test_a_retry_after_that_is_not_a_number_of_seconds(api, sleeps, value):
    api.faults[(FIFTY, 0)] = [(429, {"Retry-After": value})]
    pauses: list[float] = []
    try:
        Fetcher(api.url, wait=0, sleep=pauses.append).day(parse_day(FIFTY))
    except FetchError as exc:
        assert "try again later" in str(exc)  # a huge number: asked for too long a pause
    assert all(p <= 600 for p in pauses)


@pytest.mark.parametrize(
    "option",
    [
        ("--timeout", "-1"),
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "0"),
        ("--wait", "inf"),
        ("--wait", "nan"),
        ("--wait", "-1"),
        ("--timeout", "1e400"),
    ],
)
def test_bad_timeouts_and_waits_are_usage_errors(cli, lib, api, option):
    code, _, err = cli("--date", FIFTY, *option)
    assert code == 2 and "Traceback" not in err and option[0] in err
    assert api.log == []


def test_a_redirect_to_another_host_is_not_followed(api):
    api.faults[(FIFTY, 0)] = ["redirect http://localhost:9"]  # another host (a name for the same machine)
    with pytest.raises(FetchError, match="redirected to http://localhost:9; not followed") as caught:
        Fetcher(api.url, wait=0).day(parse_day(FIFTY))
    assert not caught.value.stop and len(api.log) == 1
    api.faults[(FIFTY, 0)] = [f"redirect {api.url}"]  # the same host: followed
    assert len(json.loads(Fetcher(api.url, wait=0).day(parse_day(FIFTY))[0])) == 50


def test_what_the_server_says_reaches_the_terminal_inert(cli, api):
    first, second = WITH_PAPERS[:2]
    api.faults[(first, 0)] = ["evil-reason"]
    code, out, err = cli("--from", first, "--to", second)
    assert code == 1 and f"{first}: HTTP 404 Not \\x1b]0;pwned\\x07\\x1b[2JFound; skipped" in err
    assert "\x1b" not in err + out and "\x07" not in err


def test_a_client_error_is_not_retried(api):
    with pytest.raises(FetchError, match="HTTP 404") as caught:
        Fetcher(api.url + "/nowhere", wait=0).day(parse_day(BIG))
    assert not caught.value.stop and len(api.log) == 1


def test_offline_is_one_clear_line(lib, tmp_path, capsys, sleeps):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed when the block ends: nothing listens there
    base = ["--library", str(lib), "--index-dir", str(tmp_path / "ix")]
    code = main([*base, "capture", "--date", "2024-05-27", "--base-url", f"http://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 1 and "are you offline?" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and sleeps == [1, 2, 4]


# One day and a range through the CLI


def test_capture_of_a_day_with_no_papers_is_refused(cli, lib):
    code, _, err = cli("--date", "2031-01-01")
    assert code == 1 and "no papers for 2031-01-01" in err
    assert list(lib.iterdir()) == []


def test_a_bad_date_or_range_is_a_usage_error(cli):
    assert cli("--date", "27/05/2024")[0] == 2
    code, _, err = cli("--from", "2024-06-02", "--to", "2024-06-01")
    assert code == 2 and "is after" in err
    assert cli("--to", "2024-06-01")[0] == 2
    assert cli("--date", "2024-06-01", "--from", "2024-06-01")[0] == 2
    with pytest.raises(IntakeError, match="expected YYYY-MM-DD"):
        parse_day("27/05/2024")


def test_a_range_saves_each_day_once_and_skips_empty_days(cli, lib, api):
    code, out, err = cli("--from", FIRST.isoformat(), "--to", LAST.isoformat())
    assert code == 0, err
    assert sorted(p.stem for p in lib.iterdir()) == WITH_PAPERS
    for day in WITH_PAPERS:
        assert saved(lib, day) == DAYS[day]
        assert f"added {day}.json ({len(DAYS[day])} papers)" in out
    assert "no papers on 2024-06-01; skipped" in out
    assert sorted(d for d, _, _ in api.log) == [d.isoformat() for d in RANGE]  # each day asked once
    assert f"{len(WITH_PAPERS)} days saved, 4 with no papers" in err
    assert err.count("indexed in") == 0 and out.count("indexed in") == 1  # one index update, at the end

    api.log.clear()
    code, out, err = cli("--from", FIRST.isoformat(), "--to", LAST.isoformat())
    assert code == 0 and f"{len(WITH_PAPERS)} of 14 days already in the library" in err
    assert sorted(d for d, _, _ in api.log) == ["2024-06-01", "2024-06-02", "2024-06-08", "2024-06-09"]
    api.log.clear()
    code, out, err = cli("--from", FIRST.isoformat(), "--to", LAST.isoformat(), "--refresh")
    assert code == 0 and len(api.log) == 14 and out.count("unchanged ") == len(WITH_PAPERS)


def test_a_range_goes_on_past_a_refused_day_and_stops_when_the_server_keeps_failing(cli, lib, api, sleeps):
    first, second, third = WITH_PAPERS[:3]
    api.faults[(first, 0)] = ["huge"]  # this day only: reported, the range goes on
    api.faults[(third, 0)] = [(503, {"Retry-After": "0"})] * 4  # the server is in trouble: stop
    code, out, err = cli("--from", FIRST.isoformat(), "--to", LAST.isoformat())
    assert code == 1
    assert f"dailypapers: {first}: the response is" in err and f"added {second}.json" in out
    assert f"stopped at {third}: run the same command again to resume" in err
    assert sorted(p.stem for p in lib.iterdir()) == [second]
    assert WITH_PAPERS[3] not in {d for d, _, _ in api.log}  # nothing asked after the stop
    assert sleeps == []  # Retry-After: 0, and --wait 0
    code, out, err = cli("--from", FIRST.isoformat(), "--to", LAST.isoformat())  # the resume
    assert code == 0 and sorted(p.stem for p in lib.iterdir()) == WITH_PAPERS


def test_a_stale_temporary_file_of_a_dead_process_is_removed(cli, lib):
    """What `atomic_write` leaves when killed mid-write (issue 21, item 13: this test planted a
    `.partial` name nothing wrote any more)."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = lib / temporary_name(dead.pid)
    stale.write_bytes(b"[{")
    live = lib / temporary_name(os.getpid())  # a writer still at work: left alone
    live.write_bytes(b"[")
    assert stale_temporaries(lib) == [stale.name]
    live.unlink()
    stale.write_bytes(b"[{")
    code, _, _ = cli("--from", FIRST.isoformat(), "--to", LAST.isoformat())
    assert code == 0 and hidden(lib) == []


# Killed and interrupted backfills (a real process)


def _start(tmp_path: Path, lib: Path, api: Api, *args: str) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "dailypapers.tui.cli",
        "--library",
        str(lib),
        "--index-dir",
        str(tmp_path / "ix"),
    ]
    cmd += ["capture", "--base-url", api.url, "--wait", "0"]
    cmd += ["--from", FIRST.isoformat(), "--to", LAST.isoformat()]
    return subprocess.Popen(
        [*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=isolated_env(tmp_path)
    )


@pytest.mark.parametrize("where", ["before", "mid-body"])
def test_a_killed_backfill_resumes_with_each_day_once(tmp_path, lib, api, where):
    stop_at = WITH_PAPERS[4]
    api.hold = (stop_at, where)
    proc = _start(tmp_path, lib, api)
    assert api.reached.wait(300), proc.communicate()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    api.hold = None
    api.release.set()
    before = WITH_PAPERS[:4]
    assert sorted(p.stem for p in lib.iterdir() if not p.name.startswith(".")) == before
    api.log.clear()
    again = _start(tmp_path, lib, api)
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert "4 of 14 days already in the library" in err and "Traceback" not in err
    assert not {d for d, _, _ in api.log} & set(before)  # resumed where it stopped
    assert sorted(p.name for p in lib.iterdir()) == [f"{d}.json" for d in WITH_PAPERS]  # no temporary
    for day in WITH_PAPERS:
        assert saved(lib, day) == DAYS[day]
    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "dailypapers.tui.cli",
            "--library",
            str(lib),
            "--index-dir",
            str(tmp_path / "ix"),
            "snapshots",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=isolated_env(tmp_path),
    )
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == WITH_PAPERS  # each day once in the index too
    assert all(r["papers"] == len({i["paper"]["id"] for i in DAYS[r["id"]]}) for r in rows)


def test_ctrl_c_keeps_what_was_saved(tmp_path, lib, api):
    api.hold = (WITH_PAPERS[3], "mid-body")
    proc = _start(tmp_path, lib, api)
    assert api.reached.wait(300), proc.communicate()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "interrupted with 3 days saved" in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if "interrupted" in line]) == 1
    assert sorted(p.name for p in lib.iterdir()) == [f"{d}.json" for d in WITH_PAPERS[:3]]
    assert out.count("added ") == 3


# Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_shows_an_eta(capsys):
    now = [100.0]
    stream = _Tty()
    progress = Progress(10, stream, clock=lambda: now[0])
    progress.step(0, "2024-05-27")
    now[0] += 8.0
    progress.step(4, "2024-05-31")  # 4 days in 8 s: 6 left, about 12 s
    assert "4/10 days" in stream.getvalue() and "about 0:12 left" in stream.getvalue()
    progress.say("added 2024-05-31.json (11 papers)")
    assert capsys.readouterr().out == "added 2024-05-31.json (11 papers)\n"
    assert stream.getvalue().count("\r\x1b[K") >= 3  # cleared for the line, then drawn again
    progress.waiting(7, "HTTP 429 Too Many Requests", True)
    assert "retry in 7 s: HTTP 429" in stream.getvalue().rsplit("\r", 1)[-1]
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_on_a_pipe_is_plain_lines(capsys):
    stream = io.StringIO()
    progress = Progress(20, stream, clock=time.monotonic)
    for n in range(20):
        progress.step(n, f"day{n}")
    progress.waiting(1, "HTTP 503", False)  # our own backoff: not worth a line on a pipe
    progress.waiting(30, "HTTP 429", True)
    lines = stream.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == [f"{n}/20" for n in range(2, 20, 2)]
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()
    assert "waiting 30 s as the server asks" in capsys.readouterr().err


def test_the_cli_starts_without_urllib_request(tmp_path):
    code = (
        "import sys, dailypapers.index.cli as cli; cli.build_parser(); print('urllib.request' in sys.modules)"
    )
    env = isolated_env(tmp_path)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "False", out.stderr
