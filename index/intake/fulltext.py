"""A paper's full text: `GET {base_url}/papers/{id}.md` (the site's Markdown of arXiv's HTML
version), fetched with the capture's rules (`fetch.Fetcher`: timeouts, retries, `Retry-After`,
a size cap), checked whole, and kept in the cache; read from there afterwards, offline.

Only an answer that is whole and Markdown is kept: a body cut short is retried (then refused),
a web page (HTML) or an empty body refused, a 404 is "no full text" (papers without an HTML
version on arXiv have none). Nothing is written before the whole body is checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..fulltext.cache import FullTextCache, safe_id
from ..fulltext.render import Document, parse
from .add import IntakeError
from .fetch import DEFAULT_BASE_URL, Fetcher, FetchError

MAX_BYTES = 8 << 20  # a 40-page paper's Markdown is about 0.2 MB
_HTML = (b"<!doctype html", b"<html", b"<head", b"<body")


class NoFullText(IntakeError):
    """The paper has no full text to read (`pdf`: where its PDF is, to say instead)."""

    def __init__(self, message: str, pdf: str | None = None) -> None:
        super().__init__(message)
        self.pdf = pdf


@dataclass(slots=True)
class FullText:
    arxiv_id: str
    markdown: str
    fetched: bool  # False: read from the cache
    cache: FullTextCache | None = None  # where it is kept

    def document(self) -> Document:
        """Parsed (once: the parse is kept in the cache beside the Markdown)."""
        kept = self.cache.document(self.arxiv_id) if self.cache is not None else None
        return kept if kept is not None else parse(self.markdown)

    def keep(self, doc: Document) -> None:
        """Keep a text fetched with `keep=False`, and `doc`, its parse."""
        assert self.cache is not None
        self.cache.put(self.arxiv_id, self.markdown, doc)


def _decode(body: bytes) -> str:
    """The body as Markdown text; a web page or an empty body refused (FetchError)."""
    head = body[:512].lstrip().lower()
    if head.startswith(_HTML):
        raise FetchError("the site answered with a web page (HTML), not Markdown; not kept")
    text = body.decode("utf-8", "replace")
    if not text.strip():
        raise FetchError("the site answered with an empty page; not kept")
    return text


def pdf_link(arxiv_id: str) -> str:
    return f"https://arxiv.org/pdf/{arxiv_id}"


def full_text(
    cache: FullTextCache,
    arxiv_id: str | None,
    refresh: bool = False,
    base_url: str | None = None,
    fetcher: Fetcher | None = None,
    keep: bool = True,
) -> FullText:
    """The paper's full text: from the cache, else (or with `refresh`) fetched and kept (from
    `base_url`, else `$DAILYPAPERS_BASE_URL`, else Hugging Face; not kept without `keep`: the
    caller keeps it, `FullText.keep`). NoFullText when the paper has none; FetchError when it
    cannot be fetched now."""
    if not arxiv_id or not safe_id(arxiv_id):
        raise NoFullText("no full text: the paper has no arXiv id")
    if not refresh and (kept := cache.get(arxiv_id)) is not None:
        return FullText(arxiv_id, kept, False, cache)
    site = base_url or os.environ.get("DAILYPAPERS_BASE_URL") or DEFAULT_BASE_URL
    fetcher = fetcher or Fetcher(site, max_bytes=MAX_BYTES, attempts=3)
    url = f"{fetcher.base_url.rstrip('/')}/papers/{arxiv_id}.md"
    try:
        _, text = fetcher.get(url, arxiv_id, "text/markdown, text/plain;q=0.5", _decode)
    except FetchError as exc:
        if exc.status in (404, 410):
            raise NoFullText(
                f"no full text for {arxiv_id}: the site has no Markdown of it (no HTML version on arXiv); "
                f"the PDF: {pdf_link(arxiv_id)}",
                pdf_link(arxiv_id),
            ) from None
        raise
    assert isinstance(text, str)
    if keep:
        cache.put(arxiv_id, text)
    return FullText(arxiv_id, text, True, cache)
