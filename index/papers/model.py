"""The data model shared by the readers, the index, the CLI and the reader UI."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .record import Frozen, Record
from .signals import EMPTY, Signals

# An arXiv id: `2408.00001` (since 2007; v2...), or the older `hep-th/9901001`, `math.AG/0101001`.
_ARXIV_ID = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")
FAR = 1 << 30  # the library place of a snapshot the library no longer lists: after every other


class Appearance(Frozen):
    """A paper on one snapshot at one position."""

    __slots__ = ("snapshot", "date", "position", "upvotes", "signals")  # noqa: RUF023
    snapshot: str
    date: str | None
    position: int
    upvotes: int | None
    signals: Signals | None  # what the site showed beside it there (API snapshots)

    def __init__(
        self,
        snapshot: str,
        date: str | None,
        position: int,
        upvotes: int | None = None,
        signals: Signals | None = None,
    ) -> None:
        put = object.__setattr__
        put(self, "snapshot", snapshot)
        put(self, "date", date)
        put(self, "position", position)
        put(self, "upvotes", upvotes)
        put(self, "signals", signals)

    @property
    def label(self) -> str:
        """The snapshot's date, else its id (raw snapshot text: escape it to print it)."""
        return self.date or self.snapshot

    def to_row(self) -> list:
        """The stored form: [snapshot, date, position, upvotes(, signals)]."""
        row = [self.snapshot, self.date, self.position, self.upvotes]
        return row if self.signals is None else [*row, self.signals.compact()]

    @classmethod
    def from_row(cls, row: list) -> Appearance:
        snapshot, date, position, upvotes = row[:4]
        return cls(snapshot, date, position, upvotes, Signals.from_json(row[4]) if len(row) > 4 else None)


class Paper(Record):
    """One work, with every snapshot it appears in."""

    __slots__ = ("id", "title", "abstract", "arxiv_id", "authors", "appearances", "aliases")  # noqa: RUF023

    def __init__(
        self,
        id: str,
        title: str,
        abstract: str,
        arxiv_id: str | None = None,
        authors: list[str] | None = None,
        appearances: list[Appearance] | None = None,
        aliases: list[str] | None = None,  # other ids it was known by (title variants)
    ) -> None:
        self.id = id
        self.title = title
        self.abstract = abstract
        self.arxiv_id = arxiv_id
        self.authors = authors
        self.appearances: list[Appearance] = [] if appearances is None else appearances
        self.aliases: list[str] = [] if aliases is None else aliases

    @property
    def url(self) -> str | None:
        """The arXiv abstract page (only for an id of arXiv's forms: `../../etc` is no id)."""
        if self.arxiv_id and _ARXIV_ID.fullmatch(self.arxiv_id):
            return f"https://arxiv.org/abs/{self.arxiv_id}"
        return None

    @property
    def pdf_url(self) -> str | None:
        """The arXiv PDF (only for an id made of safe characters)."""
        return f"https://arxiv.org/pdf/{self.arxiv_id}" if self.url else None

    @property
    def hf_url(self) -> str | None:
        """The paper's page on Hugging Face (only for an id of arXiv's forms)."""
        return f"https://huggingface.co/papers/{self.arxiv_id}" if self.url else None

    @property
    def signals(self) -> Signals:
        """The site's signals from the newest appearance that carries them (library order)."""
        return next((a.signals for a in reversed(self.appearances) if a.signals is not None), EMPTY)

    @property
    def upvotes(self) -> int | None:
        """The latest known upvote count (the newest appearance that has one)."""
        return next((a.upvotes for a in reversed(self.appearances) if a.upvotes is not None), None)

    def links(self) -> list[tuple[str, str]]:
        """(label, URL) of every known link, each URL validated: arXiv, its PDF, Hugging Face, GitHub
        (with its stars), project page."""
        s = self.signals
        found = [("arXiv", self.url), ("PDF", self.pdf_url), ("Hugging Face", self.hf_url)]
        if s.github:
            stars = f" ★ {s.github.stars:,}" if s.github.stars is not None else ""
            found.append((f"GitHub{stars}", s.github.url))
        found.append(("project page", s.project_page))
        return [(label, url) for label, url in found if url]

    def places(
        self, order: Mapping[str, int], scope: Callable[[Appearance], bool] | None = None
    ) -> list[tuple[int, int]]:
        """(library place, rank) of each appearance in `scope` (every one when none is in it);
        `order` is the library order of snapshot ids (`PaperIndex.snapshot_order`)."""
        apps = self.appearances
        if scope is not None:
            apps = [a for a in apps if scope(a)] or apps
        return [(order.get(a.snapshot, FAR), a.position) for a in apps] or [(FAR, 0)]

    def first_place(
        self, order: Mapping[str, int], scope: Callable[[Appearance], bool] | None = None
    ) -> tuple[int, int]:
        """The first appearance in the scope, in library order then rank: page order's key."""
        return min(self.places(order, scope))

    def newest_place(
        self, order: Mapping[str, int], scope: Callable[[Appearance], bool] | None = None
    ) -> tuple[int, int]:
        """The newest appearance in the scope (negated place), then rank: newest first's key."""
        return min((-place, position) for place, position in self.places(order, scope))

    def where(self, limit: int | None = None, show: Callable[[str], str] = str) -> str:
        """Where the paper appeared, in library order: "2024-05-27 (#3), Mar 3 (#7)" (the first
        `limit`, then "(+N more)"); `show` escapes each label for where the text goes."""
        apps = self.appearances[:limit]
        text = ", ".join(f"{show(a.label)} (#{a.position})" for a in apps)
        more = len(self.appearances) - len(apps)
        return text + (f" (+{more} more)" if more > 0 else "")

    @property
    def keys(self) -> tuple[str, ...]:
        """Every id this paper answers to (marks are keyed by any of them)."""
        return (self.id, *self.aliases)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "abstract": self.abstract,
            "arxiv_id": self.arxiv_id,
            "authors": self.authors,
            "upvotes": self.upvotes,
            **self.signals.to_json(),
            "aliases": self.aliases,
            "appearances": [
                {"snapshot": a.snapshot, "date": a.date, "position": a.position, "upvotes": a.upvotes}
                for a in self.appearances
            ],
        }
