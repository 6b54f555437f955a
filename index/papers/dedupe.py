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
import sys

from .identity import title_key

TITLE_MIN = 80.0  # rapidfuzz ratio of the normalised titles
ABSTRACT_MIN = 75.0  # rapidfuzz ratio of the normalised abstracts' first ABSTRACT_CHARS
ABSTRACT_CHARS = 1200


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
    ties in the order the ids were added."""

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
        found = process.extract(key, self._keys[lo:hi], scorer=fuzz.ratio, score_cutoff=TITLE_MIN, limit=None)
        ids = [self._ids[lo + i] for _key, _score, i in found]
        order = sorted(range(len(found)), key=lambda n: (-found[n][1], self._rank[ids[n]]))
        return [ids[n] for n in order[:limit]]
