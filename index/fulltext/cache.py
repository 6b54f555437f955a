"""Where the full texts fetched are kept: one Markdown file per arXiv id, written whole or not at all.

Only a complete answer of the site is ever put here (`intake.fulltext` checks it first), with
the one atomic write; a file is named by its arXiv id, checked against the safe characters
(an old-style id's `/` becomes `_`), so no id can name a path outside the directory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..store.files import atomic_write

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

    def get(self, arxiv_id: str | None) -> str | None:
        """The paper's Markdown, or None when it was never fetched (or cannot be read)."""
        if not safe_id(arxiv_id):
            return None
        try:
            return self.path(arxiv_id or "").read_bytes().decode("utf-8", "replace")
        except OSError:
            return None

    def put(self, arxiv_id: str, markdown: str) -> None:
        path = self.path(arxiv_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, markdown)

    def ids(self) -> set[str]:
        """The arXiv ids of every full text kept."""
        try:
            names = [p.name for p in self.root.iterdir()]
        except OSError:
            return set()
        ids = {n[:-3].replace("_", "/") for n in names if n.endswith(".md") and not n.startswith(".")}
        return {i for i in ids if safe_id(i)}
