"""Where the full texts fetched are kept: one Markdown file per arXiv id, written whole or not at
all, and beside it the document parsed from it (`{id}.json`, `stored`: made on the first read).

Only a complete answer of the site is ever put here (`intake.fulltext` checks it first), with
the one atomic write; a file is named by its arXiv id, checked against the safe characters
(an old-style id's `/` becomes `_`), so no id can name a path outside the directory.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.files import atomic_write

if TYPE_CHECKING:  # imported where used: a search that keeps no full text parses no Markdown
    from . import render

ASK_AGAIN = 7 * 86400  # seconds before a paper the site had no full text of is asked for again
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)?")


def safe_id(arxiv_id: str | None) -> bool:
    return bool(arxiv_id) and len(arxiv_id or "") <= 64 and _SAFE.fullmatch(arxiv_id or "") is not None


class FullTextCache:
    """The full texts kept in `root` (made when the first is put)."""

    def __init__(self, root: Path | Callable[[], Path]) -> None:
        self._root = root  # (or how to find it, asked when first needed: a search seldom does)

    @property
    def root(self) -> Path:
        if callable(self._root):
            self._root = self._root()
        return Path(self._root)

    def path(self, arxiv_id: str) -> Path:
        if not safe_id(arxiv_id):
            raise ValueError(f"not an arXiv id: {arxiv_id!r}")
        return self.root / (arxiv_id.replace("/", "_") + ".md")

    def _beside(self, arxiv_id: str, suffix: str) -> Path:
        """A file kept beside the paper's Markdown (`.json`: its parse; `.none`: none on the site)."""
        return self.path(arxiv_id).with_suffix(suffix)  # ("2405.15738.md" to "2405.15738.json")

    def get(self, arxiv_id: str | None) -> str | None:
        """The paper's Markdown, or None when it was never fetched (or cannot be read)."""
        if not safe_id(arxiv_id):
            return None
        try:
            return self.path(arxiv_id or "").read_bytes().decode("utf-8", "replace")
        except OSError:
            return None

    def document(self, arxiv_id: str | None) -> render.Document | None:
        """The paper's full text parsed: the one kept beside its Markdown when it was parsed from
        this very file by this renderer, else parsed now (and kept); None when never fetched."""
        if not safe_id(arxiv_id):
            return None
        path, side = self.path(arxiv_id or ""), self._beside(arxiv_id or "", ".json")
        try:
            before = path.stat()
        except OSError:
            return None
        from . import render, stored

        stamp = [render.VERSION, before.st_size, before.st_mtime_ns]
        try:
            doc = stored.load(side.read_bytes(), stamp)
        except OSError:
            doc = None
        if doc is not None:
            return doc
        try:
            markdown = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            return None
        doc = render.parse(markdown)
        self._keep(arxiv_id or "", doc, stamp)
        return doc

    def _keep(self, arxiv_id: str, doc: render.Document, stamp: list[int]) -> None:
        """Keep the parse of the Markdown file `stamp` describes, if it is still that file."""
        try:
            now = self.path(arxiv_id).stat()
            if [now.st_size, now.st_mtime_ns] == stamp[1:]:  # (not replaced while being parsed)
                from . import stored

                atomic_write(self._beside(arxiv_id, ".json"), stored.dump(doc, stamp))
        except OSError:
            pass  # (a read-only cache: parsed each time)

    def put(self, arxiv_id: str, markdown: str, doc: render.Document | None = None) -> None:
        """Keep the paper's Markdown (and `doc`, its parse, when made already)."""
        path = self.path(arxiv_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, markdown)
        if doc is not None:
            now = path.stat()
            from . import render

            self._keep(arxiv_id, doc, [render.VERSION, now.st_size, now.st_mtime_ns])

    def ids(self) -> set[str]:
        """The arXiv ids of every full text kept."""
        try:
            names = [p.name for p in self.root.iterdir()]
        except OSError:
            return set()
        ids = {n[:-3].replace("_", "/") for n in names if n.endswith(".md") and not n.startswith(".")}
        return {i for i in ids if safe_id(i)}

    def note_missing(self, arxiv_id: str) -> None:
        """The site has no full text of the paper now (`{id}.none`: a prefetch asks again in a week)."""
        self.root.mkdir(parents=True, exist_ok=True)
        atomic_write(self._beside(arxiv_id, ".none"), "")

    def missing(self, arxiv_id: str) -> bool:
        """The site had no full text of the paper less than a week ago."""
        try:
            return time.time() - self._beside(arxiv_id, ".none").stat().st_mtime < ASK_AGAIN
        except OSError:
            return False
