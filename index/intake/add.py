"""Getting snapshots into the library: copy files in, or fetch a day from the API.

A file enters the library atomically (`atomic_write`: the library never holds half
a file), and only once it reads as at least one paper and its papers have been
written into an index in memory: a file that would fail to index never gets in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..reading.files import read_bytes
from ..text import shown


class IntakeError(Exception):
    """A file or a day that cannot be added (the message says why)."""


@dataclass(frozen=True, slots=True)
class Added:
    file: str
    papers: int
    status: str  # "added", "replaced", "unchanged"


def add_bytes(library: Path, name: str, data: bytes) -> Added:
    """Put one snapshot file into the library, refusing one with no papers or that fails to index."""
    # here: `dailypapers` imports this module at start
    from ..papers.paperset import merge
    from ..reading.files import READERS, parse_snapshot, snapshot_id
    from ..search.backend import WhooshBackend
    from ..store.files import atomic_write

    if Path(name).suffix.lower() not in READERS:
        raise IntakeError(f"{shown(name)}: not a snapshot file (expected {', '.join(sorted(READERS))})")
    if name.startswith("."):
        raise IntakeError(
            f"{shown(name)}: a hidden file (its name starts with '.') is never read from the "
            "library; rename it and add it again; not added"
        )
    snap = parse_snapshot(data, name, snapshot_id(Path(name)))
    if not snap.entries:
        reason = next((p.reason for p in snap.problems if p.fatal), "no papers found")
        raise IntakeError(f"{shown(name)}: {reason}; not added")
    try:
        WhooshBackend.empty().check(merge([snap]))
    except Exception as exc:
        raise IntakeError(
            f"{shown(name)}: cannot be indexed ({type(exc).__name__}: {exc}); not added"
        ) from None
    target = library / name
    status = "added"
    if target.exists():
        if target.read_bytes() == data:
            return Added(name, len(snap.entries), "unchanged")
        status = "replaced"
    atomic_write(target, data)
    return Added(name, len(snap.entries), status)


def add_files(library: Path, files: list[Path]) -> tuple[list[Added], list[str]]:
    """Add each file; returns what was added and one error line per file refused."""
    from ..store.files import stale_temporaries

    stale_temporaries(library)  # what a write killed halfway left
    added, errors = [], []
    for path in files:
        try:
            data = read_bytes(path)
        except OSError as exc:
            errors.append(f"{shown(str(path))}: cannot read: {exc.strerror or exc}")
            continue
        try:
            added.append(add_bytes(library, path.name, data))
        except IntakeError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(
                f"{shown(path.name)}: cannot write into {shown(str(library))}: {exc.strerror or exc}"
            )
    return added, errors


def parse_day(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IntakeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None
