"""The library's listing, and the manifest's stamp: is the library as the manifest says?

`manifest.plan` compares the library's files with the manifest's records; a one-shot search
asks only whether it would find nothing to do, and reading the manifest for that (its JSON and
580 records, the data model's dataclasses) took half of the search's own work. So each manifest
with some papers, each file under the id its name gets, is written with a stamp beside it
(`manifest.stamp`): the schema version, the generation, the manifest's SHA-1, the snapshot
files' suffixes, the index's files and sizes, what a command says each time of the files that
could not be read (hex: any text), then each library file's name, size and mtime. `unchanged`
lists the library and compares: the same answer as a plan, from a stamp of that very manifest
(its SHA-1), or None (the caller reads the manifest). NUL and "/" separate (neither is in a
file name). Nothing here imports the data model.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from .files import atomic_write

STAMP = "manifest.stamp"


def entries(library: Path, suffixes: Iterable[str]) -> list[tuple[str, os.DirEntry]]:
    """The library's snapshot files by name (those `reading.files.snapshot_files` lists: not
    hidden, a snapshot's suffix), each with its directory entry: one `scandir`."""
    kinds = frozenset(suffixes)
    with os.scandir(library) as scan:
        found = [
            (entry.name, entry)
            for entry in scan
            if not entry.name.startswith(".") and _suffix(entry.name).lower() in kinds
        ]
    return sorted(found, key=lambda pair: pair[0])


def _suffix(name: str) -> str:
    """`os.path.splitext(name)[1]` of a name not starting with a dot."""
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def is_file(entry: os.DirEntry) -> bool:
    """Anything but a directory: a regular file, or what is reported as a file that cannot be
    read (a symlink leading nowhere or in a loop, a FIFO, a device)."""
    try:
        return not entry.is_dir()
    except OSError:  # ELOOP
        return True


def _line(name: str, st: os.stat_result) -> str:
    return f"{name}\0{st.st_size}\0{st.st_mtime_ns}"


def write(
    manifest: Path,
    head: list[str],
    suffixes: Iterable[str],
    index_files: dict[str, int],
    files: dict,
    said: list[str],
) -> None:
    """The stamp of the manifest just written at `manifest` (`head`: its schema version, generation
    and SHA-1; `files`: name -> record with `size` and `mtime_ns`; `said`: what a command says of
    the library's files that could not be read, each time it runs). Not written: nothing lost, a
    search reads the manifest."""
    kinds = sorted(suffixes)
    lines = [*head, "\0".join(kinds), str(len(index_files))]
    lines += [f"{name}\0{size}" for name, size in sorted(index_files.items())]
    lines += [str(len(said)), *(line.encode("utf-8", "surrogateescape").hex() for line in said)]
    lines += [f"{name}\0{rec.size}\0{rec.mtime_ns}" for name, rec in sorted(files.items())]
    with contextlib.suppress(OSError, UnicodeError):
        atomic_write(manifest.with_name(STAMP), "/".join(lines).encode("utf-8", "surrogateescape"))


def unchanged(library: Path, manifest: Path, version: int, generation: int) -> list[str] | None:
    """What a command says of the library's unreadable files (often nothing) when `manifest.plan`
    would find nothing to do, by the stamp of the manifest at `manifest` (of this schema
    `version` and index `generation`; the manifest stamped has some papers) and the index's files
    have their sizes. None: no stamp, a stamp of another manifest, or something differs."""
    found = read(manifest, version, generation)
    if found is None:
        return None
    said, kinds, lines = found
    try:
        listed = [_line(n, e.stat()) for n, e in entries(library, kinds) if is_file(e)]
    except OSError:
        return None
    return said if listed == lines else None


def read(manifest: Path, version: int, generation: int) -> tuple[list[str], list[str], list[str]] | None:
    """The stamp of the manifest at `manifest`, when it is one of that very manifest, of this
    schema `version` and index `generation`, and the index's files have their sizes: what is
    said of the unreadable files, the snapshot files' suffixes, the library's lines. Else None."""
    try:
        stamp = manifest.with_name(STAMP).read_bytes().decode("utf-8", "surrogateescape").split("/")
        stamped, gen, digest, kinds, count, *rest = stamp
        if (stamped, gen) != (str(version), str(generation)) or digest != sha1(manifest.read_bytes()):
            return None
        whoosh, files = manifest.with_name("whoosh"), int(count)
        for line in rest[:files]:
            name, size = line.split("\0")
            if (whoosh / name).stat().st_size != int(size):
                return None
        told = int(rest[files])
        said = [
            bytes.fromhex(line).decode("utf-8", "surrogateescape")
            for line in rest[files + 1 : files + 1 + told]
        ]
    except (OSError, ValueError, IndexError):
        return None
    return said, kinds.split("\0"), rest[files + 1 + told :]


def sha1(data: bytes) -> str:
    try:
        from _sha1 import sha1 as digest  # type: ignore[import-not-found]  # (hashlib's OpenSSL import costs more)
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import sha1 as digest
    return digest(data).hexdigest()
