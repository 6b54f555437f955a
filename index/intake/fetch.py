"""Fetch a day from the Daily Papers API: every page of it, politely, with faults retried.

`GET /api/daily_papers?date=YYYY-MM-DD&p=N&limit=M` returns one page of the day: a JSON
array of at most M items (`p` counts from 0; the site's default page is 50 items). The
pages are fetched until a short one and merged in the site's order, each paper once (by
its id), into one array: the day file, in the API's own shape.

Every request waits `wait` seconds after the previous one. A 429 or a 5xx, a body cut
short, a connection reset mid-body and a body that is not JSON are retried (after the
server's `Retry-After`, or its `RateLimit` reset, else an exponential backoff); a response
over `max_bytes` is refused without reading the rest. `timeout` bounds each read; `deadline`
the whole request (a server that trickles a byte a second never trips a read timeout: at the
deadline its connection is shut). A body nested deeper than the JSON parser goes is not JSON.
urllib is imported only here, and this module only when something is fetched.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import Message
from email.utils import parsedate_to_datetime

from .add import IntakeError

DEFAULT_BASE_URL = "https://huggingface.co"
PAGE_SIZE = 50  # the API's own default page
MAX_PAGES = 40  # 2,000 papers: far beyond any real day (the busiest of 580 holds 50)
MAX_BYTES = 16 << 20  # per response; the largest of 580 real days is 0.36 MB
DEADLINE = 120.0  # seconds for one request in all; a real day's page comes in well under 1 s
LONGEST_WAIT = 600.0  # a server asking for a longer pause is told "later", not waited for
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_RATELIMIT = re.compile(r";\s*r\s*=\s*0\s*;\s*t\s*=\s*([0-9]{1,9})\b")  # Hugging Face's `RateLimit`, spent


class FetchError(IntakeError):
    """A day that could not be fetched. `stop`: the site is unreachable or keeps failing, so a
    backfill stops here (to be resumed later) rather than hammer it with the next day."""

    def __init__(self, message: str, stop: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.stop = stop
        self.status = status  # the HTTP status refused (404: the site has no such page)


class _Retry(Exception):
    """What asking again may cure: `delay` the server asked for, `stop` a range when it persists,
    `tries` worth counting in the message."""

    def __init__(self, reason: str, delay: float | None = None, *, stop=True, tries=True) -> None:
        super().__init__(reason)
        self.reason, self.delay, self.stop, self.tries = reason, delay, stop, tries


@dataclass
class Fetcher:
    """Fetches days; one per backfill, so the pause between requests spans days."""

    base_url: str = DEFAULT_BASE_URL
    timeout: float = 20.0  # for each read
    deadline: float = DEADLINE  # for each request, in all
    wait: float = 1.0  # seconds between two requests
    attempts: int = 4
    backoff: float = 1.0  # first retry pause without Retry-After; doubles each time
    max_bytes: int = MAX_BYTES
    page_size: int = PAGE_SIZE
    sleep: Callable[[float], None] | None = None  # default time.sleep; tests pass a recorder
    on_wait: Callable[[float, str, bool], None] | None = None  # each pause for a retry: asked by the server?
    requests: int = 0
    _last: float | None = field(default=None, repr=False)

    def day(self, day: date) -> tuple[bytes, int | None]:
        """The day as API JSON bytes (every page merged) and its number of items; None when the
        API answered with something other than an array (a wrapper, an error object), returned
        as it came for the reader to judge."""
        items: list = []
        seen: set[str] = set()
        for p in range(MAX_PAGES):
            body, page = self._page(day, p)
            if not isinstance(page, list):
                if p == 0:
                    return body, None
                raise FetchError(f"{day}: page {p + 1} is not a list of papers")
            fresh = 0
            for item in page:
                key = _key(item)
                if key not in seen:
                    seen.add(key)
                    items.append(item)
                    fresh += 1
            if p == 0 and fresh == len(page) < self.page_size:
                return body, len(items)  # one page, as the site sent it
            if len(page) >= self.page_size and not fresh:
                raise FetchError(f"{day}: page {p + 1} repeated the earlier papers (paging ignored?)")
            if len(page) < self.page_size:
                return json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode(), len(items)
        raise FetchError(f"{day}: more than {MAX_PAGES} pages of {self.page_size} papers")

    def _page(self, day: date, p: int) -> tuple[bytes, object]:
        query = f"date={day.isoformat()}&p={p}&limit={self.page_size}"
        return self.get(f"{self.base_url.rstrip('/')}/api/daily_papers?{query}", str(day))

    def get(
        self,
        url: str,
        label: str,
        accept: str = "application/json",
        decode: Callable[[bytes], object] = json.loads,
    ) -> tuple[bytes, object]:
        """The body at `url` and what `decode` makes of it (a ValueError: retried, as a body cut
        short; a FetchError: refused), with the retries and pauses above; errors say `label`."""
        failure, delay = _Retry("no attempt made"), 0.0
        for attempt in range(1, self.attempts + 1):
            self._pause(delay)
            try:
                body = self._get(url, accept)
                try:
                    return body, decode(body)
                except ValueError:
                    what = "JSON" if decode is json.loads else "what was asked for"
                    raise _Retry(f"the response is not {what} (cut short?)", stop=False) from None
                except RecursionError:  # valid, but nested deeper than any day file
                    raise FetchError("the response is not JSON papers (nested too deep)") from None
            except _Retry as exc:
                failure = exc
            except FetchError as exc:
                raise FetchError(f"{label}: {exc}", exc.stop, exc.status) from None
            if attempt == self.attempts:
                break
            delay = failure.delay if failure.delay is not None else self.backoff * 2 ** (attempt - 1)
            if delay > LONGEST_WAIT:
                raise FetchError(
                    f"{label}: {failure.reason}; the server asks for a {delay:.0f} s pause: try again later",
                    stop=True,
                )
            if self.on_wait:
                self.on_wait(delay, failure.reason, failure.delay is not None)
        tries = f" ({self.attempts} tries)" if failure.tries and self.attempts > 1 else ""
        raise FetchError(f"{label}: {failure.reason}{tries}", stop=failure.stop)

    def _pause(self, at_least: float) -> None:
        """Sleep `wait` after the previous request, or `at_least` (a retry's delay) if longer."""
        left = at_least
        if self._last is not None:
            left = max(left, self.wait - (time.monotonic() - self._last))
        if left > 0:
            (self.sleep or time.sleep)(left)
        self._last = time.monotonic()

    def _get(self, url: str, accept: str = "application/json") -> bytes:
        """One request: the body, or _Retry for what asking again may cure, FetchError for the rest."""
        import http.client  # here: urllib costs ~30 ms to import, and only capture needs it
        import urllib.error
        import urllib.parse
        import urllib.request

        headers = {"User-Agent": "dailypapers", "Accept": accept}
        request = urllib.request.Request(url, headers=headers)
        self.requests += 1
        watch = _Deadline(self.deadline)
        try:
            with watch.opener().open(request, timeout=self.timeout) as response:
                return self._body(response, watch)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in RETRY_STATUS:
                raise _Retry(f"HTTP {exc.code} {exc.reason}", retry_after(exc.headers)) from None
            raise FetchError(f"HTTP {exc.code} {exc.reason}", status=exc.code) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            if watch.passed:  # shut at the deadline: whatever the read then saw, this is why
                raise _Retry(f"no complete answer within {self.deadline:g} s") from None
            if isinstance(exc, urllib.error.URLError):
                reason = getattr(exc.reason, "strerror", None) or exc.reason
                host = urllib.parse.urlsplit(url).netloc
                raise _Retry(f"cannot reach {host} ({reason}); are you offline?", tries=False) from None
            if isinstance(exc, http.client.IncompleteRead):
                raise _Retry(f"the response was cut short ({len(exc.partial)} bytes)") from None
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__  # a reset, a timeout
            raise _Retry(f"the connection broke ({detail})") from None
        finally:
            watch.cancel()

    def _body(self, response, watch: _Deadline) -> bytes:
        import http.client

        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(f"the response is {_size(int(length))}, over {_size(self.max_bytes)}; refused")
        chunks, size = [], 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"the response is over {_size(self.max_bytes)}; refused")
            chunks.append(chunk)
        if watch.passed:
            raise http.client.IncompleteRead(b"".join(chunks), response.length)
        if response.length:  # the connection closed before Content-Length bytes came
            raise http.client.IncompleteRead(b"".join(chunks), response.length)
        return b"".join(chunks)


def fetch_day(day: date, base_url: str = DEFAULT_BASE_URL, **options) -> bytes:
    """The day's file as `capture` saves it (every page merged); FetchError when it cannot."""
    return Fetcher(base_url, **options).day(day)[0]


def retry_after(headers: Message | None, now: datetime | None = None) -> float | None:
    """Seconds the server asks to wait: `Retry-After` (seconds or an HTTP date), else the reset
    time of a spent Hugging Face `RateLimit` (`"api";r=0;t=55`); None when it does not say."""
    if headers is None:
        return None
    value = (headers.get("Retry-After") or "").strip()
    if value.isascii() and value.isdigit():  # (str.isdigit takes "²" and "٣" too)
        return float(value) if len(value) < 10 else LONGEST_WAIT * 2  # over a year: too long
    if value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    spent = _RATELIMIT.search(headers.get("RateLimit") or "")
    return float(spent.group(1)) if spent else None


class _Deadline:
    """The end of one request: the sockets it opens are shut when it passes (a blocked read then
    returns), and `passed` says so. `opener()` is a urllib opener whose connections register."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.passed = False
        self._timers: list[threading.Timer] = []

    def opener(self):
        import http.client
        import urllib.parse
        import urllib.request

        watch = self

        class HTTP(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                watch.add(self.sock)

        class HTTPS(http.client.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                watch.add(self.sock)

        class HTTPHandler(urllib.request.HTTPHandler):
            def http_open(self, req):
                return self.do_open(HTTP, req)

        class HTTPSHandler(urllib.request.HTTPSHandler):
            def https_open(self, req):
                return self.do_open(HTTPS, req, context=self._context)  # type: ignore[attr-defined]

        class Redirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, req, fp, code, msg, headers, newurl):
                there = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl))
                if (there.scheme, there.netloc) != urllib.parse.urlsplit(req.full_url)[:2]:
                    raise FetchError(
                        f"HTTP {code}: redirected to {there.scheme}://{there.netloc}; not followed"
                    )
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        return urllib.request.build_opener(HTTPHandler, HTTPSHandler, Redirect)

    def add(self, sock: socket.socket) -> None:
        timer = threading.Timer(max(0.0, self.at - time.monotonic()), self._shut, (sock,))
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def _shut(self, sock: socket.socket) -> None:
        self.passed = True
        with contextlib.suppress(OSError):  # closed already
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _key(item: object) -> str:
    """A paper's identity within a day: its id, else the item itself."""
    if isinstance(item, dict):
        paper = item.get("paper")
        pid = paper.get("id") if isinstance(paper, dict) else item.get("id")
        if isinstance(pid, str) and pid:
            return "id:" + pid
    return "item:" + json.dumps(item, sort_keys=True, ensure_ascii=False)


def _size(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB" if size >= 1 << 20 else f"{size / 1024:.1f} KB"
