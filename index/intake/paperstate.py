"""A paper's latest state on demand: `GET {base_url}/api/papers/{id}` (upvotes, comments, code
and its stars, project page) when the last capture of the paper is older than a day, kept in
the signals' history as one more observation with its time (so rising and the alerts see it);
and the counts of models, datasets and Spaces linked to it (`GET /api/models?filter=arxiv:{id}`,
`/api/datasets?...`, `/api/spaces?...`: each a JSON list, counted up to `LIMIT`), kept beside
it. Asked with the capture's rules (`fetch.Fetcher.get`: timeouts, a total deadline, a size
cap), once (a 429 is not waited for), and never raising: what cannot be fetched now is said in
one line and what is kept is what is known.

Everything the site sends is checked as a day file's items are (`papers.signals`): a count is a
non-negative integer (upvotes beyond the index's 32 bits clamped and the row marked clamped), a
URL http(s) with a host and printable ASCII, else nothing; an answer for another paper, or that
is not a JSON object (a web page, an error), is not kept. A list's item counts only when it is
an object with a string `id`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from ..marks.history import DAY, History, Seen, observed
from ..papers.model import Paper
from ..papers.signals import count, signals
from ..reading.apifile import INT_RANGE
from .fetch import DEFAULT_BASE_URL, Fetcher, FetchError

LIMIT = 100  # linked models (datasets, Spaces) counted; more is "100+"
KINDS = ("models", "datasets", "spaces")
MAX_BYTES = 2 << 20  # a paper is ~5 KB; a list of 101 models ~40 KB
WAIT = 0.25  # seconds between the (at most four) requests
DEADLINE = 10.0  # for each request in all
Counts = tuple[int | None, int | None, int | None]
_NAMES = (("model", "models"), ("dataset", "datasets"), ("Space", "Spaces"))


@dataclass(slots=True)
class Latest:
    """What is known of a paper now: its history (oldest first; the new observation last when
    one was fetched), the linked counts and when they were counted, and why something could not
    be fetched ("" when nothing failed)."""

    series: list[Seen] = field(default_factory=list)
    linked: Counts | None = None
    linked_at: float | None = None
    fetched: bool = False  # the paper was asked for just now (and its answer kept)
    error: str = ""


def hub_links(arxiv_id: str) -> list[tuple[str, str]]:
    """(kind, the site's listing of what is linked to the paper) for models, datasets, Spaces."""
    return [(kind, f"https://huggingface.co/{kind}?other=arxiv:{arxiv_id}") for kind in KINDS]


def linked_labels(counts: Counts) -> list[str]:
    """ "3 models", "1 dataset", "100+ Spaces" ("? models": not counted), in KINDS' order."""
    out = []
    for (one, many), number in zip(_NAMES, counts, strict=True):
        if number is None:
            out.append(f"? {many}")
        elif number > LIMIT:
            out.append(f"{LIMIT}+ {many}")
        else:
            out.append(f"{number:,} {one if number == 1 else many}")
    return out


def fetcher_for(base_url: str | None = None, wait: float = WAIT, timeout: float = 5.0) -> Fetcher:
    """The fetcher of a paper's state: one try a request, a short deadline, a small size cap."""
    site = base_url or DEFAULT_BASE_URL
    return Fetcher(site, timeout=timeout, deadline=DEADLINE, wait=wait, attempts=1, max_bytes=MAX_BYTES)


def known(history: History, paper: Paper) -> Latest:
    """What is kept (no network): the paper's history and its linked counts."""
    found = Latest(history.series(paper.keys))
    kept = history.linked(paper.arxiv_id) if paper.arxiv_id else None
    if kept is not None:
        found.linked_at, found.linked = kept
    return found


def latest(
    history: History,
    paper: Paper,
    fetcher: Fetcher,
    force: bool = False,
    now: Callable[[], float] = time.time,
) -> Latest:
    """The paper's state, asked of the site when what is kept is older than a day (or `force`),
    kept in the history; on any failure what is kept, with `error` saying why (the first)."""
    found = known(history, paper)
    if not paper.arxiv_id or paper.url is None:  # no id the site knows, or not a safe one
        return found
    pid = quote(paper.arxiv_id, safe=".")
    site = fetcher.base_url.rstrip("/")
    errors: list[str] = []
    if force or not found.series or now() - found.series[-1].at > DAY:
        try:
            _, data = fetcher.get(f"{site}/api/papers/{pid}", paper.arxiv_id, decode=_json)
            row = _paper_state(data, paper.arxiv_id, now())
            history.observe(paper.arxiv_id, row)
            found.series.append(row)
            found.fetched = True
        except (FetchError, ValueError) as exc:
            errors.append(str(exc))
            if isinstance(exc, FetchError) and exc.stop:  # offline, rate-limited: ask no more
                found.error = errors[0]
                return found
    if force or found.linked_at is None or now() - found.linked_at > DAY:
        counts: list[int | None] = []
        for kind in KINDS:
            try:
                url = f"{site}/api/{kind}?filter=arxiv:{pid}&limit={LIMIT + 1}"
                _, data = fetcher.get(url, kind, decode=_json)
                counts.append(_listed(data))
            except (FetchError, ValueError) as exc:
                errors.append(str(exc))
                counts.append(None)
                break  # the site is not answering: the next lists would not either
        if len(counts) == len(KINDS) and None not in counts:
            found.linked, found.linked_at = (counts[0], counts[1], counts[2]), now()
            history.keep_linked(paper.arxiv_id, found.linked_at, found.linked)
    found.error = errors[0] if errors else ""
    return found


def _json(body: bytes) -> object:
    """JSON; a web page (a sign-in or error page) refused as one."""
    if body.lstrip()[:1] == b"<":
        raise FetchError("the site answered with a web page (HTML), not JSON; not kept")
    return json.loads(body)


def _paper_state(data: object, arxiv_id: str, at: float) -> Seen:
    """The observation in `GET /api/papers/{id}`'s answer; ValueError when it is not one."""
    if not isinstance(data, dict):
        raise ValueError("the site's answer is not a paper (a JSON object); not kept")
    if data.get("id") != arxiv_id:
        raise ValueError("the site answered for another paper; not kept")
    votes = count(data.get("upvotes"))
    upvotes = None if votes is None else min(votes, INT_RANGE[1])
    row = observed(at, "", upvotes, signals(data, data))  # (clamped: at a bound)
    if (row.upvotes, row.comments, row.stars, row.code, row.project) == (None,) * 5:
        raise ValueError("the site's answer holds none of the paper's signals; not kept")
    return row


def _listed(data: object) -> int:
    """The items of a list answer (objects with a string `id`), at most LIMIT + 1."""
    if not isinstance(data, list):
        raise ValueError("the site's answer is not a list; not counted")
    return sum(1 for item in data[: LIMIT + 1] if isinstance(item, dict) and isinstance(item.get("id"), str))
