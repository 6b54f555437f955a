"""The manifest: which library files the index holds, and what each one gave.

Deciding what changed costs one `stat` per file; a file is re-read only when its
size or mtime moved, and re-indexed only when its content hash changed too.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .library import snapshot_files, snapshot_id
from .model import Problem


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

    @property
    def problem_list(self) -> list[Problem]:
        return [Problem(**p) for p in self.problems]


@dataclass(slots=True)
class Plan:
    """What an update must do."""

    changed: list[tuple[Path, str, bytes | None]]  # (path, snapshot id, content or unreadable)
    deleted: list[FileRecord]
    touched: list[tuple[str, os.stat_result]]  # same content, new stat

    def __bool__(self) -> bool:
        return bool(self.changed or self.deleted)


def load(path: Path, version: int) -> dict[str, FileRecord] | None:
    """The manifest's records by file name, or None when missing, unreadable or of another version."""
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != version:
            return None
        return {name: FileRecord(**rec) for name, rec in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        return None


def save(path: Path, version: int, records: dict[str, FileRecord]) -> None:
    """Write the manifest."""
    write_json(path, {"version": version, "files": {n: asdict(r) for n, r in sorted(records.items())}})


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically: a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def plan(library: Path, records: dict[str, FileRecord]) -> Plan:
    """Compare the library with the manifest."""
    result = Plan([], [], [])
    taken: set[str] = set()
    present = set()
    for path in snapshot_files(library):
        sid = snapshot_id(path, taken)
        taken.add(sid)
        present.add(path.name)
        try:
            st = path.stat()
        except OSError:
            continue
        rec = records.get(path.name)
        if rec and rec.id == sid and rec.size == st.st_size and rec.mtime_ns == st.st_mtime_ns:
            continue
        try:
            data: bytes | None = path.read_bytes()
        except OSError:
            data = None
        if rec and data is not None and rec.id == sid and rec.sha1 == digest(data):
            result.touched.append((path.name, st))
        else:
            result.changed.append((path, sid, data))
    result.deleted = [rec for name, rec in records.items() if name not in present]
    return result


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
