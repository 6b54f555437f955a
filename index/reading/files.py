"""A library is a directory of snapshot files. Read them, never letting one bad file stop the rest."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..papers.dedupe import TitleMatcher, same_abstract
from ..papers.model import Appearance, Entry, Paper, Problem, Snapshot
from ..text import is_title_id, title_id
from .apifile import read_api
from .capture import read_capture

READERS: dict[str, Callable[[str, str, str], Snapshot]] = {
    ".txt": read_capture,
    ".md": read_capture,
    ".json": read_api,
}


def snapshot_files(library: Path) -> list[Path]:
    """The snapshot files of a library, in name order (hidden files and other kinds skipped)."""
    return sorted(
        p
        for p in library.iterdir()
        if p.suffix.lower() in READERS and not p.name.startswith(".") and p.is_file()
    )


def snapshot_id(path: Path, taken: set[str] | None = None) -> str:
    """The file stem, or the whole name where another file already has that stem (a byte of
    the name that is not UTF-8 becomes U+FFFD; a number is added if that collides too)."""
    taken = taken or set()
    stem, name = (_SURROGATES.sub("\ufffd", s) for s in (path.stem, path.name))
    if stem not in taken:
        return stem
    n = 2
    sid = name
    while sid in taken:
        sid, n = f"{name}~{n}", n + 1
    return sid


_SURROGATES = re.compile("[\ud800-\udfff]")
# Control bytes that text never holds (whitespace controls and ESC aside).
_BINARY = bytes([*range(0, 9), 14, 15, *range(16, 27), *range(28, 32)])
_NOTES = 10  # notes of one kind per file, at most


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text. UTF-8 (BOM allowed), UTF-16 (with a BOM, or by its NUL bytes); a few bytes
    that are not UTF-8 in a UTF-8 file are replaced, a file with no UTF-8 at all is cp1252, and
    NUL bytes are dropped, each with a note. Only a mostly binary file is refused."""
    if not data.strip():
        return None, [Problem(file, "empty file")]
    utf16 = _utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), []
    controls = len(data) - len(data.translate(None, _BINARY))
    if controls * 10 > len(data):
        first = next(i for i, b in enumerate(data) if b in _BINARY)
        line = data[:first].count(b"\n") + 1
        return None, [Problem(file, "binary file (control bytes), not a snapshot", line=line)]
    notes = _located(data, b"\x00", "NUL byte dropped", file)
    data = _FOLDED.sub(_refold, data.replace(b"\x00", b""))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_SURROGATES.findall(text))
    if sum(1 for c in text if c > "\x7f") - bad >= bad:  # more good UTF-8 than bad bytes
        lines = [n for n, line in enumerate(text.split("\n"), start=1) if _SURROGATES.search(line)]
        notes += _notes(lines, "bytes that are not UTF-8 replaced with U+FFFD", file)
        return data.decode("utf-8", errors="replace"), notes
    text = data.decode("utf-8", errors="replace")
    line = next(n for n, part in enumerate(text.split("\n"), start=1) if "\ufffd" in part)
    notes.append(Problem(file, "not UTF-8; read as cp1252", line=line, fatal=False))
    return data.decode("cp1252", errors="replace"), notes


# A character of several bytes that `fold` (which counts bytes) cut across a line end.
_FOLDED = re.compile(rb"([\xc2-\xf4][\x80-\xbf]{0,2})(\r?\n)([\x80-\xbf]{1,3})")


def _refold(match: re.Match) -> bytes:
    """The character whole before the line end, if that makes it valid UTF-8."""
    char = match.group(1) + match.group(3)
    try:
        char.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()
    return char + match.group(2)


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec the data is in (a BOM, or NUL in every other byte), else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 2:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= 0.9 * half and even == 0:
            return "utf-16-le"
        if even >= 0.9 * half and odd == 0:
            return "utf-16-be"
    return None


def _located(data: bytes, byte: bytes, what: str, file: str) -> list[Problem]:
    lines = sorted({n for n, line in enumerate(data.split(b"\n"), start=1) if byte in line})
    return _notes(lines, what, file)


def _notes(lines: list[int], what: str, file: str) -> list[Problem]:
    notes = [Problem(file, what, line=n, fatal=False) for n in lines[:_NOTES]]
    if len(lines) > _NOTES:
        notes.append(Problem(file, f"{what} on {len(lines) - _NOTES} more lines", fatal=False))
    return notes


def read_snapshot(path: Path, sid: str | None = None) -> Snapshot:
    """Read one snapshot file. Never raises: what fails is in `problems`."""
    sid = sid or snapshot_id(path)
    kind = "api" if path.suffix.lower() == ".json" else "capture"
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(path.name, f"cannot read: {exc.strerror or exc}")
        return Snapshot(sid, path.name, None, kind, problems=[problem])
    return parse_snapshot(data, path.name, sid)


def parse_snapshot(data: bytes, file: str, sid: str) -> Snapshot:
    """Parse the bytes of a snapshot file named `file`. Never raises."""
    suffix = Path(file).suffix.lower()
    kind = "api" if suffix == ".json" else "capture"
    try:
        text, problems = decode(data, file)
        if text is None:
            return Snapshot(sid, file, None, kind, problems=problems)
        snap = READERS.get(suffix, read_capture)(text, file, sid)
    except RecursionError:
        return Snapshot(sid, file, None, kind, problems=[Problem(file, "nested too deeply")])
    except Exception as exc:  # a reader's bug must not take the library down: report the file
        reason = f"could not be read ({type(exc).__name__}: {exc})"
        return Snapshot(sid, file, None, kind, problems=[Problem(file, reason)])
    snap.problems[:0] = problems
    return snap


class PaperSource(Protocol):
    """Where a PaperSet finds papers it does not hold yet (the index, for updates)."""

    def paper(self, field: str, value: str) -> Paper | None: ...

    def papers_in(self, sid: str) -> list[Paper]: ...

    def titles(self) -> dict[str, str]: ...


class PaperSet:
    """Papers keyed by identity: the arXiv id when known, else the title.

    An entry is the paper with its arXiv id; else the paper known by its exact
    normalised title (an alias); else a near-duplicate (close title, agreeing
    abstract: see `dedupe`). Ids a paper was known by before stay as aliases, so
    marks keyed by them still find it. With a `source`, papers not yet in the
    set are looked up there, so an incremental update only touches what it changes.
    """

    def __init__(self, source: PaperSource | None = None) -> None:
        self.papers: dict[str, Paper] = {}
        self.by_alias: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        self.originals: dict[str, str] = {}  # text of papers as the source had them
        self._source = source
        self._all: TitleMatcher | None = None  # built on the first near-duplicate lookup
        self._title_only = TitleMatcher()  # papers with no arXiv id (kept up to date from the start)
        self._title_only_loaded = self._source is None
        self._titles: dict[str, str] | None = None

    def get(self, field: str, value: str) -> Paper | None:
        pid = value if field == "id" else self.by_alias.get(value)
        if pid in self.papers:
            return self.papers[pid]
        if pid in self.deleted or self._source is None:
            return None
        found = self._source.paper(field, value)
        if found is not None and found.id not in self.deleted and found.id not in self.papers:
            self._keep(found)
            return found
        return None

    def _keep(self, paper: Paper) -> None:
        self.originals.setdefault(paper.id, f"{paper.title} {paper.abstract}")
        self.papers[paper.id] = paper
        for alias in (paper.id, *paper.aliases):
            self.by_alias.setdefault(alias, paper.id)
        self._track(paper)

    def _track(self, paper: Paper) -> None:
        if self._all is not None:
            self._all.add(paper.id, paper.title)
        if paper.arxiv_id is None:
            self._title_only.add(paper.id, paper.title)

    def _untrack(self, pid: str) -> None:
        if self._all is not None:
            self._all.discard(pid)
        self._title_only.discard(pid)

    def _source_titles(self) -> dict[str, str]:
        if self._titles is None:
            self._titles = self._source.titles() if self._source else {}
        return self._titles

    def _load_titles(self, title_only: bool) -> None:
        """Fill a title matcher from the source, once, before its first near-duplicate lookup.

        An arXiv entry is matched against title-only papers alone, so adding an API day
        file never computes keys for the whole library's titles.
        """
        if title_only and not self._title_only_loaded:
            self._title_only_loaded = True
            for pid, title in self._source_titles().items():
                if is_title_id(pid) and pid not in self.deleted and pid not in self.papers:
                    self._title_only.add(pid, title)
        if not title_only and self._all is None:
            self._load_titles(title_only=True)
            self._all = TitleMatcher()
            for pid, title in self._source_titles().items():
                if pid not in self.deleted and pid not in self.papers:
                    self._all.add(pid, title)
            for paper in self.papers.values():
                self._track(paper)

    def _near(self, e: Entry) -> Paper | None:
        """The paper this entry is a near-duplicate of (for an arXiv entry: title-only papers)."""
        self._load_titles(title_only=e.arxiv_id is not None)
        matcher = self._title_only if e.arxiv_id else self._all
        for pid in matcher.candidates(e.title):
            paper = self.get("id", pid)
            if paper is not None and paper.appearances and same_abstract(paper.abstract, e.abstract):
                return paper
        return None

    def _rename(self, paper: Paper, new_id: str) -> None:
        """A paper known by its title only so far is from now on known by its arXiv id."""
        self.papers.pop(paper.id, None)
        self.deleted.add(paper.id)
        self._untrack(paper.id)
        paper.aliases = sorted({*paper.aliases, paper.id} - {new_id})
        paper.id = new_id

    def add(self, snap: Snapshot) -> list[str]:
        """Add a snapshot's entries; return the paper ids in page order."""
        ids = []
        for e in snap.entries:
            tid = title_id(e.title)
            paper = self.get("id", e.arxiv_id) if e.arxiv_id else None
            if paper is None:
                paper = self.get("alias", tid)
                if paper is not None and e.arxiv_id and paper.arxiv_id not in (None, e.arxiv_id):
                    paper = None  # one title, two arXiv ids: two papers
            if paper is None:
                paper = self._near(e)
            if paper is None:
                paper = Paper(e.arxiv_id or tid, e.title, e.abstract)
            elif e.arxiv_id and paper.arxiv_id is None:
                self._rename(paper, e.arxiv_id)
            if e.arxiv_id:
                paper.arxiv_id = e.arxiv_id
                paper.title = e.title
                paper.abstract = e.abstract or paper.abstract
                paper.authors = e.authors or paper.authors
            elif not paper.abstract:
                paper.abstract = e.abstract
            if tid != paper.id and tid not in paper.aliases:
                paper.aliases = sorted({*paper.aliases, tid})
            paper.appearances = [a for a in paper.appearances if a.snapshot != snap.id]
            paper.appearances.append(Appearance(snap.id, snap.date, e.position, e.upvotes, e.signals))
            paper.appearances.sort(key=lambda a: a.snapshot)
            self.deleted.discard(paper.id)
            self.papers[paper.id] = paper
            for alias in (paper.id, *paper.aliases):
                self.by_alias[alias] = paper.id
            self._track(paper)
            self.dirty.add(paper.id)
            ids.append(paper.id)
        return ids

    def remove(self, sid: str) -> None:
        """Take a snapshot's appearances away; papers left with none are deleted."""
        found = self._source.papers_in(sid) if self._source else []
        for paper in found:
            if paper.id not in self.papers and paper.id not in self.deleted:
                self._keep(paper)
        for paper in list(self.papers.values()):
            if not any(a.snapshot == sid for a in paper.appearances):
                continue
            paper.appearances = [a for a in paper.appearances if a.snapshot != sid]
            self.dirty.add(paper.id)
            if not paper.appearances:
                self.deleted.add(paper.id)
                self._untrack(paper.id)

    def changed(self) -> list[Paper]:
        """Papers to (re)write: dirty ones that still appear somewhere."""
        return [self.papers[p] for p in sorted(self.dirty - self.deleted) if p in self.papers]


def merge(snapshots: list[Snapshot]) -> list[Paper]:
    """All papers of these snapshots, one per identity, in first-appearance order."""
    papers = PaperSet()
    for snap in snapshots:
        papers.add(snap)
    return [p for p in papers.papers.values() if p.appearances]
