"""The marks database's tables, their migration, and reading its columns safely.

Schema versions (`PRAGMA user_version`): 0 is the first release (marks without times,
searches); 2 adds the times, `dismissed`, follows and visits. An older database is migrated
in place on open, in one transaction.

SQLite keeps any value in any column: another tool (the sqlite3 shell, a script) may have
written a note as a BLOB or a time as text. `text` and `number` read a column as what it
should hold, never raising (a BLOB as UTF-8 with U+FFFD for what is not; a time that is not a
finite number as 0, never set).
"""

from __future__ import annotations

import math
import sqlite3

VERSION = 2

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

# Version 0 -> 2. A field's time is the row's `updated` where the field is set, else never.
MIGRATE_2 = """
ALTER TABLE marks ADD COLUMN dismissed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE marks ADD COLUMN read_at REAL NOT NULL DEFAULT 0;
ALTER TABLE marks ADD COLUMN starred_at REAL NOT NULL DEFAULT 0;
ALTER TABLE marks ADD COLUMN note_at REAL NOT NULL DEFAULT 0;
ALTER TABLE marks ADD COLUMN dismissed_at REAL NOT NULL DEFAULT 0;
UPDATE marks SET read_at = CASE WHEN read THEN updated ELSE 0 END,
                 starred_at = CASE WHEN starred THEN updated ELSE 0 END,
                 note_at = CASE WHEN note != '' THEN updated ELSE 0 END;
ALTER TABLE searches ADD COLUMN updated REAL NOT NULL DEFAULT 0;
ALTER TABLE searches ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
UPDATE searches SET updated = created;
CREATE TABLE follows (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE visits (
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    until TEXT,
    PRIMARY KEY (at, kind)
);
"""


def migrate(db: sqlite3.Connection) -> None:
    """Create the tables, or bring an older database to this version (in one transaction)."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= VERSION:
        return
    db.execute("BEGIN IMMEDIATE")  # another process may be migrating it: look again once we hold it
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] < VERSION:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            columns = {r[1] for r in db.execute("PRAGMA table_info(marks)")}
            if "dismissed" not in columns:  # (a version-0 database)
                for statement in MIGRATE_2.split(";"):
                    if statement.strip():
                        db.execute(statement)
            db.execute(f"PRAGMA user_version = {VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def storable(value: str) -> str:
    """Text SQLite takes: a lone surrogate (from a file name or an argument that was not UTF-8)
    as "?" (SQLite stores UTF-8, which has none)."""
    return value if value.isascii() else value.encode("utf-8", "replace").decode("utf-8")


def text(value: object) -> str:
    """A text column as a str, whatever another tool stored there."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def number(value: object) -> float:
    """A time column as a finite float; 0.0 (never) for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return 0.0
