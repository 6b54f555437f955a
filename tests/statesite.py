"""A loopback site answering for papers one at a time, as Hugging Face does: `GET /api/papers/{id}`
and the lists of models, datasets and Spaces linked to a paper (`GET /api/{kind}?filter=arxiv:{id}`,
its `limit` ignored: the client caps what it reads). Faults by path kind, one per request;
`hold` blocks every answer until `release` (a slow site), after saying `reached`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from helpers import Server


class StateSite:
    def __init__(self) -> None:
        self.papers: dict[str, object] = {}  # id -> the JSON answer
        self.lists: dict[str, dict[str, list]] = {}  # kind -> id -> items
        self.faults: dict[str, list] = {}  # "papers", "models"... -> one fault a request
        self.log: list[str] = []
        self.hold = False
        self.reached = threading.Event()
        self.release = threading.Event()
        self.url = ""


class _Handler(BaseHTTPRequestHandler):
    site: StateSite

    def do_GET(self) -> None:
        site = self.site
        site.log.append(self.path)
        url = urlsplit(self.path)
        parts = url.path.split("/")  # "", "api", kind[, id]
        kind = parts[2] if len(parts) > 2 else ""
        if site.hold:
            site.reached.set()
            site.release.wait(20)
        pending = site.faults.get(kind)
        fault = pending.pop(0) if pending else None
        if kind == "papers" and len(parts) == 4:
            data = site.papers.get(parts[3])
        else:
            wanted = parse_qs(url.query).get("filter", [""])[0].removeprefix("arxiv:")
            data = site.lists.get(kind, {}).get(wanted, [])
        if data is None or fault == 404:
            self.send_error(404)
            return
        if fault == 429:
            self.send_response(429)
            self.send_header("Retry-After", "3600")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"busy")
            return
        body = fault if isinstance(fault, bytes) else json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault == "trickle":  # a byte every 50 ms: each read is quick, the whole body is not
            for n in range(len(body)):
                self.wfile.write(body[n : n + 1])
                self.wfile.flush()
                if site.release.wait(0.05):
                    return
        else:
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(site: StateSite) -> Iterator[StateSite]:
    server = Server(("127.0.0.1", 0), type("H", (_Handler,), {"site": site}))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()


def paper(pid: str, upvotes: int, repo: str | None = None, **more) -> dict:
    """The site's answer for a paper (the fields the latest state reads, and a few more)."""
    data = {"id": pid, "title": f"Paper {pid}", "upvotes": upvotes, "numComments": 2, "summary": "…"}
    if repo:
        data |= {"githubRepo": repo, "githubStars": 152}
    return data | more


def listed(n: int) -> list[dict]:
    return [{"id": f"owner/thing-{k}", "downloads": k} for k in range(n)]
