"""The library's vocabulary: prefix completion and did-you-mean suggestions (rapidfuzz).

Surface words (unstemmed) with the number of papers holding them, kept in
`vocab.json` beside the index and updated with each commit by the difference
between the papers' old and new text, so an update costs what it changes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..store.sidefiles import Stamped
from ..text import WORDS

_WORD = re.compile(WORDS)
SECOND_EDIT = 0.001  # a word two edits away is this much less likely than one at one edit
OTHER_START = 1 / 3  # ... one with another first letter (typos rarely hit the first letter)
TRANSPOSED = 3.0  # ... and one with two letters swapped this much more likely (the commonest slip)
UNLIKELY = 0.05  # corrections less likely than this, relative to the best, are left out


def words(text: str) -> set[str]:
    """The distinct lowercase words of a text, as the index tokenizes them (with a letter, 2+ long)."""
    return {w for w in _WORD.findall(text.lower()) if len(w) > 1 and not w.isdigit()}


class Vocabulary(Stamped):
    """Word → number of papers that hold it."""

    def __init__(self, data: dict[str, int] | None = None, generation: int | None = None) -> None:
        super().__init__(data, generation)
        self._sorted: list[str] | None = None
        self._reversed: list[str] | None = None

    @property
    def freq(self) -> dict[str, int]:
        return self.data

    def update(self, removed: Iterable[str], added: Iterable[str]) -> None:
        """Apply the change of texts: `removed` texts left the index, `added` ones entered it."""
        delta: Counter[str] = Counter()
        for text in removed:
            delta.subtract(words(text))
        for text in added:
            delta.update(words(text))
        for word, change in delta.items():
            if change:
                count = self.freq.get(word, 0) + change
                if count > 0:
                    self.freq[word] = count
                else:
                    self.freq.pop(word, None)
        self._sorted = self._reversed = None

    def save(self, path: Path, generation: int) -> None:
        self.data = {word: self.freq[word] for word in self.words}  # sorted: loading needs no sort
        super().save(path, generation)

    def __len__(self) -> int:
        return len(self.freq)

    @property
    def words(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.freq)  # fast when saved sorted: timsort finds one run
        return self._sorted

    def completions(self, prefix: str, limit: int = 40) -> list[str]:
        """The most frequent words starting with `prefix`."""
        prefix = prefix.lower()
        vocab = self.words
        lo = bisect.bisect_left(vocab, prefix)
        hi = bisect.bisect_left(vocab, prefix + "\U0010ffff")
        found = vocab[lo:hi]
        if len(found) > limit:
            found = sorted(found, key=lambda w: -self.freq[w])[:limit]
        return found

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        """Known words within one or two edits (a transposition is one), most likely first."""
        return [w for w, _ in self.weighted_corrections(word, limit)]

    def weighted_corrections(self, word: str, limit: int = 3) -> list[tuple[str, float]]:
        """Known words within one or two edits, most likely first, each with its likelihood
        relative to the first (1.0): its number of papers, times TRANSPOSED for two letters
        swapped, SECOND_EDIT for a second edit, OTHER_START when the first letter differs. Words
        under UNLIKELY of the first are left out (`agnet`: `agent`, in 1,463 papers, not
        `magnet`, in one)."""
        from rapidfuzz import process  # imported on first use: start-up stays light
        from rapidfuzz.distance import OSA, Levenshtein

        word = word.lower()
        if len(word) < 3:
            return []
        max_edits = 1 if len(word) <= 5 else 2
        found = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=max_edits, limit=50)
        likely = []
        for w, dist, _ in found:
            if w == word:
                continue
            like = self.freq[w] * SECOND_EDIT ** (dist - 1) * (OTHER_START if w[0] != word[0] else 1.0)
            if dist == 1 and Levenshtein.distance(w, word) == 2:
                like *= TRANSPOSED
            likely.append((-like, w))
        if not likely:
            return []
        likely.sort()
        best = likely[0][0]
        return [(w, like / best) for like, w in likely[:limit] if like / best >= UNLIKELY]

    def glued(self, word: str, limit: int = 5) -> list[str]:
        """The commonest known words that are `word` glued to a number (`droplet` -> `droplet3d`,
        `vopd` -> `2vopd` from `S^2VOPD`): a word the tokenizer never saw alone is no typo."""
        word = word.lower()
        if len(word) < 3:
            return []
        found = [w for w in self.completions(word, limit=10**9) if w != word and _glue(w[len(word) :])]
        ends = self._ends
        lo = bisect.bisect_left(ends, word[::-1])
        hi = bisect.bisect_left(ends, word[::-1] + "\U0010ffff")
        found += [w[::-1] for w in ends[lo:hi] if w != word[::-1] and _glue(w[len(word) :])]
        return sorted(found, key=lambda w: -self.freq[w])[:limit]

    @property
    def _ends(self) -> list[str]:
        if self._reversed is None:
            self._reversed = sorted(w[::-1] for w in self.freq)
        return self._reversed


def _glue(rest: str) -> bool:
    """True when what a word is glued to is a number, maybe with a letter or two (`3d`, `2`)."""
    return 0 < len(rest) <= 4 and any(c.isdigit() for c in rest)
