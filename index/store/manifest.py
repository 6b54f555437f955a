"""The manifest: which library files the index holds, and what each one gave.

Deciding what changed costs one `stat` per file; a file is re-read only when its
size or mtime moved, and re-indexed only when its content hash changed too. A
file that changed but cannot be read keeps what it gave last time and is tried
again on the next run.

Each file's record is its account: `papers` read, `skipped` (the first
SKIPPED_KEPT blocks or items that did not become a paper: `{"line", "reason", "text"}`;
`skipped_more` counts the rest), `furniture` (blocks
recognised as page furniture) and `problems` (`{"file", "reason", "line",
"fatal"}`: fatal ones made the file unreadable, the others are notes).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..papers.snapshot import Problem, Skipped, Snapshot
from ..reading.files import READERS, read_bytes, snapshot_id
from . import listing, sidefiles

# Skipped blocks a record keeps (the rest are counted): every command loads the manifest, and
# a junk file of a million paragraphs must not make it a million records long.
SKIPPED_KEPT = 20


@dataclass(slots=True)
class FileRecord:
    """One library file as last indexed."""

    id: str
    file: str
    size: int
    mtime_ns: int
    sha1: str
    kind: str
    date: str | None
    papers: int
    problems: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # the first SKIPPED_KEPT
    furniture: int = 0
    skipped_more: int = 0  # skipped blocks past those (an older manifest kept them all: 0)

    @classmethod
    def of(cls, path: Path, data: bytes | None, snap: Snapshot) -> FileRecord:
        """The record of a file just read (`data` None: it could not be read, and is read again
        next time)."""
        try:
            st = path.stat() if data is not None else None
        except OSError:
            st = None
        return cls(
            id=snap.id,
            file=path.name,
            size=st.st_size if st else -1,  # -1: not read, tried again next time
            mtime_ns=st.st_mtime_ns if st else -1,
            sha1=digest(data or b""),
            kind=snap.kind,
            date=snap.date,
            papers=len(snap.entries),
            problems=_bounded(snap.problems, path.name),
            skipped=[s.to_json() for s in snap.skipped[:SKIPPED_KEPT]],
            furniture=snap.furniture,
            skipped_more=max(0, len(snap.skipped) - SKIPPED_KEPT),
        )

    @property
    def problem_list(self) -> list[Problem]:
        return [Problem(**p) for p in self.problems]

    @property
    def skipped_list(self) -> list[Skipped]:
        """The first skipped blocks (`skipped_count` says how many there were)."""
        return [Skipped(**s) for s in self.skipped]

    @property
    def skipped_count(self) -> int:
        return len(self.skipped) + self.skipped_more

    def account(self, pad: int = 0) -> str:
        """`42 papers · 2 skipped` (the count right-aligned in `pad` columns), or why the file
        could not be read."""
        if not self.papers:
            fatal = next((p.reason for p in self.problem_list if p.fatal), "no papers")
            return f"unreadable: {fatal}"
        text = f"{self.papers:>{pad}} paper{'s' if self.papers != 1 else ' '}"
        return text + (f" · {self.skipped_count:,} skipped" if self.skipped else "")


@dataclass(slots=True)
class Plan:
    """What an update must do."""

    changed: list[tuple[Path, str, bytes | None]]  # (path, snapshot id, content or unreadable)
    deleted: list[FileRecord]
    touched: list[tuple[str, os.stat_result]]  # same content, new stat
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, why) kept as last read

    def __bool__(self) -> bool:
        return bool(self.changed or self.deleted)


@dataclass(slots=True)
class Manifest:
    """The library files the index holds, and the index commit they went into.

    `index_files` (name → size) lets a damaged index (a file truncated or deleted)
    be noticed on open, at the cost of a few `stat` calls.
    """

    records: dict[str, FileRecord] = field(default_factory=dict)
    generation: int = -1
    index_files: dict[str, int] = field(default_factory=dict)


def load(path: Path) -> Manifest | None:
    """The manifest, or None when missing, unreadable or of another version."""
    found = sidefiles.read(path)
    if found is None:
        return None
    generation, data = found
    try:
        records = {name: FileRecord(**rec) for name, rec in data["files"].items()}
        return Manifest(records, generation, dict(data["index_files"]))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def save(path: Path, state: Manifest) -> None:
    """Write the manifest, and beside it its stamp (`store.listing`) when a search may take
    the library as it says."""
    data = {
        "index_files": state.index_files,
        "files": {n: asdict(r) for n, r in sorted(state.records.items())},
    }
    text = sidefiles.write(path, state.generation, data)
    if stampable(state):  # (else a stamp left from before is another manifest's: ignored)
        _stamp(path, state, text)


def stampable(state: Manifest) -> bool:
    """True when a search may take the library as this manifest says (see `store.listing`)."""
    records, taken = state.records, set[str]()
    return not (
        not records
        or not any(rec.papers for rec in records.values())
        or any(records[name].id != _sid(name, taken) for name in sorted(records))
    )


def unreadable(records: Iterable[FileRecord]) -> list[str]:
    """What a command says of the library's files that could not be read, in library order
    (`PaperIndex.problems`, the fatal ones: the rest are said only when something changed)."""
    return [
        f"skipped {p}" for rec in sorted(records, key=lambda r: r.file) for p in rec.problem_list if p.fatal
    ]


def stamp_again(path: Path, state: Manifest) -> None:
    """The stamp of the manifest at `path` (as `state` read it) written again when it may have one
    and its stamp is not this manifest's: none (an index written before stamps), another
    version's, another manifest's. An update with nothing to do calls this (its plan has just
    compared the library with the manifest: the stamp is not compared with it again)."""
    if stampable(state) and listing.read(path, sidefiles.SCHEMA_VERSION, state.generation) is None:
        with contextlib.suppress(OSError):
            _stamp(path, state, path.read_text("ascii"))


def _stamp(path: Path, state: Manifest, text: str) -> None:
    head = [str(sidefiles.SCHEMA_VERSION), str(state.generation), listing.sha1(text.encode("ascii"))]
    listing.write(path, head, READERS, state.index_files, state.records, unreadable(state.records.values()))


def _sid(name: str, taken: set[str]) -> str:
    """The snapshot id of the library's file `name` (`snapshot_id`'s answer; where it is plainly
    the stem, without a Path and a pattern), `taken` the ids of the files before it by name."""
    stem = os.path.splitext(name)[0]
    sid = stem if stem.isascii() and stem not in taken else snapshot_id(Path(name), taken)
    taken.add(sid)
    return sid


def plan(library: Path, records: dict[str, FileRecord]) -> Plan:
    """Compare the library with the manifest."""
    result = Plan([], [], [])
    taken: set[str] = set()
    present = set()
    for name, entry in listing.entries(library, READERS):
        if not listing.is_file(entry):
            continue
        sid = _sid(name, taken)
        present.add(name)
        rec = records.get(name)
        try:
            st = entry.stat()
        except OSError:  # a symlink loop or to nowhere: read (and reported) as unreadable
            st = None
        if st and rec and rec.id == sid and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns:
            continue
        path = library / name
        try:
            data: bytes | None = read_bytes(path)
        except OSError as exc:
            data = None
            if rec and rec.id == sid:  # kept as last read (a file never read: its record says so)
                if rec.papers:
                    result.failed.append((path.name, exc.strerror or str(exc)))
                continue
        if st and rec and data is not None and rec.id == sid and rec.sha1 == digest(data):
            result.touched.append((path.name, st))
        else:
            result.changed.append((path, sid, data))
    result.deleted = [rec for name, rec in records.items() if name not in present]
    return result


def _bounded(problems: list[Problem], file: str) -> list[dict]:
    """The file's problems, the notes past SKIPPED_KEPT counted in one more."""
    if len(problems) <= SKIPPED_KEPT:
        return [p.to_json() for p in problems]
    kept = [p for p in problems if p.fatal] + [p for p in problems if not p.fatal][:SKIPPED_KEPT]
    more = Problem(file, f"{len(problems) - len(kept):,} more notes not kept", fatal=False)
    return [p.to_json() for p in [*kept, more]]


def digest(data: bytes) -> str:
    import hashlib  # here: checking an unchanged library needs no digest

    return hashlib.sha1(data).hexdigest()
