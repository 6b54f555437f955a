"""The library's vocabulary: prefix completion and did-you-mean suggestions (rapidfuzz).

Surface words (unstemmed) with the number of papers holding them, kept in
`vocab.json` beside the index and updated with each commit by the difference
between the papers' old and new text, so an update costs what it changes.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..store import sidefiles
from ..store.sidefiles import Stamped
from ..text import WORDS

_WORD = re.compile(WORDS)
SECOND_EDIT = 0.001  # a word two edits away is this much less likely than one at one edit
OTHER_START = 1 / 3  # ... one with another first letter (typos rarely hit the first letter)
TRANSPOSED = 3.0  # ... and one with two letters swapped this much more likely (the commonest slip)
UNLIKELY = 0.05  # corrections less likely than this, relative to the best, are left out


def words(text: str) -> set[str]:
    """The distinct lowercase words of a text, as the index tokenizes them (with a letter, 2+ long)."""
    return {w for w in set(_WORD.findall(text.lower())) if len(w) > 1 and not w.isdigit()}


class Vocabulary(Stamped):
    """Word → number of papers that hold it.

    Saved as one string, a line `word count` a word in word order, which loads in one
    `json.loads` of a string (a few milliseconds for 37,000 words, against about twenty for
    the same as a JSON object). Completion and look-ups bisect that string where it stands;
    the word list and the dictionary are made only when asked for (did-you-mean, an update).
    """

    def __init__(self, data: dict[str, int] | None = None, generation: int | None = None) -> None:
        super().__init__(data, generation)
        self._lines: str | None = None  # the saved form, until the dictionary is asked for
        self._sorted: list[str] | None = None
        self._reversed: list[str] | None = None

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        found = sidefiles.read(path)
        if found is None:
            return cls()
        generation, data = found
        if isinstance(data, dict):  # as written before the saved form was lines
            return cls(data, generation)
        vocab = cls(None, generation if isinstance(data, str) else None)
        vocab._lines = data if isinstance(data, str) and data else None
        return vocab

    @classmethod
    def counts(cls, path: Path) -> Mapping[str, int]:
        """The counts of the vocabulary saved at `path`, looked up in the file's text as it
        stands: its lines are one JSON string, whose decoding cost a one-shot search more than
        the look-up (12 M instructions on 580 days); each word a bisection compares is decoded
        then (a damaged file: ValueError, or a count not found). Any other form: as `load`
        reads it."""
        try:
            text = path.read_bytes().decode("ascii")
        except (OSError, UnicodeError):
            text = ""
        head = f'{{"version":{sidefiles.SCHEMA_VERSION},"generation":'
        at = text.find(',"data":"', len(head))
        lines = text[at + 9 : -2]  # (a word holds no quote: one here is not this form)
        if (
            text.startswith(head)
            and text[len(head) : at].isdigit()
            and text.endswith('"}')
            and lines[-1:].isdigit()
            and '"' not in lines
        ):
            return _Counts(lines, escaped=True)
        return cls.load(path).freq

    @property
    def freq(self) -> Mapping[str, int]:
        return _Counts(self._lines) if self._lines is not None else self.data

    def _dictionary(self) -> dict[str, int]:
        if self._lines is not None:
            self.data = {word: int(n) for word, n in (line.split(" ") for line in self._lines.split("\n"))}
            self._lines = None
        return self.data

    def update(self, removed: Iterable[str], added: Iterable[str]) -> None:
        """Apply the change of texts: `removed` texts left the index, `added` ones entered it."""
        freq = self._dictionary()
        delta: Counter[str] = Counter()
        for text in removed:
            delta.subtract(words(text))
        for text in added:
            delta.update(words(text))
        for word, change in delta.items():
            if change:
                count = freq.get(word, 0) + change
                if count > 0:
                    freq[word] = count
                else:
                    freq.pop(word, None)
        self._sorted = self._reversed = None

    def save(self, path: Path, generation: int) -> None:
        self.generation = generation
        freq = self.freq
        sidefiles.write(path, generation, "\n".join(f"{word} {freq[word]}" for word in self.words))

    def __len__(self) -> int:
        return len(self.freq)

    @property
    def words(self) -> list[str]:
        if self._sorted is None:
            if self._lines is not None:
                self._sorted = [line[: line.index(" ")] for line in self._lines.split("\n")]
            else:
                self._sorted = sorted(self.data)
        return self._sorted

    def completions(self, prefix: str, limit: int = 40) -> list[str]:
        """The most frequent words starting with `prefix`."""
        prefix = prefix.lower()
        if self._lines is not None and self._sorted is None:
            lines = self._lines
            lo, hi = _bisect(lines, prefix), _bisect(lines, prefix + "\U0010ffff")
            block = lines[lo:hi].rstrip("\n")
            pairs = [line.split(" ") for line in block.split("\n")] if block else []
            found = [word for word, _ in pairs]
            if len(found) > limit:
                counts = {word: int(n) for word, n in pairs}
                found = sorted(found, key=lambda w: -counts[w])[:limit]
            return found
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
            self._reversed = sorted(w[::-1] for w in self.words)
        return self._reversed


def _glue(rest: str) -> bool:
    """True when what a word is glued to is a number, maybe with a letter or two (`3d`, `2`), or
    starts with one (`kevinz` in `kevinz8866.github.io`, a link's host)."""
    return (0 < len(rest) <= 4 and any(c.isdigit() for c in rest)) or rest[:1].isdigit()


def _bisect(lines: str, key: str, sep: str = "\n", word: Callable[[str], str] = str) -> int:
    """Where the first line whose word is `key` or after it starts in `lines` (sorted lines of
    `word count` separated by `sep`, each word as `word` reads it), or the end."""
    lo, hi = 0, len(lines)  # both line starts (or the end); every line before lo is before key
    while lo < hi:
        mid = (lo + hi) // 2
        start = lines.rfind(sep, lo, mid)
        start = lo if start < 0 else start + len(sep)
        if word(lines[start : lines.index(" ", start)]) < key:
            end = lines.find(sep, start)
            lo = len(lines) if end < 0 else end + len(sep)
        else:
            hi = start
    return lo


def _unescaped(word: str) -> str:
    """A word of a vocabulary's lines as they stand in its JSON file (`Vocabulary.counts`)."""
    return json.loads(f'"{word}"')  # (no quote in it: a string)


class _Counts(Mapping[str, int]):
    """The counts of a vocabulary still in its saved form: each look-up a bisection. `escaped`:
    the lines as they stand in the JSON file (`Vocabulary.counts`)."""

    def __init__(self, lines: str, escaped: bool = False) -> None:
        self._lines = lines
        self._sep = "\\n" if escaped else "\n"
        self._word: Callable[[str], str] = _unescaped if escaped else str

    def __getitem__(self, word: str) -> int:
        at = _bisect(self._lines, word, self._sep, self._word)
        space = self._lines.find(" ", at)
        if space < 0 or self._word(self._lines[at:space]) != word:
            raise KeyError(word)
        end = self._lines.find(self._sep, space)
        count = self._lines[space + 1 : None if end < 0 else end]
        if not count.isdigit():
            raise KeyError(word)
        return int(count)

    def __iter__(self) -> Iterator[str]:
        return (self._word(line[: line.index(" ")]) for line in self._lines.split(self._sep))

    def __len__(self) -> int:
        return self._lines.count(self._sep) + 1
