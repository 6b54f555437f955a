"""A paper's identity: the arXiv id when known, else its normalised title (and a short id from it)."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def title_key(title: str) -> str:
    """The normalised form of a title that decides identity when no arXiv id is known."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(re.findall(r"\w+", folded))


def title_id(title: str) -> str:
    """A short, stable id for a paper known only by its title."""
    return "t" + hashlib.sha1(title_key(title).encode("utf-8")).hexdigest()[:12]


def is_title_id(pid: str) -> bool:
    """True for an id made by `title_id` (a paper with no known arXiv id)."""
    return len(pid) == 13 and pid[0] == "t" and all(c in "0123456789abcdef" for c in pid[1:])
