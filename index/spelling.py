"""The index vocabulary: prefix completion and did-you-mean suggestions (rapidfuzz)."""

from __future__ import annotations

import bisect

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .store import TEXT_FIELDS


class Vocabulary:
    """The unstemmed words of titles and abstracts, with their document frequencies.

    Built once per searcher generation from Whoosh's spelling fields.
    """

    def __init__(self, reader) -> None:
        freq: dict[str, int] = {}
        for name in TEXT_FIELDS:
            field = f"spell_{name}"
            if field not in reader.schema:
                continue
            for term, info in reader.iter_field(field):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                freq[word] = freq.get(word, 0) + info.doc_frequency()
        self.freq = freq
        self.words = sorted(freq)

    def __len__(self) -> int:
        return len(self.words)

    def completions(self, prefix: str, limit: int = 40) -> list[str]:
        """The most frequent words starting with `prefix`."""
        prefix = prefix.lower()
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        found = self.words[lo:hi]
        if len(found) > limit:
            found = sorted(found, key=lambda w: -self.freq[w])[:limit]
        return found

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        """Known words within one or two edits (a transposition is one), best first."""
        word = word.lower()
        if len(word) < 3:
            return []
        max_edits = 1 if len(word) <= 5 else 2
        found = process.extract(word, self.words, scorer=OSA.distance, score_cutoff=max_edits, limit=50)
        ranked = sorted((dist, w[0] != word[0], -self.freq[w], w) for w, dist, _ in found if w != word)
        return [w for *_, w in ranked[:limit]]
