"""The user's marks (read, star, note) and saved searches, in SQLite beside the library.

Marks are the user's own data: never in the index (which is derived and may be
rebuilt), keyed by paper identity (the arXiv id, else the title id; a paper also
answers to the ids it had before a merge), written in WAL mode with full sync, so
a mark that `set` returned is on disk even if the process is killed next.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

from .model import Paper

SCHEMA = """
CREATE TABLE IF NOT EXISTS marks (
    key TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    scope TEXT,
    created REAL NOT NULL
);
"""


class MarksError(Exception):
    """The marks database cannot be opened or written (the message says which file and why)."""


@dataclass(frozen=True, slots=True)
class Mark:
    key: str
    read: bool = False
    starred: bool = False
    note: str = ""
    title: str = ""
    updated: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.read or self.starred or self.note)


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str
    scope: str | None


def default_marks_path() -> Path:
    return Path(platformdirs.user_data_dir("dailypapers")) / "marks.sqlite3"


class Marks:
    """One connection, safe to share between threads (calls are serialised)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_marks_path()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._seen_version: int | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.executescript(SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise MarksError(f"cannot open the marks database {self.path}: {exc}") from None
            self._db = db
        return self._db

    def _run(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._conn().execute(sql, tuple(args)).fetchall()
            except sqlite3.Error as exc:
                raise MarksError(f"marks database {self.path}: {exc}") from None

    def changed_elsewhere(self) -> bool:
        """True when another connection (a second reader, the CLI) committed since the last call."""
        version = self._run("PRAGMA data_version")[0][0]
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        return changed

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- marks -----------------------------------------------------------------

    def all(self) -> dict[str, Mark]:
        """Every mark by key (small: one row per paper the user touched)."""
        rows = self._run("SELECT key, read, starred, note, title, updated FROM marks")
        return {r[0]: _mark(r) for r in rows}

    def get(self, paper: Paper) -> Mark:
        """The paper's mark (folded from its current and former ids), or an empty one."""
        rows = self._run(
            f"SELECT key, read, starred, note, title, updated FROM marks WHERE key IN "
            f"({','.join('?' * len(paper.keys))})",
            paper.keys,
        )
        return _fold([_mark(r) for r in rows], paper)

    def set(
        self, paper: Paper, read: bool | None = None, starred: bool | None = None, note: str | None = None
    ) -> Mark:
        """Change a paper's mark and commit (durably) before returning the new mark.

        Rows under the paper's former ids are folded into its current id.
        """
        with self._lock:
            db = self._conn()
            try:
                db.execute("BEGIN IMMEDIATE")
                old = [
                    _mark(r)
                    for k in paper.keys
                    for r in db.execute(
                        "SELECT key, read, starred, note, title, updated FROM marks WHERE key = ?", (k,)
                    )
                ]
                base = _fold(old, paper)
                mark = replace(
                    base,
                    read=base.read if read is None else read,
                    starred=base.starred if starred is None else starred,
                    note=base.note if note is None else note.strip(),
                    title=paper.title,
                    updated=time.time(),
                )
                db.executemany("DELETE FROM marks WHERE key = ?", [(m.key,) for m in old])
                if not mark.empty:
                    db.execute(
                        "INSERT INTO marks (key, read, starred, note, title, updated) VALUES (?,?,?,?,?,?)",
                        (mark.key, mark.read, mark.starred, mark.note, mark.title, mark.updated),
                    )
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise MarksError(f"cannot save the mark in {self.path}: {exc}") from None
            return mark

    # -- saved searches ----------------------------------------------------------

    def searches(self) -> list[SavedSearch]:
        rows = self._run("SELECT name, query, scope FROM searches ORDER BY created")
        return [SavedSearch(*r) for r in rows]

    def save_search(self, name: str, query: str, scope: str | None) -> SavedSearch:
        self._run(
            "INSERT INTO searches (name, query, scope, created) VALUES (?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query, scope = excluded.scope",
            [name, query, scope, time.time()],
        )
        return SavedSearch(name, query, scope)

    def delete_search(self, name: str) -> None:
        self._run("DELETE FROM searches WHERE name = ?", [name])


def _mark(row: tuple) -> Mark:
    key, read, starred, note, title, updated = row
    return Mark(key, bool(read), bool(starred), note, title, updated)


def find(marks: dict[str, Mark], paper: Paper) -> Mark | None:
    """The paper's mark among `marks` (by its id or a former id), or None."""
    found = [marks[k] for k in paper.keys if k in marks]
    return _fold(found, paper) if found else None


def _fold(found: list[Mark], paper: Paper) -> Mark:
    """One mark from rows under several ids of one paper: any star or read wins, notes are joined."""
    if not found:
        return Mark(paper.id, title=paper.title)
    found = sorted(found, key=lambda m: m.updated)
    notes = [m.note for m in found if m.note]
    return Mark(
        paper.id,
        read=any(m.read for m in found),
        starred=any(m.starred for m in found),
        note="\n\n".join(dict.fromkeys(notes)),
        title=found[-1].title or paper.title,
        updated=found[-1].updated,
    )
