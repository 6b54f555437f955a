"""The side files beside each Whoosh index, in one convention.

`manifest.json` (the library files the index holds), `vocab.json` (words for completion and
did-you-mean) and `catalogue.json` (titles and appearances for browsing) are each
`{"version", "generation", "data"}`: the schema version that wrote it, the Whoosh commit
(generation) it describes, and its data; written atomically, compact and ASCII-only (a file
name that is not UTF-8, a lone surrogate from `os.fsdecode`, is an escape and reads back as
it was). A file of another version, or unreadable, loads as missing: the index is derived data.

Why JSON files and not one SQLite file: each loads in one `json.loads` (on the 580 real days,
the vocabulary in about 2 ms, its data one string of lines (`search.spelling`), the catalogue
in 35 ms, the manifest in 3 ms), a reader in another
process sees a side file whole or not at all (the atomic rename), and a damaged one is just
rebuilt. What ties them to their commit is the generation stamped in each, compared on every
update (`PaperIndex._side_files`).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .files import atomic_write
from .schema import SCHEMA_VERSION

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from typing import Any


def read(path: Path) -> tuple[int, Any] | None:
    """(generation, data) of a side file of this schema version, or None (missing, unreadable,
    another version)."""
    try:
        text = path.read_text("utf-8")
        with no_collection():
            found = json.loads(text)
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("version") != SCHEMA_VERSION:
        return None
    generation, data = found.get("generation"), found.get("data")
    return (generation, data) if isinstance(generation, int) and data is not None else None


@contextmanager
def no_collection() -> Iterator[None]:
    """Many objects made at once, none in a cycle: the cyclic garbage collector paused meanwhile.
    Its passes over the whole heap as they are made took most of the reader's catalogue load
    (9,877 light papers: 150-220 ms CPU, 40 ms paused)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def version(path: Path) -> int | None:
    """The schema version a side file was written with (None: missing or unreadable)."""
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    value = found.get("version") if isinstance(found, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def write(path: Path, generation: int, data: object) -> str:
    """Write the side file; the text written (ASCII)."""
    text = json.dumps(
        {"version": SCHEMA_VERSION, "generation": generation, "data": data}, separators=(",", ":")
    )
    atomic_write(path, text)
    return text


class Stamped:
    """A side file's data in memory, with the generation it describes (None: not loaded)."""

    def __init__(self, data: dict | None = None, generation: int | None = None) -> None:
        self.data: dict = data or {}
        self.generation = generation

    @classmethod
    def load(cls, path: Path):
        found = read(path)
        return cls(found[1], found[0]) if found and isinstance(found[1], dict) else cls()

    def save(self, path: Path, generation: int) -> None:
        self.generation = generation
        write(path, generation, self.data)
