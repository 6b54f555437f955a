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


_REF = re.compile(
    r"^(?:arxiv:|(?:https?://)?(?:www\.)?(?:arxiv\.org/(?:abs|pdf|html)|huggingface\.co/papers)/)"
    r"(?P<id>[^/?#\s]+?)(?:v\d+)?(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)


def paper_ref(text: str) -> str:
    """The paper id in what a user pastes: `2608.19799`, `arXiv:2608.19799`, an arXiv abstract or
    PDF link (`https://arxiv.org/abs/2608.19799v2`), a Hugging Face paper page
    (`https://huggingface.co/papers/2608.19799`) — the forms `show`, the digest and exports print."""
    text = text.strip()
    match = _REF.match(text) or re.fullmatch(r"(?P<id>\d{4}\.\d{4,5})v\d+", text)
    return match.group("id") if match else text
