"""Getting snapshots into the library: copy files in, or fetch a day from the API.

A file enters the library atomically (written under a hidden name, synced,
then renamed), so the library never holds half a file, and only a file that
reads as at least one paper is let in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path


class IntakeError(Exception):
    """A file or a day that cannot be added (the message says why)."""


@dataclass(frozen=True, slots=True)
class Added:
    file: str
    papers: int
    status: str  # "added", "replaced", "unchanged"


def add_bytes(library: Path, name: str, data: bytes) -> Added:
    """Put one snapshot file into the library, refusing one with no papers."""
    from .library import READERS, parse_snapshot  # here: `dailypapers` imports this module at start

    if Path(name).suffix.lower() not in READERS:
        raise IntakeError(f"{name}: not a snapshot file (expected {', '.join(sorted(READERS))})")
    snap = parse_snapshot(data, name, Path(name).stem)
    if not snap.entries:
        reason = snap.problems[0].reason if snap.problems else "no papers found"
        raise IntakeError(f"{name}: {reason}; not added")
    target = library / name
    status = "added"
    if target.exists():
        if target.read_bytes() == data:
            return Added(name, len(snap.entries), "unchanged")
        status = "replaced"
    tmp = library / f".{name}.{os.getpid()}.partial"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Added(name, len(snap.entries), status)


def add_files(library: Path, files: list[Path]) -> tuple[list[Added], list[str]]:
    """Add each file; returns what was added and one error line per file refused."""
    added, errors = [], []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.append(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        try:
            added.append(add_bytes(library, path.name, data))
        except IntakeError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"{path.name}: cannot write into {library}: {exc.strerror or exc}")
    return added, errors


def parse_day(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IntakeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None
