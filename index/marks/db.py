"""The user's own data, in SQLite beside the library: marks, saved searches, follows, visits.

Marks are the user's own data: never in the index (which is derived and may be
rebuilt), keyed by paper identity (the arXiv id, else the title id; a paper also
answers to the ids it had before a merge), written in WAL mode with full sync, so
a mark that `set` returned is on disk even if the process is killed next.

Each field of a mark (read, starred, note, dismissed) carries the time it last
changed, and clearing a mark keeps its row (a tombstone): two machines' marks then
merge field by field, the newest change winning (`merge`, see `marks/sync.py`).
Follows and saved searches carry the time of their last change the same way. Two
changes made at the same time are settled by their values (`wins`), so that two
machines that swap exports end with the same marks whichever imports first.

The tables, their migration and reading a column whatever another tool stored in it
are in `rows.py`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import platformdirs

from ..papers.model import Paper
from ..papers.record import record, replace
from .rows import migrate, number, storable, text

T = TypeVar("T")
FLAGS = ("read", "starred", "dismissed")
FIELDS = (*FLAGS, "note")  # each with a `<field>_at` time: 0.0 = never set

_MARK_COLUMNS = (
    "key, read, starred, note, title, updated, dismissed, read_at, starred_at, note_at, dismissed_at"
)


class MarksError(Exception):
    """The marks database cannot be opened or written (the message says which file and why)."""


@record(frozen=True)
class Mark:
    key: str
    read: bool = False
    starred: bool = False
    note: str = ""
    title: str = ""
    updated: float = 0.0  # the newest of the times below
    dismissed: bool = False  # "not interested": out of the inbox and the picks, undoable
    read_at: float = 0.0
    starred_at: float = 0.0
    note_at: float = 0.0
    dismissed_at: float = 0.0

    @property
    def empty(self) -> bool:
        return not (self.read or self.starred or self.note or self.dismissed)


@record(frozen=True)
class SavedSearch:
    name: str
    query: str
    scope: str | None


@record(frozen=True)
class Follow:
    """A query the user follows (an author, an organisation, a keyword, any query)."""

    name: str
    query: str
    created: float = 0.0
    updated: float = 0.0
    deleted: bool = False  # unfollowed: kept so that the unfollow reaches other machines


@record(frozen=True)
class Visit:
    """A look at the library: by the reader, or a digest. `until` is the newest day the
    library held then (YYYY-MM-DD): papers first seen after it are new at the next visit."""

    at: float
    kind: str
    until: str | None


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
                migrate(db)
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

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work(db)` in one immediate transaction, committed (durably) before returning."""
        with self._lock:
            db = self._conn()
            try:
                db.execute("BEGIN IMMEDIATE")
                result = work(db)
                db.execute("COMMIT")
                return result
            except BaseException as exc:  # nothing half-merged stays: a bad value, ctrl+c, a full disk
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise MarksError(f"cannot save to the marks database {self.path}: {exc}") from None
                raise

    @property
    def journal_mode(self) -> str:
        """SQLite's journal mode for the database ("wal")."""
        return str(self._run("PRAGMA journal_mode")[0][0])

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
        """Every mark in force by key (small: one row per paper the user touched)."""
        return {k: m for k, m in self.rows().items() if not m.empty}

    def rows(self) -> dict[str, Mark]:
        """Every row, cleared marks (tombstones) included: what an export carries."""
        return {r[0]: _mark(r) for r in self._run(f"SELECT {_MARK_COLUMNS} FROM marks")}

    def get(self, paper: Paper) -> Mark:
        """The paper's mark (folded from its current and former ids), or an empty one."""
        rows = self._run(
            f"SELECT {_MARK_COLUMNS} FROM marks WHERE key IN ({','.join('?' * len(paper.keys))})",
            paper.keys,
        )
        return _fold([_mark(r) for r in rows], paper)

    def set(
        self,
        paper: Paper,
        read: bool | None = None,
        starred: bool | None = None,
        note: str | None = None,
        dismissed: bool | None = None,
    ) -> Mark:
        """Change a paper's mark and commit (durably) before returning the new mark.

        Each field given is stamped with the time; rows under the paper's former ids
        are folded into its current id. A cleared mark keeps its row (with its times).
        """
        now = time.time()
        given: dict[str, bool | str | None] = {"read": read, "starred": starred, "dismissed": dismissed}
        given["note"] = None if note is None else storable(note.strip())

        def work(db: sqlite3.Connection) -> Mark:
            old = [
                _mark(r)
                for k in paper.keys
                for r in db.execute(f"SELECT {_MARK_COLUMNS} FROM marks WHERE key = ?", (k,))
            ]
            mark = _fold(old, paper)
            for name, value in given.items():
                if value is not None:
                    mark = replace(mark, **{name: value, f"{name}_at": now})
            mark = replace(mark, title=paper.title or mark.title, updated=max(now, mark.updated))
            db.executemany("DELETE FROM marks WHERE key = ?", [(m.key,) for m in old])
            _insert(db, mark)
            return mark

        return self._transaction(work)

    def merge_marks(self, incoming: Iterable[Mark]) -> int:
        """Merge marks from elsewhere, field by field: the newer change wins (a tie keeps
        ours). Returns how many rows changed; merging the same marks again changes none."""

        def work(db: sqlite3.Connection) -> int:
            changed = 0
            for theirs in incoming:
                row = db.execute(f"SELECT {_MARK_COLUMNS} FROM marks WHERE key = ?", (theirs.key,)).fetchone()
                ours = _mark(row) if row else Mark(theirs.key)
                merged = ours
                for name in FIELDS:
                    change = [(getattr(m, f"{name}_at"), getattr(m, name)) for m in (theirs, ours)]
                    if wins(*change):
                        merged = replace(
                            merged,
                            **{name: getattr(theirs, name), f"{name}_at": getattr(theirs, f"{name}_at")},
                        )
                merged = replace(
                    merged,
                    title=ours.title or theirs.title,
                    updated=max(merged.updated, *(getattr(merged, f"{n}_at") for n in FIELDS)),
                )
                if merged != ours or row is None:
                    db.execute("DELETE FROM marks WHERE key = ?", (theirs.key,))
                    _insert(db, merged)
                    changed += 1
            return changed

        return self._transaction(work)

    # -- saved searches ----------------------------------------------------------

    def searches(self) -> list[SavedSearch]:
        rows = self._run("SELECT name, query, scope FROM searches WHERE NOT deleted ORDER BY created, name")
        return [SavedSearch(text(n), text(q), None if s is None else text(s)) for n, q, s in rows]

    def save_search(self, name: str, query: str, scope: str | None) -> SavedSearch:
        now = time.time()
        self._run(
            "INSERT INTO searches (name, query, scope, created, updated) VALUES (?,?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query, scope = excluded.scope, "
            "updated = excluded.updated, deleted = 0",
            [storable(name), storable(query), None if scope is None else storable(scope), now, now],
        )
        return SavedSearch(name, query, scope)

    def delete_search(self, name: str) -> None:
        self._run(
            "UPDATE searches SET deleted = 1, updated = ? WHERE name = ?", [time.time(), storable(name)]
        )

    def search_rows(self) -> list[tuple[SavedSearch, float, float, bool]]:
        """Every saved search with (created, updated, deleted), deleted ones included."""
        rows = self._run("SELECT name, query, scope, created, updated, deleted FROM searches ORDER BY name")
        return [
            (SavedSearch(text(n), text(q), None if s is None else text(s)), number(c), number(u), bool(d))
            for n, q, s, c, u, d in rows
        ]

    def merge_searches(self, incoming: Iterable[tuple[SavedSearch, float, float, bool]]) -> int:
        """Merge saved searches from elsewhere: per name, the newer change wins (`wins`)."""

        def work(db: sqlite3.Connection) -> int:
            changed = 0
            for search, created, updated, deleted in incoming:
                row = db.execute(
                    "SELECT updated, query, scope, deleted, created FROM searches WHERE name = ?",
                    (search.name,),
                ).fetchone()
                theirs = (updated, [search.query, search.scope, deleted, created])
                if row is not None and not wins(theirs, _ours(row)):
                    continue
                db.execute(
                    "INSERT OR REPLACE INTO searches (name, query, scope, created, updated, deleted) "
                    "VALUES (?,?,?,?,?,?)",
                    (search.name, search.query, search.scope, created, updated, int(deleted)),
                )
                changed += 1
            return changed

        return self._transaction(work)

    # -- follows -------------------------------------------------------------------

    def follows(self, deleted: bool = False) -> list[Follow]:
        """The follows in the order they were made (with `deleted`, unfollowed ones too)."""
        where = "" if deleted else "WHERE NOT deleted"
        rows = self._run(
            f"SELECT name, query, created, updated, deleted FROM follows {where} ORDER BY created, name"
        )
        return [Follow(text(n), text(q), number(c), number(u), bool(d)) for n, q, c, u, d in rows]

    def follow(self, name: str, query: str) -> Follow:
        """Follow a query under a name (a follow of that name is replaced)."""
        now, name, query = time.time(), storable(name), storable(query)
        self._run(
            "INSERT INTO follows (name, query, created, updated) VALUES (?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query, updated = excluded.updated, "
            "created = CASE WHEN deleted THEN excluded.created ELSE created END, deleted = 0",
            [name, query, now, now],
        )
        return next(f for f in self.follows() if f.name == name)

    def unfollow(self, name: str) -> bool:
        """Stop following; False when no follow has that name."""

        def work(db: sqlite3.Connection) -> bool:
            cur = db.execute(
                "UPDATE follows SET deleted = 1, updated = ? WHERE name = ? AND NOT deleted",
                (time.time(), storable(name)),
            )
            return cur.rowcount > 0

        return bool(self._transaction(work))

    def merge_follows(self, incoming: Iterable[Follow]) -> int:
        """Merge follows from elsewhere: per name, the newer change wins (`wins`)."""

        def work(db: sqlite3.Connection) -> int:
            changed = 0
            for f in incoming:
                row = db.execute(
                    "SELECT updated, query, deleted, created FROM follows WHERE name = ?", (f.name,)
                ).fetchone()
                if row is not None and not wins((f.updated, [f.query, f.deleted, f.created]), _ours(row)):
                    continue
                db.execute(
                    "INSERT OR REPLACE INTO follows (name, query, created, updated, deleted) "
                    "VALUES (?,?,?,?,?)",
                    (f.name, f.query, f.created, f.updated, int(f.deleted)),
                )
                changed += 1
            return changed

        return self._transaction(work)

    # -- visits --------------------------------------------------------------------

    def record_visit(self, kind: str, until: str | None, at: float | None = None) -> Visit:
        """Remember a look at the library (`kind`: "reader", "digest") that saw it up to `until`."""
        visit = Visit(time.time() if at is None else at, kind, until)
        self._run("INSERT OR REPLACE INTO visits (at, kind, until) VALUES (?,?,?)", [visit.at, kind, until])
        return visit

    def last_visit(self, kinds: Iterable[str] | None = None) -> Visit | None:
        """The latest visit (of these kinds), or None."""
        kinds = list(kinds or [])
        where = f"WHERE kind IN ({','.join('?' * len(kinds))})" if kinds else ""
        rows = self._run(f"SELECT at, kind, until FROM visits {where} ORDER BY at DESC LIMIT 1", kinds)
        return _visit(rows[0]) if rows else None

    def visits(self) -> list[Visit]:
        return [_visit(r) for r in self._run("SELECT at, kind, until FROM visits ORDER BY at")]

    def merge_visits(self, incoming: Iterable[Visit]) -> int:
        """Add visits from elsewhere; one at the same time and of the same kind keeps the greater
        `until` (`wins`), on both machines."""

        def work(db: sqlite3.Connection) -> int:
            changed = 0
            for v in incoming:
                key = (v.at, v.kind)
                row = db.execute("SELECT until FROM visits WHERE at = ? AND kind = ?", key).fetchone()
                if row is not None and not wins((0.0, v.until), (0.0, row[0])):
                    continue
                db.execute("INSERT OR REPLACE INTO visits (at, kind, until) VALUES (?,?,?)", (*key, v.until))
                changed += 1
            return changed

        return self._transaction(work)


def _insert(db: sqlite3.Connection, m: Mark) -> None:
    db.execute(
        f"INSERT INTO marks ({_MARK_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (m.key, m.read, m.starred, m.note, m.title, m.updated, m.dismissed, *_times(m)),
    )


def _times(m: Mark) -> tuple[float, ...]:
    """The times in the order of the columns (and of Mark's fields)."""
    return (m.read_at, m.starred_at, m.note_at, m.dismissed_at)


def _mark(row: tuple) -> Mark:
    key, read, starred, note, title, updated, dismissed, *times = row
    return Mark(
        text(key),
        bool(read),
        bool(starred),
        text(note),
        text(title),
        number(updated),
        bool(dismissed),
        *(number(t) for t in times),
    )


def _ours(row: tuple) -> tuple[float, list]:
    """A follow's (updated, query, deleted, created) or saved search's (updated, query, scope,
    deleted, created) row as `wins` compares it."""
    updated, query, *scope, deleted, created = row
    scopes = [None if s is None else text(s) for s in scope]
    return number(updated), [text(query), *scopes, bool(deleted), number(created)]


def _visit(row: tuple) -> Visit:
    at, kind, until = row
    return Visit(number(at), text(kind), None if until is None else text(until))


def wins(theirs: tuple[float, object], ours: tuple[float, object]) -> bool:
    """Whether a change (its time, its value) from elsewhere replaces ours: the newer one wins;
    at the same time, the greater value in a canonical form (JSON, keys sorted), so that both
    machines choose the same one."""
    if theirs[0] != ours[0]:
        return theirs[0] > ours[0]
    return theirs[1] != ours[1] and _canonical(theirs[1]) > _canonical(ours[1])


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=True)


def find(marks: Mapping[str, Mark], paper: Paper) -> Mark | None:
    """The paper's mark among `marks` (by its id or a former id), or None."""
    found = [marks[k] for k in paper.keys if k in marks]
    return _fold(found, paper) if found else None


def _fold(found: list[Mark], paper: Paper) -> Mark:
    """One mark from rows under several ids of one paper: per flag, the newest change wins;
    notes written since the newest clearing of a note are joined."""
    if not found:
        return Mark(paper.id, title=paper.title)
    found = sorted(found, key=lambda m: m.updated)
    fields: dict = {}
    for name in FLAGS:
        newest = max(found, key=lambda m: float(getattr(m, f"{name}_at")))
        fields[name], fields[f"{name}_at"] = getattr(newest, name), getattr(newest, f"{name}_at")
    cleared = max((m.note_at for m in found if not m.note), default=0.0)
    notes = [m.note for m in sorted(found, key=lambda m: m.note_at) if m.note and m.note_at >= cleared]
    return Mark(
        paper.id,
        note="\n\n".join(dict.fromkeys(notes)),
        note_at=max(m.note_at for m in found),
        title=found[-1].title or paper.title,
        updated=found[-1].updated,
        **fields,
    )
