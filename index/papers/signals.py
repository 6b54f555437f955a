"""What the site shows beside a paper: TL;DR, keywords, code, project page, organisation,
comments, submitter. Read from an API item, checked, and kept per appearance.

Every value is validated here, once: text is cleaned (no controls, whitespace collapsed),
counts are non-negative integers (never booleans) clamped to 64 bits, and a URL is kept
only when it is http(s) with a host and nothing but printable ASCII (whitespace inside it,
an arXiv-style line break, is removed first). Anything else is None: never a guess.
"""

from __future__ import annotations

import re

from ..text import clean
from .record import Frozen

MAX_COUNT = 2**63 - 2  # the index's 64-bit NUMERIC fields; their largest value means "none"
MAX_URL = 2048
_URL = re.compile(r"https?://[!-~]+", re.IGNORECASE)  # printable ASCII only, no spaces
_SPACE = re.compile(r"\s+")


class Repo(Frozen):
    """A code repository: its URL and star count (None: not known)."""

    __slots__ = ("url", "stars")  # noqa: RUF023  (the fields' order)
    url: str
    stars: int | None

    def __init__(self, url: str, stars: int | None = None) -> None:
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "stars", stars)


class Account(Frozen):
    """An organisation or a user on the site: `name` is the handle, `fullname` the display name."""

    __slots__ = ("name", "fullname")  # noqa: RUF023
    name: str | None
    fullname: str | None

    def __init__(self, name: str | None, fullname: str | None = None) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "fullname", fullname)

    @property
    def label(self) -> str:
        """`Full Name (handle)`, or whichever of the two is known."""
        if self.fullname and self.name and self.fullname != self.name:
            return f"{self.fullname} ({self.name})"
        return self.fullname or self.name or ""


class Signals(Frozen):
    """The site's signals for a paper as one API snapshot showed them (None: not in the file)."""

    __slots__ = (  # noqa: RUF023
        "ai_summary",
        "keywords",
        "github",
        "project_page",
        "organization",
        "comments",
        "submitted_by",
    )
    ai_summary: str | None
    keywords: tuple[str, ...] | None
    github: Repo | None
    project_page: str | None
    organization: Account | None
    comments: int | None
    submitted_by: Account | None

    def __init__(
        self,
        ai_summary: str | None = None,
        keywords: tuple[str, ...] | None = None,
        github: Repo | None = None,
        project_page: str | None = None,
        organization: Account | None = None,
        comments: int | None = None,
        submitted_by: Account | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "ai_summary", ai_summary)
        put(self, "keywords", keywords)
        put(self, "github", github)
        put(self, "project_page", project_page)
        put(self, "organization", organization)
        put(self, "comments", comments)
        put(self, "submitted_by", submitted_by)

    def to_json(self) -> dict:
        """The paper-shape fields (every key, null when unknown)."""
        return {
            "ai_summary": self.ai_summary,
            "keywords": list(self.keywords) if self.keywords is not None else None,
            "github": {"url": self.github.url, "stars": self.github.stars} if self.github else None,
            "project_page": self.project_page,
            "organization": _account_json(self.organization),
            "comments": self.comments,
            "submitted_by": _account_json(self.submitted_by),
        }

    def compact(self) -> dict:
        """`to_json` without the unknown values (for storage)."""
        return {k: v for k, v in self.to_json().items() if v is not None}

    @classmethod
    def from_json(cls, data: object) -> Signals | None:
        """Back from `to_json`/`compact` (the index's own storage); None for anything else."""
        if not isinstance(data, dict):
            return None
        github = data.get("github")
        keywords = data.get("keywords")
        return cls(
            ai_summary=data.get("ai_summary"),
            keywords=tuple(keywords) if isinstance(keywords, list) else None,
            github=Repo(github["url"], github.get("stars")) if isinstance(github, dict) else None,
            project_page=data.get("project_page"),
            organization=_account(data.get("organization")),
            comments=data.get("comments"),
            submitted_by=_account(data.get("submitted_by")),
        )


EMPTY = Signals()


def signals(item: dict, paper: dict) -> Signals:
    """The signals of one API item (`paper` is its `paper` object, or the item itself).

    Mapping: `paper.ai_summary`; `paper.ai_keywords`; `paper.githubRepo` + `paper.githubStars`
    (stars without a repository give no `github`); `paper.projectPage`; `paper.organization`,
    else the item's `organization` ({name, fullname}); the item's `numComments`; the item's
    `submittedBy` ({name, fullname}), else `paper.submittedOnDailyBy` ({user, fullname}).
    """
    repo = url(paper.get("githubRepo"))
    submitter = _account(item.get("submittedBy"))
    if submitter is None:
        by = paper.get("submittedOnDailyBy")
        if isinstance(by, dict):
            submitter = _account({"name": by.get("user"), "fullname": by.get("fullname")})
    org = _account(paper.get("organization")) or _account(item.get("organization"))
    return Signals(
        ai_summary=clean(_str(paper.get("ai_summary"))) or None,
        keywords=_keywords(paper.get("ai_keywords")),
        github=Repo(repo, count(paper.get("githubStars"))) if repo else None,
        project_page=url(paper.get("projectPage")),
        organization=org,
        comments=count(item.get("numComments")),
        submitted_by=submitter,
    )


def url(value: object) -> str | None:
    """An http(s) URL with a host and only printable ASCII (inner whitespace removed), else None."""
    if not isinstance(value, str):
        return None
    value = _SPACE.sub("", value)
    if len(value) > MAX_URL or not _URL.fullmatch(value):
        return None
    from urllib.parse import urlsplit  # (here: a search, which reads no URL, does not import it)

    try:
        host = urlsplit(value).hostname
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    return value if host else None


def count(value: object) -> int | None:
    """A non-negative integer (a bool is not one), clamped to 64 bits; else None."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return None
    return min(value, MAX_COUNT)


def _keywords(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    words = (clean(v) for v in value if isinstance(v, str))
    return tuple(dict.fromkeys(w for w in words if w))  # in order, each once


def _account(value: object) -> Account | None:
    if not isinstance(value, dict):
        return None
    name = clean(_str(value.get("name"))) or None
    fullname = clean(_str(value.get("fullname"))) or None
    return Account(name, fullname) if name or fullname else None


def _account_json(account: Account | None) -> dict | None:
    return {"name": account.name, "fullname": account.fullname} if account else None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
