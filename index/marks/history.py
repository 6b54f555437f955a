"""The signals' history: what each capture saw of a paper (upvotes, comments, GitHub stars, code,
project page), with the time it was seen, and how fast papers are rising.

A table beside the marks (in the marks database, its own tables: the snapshot files stay what
the site sent, and the index, which may be rebuilt, holds only the latest). One row per paper
per day fetched: `None` where the site sent nothing, never a value it did not send; a value the
reader had to clamp (an upvote count beyond the index's 32 bits, a count beyond 64 bits) is
kept as clamped and the row marked `clamped`, left out of the rates.

**Rising** is upvotes gained per day over the last `days` days of the history (counted back
from its newest row, so an old library still has a "recently"): for each paper with two rows or
more in that window, (newest upvotes − oldest upvotes) / max(1, days between those two rows).
The floor of a day keeps two captures an hour apart from reading as a day's climb ×24.

A paper asked for on its own (`intake/paperstate.py`: its latest state on demand) is a row like
any other, with `day` "" (no day file): rising and the alerts see it too. The `linked` table
keeps the counts of models, datasets and Spaces linked to a paper, with when they were counted.

The `captures` table remembers when each day was last fetched and `refreshes` a range being
refreshed, so that an interrupted refresh resumes where it stopped.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..papers.identity import title_id
from ..papers.signals import MAX_COUNT, Signals
from ..papers.snapshot import Entry
from ..reading.apifile import INT_RANGE

DAY = 86400.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS signals (
    key TEXT NOT NULL,
    at REAL NOT NULL,
    day TEXT NOT NULL,
    upvotes INTEGER,
    comments INTEGER,
    stars INTEGER,
    code TEXT,
    project TEXT,
    clamped INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, at)
);
CREATE INDEX IF NOT EXISTS signals_at ON signals (at);
CREATE TABLE IF NOT EXISTS captures (day TEXT PRIMARY KEY, at REAL NOT NULL, papers INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS refreshes (days TEXT PRIMARY KEY, started REAL NOT NULL);
CREATE TABLE IF NOT EXISTS linked (
    key TEXT PRIMARY KEY, at REAL NOT NULL, models INTEGER, datasets INTEGER, spaces INTEGER
)
"""
_COLUMNS = "at, day, upvotes, comments, stars, code, project, clamped"
_INSERT = f"INSERT OR REPLACE INTO signals (key, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)"


@dataclass(frozen=True, slots=True)
class Seen:
    """One paper as one capture saw it (None: the site did not say)."""

    at: float  # seconds since the epoch
    day: str  # the day file it came from (YYYY-MM-DD)
    upvotes: int | None
    comments: int | None
    stars: int | None
    code: str | None
    project: str | None
    clamped: bool = False

    def to_json(self) -> dict:
        return {
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.at)),
            "day": self.day or None,  # None: the paper asked for on its own
            "upvotes": self.upvotes,
            "comments": self.comments,
            "stars": self.stars,
            "code": self.code,
            "project_page": self.project,
            "clamped": self.clamped,
        }


def seen(entry: Entry, at: float, day: str) -> tuple[str, Seen]:
    """The paper's key (its arXiv id, else its title id) and what the entry shows of it."""
    return entry.arxiv_id or title_id(entry.title), observed(at, day, entry.upvotes, entry.signals)


def observed(at: float, day: str, upvotes: int | None, s: Signals | None) -> Seen:
    """What one answer showed: upvotes (already clamped to the index's 32 bits) and signals
    (validated); marked clamped when a value sits at a bound it was clamped to."""
    repo = s.github if s else None
    comments = s.comments if s else None
    stars = repo.stars if repo else None
    project = s.project_page if s else None
    clamped = upvotes in INT_RANGE or MAX_COUNT in (comments, stars)
    return Seen(at, day, upvotes, comments, stars, repo.url if repo else None, project, clamped)


def _values(row: Seen) -> tuple:
    return (row.at, row.day, row.upvotes, row.comments, row.stars, row.code, row.project, row.clamped)


class History:
    """The history tables in the marks database (their own connection; safe across threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            for statement in SCHEMA.split(";"):
                db.execute(statement)
            self._db = db
        return self._db

    def _run(self, sql: str, args: Iterable = ()) -> list[tuple]:
        with self._lock:
            return self._conn().execute(sql, tuple(args)).fetchall()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- writing -------------------------------------------------------------------

    def record(self, day: str, entries: Iterable[Entry], at: float | None = None) -> int:
        """Keep what one fetch of `day` showed of each paper; how many rows were written."""
        at = time.time() if at is None else at
        rows = dict(seen(e, at, day) for e in entries)
        with self._lock:
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            db.executemany(_INSERT, [(key, *_values(row)) for key, row in rows.items()])
            db.execute("INSERT OR REPLACE INTO captures VALUES (?,?,?)", (day, at, len(rows)))
            db.execute("COMMIT")
        return len(rows)

    def observe(self, key: str, row: Seen) -> None:
        """Keep one paper's state asked for on its own (no day file: `row.day` is "")."""
        self._run(
            f"INSERT OR REPLACE INTO signals (key, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
            [key, *_values(row)],
        )

    def keep_linked(self, key: str, at: float, counts: tuple[int | None, int | None, int | None]) -> None:
        """The counts of models, datasets and Spaces linked to a paper, counted at `at`."""
        self._run("INSERT OR REPLACE INTO linked VALUES (?,?,?,?,?)", [key, at, *counts])

    def linked(self, key: str) -> tuple[float, tuple[int | None, int | None, int | None]] | None:
        """When the linked counts were last counted, and what they were; None: never."""
        rows = self._run("SELECT at, models, datasets, spaces FROM linked WHERE key = ?", [key])
        return (rows[0][0], tuple(rows[0][1:])) if rows else None

    def fetched(self, day: str) -> float | None:
        """When `day` was last fetched, or None."""
        rows = self._run("SELECT at FROM captures WHERE day = ?", [day])
        return rows[0][0] if rows else None

    def begin_refresh(self, days: str) -> float:
        """The start of the refresh of `days` ("first..last"): now, or an unfinished one's start
        (a refresh older than two days is begun again)."""
        now = time.time()
        self._run("DELETE FROM refreshes WHERE started < ?", [now - 2 * DAY])
        self._run("INSERT OR IGNORE INTO refreshes VALUES (?,?)", [days, now])
        return float(self._run("SELECT started FROM refreshes WHERE days = ?", [days])[0][0])

    def end_refresh(self, days: str) -> None:
        self._run("DELETE FROM refreshes WHERE days = ?", [days])

    # -- reading -------------------------------------------------------------------

    def series(self, keys: Iterable[str]) -> list[Seen]:
        """What the captures saw of a paper (under any of its ids), oldest first."""
        keys = list(keys)
        marks = ",".join("?" * len(keys))
        rows = self._run(f"SELECT {_COLUMNS} FROM signals WHERE key IN ({marks}) ORDER BY at", keys)
        return [replace(Seen(*r[:-1]), clamped=bool(r[-1])) for r in rows]

    def changed_after(self, at: float) -> set[str]:
        """Keys of the papers seen by a capture after `at`."""
        return {r[0] for r in self._run("SELECT DISTINCT key FROM signals WHERE at > ?", [at])}

    def rates(self, days: int = 7) -> dict[str, float]:
        """Upvotes gained per day by each paper over the history's last `days` days (see the
        module's docstring for the formula); papers seen once there are left out."""
        newest = self._run("SELECT MAX(at) FROM signals")[0][0]
        if newest is None:
            return {}
        rows = self._run(
            "SELECT key, at, upvotes FROM signals WHERE at >= ? AND upvotes IS NOT NULL AND NOT clamped "
            "ORDER BY key, at",
            [newest - days * DAY],
        )
        ends: dict[str, list[tuple[float, int]]] = {}  # the oldest and the newest row in the window
        for key, at, upvotes in rows:
            points = ends.setdefault(key, [])
            points[1:] = [(at, upvotes)]
        return {key: rate(points[0], points[-1]) for key, points in ends.items() if len(points) > 1}


def rate(first: tuple[float, int], last: tuple[float, int]) -> float:
    """Upvotes per day from `first` to `last` ((time, upvotes)), over at least a day."""
    return (last[1] - first[1]) / max(1.0, (last[0] - first[0]) / DAY)


def upvote_line(series: list[Seen]) -> str:
    """The upvotes over time in a line: "▁▃█ 1 → 40 · 2026-08-19 → 2026-08-21 · 3 captures"
    ("" with no upvotes seen); a clamped value is said."""
    from ..search.trend import sparkline

    points = [s for s in series if s.upvotes is not None]
    if not points:
        return ""
    values = [max(0, s.upvotes or 0) for s in points]
    first, last = points[0], points[-1]
    days = " → ".join(dict.fromkeys(_day(s.at) for s in (first, last)))
    captures = f"{len(points)} capture{'s' * (len(points) != 1)}"
    clamped = " (clamped values)" if any(s.clamped for s in points) else ""
    return f"{sparkline(values)} {first.upvotes} → {last.upvotes} · {days} · {captures}{clamped}"


def _day(at: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(at))


def rising_rates(path: Path, days: int = 7) -> dict[str, float]:
    """Upvotes gained per day by paper id over the history's last `days` days (the history
    beside the marks at `path`, opened and closed)."""
    history = History(path)
    try:
        return history.rates(days)
    finally:
        history.close()
