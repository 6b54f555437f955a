"""Reading a term's postings and a field's lengths from a segment, in bulk.

The block reader relies on Whoosh 2.7 internals (the W3 codec's block layout, the
segment reader's postings file and length columns, listed in `guard.NAMES`), as the
segment writer does; with the guard off, or anything else (another codec, an unexpected
block), postings are read through Whoosh's matchers.
"""

from __future__ import annotations

import pickle

from .. import whooshlib as wl
from . import guard
from .plain import read_blocks


class Segment:
    """One segment's postings and field lengths, read in bulk."""

    def __init__(self, reader, offset: int) -> None:
        self.reader = reader
        self.offset = offset
        self.count = reader.doc_count_all()
        self.deleted: frozenset[int] = frozenset()
        if reader.has_deletions():
            perdoc = getattr(reader, "_perdoc", None)  # a W3 segment lists them; others are asked
            found = perdoc.deleted_docs() if perdoc else filter(reader.is_deleted, range(self.count))
            self.deleted = frozenset(found)
        terms = getattr(reader, "_terms", None) if guard.on(guard.READ) else None
        self._postfile = getattr(terms, "_postfile", None)
        if self._postfile is not None and not guard.check_reader(self):
            self._postfile = None  # another Whoosh: its matchers read every segment

    def postings(self, fieldname: str, btext: bytes) -> tuple[list[int], list[float]] | None:
        """The (document numbers, weights) of a term in this segment, deleted documents left out."""
        try:
            info = self.reader.term_info(fieldname, btext)
        except (KeyError, wl.reading.TermNotFound):
            return None
        found = None
        if self._postfile is not None and hasattr(info, "extent"):
            try:
                found = (
                    _inlined(info)
                    if info.is_inlined()
                    else read_blocks(self._postfile, info.extent()[0], pickle.loads)
                )
            except Exception:
                found = None  # not the layout this reader knows: Whoosh's matcher reads it
        if found is None:
            found = self.matcher_postings(fieldname, btext)
        else:
            guard.ran["blocks"] += 1
        if self.deleted and found is not None:
            deleted = self.deleted
            pairs = [(d, w) for d, w in zip(*found, strict=True) if d not in deleted]
            found = ([d for d, _ in pairs], [w for _, w in pairs])
        return found

    def matcher_postings(self, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
        m = self.reader.postings(fieldname, btext)  # (skips deleted documents itself)
        ids, weights = [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        return ids, weights

    def length_bytes(self, fieldname: str) -> bytes | None:
        """Each document's field length as Whoosh stores it (one byte), or None without lengths."""
        try:
            if self._postfile is None:  # not read in bulk
                raise AttributeError("_perdoc")
            perdoc = self.reader._perdoc
            column = perdoc._cached_reader(f"_{fieldname}_len", wl.codec.LENGTHS_COLUMN)
            if column is None:
                return None
            raw = column._dbfile.get(column._basepos, column._count)
        except AttributeError:  # not a W3 segment: ask for each document
            to_byte = wl.numeric.length_to_byte
            raw = bytes(
                to_byte(self.reader.doc_field_length(d, fieldname, 0) or 0) for d in range(self.count)
            )
        return raw.ljust(self.count, b"\0")  # the column leaves out trailing zeros


def term_bytes(schema, fieldname: str, text: str) -> bytes | None:
    """The indexed form of a term's text, or None when the field has no such term."""
    if fieldname not in schema:
        return None
    try:
        return schema[fieldname].to_bytes(text)
    except ValueError:
        return None


def _inlined(info) -> tuple[list[int], list[float]]:
    ids, weights, _ = info.inlined_postings()
    return list(ids), [float(w) for w in weights]
