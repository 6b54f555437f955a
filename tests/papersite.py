"""A loopback site serving papers' Markdown (`GET /papers/{id}.md`) and days of the API (one page
of them: `GET /api/daily_papers?date=`), as Hugging Face does, and
the library it goes with: papers of a real corpus day (of the bundled seeds when the corpus is
absent), each with a full text made in the test from corpus abstracts — sections, a table, math
and a figure; §2 holds a phrase no title or abstract holds. Nothing fetched is committed."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from helpers import CORPUS, SEEDS, Server

from dailypapers.index.reading.files import read_snapshot

DAY = "2024-05-27"
PHRASE = "zorblat quintessive fennimorph"  # in §2 of every full text, nowhere else
WORD = "snarkleberry"  # in §3 of every full text, nowhere else


def items(n: int = 8) -> list[dict]:
    """API items of one day: the corpus's first `n` of DAY, or seed papers with made-up ids."""
    path = CORPUS / f"{DAY}.json"
    if path.exists():
        return json.loads(path.read_text("utf-8"))[:n]
    entries = read_snapshot(sorted(SEEDS.glob("*.txt"))[0]).entries[:n]
    return [
        {"paper": {"id": f"2405.{17000 + k}", "title": e.title, "summary": e.abstract, "authors": []}}
        for k, e in enumerate(entries)
    ]


def pool() -> list[str]:
    """Abstracts to fill sections with (the corpus's, else the seeds')."""
    if CORPUS.is_dir():
        found = []
        for path in sorted(CORPUS.glob("2024-06-0*.json")):
            found += [i["paper"].get("summary", "") for i in json.loads(path.read_text("utf-8"))]
        return [a for a in found if a]
    return [e.abstract for p in sorted(SEEDS.glob("*.txt")) for e in read_snapshot(p).entries if e.abstract]


def markdown(item: dict, filler: list[str], pages: int = 1) -> str:
    """A paper's full text: its title and abstract, then numbered sections (`pages` long)."""
    paper = item["paper"]
    text = [f"# {paper['title']}", "", ", ".join(a.get("name", "") for a in paper.get("authors", [])), ""]
    text += ["## Abstract", "", paper.get("summary", ""), ""]
    k = 0

    def para() -> str:
        nonlocal k
        k += 1
        return filler[k % len(filler)]

    text += ["## 1 Introduction", "", para(), "", "- " + para()[:200], "- " + para()[:200], ""]
    text += ["## 2 Method", "", f"Our approach, the {PHRASE}, works thus. " + para(), ""]
    text += ["$$", r"\mathcal{L} = \sum_{i=1}^{n} \log p_\theta(x_i \mid x_{<i})", "$$", ""]
    text += ["## 3 Experiments", "", f"The {WORD} ablation. " + para(), ""]
    text += ["| Model | Accuracy | Params |", "|---|---|---|", "| Baseline | 71.2 | 7B |"]
    text += ["| Ours | 78.9 | 7B |", ""]
    text += ["![Figure 1: Accuracy against model size.](https://arxiv.org/html/x1.png)", ""]
    for n in range(4, 4 + max(0, pages * 2 - 2)):  # about four paragraphs (5 KB) a page
        text += [f"## {n} Further results {n}", "", para(), "", f"With $d_{n} = {n}$. " + para(), ""]
    text += ["## 4 Conclusion" if pages == 1 else f"## {4 + pages * 2} Conclusion", "", para(), ""]
    text += ["## References", "", "- [1] A. Author. A cited paper. 2023.", ""]
    return "\n".join(text)


class Site:
    """The Markdown served by id, the requests seen, faults to serve (id -> list, one a request)."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.days: dict[str, list] = {}  # the API's items of a day (`/api/daily_papers?date=`)
        self.faults: dict[str, list] = {}
        self.log: list[str] = []
        self.url = ""


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        site = self.site
        site.log.append(self.path)
        if self.path.startswith("/api/daily_papers?"):
            day = parse_qs(urlparse(self.path).query).get("date", [""])[0]
            self._send(json.dumps(site.days.get(day, [])).encode(), "application/json")
            return
        pid = self.path.removeprefix("/papers/").removesuffix(".md")
        pending = site.faults.get(pid)
        fault = pending.pop(0) if pending else None
        body = site.pages.get(pid)
        if isinstance(fault, bytes):
            body = fault
        if body is None or fault == 404 or not self.path.endswith(".md"):
            self.send_error(404)
            return
        if fault == 429 or isinstance(fault, tuple):  # (429, seconds): a Retry-After of that many
            self.send_response(429)
            self.send_header("Retry-After", str(fault[1] if isinstance(fault, tuple) else 0))
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"busy")
            return
        self._send(body, "text/markdown; charset=utf-8", fault)

    def _send(self, body: bytes, kind: str, fault: object = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(10**10 if fault == "huge" else len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if fault in ("cut", "huge") else body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = Server(("127.0.0.1", 0), type("H", (_Handler,), {"site": site}))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def library(root: Path, n: int = 8, pages: int = 1) -> tuple[Path, Site, list[dict]]:
    """A library of one day and a site serving every paper's full text but the last's."""
    lib = root / "library"
    lib.mkdir(parents=True, exist_ok=True)
    day = items(n)
    (lib / f"{DAY}.json").write_text(json.dumps(day), "utf-8")
    site, filler = Site(), pool()
    for item in day[:-1]:
        site.pages[item["paper"]["id"]] = markdown(item, filler, pages).encode()
    return lib, site, day
