"""The SQLite FTS5 baseline (porter tokenizer, stdlib sqlite3), fed by the same snapshot readers.

python benchmarks/fts5.py build LIBRARY DB
python benchmarks/fts5.py add DB FILE
python benchmarks/fts5.py search DB QUERY
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCHEMA = "CREATE VIRTUAL TABLE IF NOT EXISTS p USING fts5(id UNINDEXED, title, abstract, tokenize='porter')"


def build(library: Path, db_path: Path | str) -> sqlite3.Connection:
    # The readers are imported by the commands that read: a search process imports sqlite3 only.
    from dailypapers.index.papers.paperset import merge
    from dailypapers.index.reading.files import read_snapshot, snapshot_files

    papers = merge([read_snapshot(f) for f in snapshot_files(library)])
    db = sqlite3.connect(db_path)
    db.execute(SCHEMA)
    db.executemany("INSERT INTO p VALUES (?, ?, ?)", [(p.id, p.title, p.abstract) for p in papers])
    db.commit()
    return db


def add(db: sqlite3.Connection, path: Path) -> None:
    from dailypapers.index.reading.files import read_snapshot

    snap = read_snapshot(path)
    db.executemany(
        "INSERT INTO p VALUES (?, ?, ?)", [(e.arxiv_id or e.title, e.title, e.abstract) for e in snap.entries]
    )
    db.commit()


def match_expression(query: str, prefix_last: bool = True) -> str:
    words = [w.replace('"', "") for w in query.split() if w.replace('"', "")]
    terms = [f'"{w}"' for w in words]
    if prefix_last and terms:
        terms[-1] += "*"
    return " ".join(terms)


def search(db: sqlite3.Connection, query: str, limit: int = 10) -> list[tuple[str, str]]:
    expr = match_expression(query)
    if not expr:
        return []
    sql = "SELECT id, title FROM p WHERE p MATCH ? ORDER BY bm25(p, 0, 2.0, 1.0) LIMIT ?"
    return db.execute(sql, (expr, limit)).fetchall()


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "build":
        build(Path(args[0]), args[1]).close()
    elif command == "add":
        add(sqlite3.connect(args[0]), Path(args[1]))
    elif command == "search":
        for pid, title in search(sqlite3.connect(args[0]), args[1]):
            print(pid, title)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
