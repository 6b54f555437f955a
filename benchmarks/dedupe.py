"""Tune the near-duplicate thresholds (`index/dedupe.py`) on the real corpus.

Positives: sampled real papers whose title is edited the way captures and
revisions edit it (case, punctuation, arXiv line breaks, one word changed or
dropped) and whose abstract is kept or revised (one sentence changed).
Negatives: every pair of different real papers whose titles are at least 80%
alike (e.g. "Qwen2 Technical Report" / "Qwen2.5 Technical Report").

    python benchmarks/dedupe.py [DAYS_DIR] [--sample N]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from dailypapers.index.papers.dedupe import abstract_key  # noqa: E402
from dailypapers.index.papers.identity import title_key  # noqa: E402
from dailypapers.index.reading.files import read_snapshot, snapshot_files  # noqa: E402

DEFAULT_DAYS = ROOT.parent / "shared" / "corpora" / "hf-daily-api-dumps" / "daily"
SWAPS = {"a": "an", "for": "towards", "via": "with", "with": "via", "towards": "toward", "of": "for"}


def edit_title(title: str, rng: random.Random) -> str:
    words = title.split()
    kind = rng.randrange(5)
    if kind == 0:
        return title.lower() if rng.random() < 0.5 else title.title()
    if kind == 1:
        return re.sub(r"[:\-,]", lambda m: rng.choice([" ", " - ", ": ", ""]), title)
    if kind == 2 and len(words) > 4:
        cut = rng.randrange(2, len(words) - 1)
        return " ".join(words[:cut]) + "\n  " + " ".join(words[cut:])
    if kind == 3:
        for i, w in enumerate(words):
            if w.lower() in SWAPS:
                words[i] = SWAPS[w.lower()]
                return " ".join(words)
    if len(words) > 5:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def edit_abstract(abstract: str, rng: random.Random) -> str:
    sentences = re.split(r"(?<=\.)\s+", abstract)
    if len(sentences) > 3 and rng.random() < 0.5:
        i = rng.randrange(1, len(sentences))
        sentences[i] = "We further release code, data and models to support future research."
    return " ".join(sentences)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("days", nargs="?", type=Path, default=DEFAULT_DAYS)
    ap.add_argument("--sample", type=int, default=1000)
    args = ap.parse_args()
    papers = {}
    for f in snapshot_files(args.days):
        for e in read_snapshot(f).entries:
            papers[e.arxiv_id or e.title] = (e.title, e.abstract)
    rng = random.Random(7)
    pos = []
    for title, abstract in rng.sample(list(papers.values()), min(args.sample, len(papers))):
        edited = edit_title(title, rng)
        pos.append(
            (
                fuzz.ratio(title_key(title), title_key(edited)),
                fuzz.ratio(abstract_key(abstract), abstract_key(edit_abstract(abstract, rng))),
            )
        )
    keys = {pid: title_key(t) for pid, (t, _a) in papers.items()}
    neg = []
    for pid, key in keys.items():
        for _k, score, other in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=80, limit=6):
            if other > pid:
                neg.append((score, fuzz.ratio(abstract_key(papers[pid][1]), abstract_key(papers[other][1]))))
    print(f"{len(pos)} edited real papers, {len(neg)} pairs of different papers with titles >= 80% alike")
    low_title, low_abstract = min(t for t, _ in pos), min(a for _, a in pos)
    print(f"positives: title ratio min {low_title:.0f}, abstract ratio min {low_abstract:.0f}")
    print(f"negatives: abstract ratio max {max((a for _, a in neg), default=0):.0f}")
    print("title_min abstract_min  merged(positives)  false merges(negatives)")
    for t_min in (75, 80, 85, 90, 95):
        for a_min in (60, 75, 90):
            merged = sum(t >= t_min and a >= a_min for t, a in pos)
            wrong = sum(t >= t_min and a >= a_min for t, a in neg)
            print(f"{t_min:9} {a_min:12}  {merged / len(pos):16.1%}  {wrong:10}")


if __name__ == "__main__":
    main()
