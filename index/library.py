"""A library is a directory of snapshot files. Read them, never letting one bad file stop the rest."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .apifile import read_api
from .capture import read_capture
from .model import Appearance, Paper, Problem, Snapshot
from .text import title_id, title_key

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
    """The file stem, or the whole name where another file already has that stem."""
    return path.name if taken is not None and path.stem in taken else path.stem


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (BOM allowed), UTF-16 with a BOM, else cp1252 with a note."""
    if not data.strip():
        return None, [Problem(file, "empty file")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(file, "binary file (NUL bytes), not a snapshot", line=line)]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        note = Problem(file, "not UTF-8; read as cp1252", line=line, fatal=False)
        return data.decode("cp1252", errors="replace"), [note]


def read_snapshot(path: Path, sid: str | None = None) -> Snapshot:
    """Read one snapshot file. Never raises: what fails is in `problems`."""
    sid = sid or path.stem
    kind = "api" if path.suffix.lower() == ".json" else "capture"
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem(path.name, f"cannot read: {exc.strerror or exc}")
        return Snapshot(sid, path.name, None, kind, problems=[problem])
    return parse_snapshot(data, path.name, sid)


def parse_snapshot(data: bytes, file: str, sid: str) -> Snapshot:
    """Parse the bytes of a snapshot file named `file`."""
    suffix = Path(file).suffix.lower()
    text, problems = decode(data, file)
    if text is None:
        return Snapshot(sid, file, None, "api" if suffix == ".json" else "capture", problems=problems)
    try:
        snap = READERS.get(suffix, read_capture)(text, file, sid)
    except RecursionError:
        snap = Snapshot(sid, file, None, "api", problems=[Problem(file, "nested too deeply")])
    snap.problems[:0] = problems
    return snap


class PaperSource(Protocol):
    """Where a PaperSet finds papers it does not hold yet (the index, for updates)."""

    def paper(self, field: str, value: str) -> Paper | None: ...

    def papers_in(self, sid: str) -> list[Paper]: ...


class PaperSet:
    """Papers keyed by identity: the arXiv id when known, else the normalised title.

    With a `source`, papers not yet in the set are looked up there, so an
    incremental update only touches the papers it changes.
    """

    def __init__(self, source: PaperSource | None = None) -> None:
        self.papers: dict[str, Paper] = {}
        self.by_key: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        self.originals: dict[str, str] = {}  # text of papers as the source had them
        self._source = source

    def get(self, field: str, value: str) -> Paper | None:
        pid = value if field == "id" else self.by_key.get(value)
        if pid in self.papers:
            return self.papers[pid]
        if pid in self.deleted or self._source is None:
            return None
        found = self._source.paper(field, value)
        if found is not None and found.id not in self.deleted:
            self._keep(found)
            return found
        return None

    def _keep(self, paper: Paper) -> None:
        self.originals.setdefault(paper.id, f"{paper.title} {paper.abstract}")
        self.papers[paper.id] = paper
        self.by_key.setdefault(title_key(paper.title), paper.id)

    def add(self, snap: Snapshot) -> list[str]:
        """Add a snapshot's entries; return the paper ids in page order."""
        ids = []
        for e in snap.entries:
            key = title_key(e.title)
            paper = (e.arxiv_id and self.get("id", e.arxiv_id)) or self.get("title_key", key)
            if paper is None:
                paper = Paper(e.arxiv_id or title_id(e.title), e.title, e.abstract)
            elif e.arxiv_id and paper.arxiv_id is None and paper.id != e.arxiv_id:
                # Known so far by title only: from now on it is known by its arXiv id.
                self.papers.pop(paper.id, None)
                self.deleted.add(paper.id)
                paper.id = e.arxiv_id
            if e.arxiv_id:
                paper.arxiv_id = e.arxiv_id
                paper.title = e.title
                paper.abstract = e.abstract or paper.abstract
                paper.authors = e.authors or paper.authors
            elif not paper.abstract:
                paper.abstract = e.abstract
            paper.appearances = [a for a in paper.appearances if a.snapshot != snap.id]
            paper.appearances.append(Appearance(snap.id, snap.date, e.position, e.upvotes))
            paper.appearances.sort(key=lambda a: a.snapshot)
            self.deleted.discard(paper.id)
            self.papers[paper.id] = paper
            self.by_key[key] = paper.id
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

    def changed(self) -> list[Paper]:
        """Papers to (re)write: dirty ones that still appear somewhere."""
        return [self.papers[p] for p in sorted(self.dirty - self.deleted) if p in self.papers]


def merge(snapshots: list[Snapshot]) -> list[Paper]:
    """All papers of these snapshots, one per identity, in first-appearance order."""
    papers = PaperSet()
    for snap in snapshots:
        papers.add(snap)
    return [p for p in papers.papers.values() if p.appearances]
