"""The papers a query of three or four words puts first, found without Whoosh (`oneshot`).

The usual path (`engine._Search.run`) ranks first the papers by a person the query names
(`_names`: the longest runs of three, then two, of its words, each in some author's name,
found in that order among a paper's authors) and the papers whose title holds its content
words in order (`_titled`: a pasted title of three words or more), both as Whoosh's `Phrase`
(slop 1: each word right after the one before, at the positions the index stores; a title's
stop words are not numbered there, so `Mixture-of-Experts` holds `mixtur expert`). Here the
same phrases are matched on the index's files: the documents holding every word (their
postings, `docs`), then, rarest word first, the positions of the candidates still left
(`plain.SegmentFiles.positions`: only the blocks holding one are read whole).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ..store.schema import TEXT_FIELDS
from ..store.w3.plain import SegmentFiles

NAME_RUNS = (3, 2)  # engine._Search._names: the runs of words tried, longest first
NAME_WORDS = (2, 6)  # ... in a query of this many words


class Phrases:
    """Whoosh's `Phrase` (slop 1) on the index's files: which documents hold words side by side."""

    def __init__(
        self,
        segments: list[SegmentFiles],
        docs: Callable[[str, str], Collection[int]],
        doc_frequency: Callable[[str, str], int],
    ) -> None:
        self.segments = segments
        self.docs = docs  # (field, term) -> the document numbers holding it (none deleted)
        self.doc_frequency = doc_frequency
        # (segment, field, word) -> (the documents asked for, where the word stands in them):
        # the runs of a name share their words (`wang li`, `li zhang`), read once
        self._read: dict[tuple[int, str, str], tuple[set[int], dict[int, list[int]]]] = {}

    def names(self, words: list[str]) -> set[int]:
        """`engine._Search._names`: papers by a person the query's words name."""
        words = [w.lower() for w in words]
        if not NAME_WORDS[0] <= len(words) <= NAME_WORDS[1]:
            return set()
        known = [bool(self.doc_frequency("author", w)) for w in words]
        found: set[int] = set()
        for size in NAME_RUNS:
            for i in range(len(words) - size + 1):
                if all(known[i : i + size]):
                    found |= self.matches("author", words[i : i + size])
            if found:
                return found
        return found

    def titled(self, words: list[str], tokens: list[str]) -> set[int]:
        """`engine._Search._titled`: papers whose title holds the query's content words
        (`tokens`, as the title's analyzer gives them) in order."""
        if len(words) < 3 or len(tokens) < 2:
            return set()
        return self.matches(TEXT_FIELDS[0], tokens)

    def matches(self, fieldname: str, words: list[str]) -> set[int]:
        """The documents holding `words` at consecutive positions of `fieldname`."""
        held = [self.docs(fieldname, w) for w in words]
        if not all(held):  # a word the index lacks: Whoosh matches nothing
            return set()
        candidates = set.intersection(*(set(h) for h in held))
        order = sorted(range(len(words)), key=lambda i: len(held[i]))  # rarest word first
        found: set[int] = set()
        offset = 0
        for number, segment in enumerate(self.segments):
            count = segment.segment.count
            # document -> where the phrase may start in it (None: anywhere, so far)
            starts: dict[int, set[int] | None] = {
                d - offset: None for d in candidates if offset <= d < offset + count
            }
            for i in order:
                if not starts:
                    break
                where = self._positions(number, fieldname, words[i], starts.keys())
                for d, could in list(starts.items()):
                    here = {p - i for p in where.get(d, ())}
                    here = here if could is None else could & here
                    if here:
                        starts[d] = here
                    else:
                        del starts[d]
            found.update(d + offset for d in starts)
            offset += count
        return found

    def _positions(
        self, number: int, fieldname: str, word: str, wanted: Collection[int]
    ) -> dict[int, list[int]]:
        """Where `word` stands in the `wanted` documents of segment `number` (and maybe others)."""
        asked, found = self._read.setdefault((number, fieldname, word), (set(), {}))
        missing = set(wanted) - asked
        if missing:
            found.update(self.segments[number].positions(fieldname, word.encode("utf-8"), missing))
            asked |= missing
        return found
