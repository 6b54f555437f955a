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
    """Titles by paper id, searchable for near-duplicates."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, pid: str, title: str) -> None:
        self.keys[pid] = title_key(title)

    def discard(self, pid: str) -> None:
        self.keys.pop(pid, None)

    def candidates(self, title: str, limit: int = 5) -> list[str]:
        """Ids of papers whose titles are at least TITLE_MIN alike, closest first."""
        if not self.keys:
            return []
        from rapidfuzz import fuzz, process

        key = title_key(title)
        found = process.extract(key, self.keys, scorer=fuzz.ratio, score_cutoff=TITLE_MIN, limit=limit)
        return [pid for _key, _score, pid in found]
