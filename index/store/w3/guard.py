"""Every Whoosh internal the fast paths touch, listed once and checked all at first use.

The fast paths (the segment writer and forked build, `segment`, `build`; the one-pass
`Positions`; the bulk posting reader, `postings`; the exact scorer and its expansions) read
private names of Whoosh 2.7 and write and read its W3 codec's bytes themselves. `NAMES`
lists every such name by where it lives, each for writing or reading (`READING`).
`on(WRITE)` checks the writing names the first time an index is written, then runs a
self-test (`selftest`): a tiny index written by the fast writer and by Whoosh's own (the same postings
and term table, byte for byte), read in bulk and by Whoosh's matchers (the same), a text
indexed both ways (the same). `on(READ)` checks the reading names the first time a search
asks (a search imports no writer), and `check_reader` reads the first segment searched in
bulk and by Whoosh's matchers (the same postings and lengths). On a missing name or any
difference (another Whoosh version, a fork), every fast path is off from then on: Whoosh's
own writer, reader and full sort are used, slower but correct, and `take_note()` says so
once. `ran` counts what each fast path did (the tests check they are on).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from .. import whooshlib as wl

# Where each name lives (a class: module.Class; an object: what it is) -> the names read there.
NAMES: dict[str, tuple[str, ...]] = {
    "writing.SegmentWriter": (
        "_flush_segment",
        "_finalize_segment",
        "_commit_toc",
        "_close_segment",
        "_finish",
        "_check_state",
        "_check_fields",
        "per_document_reader",
    ),
    "codec.W3Codec": ("new_segment", "field_writer", "TERMS_EXT", "POSTS_EXT"),
    "codec.W3TermInfo": ("_struct", "add_block"),
    "codec.W3FieldWriter": ("start_field", "start_term", "finish_term", "finish_field"),
    "codec.W3PerDocWriter": ("_has_column", "_create_column", "_get_column", "start_doc", "finish_doc"),
    "codec.W3PerDocReader": ("_cached_reader", "deleted_docs"),
    "codec": ("STORED_COLUMN", "LENGTHS_COLUMN"),
    "columns.VarBytesColumn.Writer": ("add",),
    "filetables.OrderedHashWriter": ("add",),
    "filetables": ("_lengths",),  # its layouts, mirrored (the self-test compares the bytes)
    "codec.W3PostingsWriter": ("_write_block",),
    "numeric": ("length_to_byte", "byte_to_length"),
    "query.Wildcard": ("_get_pattern", "_find_prefix"),
    "query.Prefix": ("_btexts",),
    # objects, checked on the ones the self-test makes
    "a segment writer": ("_added", "pool", "perdocwriter", "fieldwriter", "docnum", "segments"),
    "its field writer": ("_codec", "_postfile", "_tindex", "_fieldid"),
    "its codec": ("_blocklimit", "_compression"),
    "its term table": ("dbfile", "hashfn", "buckets", "index", "lastkey"),
    "its per-document writer": ("_fieldlengths",),
    "the stored column": ("_child",),
    "the stored column's bytes": ("_module", "_level"),
    "a segment reader": ("_perdoc", "_terms"),
    "its terms reader": ("_postfile",),
    "a length column reader": ("_dbfile", "_basepos", "_count"),
    "BM25F": ("_field_B",),
    "a stem filter": ("_stem",),
}

ran: Counter[str] = Counter()  # fast path -> how often it ran (writer, split, positions, blocks, expansion)

WRITE, READ = "write", "read"
# What reading reads (the rest is what writing does; `codec` and `numeric` serve both).
READING = frozenset(
    {
        "codec.W3PerDocReader",
        "codec",
        "numeric",
        "query.Wildcard",
        "query.Prefix",
        "BM25F",
        "a segment reader",
        "its terms reader",
        "a length column reader",
    }
)
_TESTING = "testing"
# Each side: None (not checked yet), "" (on), _TESTING, else why it is off.
_state: dict[str, str | None] = {WRITE: None, READ: None}
_reader_checked = False
_said = False


class Missing(Exception):
    """A name of `NAMES` the installed Whoosh lacks."""


def have(obj: object, where: str) -> None:
    """Raise `Missing` unless `obj` has every name `NAMES[where]` lists."""
    gone = [name for name in NAMES[where] if not hasattr(obj, name)]
    if gone:
        raise Missing(", ".join(f"{where}.{name}" for name in gone))


def missing(side: str | None = None) -> list[str]:
    """The names of `NAMES` on Whoosh's modules and classes (those one side uses, or all) that
    the installed Whoosh lacks."""
    found = []
    for where, names in NAMES.items():
        if (side == READ and where not in READING) or (
            side == WRITE and where in READING - {"codec", "numeric"}
        ):
            continue
        module, *path = where.split(".")
        if module not in wl._MODULES:
            continue  # an object's: checked by the self-test
        obj: Any = getattr(wl, module, None)
        for part in path:
            obj = getattr(obj, part, None)
        found += [f"{where}.{name}" for name in names if obj is None or not hasattr(obj, name)]
    return found


def on(side: str = WRITE) -> bool:
    """True when the fast paths may run: `side`'s names checked (writing: and self-tested) on
    its first call, and no check has failed."""
    test = SELF_TESTS.get(side)
    if test is None:  # the writer, whose module registers its self-test, is not imported yet
        return not missing(side) and _off() is None
    if _state[side] is None:
        _state[side] = _TESTING  # the self-test runs the fast paths themselves
        try:
            gone = missing(side)
            if gone:
                raise Missing(", ".join(gone))
            problem = test()
        except Exception as exc:  # whatever a changed Whoosh raises: the fast paths stay off
            problem = f"{type(exc).__name__}: {exc}" if not isinstance(exc, Missing) else f"no {exc}"
        _state[side] = problem
    return _off() is None


def check_reader(segment: Any) -> bool:
    """The first segment a search reads in bulk (`postings.Segment`), once a process: its
    reader's names, and a few of its terms' postings and its lengths read in bulk and by
    Whoosh's matchers. False (and every fast path off) on a difference."""
    global _reader_checked
    if not _reader_checked and on(READ):
        _reader_checked = True
        try:
            problem = read_both_ways(segment)
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}" if not isinstance(exc, Missing) else f"no {exc}"
        if problem:
            _state[READ] = problem
    return on(READ)


def _off() -> str | None:
    return next((why for why in _state.values() if why and why != _TESTING), None)


def note() -> str | None:
    """Why the fast paths are off, as the user is told it (None: on, or not checked yet)."""
    why = _off()
    if why is None:
        return None
    return (
        f"this Whoosh differs from the one dailypapers was built for ({why}): its own writer "
        "and reader are used, correct but slower"
    )


def take_note() -> str | None:
    """`note()` the first time it is asked for in this process, then None."""
    global _said
    said = note()
    if said is None or _said:
        return None
    _said = True
    return said


def reset() -> None:
    """Check again at the next `on()` (for tests simulating another Whoosh)."""
    global _said, _reader_checked
    _state.update({WRITE: None, READ: None})
    _said = _reader_checked = False


def _reading_objects() -> str:
    have(wl.scoring.BM25F(), "BM25F")
    return ""


# Each side's self-test, run once its names are there: "" when it passes, else what differs.
# Writing's is `selftest.write_both_ways`, registered by `segment` (which the guard never imports).
SELF_TESTS: dict[str, Callable[[], str]] = {READ: _reading_objects}


def read_both_ways(segment: Any, terms: int = 3) -> str:
    """ "" when `segment`'s first `terms` terms of each text field and its lengths read in bulk
    are what Whoosh's matchers and `doc_field_length` read, else what differs."""
    reader = segment.reader
    have(reader, "a segment reader")
    have(reader._terms, "its terms reader")
    docs = range(min(segment.count, 50))
    for name in ("title", "abstract", "author"):
        if name not in reader.schema:
            continue
        column = reader._perdoc._cached_reader(f"_{name}_len", wl.codec.LENGTHS_COLUMN)
        if column is not None:
            have(column, "a length column reader")
        to_byte = wl.numeric.length_to_byte
        lengths = segment.length_bytes(name)
        by_doc = bytes(to_byte(reader.doc_field_length(d, name, 0) or 0) for d in docs)
        if lengths is not None and lengths[: len(docs)] != by_doc:
            return f"the bulk reader reads other {name} lengths"
        for count, btext in enumerate(reader.lexicon(name)):
            if count >= terms:
                break
            if segment.postings(name, btext) != segment.matcher_postings(name, btext):
                return f"the bulk reader reads other postings ({name}:{btext!r})"
    return ""
