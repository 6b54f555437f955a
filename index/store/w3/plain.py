"""Whoosh 2.7's index files read without importing Whoosh: what a one-shot search needs.

A process that searches once pays for every module it imports, and Whoosh's take about half
of a search process's instructions. This reads the files of an index written by Whoosh 2.7.4's
W3 codec (or by our segment writer, byte for byte the same) directly:

- the table of contents (`_MAIN_<generation>.toc`): its schema and segments are pickles of
  Whoosh's objects, read here as `Stub`s (their state, no class imported, no code run: the
  unpickler knows a few harmless built-ins and nothing else);
- a segment's term table (`.trm`, Whoosh's `filetables.OrderedHashReader` layout: a hash
  lookup of the field number and the term's bytes) and its term infos (`W3TermInfo`);
- its postings (`.pst`, the W3 blocks: ids and weights, not positions; `postings` uses the
  same reader on Whoosh's own file objects), and a term's positions in a few documents
  (`positions`, for a phrase: only the blocks holding them are unpickled whole);
- its one-byte field lengths (`._<field>_len.col`) and its stored fields (`._stored.col`, a
  `VarBytesColumn` of zlib-compressed pickled dictionaries).

Anything unexpected raises `Unreadable`; the caller then takes Whoosh's path. The layouts are
Whoosh's (read in its sources, `whoosh/index.py`, `filedb/filetables.py`, `codec/whoosh3.py`,
`columns.py`); tests/test_oneshot.py reads a real index both ways and compares.
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import struct
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from itertools import accumulate
from pathlib import Path

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from typing import Any

TOC_VERSION = -111  # whoosh.index._CURRENT_TOC_VERSION (Whoosh 2.7)
_INT = struct.Struct("!i")
_TERMINFO = struct.Struct("!BfIBBfII")  # W3TermInfo._struct
_POINTER = struct.Struct("!qi")  # a term's postings: offset, length
_LENGTHS = struct.Struct("!ii")  # filetables._lengths: key and value lengths
_SLOT = struct.Struct("!Iq")  # filetables._pointer: hash, key position
_DIRENTRY = struct.Struct("!qi")  # filetables._dir_entry: table position, slots
_MAGIC = b"W3Bl"
# Whoosh pickles a block's values (positions) with protocol 2, which rebuilds each
# bytes object by calling this function: the values start at its first mention.
_VALUES = b"c_codecs\nencode\n"


class Unreadable(Exception):
    """Not an index this reader knows (another layout, a damaged file): use Whoosh."""


class Stub:
    """A pickled Whoosh object as read here: its pickled state as attributes, `where` its class."""

    where = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args

    if TYPE_CHECKING:  # (its attributes are whatever was pickled)

        def __getattr__(self, name: str) -> Any: ...

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self.state = state


_STUBS: dict[str, type[Stub]] = {}
# The only callables a pickle read here may name (each builds plain data): protocol 2's names.
_SAFE: dict[tuple[str, str], Any] = {
    ("__builtin__", "set"): set,
    ("__builtin__", "frozenset"): frozenset,
    ("__builtin__", "long"): int,
    ("__builtin__", "int"): int,
    ("__builtin__", "object"): object,
    ("builtins", "set"): set,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "int"): int,
    ("builtins", "object"): object,
    ("collections", "defaultdict"): defaultdict,
    ("array", "array"): array,
    ("_codecs", "encode"): lambda text, encoding="latin1": text.encode(encoding),
}
_STUBBED = ("whoosh.", "dailypapers.")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _SAFE.get((module, name))
        if found is not None:
            return found
        if module.startswith(_STUBBED) or (module, name) == ("re", "_compile"):
            where = f"{module}.{name}"
            stub = _STUBS.get(where)
            if stub is None:
                stub = _STUBS[where] = type(name, (Stub,), {"where": where})
            return stub
        raise Unreadable(f"a pickle names {module}.{name}")


def loads(data: bytes) -> Any:
    """A pickle read as data: Whoosh's objects as `Stub`s, nothing imported, no code run."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Unreadable:
        raise
    except Exception as exc:
        raise Unreadable(f"a pickle unread ({type(exc).__name__})") from exc


def byte_to_length(n: int) -> int:
    """The field length a stored byte stands for (`whoosh.util.numeric.byte_to_length`: its
    table was made by this formula; a test compares all 256)."""
    return round((pow(1.033, n) - 1) * 27)


@cache
def byte_lengths() -> tuple[int, ...]:
    """`byte_to_length` of each of the 256 bytes (worked out once: a search needs them a term)."""
    return tuple(byte_to_length(b) for b in range(256))


class Segment:
    """One segment of the table of contents: its file names' prefix and its counts."""

    def __init__(self, stub: Stub) -> None:
        state = stub.__dict__
        if stub.where != "whoosh.codec.whoosh3.W3Segment" or state.get("compound"):
            raise Unreadable(f"segment {stub.where}")
        self.prefix = f"{state['indexname']}_{state['segid']}"
        self.count: int = state["_doccount"]
        self.deleted: frozenset[int] = frozenset(state["_deleted"] or ())
        self.field_lengths: dict[str, int] = dict(state.get("_fieldlengths") or {})


class Toc:
    """An index's latest table of contents: its generation, schema (as stubs) and segments."""

    def __init__(self, generation: int, fields: dict[str, Stub], segments: list[Segment]) -> None:
        self.generation = generation
        self.fields = fields
        self.segments = segments
        self.count = sum(s.count for s in segments)  # deleted documents too (as Whoosh counts)

    @classmethod
    def read(cls, path: Path) -> Toc:
        """The latest table of contents in the index directory `path` (Whoosh's `TOC.read`)."""
        gens = [
            int(name[6:-4])
            for name in os.listdir(path)
            if name.startswith("_MAIN_") and name.endswith(".toc") and name[6:-4].isdigit()
        ]
        if not gens:
            raise Unreadable("no table of contents")
        gen = max(gens)
        data = (path / f"_MAIN_{gen}.toc").read_bytes()
        stream = io.BytesIO(data)
        if [_varint(stream) for _ in range(3)] != [4, 8, 4]:  # int, long, float sizes
            raise Unreadable("another architecture's index")
        if _int(stream) != -12345 or _int(stream) != TOC_VERSION:
            raise Unreadable("another table of contents version")
        for _ in range(3):  # Whoosh's release
            _varint(stream)
        schema = loads(stream.read(_varint(stream)))
        if _int(stream) != gen:
            raise Unreadable("generation")
        _int(stream)
        segments = loads(stream.read())
        fields = getattr(schema, "_fields", None)
        if not isinstance(fields, dict) or not isinstance(segments, list):
            raise Unreadable("schema")
        return cls(gen, fields, [Segment(s) for s in segments])


class _File:
    """A file mapped for reading at offsets (Whoosh's `StructFile.get`)."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            self.data: bytes | mmap.mmap = (
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )

    def get(self, pos: int, size: int) -> bytes:
        return self.data[pos : pos + size]

    def __len__(self) -> int:
        return len(self.data)


class SegmentFiles:
    """A segment's term table, postings, field lengths and stored fields, read on demand."""

    def __init__(self, directory: Path, segment: Segment) -> None:
        self.dir = directory
        self.segment = segment
        self._terms = _File(directory / f"{segment.prefix}.trm")
        self._posts: _File | None = None
        self._stored: tuple[_File, Any, Any] | None = None
        self._read_table()

    def _read_table(self) -> None:
        data = self._terms
        if data.get(0, 4) != b"HSH3":
            raise Unreadable("term table")
        hashfn = {0: _md5_hash, 1: _crc_hash}.get(data.get(4, 1)[0])
        if hashfn is None:
            raise Unreadable("term table hash")
        self._hash: Callable[[bytes], int] = hashfn
        end = len(data) - 4
        (size,) = _INT.unpack(data.get(end, 4))
        extras = _Unpickler(io.BytesIO(data.get(end - size, size))).load()
        fieldmap = extras.get("fieldmap") if isinstance(extras, dict) else None
        if not isinstance(fieldmap, dict):
            raise Unreadable("term table's fields")
        self.fieldmap: dict[str, int] = fieldmap
        base = end - size - 256 * _DIRENTRY.size
        self._tables = [_DIRENTRY.unpack(data.get(base + i * 12, 12)) for i in range(256)]

    def _value(self, key: bytes) -> bytes | None:
        """The value stored for `key` (`HashReader.ranges_for_key`), or None."""
        data = self._terms
        keyhash = self._hash(key)
        start, slots = self._tables[keyhash & 255]
        if not slots:
            return None
        pos = start + ((keyhash >> 8) % slots) * 12
        for _ in range(slots):
            slothash, item = _SLOT.unpack(data.get(pos, 12))
            if not item:
                return None
            if slothash == keyhash:
                keylen, datalen = _LENGTHS.unpack(data.get(item, 8))
                if keylen == len(key) and data.get(item + 8, keylen) == key:
                    return data.get(item + 8 + keylen, datalen)
            pos += 12
            if pos == start + slots * 12:
                pos = start
        return None

    def term_info(self, fieldname: str, btext: bytes) -> bytes | None:
        """The term's W3TermInfo bytes, or None when the segment lacks it."""
        number = self.fieldmap.get(fieldname)
        return None if number is None else self._value(struct.pack("!H", number) + btext)

    def doc_frequency(self, fieldname: str, btext: bytes) -> int:
        info = self.term_info(fieldname, btext)
        return 0 if info is None else _TERMINFO.unpack(info[: _TERMINFO.size])[2]

    def postings(self, fieldname: str, btext: bytes) -> tuple[list[int], list[float]] | None:
        """The term's (document numbers, weights), deleted documents left out (as `Segment.postings`)."""
        info = self.term_info(fieldname, btext)
        if info is None:
            return None
        size = _TERMINFO.size
        if info[0]:  # inlined: (ids, weights, values) pickled
            ids, weights, _ = loads(info[size:])
            found = (list(ids), [float(w) for w in weights])
        else:
            if self._posts is None:
                self._posts = _File(self.dir / f"{self.segment.prefix}.pst")
            found = read_blocks(self._posts, _POINTER.unpack(info[size : size + 12])[0])
        deleted = self.segment.deleted
        if deleted:
            pairs = [(d, w) for d, w in zip(*found, strict=True) if d not in deleted]
            found = ([d for d, _ in pairs], [w for _, w in pairs])
        return found

    def positions(self, fieldname: str, btext: bytes, wanted: set[int]) -> dict[int, list[int]]:
        """Where the term stands in each of the `wanted` documents that hold it (as Whoosh's
        `value_as("positions")`): only the blocks holding one of them are read whole."""
        info = self.term_info(fieldname, btext)
        if info is None or not wanted:
            return {}
        size = _TERMINFO.size
        if info[0]:  # inlined: (ids, weights, values) pickled
            ids, _, values = loads(info[size:])
            found = _wanted(ids, values, wanted)
        else:
            if self._posts is None:
                self._posts = _File(self.dir / f"{self.segment.prefix}.pst")
            found = read_values(self._posts, _POINTER.unpack(info[size : size + 12])[0], wanted)
        decoded: dict[bytes, list[int]] = {}  # (many postings hold the same bytes: one position)
        for value in found.values():
            if value not in decoded:
                decoded[value] = decode_positions(value)
        return {d: decoded[v] for d, v in found.items()}

    def length_bytes(self, fieldname: str) -> bytes | None:
        """Each document's field length byte (trailing zeros restored), None without lengths."""
        try:
            raw = (self.dir / f"{self.segment.prefix}._{fieldname}_len.col").read_bytes()
        except FileNotFoundError:
            return None
        return raw[: self.segment.count].ljust(self.segment.count, b"\0")

    def stored(self, docnum: int) -> dict:
        """A document's stored fields (the `_stored` column: `PickleColumn(CompressedBytesColumn())`)."""
        if self._stored is None:
            self._stored = self._stored_column()
        data, offsets, lengths = self._stored
        size = lengths[docnum]
        if not size:
            return {}
        found = loads(zlib.decompress(data.get(offsets[docnum], size)))
        if not isinstance(found, dict):
            raise Unreadable("stored fields")
        return found

    def _stored_column(self) -> tuple[_File, Any, Any]:
        """`VarBytesColumn.Reader._read_offsets_and_lengths`: the arrays at the column's end."""
        data = _File(self.dir / f"{self.segment.prefix}._stored.col")
        count = self.segment.count
        last = len(data) - 1

        def read(code: str, end: int) -> tuple[Any, int]:
            found = array(code)
            start = end - found.itemsize * count
            found.frombytes(data.get(start, found.itemsize * count))
            if struct.pack("=H", 1) != struct.pack("!H", 1):  # stored big-endian
                found.byteswap()
            return found, start

        code = chr(data.get(last, 1)[0])
        offsets = None
        if code == "X":
            code, offsets_code = chr(data.get(last - 2, 1)[0]), chr(data.get(last - 1, 1)[0])
            offsets, last = read(offsets_code, last - 2)
        lengths, _ = read(code, last)
        if offsets is None:
            offsets = [0, *accumulate(lengths)]
        return data, offsets, lengths


def read_blocks(
    postfile: Any, offset: int, load: Callable[[bytes], Any] = loads
) -> tuple[list[int], list[float]]:
    """A term's postings from the W3 codec's blocks: ids and weights, not the positions.
    `postfile`: anything with Whoosh's `get(position, length)`; `load`: how a block's pickles are
    read (`loads`, as data; Whoosh's own path, which unpickles them anyway, passes `pickle.loads`)."""
    if postfile.get(offset, 4) != _MAGIC:
        raise ValueError("not a W3 posting list")
    ids: list[int] = []
    weights: list[float] = []
    pos = offset + 4
    while True:
        (length,) = _INT.unpack(postfile.get(pos, 4))
        size = abs(length)
        block = io.BytesIO(postfile.get(pos + 4, size))
        header = pickle.load(block) if load is pickle.loads else _Unpickler(block).load()
        count, _, _, compression = header[:4]
        data = block.read()
        if compression:
            data = zlib.decompress(data)
        block_ids, block_weights = _ids_and_weights(data, count, load)
        ids.extend(accumulate(block_ids))  # stored as differences
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        pos += 4 + size
        if length < 0:  # the last block
            return ids, weights


def _ids_and_weights(data: bytes, count: int, load: Callable[[bytes], Any]) -> tuple[tuple, Any]:
    """Unpickle a block's (ids, weights, values) without its values, when they can be cut off:
    rebuilding each posting's positions costs ten times what the rest does."""
    cut = data.find(_VALUES)
    if cut > 0 and count > 3 and data[cut - 1] == 0x28:  # MARK: the values tuple starts here
        try:
            ids, weights, _ = load(data[: cut - 1] + b"N\x87.")  # None, TUPLE3, STOP
            if len(ids) == count:
                return ids, weights
        except Exception:
            pass
    ids, weights, _ = load(data)
    return ids, weights


def read_values(postfile: Any, offset: int, wanted: set[int]) -> dict[int, bytes]:
    """The values (encoded positions) of a term's postings in the `wanted` documents, from the
    W3 blocks: a block's header says its last document, so only the blocks holding one of them
    are unpickled whole (as data: `loads`)."""
    if postfile.get(offset, 4) != _MAGIC:
        raise Unreadable("not a W3 posting list")
    found: dict[int, bytes] = {}
    pos = offset + 4
    first = 0  # the least document number of this block
    ordered = sorted(wanted)
    while True:
        (length,) = _INT.unpack(postfile.get(pos, 4))
        size = abs(length)
        block = io.BytesIO(postfile.get(pos + 4, size))
        count, last, _, compression = _Unpickler(block).load()[:4]
        at = bisect_left(ordered, first)
        if at < len(ordered) and ordered[at] <= last:
            data = block.read()
            ids, _, values = loads(zlib.decompress(data) if compression else data)
            ids = list(accumulate(ids))  # stored as differences
            if len(ids) != count or ids[-1] != last:
                raise Unreadable("a block's header")
            found.update(_wanted(ids, values, wanted))
        first = last + 1
        pos += 4 + size
        if length < 0:  # the last block
            return found


def _wanted(ids: Any, values: Any, wanted: set[int]) -> dict[int, bytes]:
    if not isinstance(values, tuple) or len(values) != len(ids):
        raise Unreadable("no positions")  # (a format without values: Whoosh's error to say)
    return {d: v for d, v in zip(ids, values, strict=True) if d in wanted}


def decode_positions(value: bytes) -> list[int]:
    """A posting's positions (`whoosh.formats.Positions.decode_positions`): a count, then the
    pickled differences (its final STOP maybe cut off), read as data."""
    deltas = loads(value[4:] if value.endswith(b".") else value[4:] + b".")
    if not isinstance(deltas, list) or not all(type(n) is int for n in deltas):
        raise Unreadable("positions")
    return list(accumulate(deltas))


def _varint(stream: io.BytesIO) -> int:
    byte = stream.read(1)[0]
    value, shift = byte & 0x7F, 7
    while byte & 0x80:
        byte = stream.read(1)[0]
        value |= (byte & 0x7F) << shift
        shift += 7
    return value


def _int(stream: io.BytesIO) -> int:
    return _INT.unpack(stream.read(4))[0]


def _md5_hash(key: bytes) -> int:
    try:
        from _md5 import md5  # type: ignore[import-not-found]  # (hashlib's OpenSSL import costs more than the search)
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import md5
    return int(md5(key).hexdigest(), 16) & 0xFFFFFFFF


def _crc_hash(key: bytes) -> int:
    return zlib.crc32(key) & 0xFFFFFFFF
