"""Search quality on real days, side by side with SQLite FTS5 (porter tokenizer).

Two measures, on papers sampled with a fixed seed:
- recall3: a user remembers three distinctive words of an abstract; is the paper in the top 3?
- typo5: three distinctive title words, one with two adjacent letters swapped; is the paper
  in the top 5, or does the did-you-mean name the right word?

    python benchmarks/quality.py [DAYS_DIR] [--days N] [--sample N]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dailypapers.index import Paper, PaperIndex  # noqa: E402

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
_STOP = set(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "among",
        "an",
        "and",
        "are",
        "been",
        "before",
        "being",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "does",
        "doing",
        "during",
        "each",
        "from",
        "further",
        "have",
        "having",
        "here",
        "into",
        "itself",
        "more",
        "most",
        "much",
        "must",
        "only",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "via",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "within",
        "without",
        "would",
        "your",
        "using",
        "used",
        "based",
        "show",
        "shows",
        "paper",
        "propose",
        "proposed",
        "method",
        "methods",
        "approach",
        "results",
        "model",
        "models",
        "novel",
        "existing",
    ]
)


@dataclass(frozen=True)
class Case:
    paper_id: str
    query: str
    answer: str  # the word a did-you-mean should name ("" for recall cases)


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP]


def make_cases(papers: list[Paper], sample: int, seed: int = 7) -> tuple[list[Case], list[Case]]:
    rng = random.Random(seed)
    df = Counter(w for p in papers for w in set(words(p.title + " " + p.abstract)))
    chosen = rng.sample(papers, min(sample, len(papers)))
    recall, typo = [], []
    for p in chosen:
        rare = sorted(set(words(p.abstract)), key=lambda w: (df[w], w))[:8]
        if len(rare) >= 3:
            recall.append(Case(p.id, " ".join(rng.sample(rare, 3)), ""))
        title = sorted({w for w in words(p.title) if len(w) >= 5}, key=lambda w: (df[w], w))[:3]
        if not title:
            continue
        target = rng.choice(title)
        spots = [i for i in range(1, len(target) - 1) if target[i] != target[i + 1]]
        if not spots:
            continue
        i = rng.choice(spots)
        wrong = target[:i] + target[i + 1] + target[i] + target[i + 2 :]
        query = " ".join(wrong if w == target else w for w in title)
        typo.append(Case(p.id, query, target))
    return recall, typo


def score_ours(pix: PaperIndex, recall: list[Case], typo: list[Case]) -> tuple[float, float]:
    hit3 = sum(c.paper_id in [h.paper.id for h in pix.search(c.query, limit=3).hits] for c in recall)
    good = 0
    for c in typo:
        result = pix.search(c.query, limit=5)
        in_top = c.paper_id in [h.paper.id for h in result.hits]
        named = c.answer in (result.suggestion or "").split()
        good += in_top or named
    return hit3 / max(1, len(recall)), good / max(1, len(typo))


def fts5_database(papers: list[Paper]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, title, abstract, tokenize='porter')")
    db.executemany("INSERT INTO p VALUES (?, ?, ?)", [(p.id, p.title, p.abstract) for p in papers])
    db.commit()
    return db


def fts5_top(db: sqlite3.Connection, query: str, limit: int, op: str = " ") -> list[str]:
    match = op.join('"' + w.replace('"', "") + '"' for w in query.split())
    rows = db.execute(
        "SELECT id FROM p WHERE p MATCH ? ORDER BY bm25(p, 0, 2.0, 1.0) LIMIT ?", (match, limit)
    )
    return [r[0] for r in rows]


def score_fts5(db: sqlite3.Connection, recall: list[Case], typo: list[Case]) -> tuple[float, float]:
    hit3 = sum(c.paper_id in fts5_top(db, c.query, 3) for c in recall)
    # FTS5 has no typo handling; OR lets the two correct words still find the paper.
    hit5 = sum(c.paper_id in fts5_top(db, c.query, 5, " OR ") for c in typo)
    return hit3 / max(1, len(recall)), hit5 / max(1, len(typo))


def build_library(days: Path, count: int | None, into: Path) -> Path:
    files = sorted(days.glob("*.json"))
    if count:
        step = max(1, len(files) // count)
        files = files[::step][:count]
    lib = into / "library"
    lib.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, lib / f.name)
    return lib


def measure(days: Path, count: int | None, sample: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        lib = build_library(days, count, Path(tmp))
        pix = PaperIndex(lib, Path(tmp) / "ix")
        pix.update()
        papers = pix.papers()
        recall, typo = make_cases(papers, sample)
        ours = score_ours(pix, recall, typo)
        pix.close()
        theirs = score_fts5(fts5_database(papers), recall, typo)
    return {
        "papers": len(papers),
        "recall_cases": len(recall),
        "typo_cases": len(typo),
        "ours": {"recall3": ours[0], "typo5": ours[1]},
        "fts5": {"recall3": theirs[0], "typo5": theirs[1]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="?", type=Path, default=DEFAULT_DAYS)
    parser.add_argument(
        "--days", dest="count", type=int, default=None, help="use N days spread over the range"
    )
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    r = measure(args.days, args.count, args.sample)
    print(f"{r['papers']} papers; {r['recall_cases']} recall cases, {r['typo_cases']} typo cases")
    print(f"{'measure':<34}{'dailypapers':>12}{'FTS5':>8}")
    print(f"{'3 abstract words -> top 3':<34}{r['ours']['recall3']:>12.1%}{r['fts5']['recall3']:>8.1%}")
    print(f"{'title typo -> top 5 or did-you-mean':<34}{r['ours']['typo5']:>12.1%}{r['fts5']['typo5']:>8.1%}")


if __name__ == "__main__":
    main()
