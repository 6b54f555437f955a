"""Near-duplicate titles: the same work captured with its title slightly changed.

Two titles name the same paper when they are close (rapidfuzz ratio on the
normalised title) *and* their abstracts agree: "Qwen2 Technical Report" and
"Qwen2.5 Technical Report" are 96% alike as titles but are different papers,
and their abstracts (about 42% alike) say so. Two arXiv ids are never merged.

Thresholds were tuned with `benchmarks/dedupe.py` on the real corpus: the 237
pairs of different papers whose titles are at least 80% alike have abstracts at
most 66% alike (none merged); of 1,000 real papers with an edited title (case,
punctuation, line break, a word changed or dropped) and half with a sentence of
the abstract rewritten, 98.7% are merged.
"""

from __future__ import annotations

import bisect
import itertools
import math
import sys

from .identity import title_key

TITLE_MIN = 80.0  # rapidfuzz ratio of the normalised titles
ABSTRACT_MIN = 75.0  # rapidfuzz ratio of the normalised abstracts' first ABSTRACT_CHARS
ABSTRACT_CHARS = 1200
HEAD = 64  # a title longer than this is first compared by its first HEAD characters (see TitleMatcher)
HEAD_SLACK = 40  # ... when at most this many are left (with more the first pass rarely rules one out)


def abstract_key(abstract: str) -> str:
    return title_key(abstract[: ABSTRACT_CHARS * 2])[:ABSTRACT_CHARS]


def same_abstract(a: str, b: str) -> bool:
    """True when two abstracts are close enough to be one paper's (both must be present)."""
    from rapidfuzz import fuzz

    ka, kb = abstract_key(a), abstract_key(b)
    return bool(ka and kb) and fuzz.ratio(ka, kb) >= ABSTRACT_MIN


class TitleMatcher:
    """Titles by paper id, searchable for near-duplicates.

    Each search compares the title with every other one whose length allows a ratio of
    TITLE_MIN: `fuzz.ratio` is 100 * (1 - indel distance / (la + lb)), and that distance is at
    least |la - lb|, so a length outside [2/3 la, 3/2 la] cannot reach 80. The keys are kept in
    order of length, and a search hands rapidfuzz the slice of possible lengths (a third of the
    comparisons of a build of page captures spared); its answer is the same: closest first,
    ties in the order the ids were added.

    A title longer than HEAD characters is first compared by its first HEAD (`_possible`): the
    ratio is 200 * L / (la + lb), L the longest common subsequence, and L is at most that of
    the first HEAD characters and `b` plus the la - HEAD characters left, so a title whose
    common subsequence with the head falls short of TITLE_MIN / 200 * (la + lb) - (la - HEAD)
    cannot reach TITLE_MIN. rapidfuzz works out a subsequence of a title of up to 64
    characters in one machine word, of a longer one in two or more: this first pass costs
    about half, and leaves a few in a hundred titles to compare whole (a build of page
    captures: 34 million comparisons, 6.2 -> 4.9 s CPU)."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self._rank: dict[str, int] = {}  # the order each id was added in (the dict's order)
        self._added = itertools.count()
        self._sort: list[tuple[int, int]] = []  # (key length, rank), ascending
        self._keys: list[str] = []  # the keys in that order
        self._ids: list[str] = []

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, pid: str, title: str) -> None:
        key = title_key(title)
        if pid in self.keys:  # a new title: its place in the order of ids kept
            self._remove(pid)
        else:
            self._rank[pid] = next(self._added)
        self.keys[pid] = key
        entry = (len(key), self._rank[pid])
        at = bisect.bisect_left(self._sort, entry)
        self._sort.insert(at, entry)
        self._keys.insert(at, key)
        self._ids.insert(at, pid)

    def discard(self, pid: str) -> None:
        if pid in self.keys:
            self._remove(pid)
            del self.keys[pid], self._rank[pid]

    def _remove(self, pid: str) -> None:
        at = bisect.bisect_left(self._sort, (len(self.keys[pid]), self._rank[pid]))
        del self._sort[at], self._keys[at], self._ids[at]

    def candidates(self, title: str, limit: int = 5) -> list[str]:
        """Ids of papers whose titles are at least TITLE_MIN alike, closest first."""
        if not self.keys:
            return []
        from rapidfuzz import fuzz, process

        key = title_key(title)
        size = len(key)  # (the bounds a character wider each way: never one short)
        lo = bisect.bisect_left(self._sort, (size * 2 // 3 - 1, -1))
        hi = bisect.bisect_right(self._sort, (size * 3 // 2 + 1, sys.maxsize))
        where = self._possible(key, lo, hi) if HEAD < size <= HEAD + HEAD_SLACK else range(lo, hi)
        keys = self._keys[lo:hi] if isinstance(where, range) else [self._keys[i] for i in where]
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=TITLE_MIN, limit=None)
        ids = [self._ids[where[i]] for _key, _score, i in found]
        order = sorted(range(len(found)), key=lambda n: (-found[n][1], self._rank[ids[n]]))
        return [ids[n] for n in order[:limit]]

    def _possible(self, key: str, lo: int, hi: int, parts: int = 8) -> list[int]:
        """The places in [lo, hi) of the keys whose common subsequence with the first HEAD
        characters of `key` allows a ratio of TITLE_MIN (see the class): the slice cut in
        `parts`, each asked for what its shortest key's length allows (one character less)."""
        from rapidfuzz import process
        from rapidfuzz.distance import LCSseq

        head, rest, kept = key[:HEAD], len(key) - HEAD, list[int]()
        step = max(1, -(-(hi - lo) // parts))  # (no title of a possible length: no step)
        for start in range(lo, hi, step):
            end, shortest = min(hi, start + step), self._sort[start][0]
            need = math.ceil(TITLE_MIN * (len(key) + shortest) / 200) - rest - 1
            if need <= 0:
                kept += range(start, end)
                continue
            found = process.extract(
                head, self._keys[start:end], scorer=LCSseq.similarity, score_cutoff=need, limit=None
            )
            kept += sorted(start + i for _key, _score, i in found)
        return kept
