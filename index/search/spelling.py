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


def words(text: str) -> set[str]:
    """The distinct lowercase words of a text, as the index tokenizes them (with a letter, 2+ long)."""
    return {w for w in set(_WORD.findall(text.lower())) if len(w) > 1 and not w.isdigit()}


class Vocabulary(Stamped):
    """Word → number of papers that hold it."""

    def __init__(self, data: dict[str, int] | None = None, generation: int | None = None) -> None:
        super().__init__(data, generation)
        self._sorted: list[str] | None = None

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
        self._sorted = None

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
        """Known words within one or two edits (a transposition is one), best first."""
        from rapidfuzz import process  # imported on first use: start-up stays light
        from rapidfuzz.distance import OSA

        word = word.lower()
        if len(word) < 3:
            return []
        max_edits = 1 if len(word) <= 5 else 2
        found = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=max_edits, limit=50)
        ranked = sorted((dist, w[0] != word[0], -self.freq[w], w) for w, dist, _ in found if w != word)
        return [w for *_, w in ranked[:limit]]
