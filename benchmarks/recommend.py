"""Recommendation quality on real days: precision@20 of `recommend` beside two baselines.

For each topic (the papers a query finds) and each of several seeds: star 8 papers
of the topic at random, hold the rest of the topic out, and count how many of the
top 20 picks are held-out papers of the topic. Beside it, on the same stars:
- upvotes: the 20 most upvoted papers (what the site shows);
- more-like-this: the 20 papers most like the first starred paper (Whoosh key terms,
  the reader's `m`);
- after dismissals: the user dismisses the off-topic papers of the first 20 picks
  (at most 8), and the picks are made again;
- SVM (only when scikit-learn is importable; it is not a dependency): arxiv-sanity-lite's
  model, a linear SVM over tf-idf of titles and abstracts, the stars against every
  other paper, to weigh the choice of a Rocchio query against a trained model.

    python benchmarks/recommend.py [DAYS_DIR] [--seeds N] [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dailypapers.index import PaperIndex  # noqa: E402
from dailypapers.index.marks.recommend import build_profile, by_upvotes, rank  # noqa: E402

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
STARS, K = 8, 20
TOPICS = [
    ("3D Gaussian splatting", '"gaussian splatting"'),
    ("mixture of experts", '"mixture of experts"'),
    ("speech", "speech"),
    ("robots", "robot"),
    ("code generation", '"code generation"'),
    ("medical", "medical"),
    ("quantization", "quantization"),
    ("state-space models", "mamba OR ssm"),
    ("math reasoning", '"mathematical reasoning"'),
    ("video generation", '"video generation"'),
]


def precision(ids: list[str], relevant: set[str]) -> float:
    return sum(1 for i in ids[:K] if i in relevant) / K


class Svm:
    """arxiv-sanity-lite's recommender: tf-idf (1-2 grams) and a linear SVM per set of stars."""

    def __init__(self, pix: PaperIndex) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        papers = pix.papers()
        self.ids = [p.id for p in papers]
        vectorizer = TfidfVectorizer(
            input="content",
            lowercase=True,
            strip_accents="unicode",
            ngram_range=(1, 2),
            max_features=20000,
            min_df=2,
            max_df=0.9,
            sublinear_tf=True,
            stop_words="english",
        )
        self.x = vectorizer.fit_transform([f"{p.title} {p.title} {p.abstract}" for p in papers])

    def rank(self, starred: list[str], limit: int) -> list[str]:
        from sklearn import svm

        stars = set(starred)
        y = [1 if i in stars else 0 for i in self.ids]
        model = svm.LinearSVC(class_weight="balanced", verbose=False, max_iter=10000, tol=1e-6, C=0.1)
        model.fit(self.x, y)
        scores = model.decision_function(self.x)
        order = sorted(range(len(self.ids)), key=lambda i: -scores[i])
        return [self.ids[i] for i in order if self.ids[i] not in stars][:limit]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("days", nargs="?", type=Path, default=DEFAULT_DAYS)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--index-dir", type=Path, help="reuse (or build) the index here")
    args = ap.parse_args()
    if not args.days.is_dir():
        print(f"no days directory {args.days}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pix = PaperIndex(args.days, args.index_dir or Path(tmp) / "ix")
        start = time.perf_counter()
        pix.update(procs=2)
        total = len(pix.papers(light=True))
        print(
            f"{total} papers in {len(pix.snapshots())} snapshots "
            f"(index ready in {time.perf_counter() - start:.1f}s)"
        )
        rows, timings, svm_timings = [], [], []
        try:
            t0 = time.perf_counter()
            svm_model: Svm | None = Svm(pix)
            tfidf_seconds = time.perf_counter() - t0
        except ImportError:
            svm_model = None
        for name, query in TOPICS:
            topic, _ = pix.matching(query)
            scores: dict[str, list[float]] = {
                "ours": [],
                "upvotes": [],
                "mlt": [],
                "dismissed": [],
                "svm": [],
            }
            for seed in range(args.seeds):
                starred = random.Random(seed).sample(sorted(topic), STARS)
                held = topic - set(starred)
                t0 = time.perf_counter()
                profile = build_profile(pix, starred)
                picks = [p.paper.id for p in rank(pix, profile, K, exclude=set(starred))]
                timings.append(time.perf_counter() - t0)
                scores["ours"].append(precision(picks, held))
                scores["upvotes"].append(
                    precision([p.paper.id for p in by_upvotes(pix, K, set(starred))], held)
                )
                like = [h.paper.id for h in pix.related(starred[0], K + STARS) if h.paper.id not in starred]
                scores["mlt"].append(precision(like, held))
                off = [i for i in picks if i not in topic][:STARS]
                again = rank(pix, build_profile(pix, starred, off), K, exclude=set(starred) | set(off))
                scores["dismissed"].append(precision([p.paper.id for p in again], held))
                if svm_model is not None:
                    t0 = time.perf_counter()
                    scores["svm"].append(precision(svm_model.rank(starred, K), held))
                    svm_timings.append(time.perf_counter() - t0)
            mean = {k: statistics.mean(v) if v else float("nan") for k, v in scores.items()}
            rows.append((name, query, len(topic), mean))
            print(f"  {name}: {len(topic)} papers, ours {mean['ours']:.0%}", file=sys.stderr)
        pix.close()
    print()
    print(f"precision@{K}, {STARS} stars, mean of {args.seeds} seeds per topic")
    print()
    print(
        "| topic (query) | papers | share of library | ours | upvotes | more-like-this | ours ÷ upvotes "
        "| after dismissing off-topic picks | tf-idf SVM |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, query, size, m in rows:
        ratio = f"{m['ours'] / m['upvotes']:.1f}×" if m["upvotes"] else "∞"
        print(
            f"| {name} (`{query}`) | {size} | {size / total:.1%} | {m['ours']:.0%} | {m['upvotes']:.0%} "
            f"| {m['mlt']:.0%} | {ratio} | {m['dismissed']:.0%} | {_pct(m['svm'])} |"
        )
    avg = {k: statistics.fmean(r[3][k] for r in rows) for k in rows[0][3]}
    ratio = f"{avg['ours'] / avg['upvotes']:.1f}×" if avg["upvotes"] else "∞"
    print(
        f"| **mean** | | | **{avg['ours']:.0%}** | {avg['upvotes']:.0%} | {avg['mlt']:.0%} | {ratio} "
        f"| {avg['dismissed']:.0%} | {_pct(avg['svm'])} |"
    )
    print()
    print(
        f"one recommendation (profile of {STARS} stars + ranking): "
        f"median {statistics.median(timings) * 1000:.0f} ms"
    )
    if svm_timings:
        print(f"tf-idf of the library for the SVM (papers read, vectorized): {tfidf_seconds:.1f} s")
        print(
            f"one SVM fit and ranking (tf-idf made once beforehand): median "
            f"{statistics.median(svm_timings) * 1000:.0f} ms"
        )
    return 0


def _pct(value: float) -> str:
    return "—" if value != value else f"{value:.0%}"  # NaN: no scikit-learn


if __name__ == "__main__":
    sys.exit(main())
