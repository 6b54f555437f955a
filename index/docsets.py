"""Exact counts of what a query matches, cheaply: document sets as bitmaps (Python ints).

Whoosh walks its matcher tree in Python, one document at a time, so counting every match of a
broad query (`model` is in 90% of the papers) costs more than ranking the first page. Here each
term's postings become a bitmap once per searcher (memoised: typing repeats the words of the
last keystroke), and AND / OR / NOT are integer operations; other queries (phrases, prefixes,
fuzzy terms: Whoosh 2.7's `simplify` fails on fuzzy ones) are counted by Whoosh's matcher. A
bitmap of 100,000 papers is 12.5 KB.
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from . import whooshlib as wl

MEMO_TERMS = 4096  # term bitmaps kept per searcher (oldest dropped first)
_MEMO: WeakKeyDictionary = WeakKeyDictionary()  # searcher -> {(field, term): bitmap}


def bitmap(docnums: Iterable[int]) -> int:
    """The bitmap of these document numbers."""
    data = bytearray()
    for n in docnums:
        byte = n >> 3
        if byte >= len(data):
            data.extend(bytes(byte + 1 - len(data) + 1024))
        data[byte] |= 1 << (n & 7)
    return int.from_bytes(data, "little")


def docnums(bits: int) -> set[int]:
    """The document numbers of a bitmap."""
    found: set[int] = set()
    for byte_index, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            base = byte_index << 3
            found.update(base + k for k in range(8) if byte >> k & 1)
    return found


def matches(searcher, q) -> int:
    """The bitmap of the documents `q` matches (deleted documents excluded)."""
    return _bits(searcher, q)


def _bits(searcher, q) -> int:
    query = wl.query
    if isinstance(q, query.Term):
        return _term(searcher, q.fieldname, q.text)
    if type(q) is query.Or:
        found = 0
        for sub in q.subqueries:
            found |= _bits(searcher, sub)
        return found
    if type(q) is query.And:
        wanted = [sub for sub in q.subqueries if not isinstance(sub, query.Not)]
        if wanted:
            found = _bits(searcher, wanted[0])
            for sub in wanted[1:]:
                found &= _bits(searcher, sub)
            for sub in q.subqueries:
                if isinstance(sub, query.Not):
                    found &= ~_bits(searcher, sub.query)
            return found
    if type(q) is query.AndNot:
        return _bits(searcher, q.a) & ~_bits(searcher, q.b)
    if q is query.NullQuery:
        return 0
    return _memo(searcher, ("query", q), lambda: searcher.docs_for_query(q))  # phrases, prefixes, fuzzy…


def _term(searcher, field: str, text) -> int:
    return _memo(searcher, (field, text), lambda: searcher.docs_for_query(wl.query.Term(field, text)))


def _memo(searcher, key, docs) -> int:
    memo = _MEMO.get(searcher)
    if memo is None:
        memo = _MEMO[searcher] = {}
    try:
        bits = memo.get(key)
    except TypeError:  # a query that cannot be hashed: not kept
        return bitmap(docs())
    if bits is None:
        bits = bitmap(docs())
        if len(memo) >= MEMO_TERMS:
            del memo[next(iter(memo))]
        memo[key] = bits
    return bits
