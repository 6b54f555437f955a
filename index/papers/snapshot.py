"""What one snapshot file gave: its entries in page order, the blocks skipped and the problems
(the readers' output, which the index and the library's accounts keep). Apart from the papers'
model (`papers.model`): a one-shot search imports the papers, not these."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from .signals import Signals


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a snapshot file (or part of it) could not be read."""

    file: str
    reason: str
    line: int | None = None
    fatal: bool = True  # False: a note, the file was still read

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A block of a snapshot that did not become a paper: a capture's paragraph (its first
    line) or an API file's item (`line` None, the reason starts with "item N:")."""

    line: int | None
    reason: str
    text: str = ""  # the block's first words, for finding it

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Entry:
    """One paper as read from one snapshot file, at one position (1-based rank)."""

    title: str
    abstract: str
    position: int
    arxiv_id: str | None = None
    authors: list[str] | None = None
    upvotes: int | None = None
    published: str | None = None  # ISO date
    signals: Signals | None = None  # API items only


@dataclass(slots=True)
class Snapshot:
    """One snapshot file as read: its entries in page order and what went wrong.

    The account is complete: every block of a capture is part of an entry, page
    furniture, or `skipped` with its line and reason; every API item an entry or skipped.
    """

    id: str
    file: str
    date: str | None  # the label shown to the user: "Sep 3", "2024-05-27"
    kind: str  # "capture" or "api"
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the file's problems, and notes
    skipped: list[Skipped] = field(default_factory=list)  # blocks with text that became no paper
    furniture: int = 0  # blocks recognised as page furniture (navigation, dates, counts, links)

    @property
    def readable(self) -> bool:
        return bool(self.entries)
