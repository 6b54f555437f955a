"""The segment writer: Whoosh segments written faster, the same bytes.

Whoosh 2.7's `SegmentWriter` pickles every posting into an external sort (to disk
past `limitmb`, then a heap merge), then hands the sorted postings one by one to
the codec, reading the document's field length back from disk for each.
`GroupingWriter` keeps each term's postings in a list instead (documents arrive
in order, so only the terms are sorted), reads each length column once, and
fills the codec's blocks a block at a time (tests/test_writer.py: the postings
file is byte for byte Whoosh's). Blocks are not zlib-compressed (`COMPRESSION`):
a third faster to write for an index 1.6 times the size; queries take as long.

It relies on Whoosh 2.7 internals, every one listed in `guard.NAMES`: where the guard
finds one gone or the self-test finds different bytes, `writer` is Whoosh's own writer,
slower but correct. Full builds in forked processes: `build`.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from array import array
from collections.abc import Callable, Iterable

from .. import whooshlib as wl
from . import guard, selftest

COMPRESSION = 0


class _GroupingPool:
    """Postings kept per term in memory: the part of Whoosh's `PostingPool` a writer uses.

    Each term's postings are one flat list (docnum, weight, value, docnum, ...),
    so its columns are slices.
    """

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], list] = {}

    def add(self, item: tuple) -> None:
        fieldname, btext, docnum, weight, vbytes = item
        if docnum < 0:  # Whoosh's spelling-word marker; its own writer ignores these too
            return
        postings = self.terms.get((fieldname, btext))
        if postings is None:
            postings = self.terms[(fieldname, btext)] = []
        postings += (docnum, weight, vbytes or b"")

    def cleanup(self) -> None:
        self.terms = {}


_INT = struct.Struct("!i").pack  # whoosh.system's pack_int, pack_long, pack_ushort
_LONG = struct.Struct("!q").pack
_USHORT = struct.Struct("!H").pack
_OFFSET = struct.Struct("!q")  # a term info ends with its postings' offset and length (!q, !i)
_MAGIC = b"W3Bl"  # whoosh.codec.whoosh3.WHOOSH3_HEADER_MAGIC: before each term's first block


def write_postings(
    fieldwriter,
    schema,
    field_lengths: Callable[[str], list[int]],
    terms: dict[tuple[str, bytes], list],
    written: dict[str, WrittenField] | None = None,
) -> None:
    """What `FieldWriter.add_postings` writes: the same bytes, worked out a term at a time.

    Each block is what `W3PostingsWriter._write_block` writes (its ids as differences, float32
    weights as `_mini_weights` gives them, non-empty values, then the block's count, last id,
    largest weight, compression and least and greatest non-zero length, both pickled), each
    term's statistics what `W3TermInfo.add_block` adds up and `to_bytes` packs, added to the
    term table as `finish_term` adds them. `field_lengths(name)` is each document's length in
    a scorable field. The fields `written` by another process are copied in in their place.
    """
    limit = fieldwriter._codec._blocklimit
    comp = fieldwriter._codec._compression
    postfile = fieldwriter._postfile
    table = fieldwriter._tindex
    info_pack = wl.codec.W3TermInfo._struct.pack
    to_byte = wl.numeric.length_to_byte
    dumps = pickle.dumps
    by_field: dict[str, list[bytes]] = {}
    for fieldname, btext in terms:
        by_field.setdefault(fieldname, []).append(btext)
    written = written or {}
    for fieldname in sorted(by_field.keys() | written.keys()):
        field = schema[fieldname]
        fieldwriter.start_field(fieldname, field)
        prefix = _USHORT(fieldwriter._fieldid)
        if fieldname in written:  # its postings, their offsets moved to where they now start
            done = written[fieldname]
            base = postfile.tell()
            with open(done.fragment, "rb") as fragment:
                postfile.write(fragment.read())
            moved = []
            for btext, info in done.terms:
                (offset,) = _OFFSET.unpack(info[-12:-4])
                moved.append((prefix + btext, info[:-12] + _LONG(offset + base) + info[-4:]))
            _add_rows(table, moved)
            fieldwriter.finish_field()
            continue
        fixed = field.format.fixed_value_size()
        lengths = field_lengths(fieldname) if field.scorable else None
        out: list[bytes] = []
        rows: list[tuple[bytes, bytes]] = []
        offset = postfile.tell()
        for btext in sorted(by_field[fieldname]):
            flat = terms[(fieldname, btext)]
            ids, weights, values = flat[0::3], flat[1::3], flat[2::3]  # docnums only ever increase
            count = len(ids)
            first = offset
            out.append(_MAGIC)
            offset += 4
            total: float = 0
            minlength = None
            maxlength = maxweight = 0
            for start in range(0, count, limit):
                end = start + limit
                block_ids = ids[start:end]
                floats = array("f", weights[start:end])
                block_max = max(0, *weights[start:end])
                sizes = [n for n in map(lengths.__getitem__, block_ids) if n] if lengths else ()
                least = min(sizes) if sizes else None
                most = max(sizes) if sizes else 0
                total += sum(floats)
                minlength = least if minlength is None else min(minlength, least)  # type: ignore[type-var]
                maxlength = max(maxlength, most)
                maxweight = max(maxweight, block_max)
                last = block_ids[0]
                mini_ids = [last]
                for docnum in block_ids[1:]:
                    mini_ids.append(docnum - last)
                    last = docnum
                one = floats[0]
                if all(w == 1.0 for w in floats):
                    mini_weights = None
                elif all(w == one for w in floats):
                    mini_weights = one
                else:
                    mini_weights = tuple(floats)
                kept = [v for v in values[start:end] if v]
                mini_values: tuple | bytes | None
                if fixed is None or fixed < 0:
                    mini_values = tuple(kept)
                else:
                    mini_values = None if fixed == 0 else b"".join(kept)
                data = dumps((tuple(mini_ids), mini_weights, mini_values), 2)
                if comp:
                    data = zlib.compress(data, comp)
                info = dumps(
                    (len(block_ids), block_ids[-1], block_max, comp, to_byte(least), to_byte(most)), 2
                )
                size = len(info) + len(data)
                out += (_INT(-size if end >= count else size), info, data)
                offset += 4 + size
            low = 0 if minlength is None else to_byte(minlength)
            row = info_pack(False, total, count, low, to_byte(maxlength), maxweight, ids[0], ids[-1])
            rows.append((prefix + btext, row + _LONG(first) + _INT(offset - first)))
            if len(out) > 4096:
                postfile.write(b"".join(out))
                out = []
        postfile.write(b"".join(out))
        _add_rows(table, rows)
        fieldwriter.finish_field()


_LENGTHS = struct.Struct("!ii").pack  # whoosh.filedb.filetables._lengths


def _add_rows(table, rows: list[tuple[bytes, bytes]]) -> None:
    """`OrderedHashWriter.add` for each row, written at once: the same bytes, positions, hashes."""
    if type(table) is not wl.filetables.OrderedHashWriter:
        for key, value in rows:
            table.add(key, value)
        return
    dbfile, hashfn, buckets, index = table.dbfile, table.hashfn, table.buckets, table.index
    lastkey = table.lastkey
    pos = dbfile.tell()
    out: list[bytes] = []
    for key, value in rows:
        if key <= lastkey:
            raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
        index.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        out += (_LENGTHS(len(key), len(value)), key, value)
        pos += 8 + len(key) + len(value)
        lastkey = key
    dbfile.write(b"".join(out))
    table.lastkey = lastkey


def field_items(field, value) -> Iterable[tuple[bytes, int, float, bytes]]:
    """`field.index(value)`: (term, frequency, weight, encoded value) for each word."""
    fast = getattr(field.format, "index_items", None)
    items = fast(value, field.analyzer) if fast is not None else None
    return field.index(value) if items is None else items


class WrittenField:
    """One field's postings as another process wrote them (`_write_fields`): its postings file,
    each of its terms' (term, term info) in order, and each document's length in the field."""

    def __init__(self, name: str, fragment: str, terms: list[tuple[bytes, bytes]], lengths: list[int]):
        self.name, self.fragment, self.terms, self.lengths = name, fragment, terms, lengths


class Part:
    """What another process wrote: some fields' postings, and each document's stored fields as
    Whoosh's stored column keeps them (pickled, compressed; None: none)."""

    def __init__(self, fields: list[WrittenField], stored: list[bytes | None]) -> None:
        self.fields = {f.name: f for f in fields}
        self.stored = stored


def writer_class() -> type[wl.writing.SegmentWriter]:
    class GroupingWriter(wl.writing.SegmentWriter):
        def __init__(self, ix, **kwargs) -> None:
            super().__init__(ix, **kwargs)
            self.grouped = _GroupingPool()
            self.pool = self.grouped  # type: ignore[assignment]  # what the writer adds postings to
            self.skip: frozenset[str] = frozenset()  # fields another process indexes (`_write_fields`)
            self.delegated: Part | None = None  # and what it wrote, before the commit
            self._memo: dict[tuple[str, object], list] = {}

        def add_document(self, **fields) -> None:
            """Whoosh's `add_document` (no boosts or `_stored_` values: those take Whoosh's own),
            leaving the postings of the fields in `skip` out (another process writes them), with
            the terms of a repeated value of a field other than text (a date, a number...) worked
            out once."""
            if any(name.startswith("_") for name in fields):
                super().add_document(**fields)
                return
            self._check_state()
            perdoc, schema, docnum = self.perdocwriter, self.schema, self.docnum
            terms, memo = self.grouped.terms, self._memo
            names = sorted(fields)
            self._check_fields(schema, names)
            perdoc.start_doc(docnum)
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                if field.separate_spelling() or field.vector:
                    raise NotImplementedError(f"{name}: spelling or vector fields are not written here")
                length = 0
                if field.indexed and name not in self.skip:
                    scorable = field.scorable
                    if type(field) is wl.fields.TEXT or not isinstance(value, (str, int, bytes)):
                        items = field_items(field, value)
                    else:
                        known = memo.get((name, value))
                        if known is None:
                            if len(memo) > 100_000:
                                memo.clear()
                            known = memo[(name, value)] = list(field.index(value))
                        items = known
                    for tbytes, freq, weight, vbytes in items:
                        if scorable:
                            length += freq
                        postings = terms.get((name, tbytes))
                        if postings is None:
                            postings = terms[(name, tbytes)] = []
                        postings += (docnum, weight * 1.0, vbytes or b"")  # * 1.0: Whoosh's field boost
                stored = field.stored and not self.skip  # with `skip`, another process stores them
                perdoc.add_field(name, field, value if stored else None, length)
                column = field.column_type
                if column:
                    perdoc.add_column_value(name, column, field.to_column_value(value))
            perdoc.finish_doc()
            self._added = True
            self.docnum += 1

        def _flush_segment(self) -> None:
            part = self.delegated
            perdoc = self.perdocwriter
            guard.ran["writer"] += 1
            if part is not None:  # their lengths, as `add_field` would have added them
                guard.ran["split"] += 1
                to_byte = wl.numeric.length_to_byte
                for done in part.fields.values():
                    lenfield = f"_{done.name}_len"
                    if not perdoc._has_column(lenfield):
                        perdoc._create_column(lenfield, wl.codec.LENGTHS_COLUMN)
                    column = perdoc._get_column(lenfield)
                    for docnum, length in enumerate(done.lengths):
                        if length:
                            column.add(docnum, to_byte(length))
                    perdoc._fieldlengths[done.name] += sum(done.lengths)
                stored = perdoc._get_column("_stored")._child  # under the pickling: the bytes column
                add = wl.columns.VarBytesColumn.Writer.add
                for docnum, blob in enumerate(part.stored):
                    if blob is not None:
                        add(stored, docnum, blob)
            perdoc.close()
            pdr = self.per_document_reader()
            try:
                count = pdr.doc_count_all()
                read = pdr.doc_field_length

                def lengths(fieldname: str) -> list[int]:
                    return [read(d, fieldname) for d in range(count)]

                written = part.fields if part is not None else None
                write_postings(self.fieldwriter, self.schema, lengths, self.grouped.terms, written)
            finally:
                pdr.close()
            self.fieldwriter.close()

    return GroupingWriter


_CLASS: type | None = None


def writer(ix, **kwargs):
    """A `GroupingWriter` on `ix` (takes the index's write lock unless `_lk=False`); Whoosh's
    own writer when the guard has turned the fast paths off."""
    global _CLASS
    if not guard.on():
        return plain_writer(ix, **kwargs)
    if _CLASS is None:
        _CLASS = writer_class()
    return _CLASS(ix, compound=False, codec=wl.codec.W3Codec(compression=COMPRESSION), **kwargs)


def plain_writer(ix, codec=None, **kwargs):
    """Whoosh's own writer, with the codec and layout `writer` uses."""
    codec = codec or wl.codec.W3Codec(compression=COMPRESSION)
    return wl.writing.SegmentWriter(ix, compound=False, codec=codec, **kwargs)


guard.SELF_TESTS[guard.WRITE] = lambda: selftest.write_both_ways(writer_class)
