"""Search quality as people paste and type queries, against SQLite FTS5 and a plain BM25.

Tasks, built from the real API days with a fixed seed (each query's answer is its paper):
- punct: a title with `?`, parentheses or quotes (and often `:`), pasted as it is
- summary: the first sentence of the site's AI summary
- paraphrase: that sentence without the title's words
- span: eight consecutive words of the abstract
- keywords: two or three of the paper's AI keywords
- typo: the title with a typo in two of its words
- author: an author's full name, bare (its answer: every paper of that author; R@50 over them)

Baselines on the same queries: FTS5 (porter, an OR of the words, bm25 with the title weighted 2)
and a BM25 in Python (k1 1.2, b 0.75, the title counted twice; no stemming). The engine is asked
through `PaperIndex.search(query, limit=50)`, as the CLI asks (a submitted query), on an index
built once into `--cache`.

    python benchmarks/search_quality.py [--seed 2] [--per-task 200] [--smoke] [--cache DIR]

Tune on one seed and report on another: the queries differ.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dailypapers.index import Paper, PaperIndex  # noqa: E402

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
DEFAULT_CACHE = Path("/tmp/dailypapers-search-quality")
TASKS = ("punct", "summary", "paraphrase", "span", "keywords", "typo", "author")
_TOKEN = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s|$)")


@dataclass(frozen=True)
class Case:
    task: str
    query: str
    answers: frozenset[str]  # paper ids


# -- the tasks -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    letters = "abcdefghijklmnopqrstuvwxyz".replace(word[i].lower(), "")
    return word[:i] + rng.choice(letters) + word[i + 1 :]


def make_cases(papers: list[Paper], per_task: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    by_author: dict[str, set[str]] = defaultdict(set)
    for p in papers:
        for name in p.authors or ():
            by_author[_one_line(name)].add(p.id)
    order = sorted(papers, key=lambda p: p.id)
    rng.shuffle(order)
    cases: dict[str, list[Case]] = {t: [] for t in TASKS}

    def add(task: str, query: str, answers: set[str] | frozenset[str]) -> None:
        if len(cases[task]) < per_task and query.strip():
            cases[task].append(Case(task, query, frozenset(answers)))

    for p in order:
        title = _one_line(p.title)
        one = {p.id}
        if re.search(r"[?()\"“”]", title):
            add("punct", title, one)
        summary = _one_line(p.signals.ai_summary or "")
        first = _FIRST_SENTENCE.match(summary)
        if first and len(first.group(1).split()) >= 6:
            sentence = first.group(1)
            add("summary", sentence, one)
            own = {w.lower() for w in _WORD.findall(title)}
            rest = [w for w in sentence.split() if re.sub(r"\W", "", w).lower() not in own]
            if len(rest) >= 5:
                add("paraphrase", " ".join(rest), one)
        words = _one_line(p.abstract).split()
        if len(words) >= 20:
            at = rng.randrange(0, len(words) - 8)
            add("span", " ".join(words[at : at + 8]), one)
        keywords = [k for k in p.signals.keywords or () if k.strip()]
        if len(keywords) >= 3:
            add("keywords", " ".join(rng.sample(keywords, rng.choice((2, 3)))), one)
        long = [i for i, w in enumerate(title.split()) if len(re.sub(r"\W", "", w)) >= 5 and w.isascii()]
        if len(long) >= 3:
            parts = title.split()
            for i in rng.sample(long, 2):
                core = re.match(r"(\W*)(.*?)(\W*)$", parts[i])
                assert core
                parts[i] = core.group(1) + _typo(core.group(2), rng) + core.group(3)
            add("typo", " ".join(parts), one)
        names = [_one_line(n) for n in p.authors or () if len(_one_line(n).split()) >= 2]
        if names:
            name = rng.choice(names)
            if not any(c.query == name for c in cases["author"]):
                add("author", name, by_author[name])
    return [c for t in TASKS for c in cases[t]]


# -- the systems -----------------------------------------------------------------------------


def fts5_system(papers: list[Paper]) -> Callable[[str, int], list[str]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, title, abstract, tokenize='porter')")
    db.executemany("INSERT INTO p VALUES (?, ?, ?)", [(p.id, p.title, p.abstract) for p in papers])
    db.commit()

    def search(query: str, limit: int) -> list[str]:
        words = _TOKEN.findall(query.lower())
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        sql = "SELECT id FROM p WHERE p MATCH ? ORDER BY bm25(p, 0, 2.0, 1.0) LIMIT ?"
        return [r[0] for r in db.execute(sql, (match, limit))]

    return search


def bm25_system(papers: list[Paper], k1: float = 1.2, b: float = 0.75) -> Callable[[str, int], list[str]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    lengths = []
    for i, p in enumerate(papers):
        tokens = _TOKEN.findall(f"{p.title} {p.title} {p.abstract}".lower())
        lengths.append(len(tokens))
        for word, tf in Counter(tokens).items():
            postings[word].append((i, tf))
    n = len(papers)
    avg = sum(lengths) / max(1, n)
    idf = {w: math.log(1 + (n - len(ps) + 0.5) / (len(ps) + 0.5)) for w, ps in postings.items()}

    def search(query: str, limit: int) -> list[str]:
        scores: dict[int, float] = defaultdict(float)
        for word in set(_TOKEN.findall(query.lower())):
            for doc, tf in postings.get(word, ()):
                scores[doc] += idf[word] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[doc] / avg))
        best = sorted(scores.items(), key=lambda s: (-s[1], s[0]))[:limit]
        return [papers[d].id for d, _ in best]

    return search


def engine_system(pix: PaperIndex) -> Callable[[str, int], list[str]]:
    def search(query: str, limit: int) -> list[str]:
        return [h.paper.id for h in pix.search(query, limit=limit).hits]

    return search


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Score:
    mrr10: float = 0.0
    r10: float = 0.0
    r50: float = 0.0
    empty: int = 0
    count: int = 0
    seconds: float = 0.0


def measure(search: Callable[[str, int], list[str]], cases: list[Case]) -> dict[str, Score]:
    scores = {t: Score() for t in TASKS}
    for case in cases:
        s = scores[case.task]
        start = time.perf_counter()
        found = search(case.query, 50)
        s.seconds += time.perf_counter() - start
        s.count += 1
        s.empty += not found
        ranks = [i for i, pid in enumerate(found) if pid in case.answers]
        s.mrr10 += 1 / (ranks[0] + 1) if ranks and ranks[0] < 10 else 0.0
        s.r10 += sum(r < 10 for r in ranks) / min(10, len(case.answers))
        s.r50 += len(ranks) / min(50, len(case.answers))
    for s in scores.values():
        if s.count:
            s.mrr10, s.r10, s.r50 = s.mrr10 / s.count, s.r10 / s.count, s.r50 / s.count
    return scores


def table(results: dict[str, dict[str, Score]]) -> str:
    systems = list(results)
    head = f"| task (n) | {' | '.join(f'{s} MRR@10 / R@10 / R@50 / empty' for s in systems)} |"
    lines = [head, "|---|" + "---|" * len(systems)]
    for task in TASKS:
        n = results[systems[0]][task].count
        if not n:
            continue
        cells = [
            f"{r[task].mrr10:.3f} / {r[task].r10:.3f} / {r[task].r50:.3f} / {r[task].empty}"
            for r in results.values()
        ]
        lines.append(f"| {task} ({n}) | {' | '.join(cells)} |")
    ms = [
        f"{s} {1000 * sum(x.seconds for x in r.values()) / max(1, sum(x.count for x in r.values())):.1f}"
        for s, r in results.items()
    ]
    lines.append(f"(ms a query, mean: {', '.join(ms)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=Path, default=DEFAULT_DAYS)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the index is built once")
    parser.add_argument("--seed", type=int, default=2, help="the query set (tune on another)")
    parser.add_argument("--per-task", type=int, default=200)
    parser.add_argument("--smoke", action="store_true", help="40 days, 10 queries a task")
    parser.add_argument("--show", default="", help="print the engine's misses of this task")
    args = parser.parse_args(argv)
    if not args.days.is_dir():
        print(f"no days at {args.days}", file=sys.stderr)
        return 2
    library, cache = args.days, args.cache
    if args.smoke:
        import shutil

        library = cache / "smoke-days"
        if not library.is_dir():
            files = sorted(args.days.glob("*.json"))
            library.mkdir(parents=True)
            for f in files[-40:]:
                shutil.copy(f, library / f.name)
        cache, args.per_task = cache / "smoke", 10
    start = time.perf_counter()
    pix = PaperIndex(library, cache / "index")
    pix.update()
    papers = pix.papers()
    cases = make_cases(papers, args.per_task, args.seed)
    ready = time.perf_counter() - start
    print(f"{len(papers)} papers, {len(cases)} queries (seed {args.seed}); ready in {ready:.1f} s")
    systems = {
        "dailypapers": engine_system(pix),
        "FTS5": fts5_system(papers),
        "BM25": bm25_system(papers),
    }
    results = {name: measure(search, cases) for name, search in systems.items()}
    print(table(results))
    if args.show:
        ours, theirs = systems["dailypapers"], systems["BM25"]
        for case in cases:
            if case.task == args.show:
                found = ours(case.query, 10)
                if not case.answers & set(found):
                    rank = next((i for i, p in enumerate(theirs(case.query, 50)) if p in case.answers), None)
                    print(f"MISS (BM25 rank {rank}): {case.query!r} -> {sorted(case.answers)[:3]}")
    pix.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
