"""Every Whoosh internal the fast paths touch, listed once and checked all at first use.

The fast paths (the segment writer and forked build, `segment`, `build`; the one-pass
`Positions`; the bulk posting reader, `postings`; the exact scorer's expansions) read
private names of Whoosh 2.7 and write and read its W3 codec's bytes themselves. `NAMES`
lists every such name by where it lives; `on()` checks them all the first time a fast path
asks, then runs a self-test: a tiny index written by the fast writer and by Whoosh's own
(the same postings and term table, byte for byte), its postings and lengths read in bulk
and by Whoosh's matchers (the same), a text indexed both ways (the same). On a missing
name or any difference (another Whoosh version, a fork), every fast path is off: Whoosh's
own writer, reader and full sort are used, slower but correct, and `take_note()` says so
once. `ran` counts what each fast path did (the tests check they are on).
"""

from __future__ import annotations

from collections import Counter
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

_TESTING = "testing"
_state: str | None = None  # None: not checked yet; "": on; _TESTING; else why it is off
_said = False


class Missing(Exception):
    """A name of `NAMES` the installed Whoosh lacks."""


def have(obj: object, where: str) -> None:
    """Raise `Missing` unless `obj` has every name `NAMES[where]` lists."""
    gone = [name for name in NAMES[where] if not hasattr(obj, name)]
    if gone:
        raise Missing(", ".join(f"{where}.{name}" for name in gone))


def missing() -> list[str]:
    """The names of `NAMES` on Whoosh's modules and classes that the installed Whoosh lacks."""
    found = []
    for where, names in NAMES.items():
        module, *path = where.split(".")
        if module not in wl._MODULES:
            continue  # an object's: checked by the self-test
        obj: Any = getattr(wl, module, None)
        for part in path:
            obj = getattr(obj, part, None)
        found += [f"{where}.{name}" for name in names if obj is None or not hasattr(obj, name)]
    return found


def on() -> bool:
    """True when the fast paths may run (checked, then self-tested, on the first call)."""
    global _state
    if _state is None:
        _state = _TESTING  # the self-test runs the fast paths themselves
        try:
            gone = missing()
            if gone:
                raise Missing(", ".join(gone))
            problem = _self_test()
        except Exception as exc:  # whatever a changed Whoosh raises: the fast paths stay off
            problem = f"{type(exc).__name__}: {exc}" if not isinstance(exc, Missing) else f"no {exc}"
        _state = problem
    return not _state or _state == _TESTING


def note() -> str | None:
    """Why the fast paths are off, as the user is told it (None: on, or not checked yet)."""
    if not _state or _state == _TESTING:
        return None
    return (
        f"this Whoosh differs from the one dailypapers was built for ({_state}): its own writer "
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
    global _state, _said
    _state, _said = None, False


def _self_test() -> str:
    """A tiny index written both ways and read both ways: "" when the same, else what differs."""
    from ..schema import make_schema
    from .postings import Segment, term_bytes
    from .segment import _writer_class

    docs = [
        {
            "id": f"p{i}",
            "title": f"Running models {i % 3}",
            "abstract": _TEXT[i % 4],
            "author": "Ada Lovelace",
        }
        for i in range(7)
    ]
    files = []
    for make in (_writer_class(), wl.writing.SegmentWriter):
        storage = wl.filestore.RamStorage()
        ix = storage.create_index(make_schema(), indexname="selftest")
        codec = wl.codec.W3Codec(blocklimit=3, compression=0)  # terms over several blocks
        w = make(ix, compound=False, codec=codec)
        if make is not wl.writing.SegmentWriter:
            _check_writer(w)
        for doc in docs:
            w.add_document(**doc)
        w.commit()
        files.append(
            {n.split(".", 1)[1]: storage.files[n] for n in storage.list() if n.endswith((".pst", ".trm"))}
        )
    if files[0] != files[1]:
        return "the fast writer writes other bytes"
    with ix.reader() as reader:
        (leaf, _), *_ = list(reader.leaf_readers())
        have(leaf, "a segment reader")
        have(leaf._terms, "its terms reader")
        segment = Segment(leaf, 0)
        for name in ("title", "abstract", "author"):
            column = leaf._perdoc._cached_reader(f"_{name}_len", wl.codec.LENGTHS_COLUMN)
            have(column, "a length column reader")
            by_doc = bytes(
                wl.numeric.length_to_byte(leaf.doc_field_length(d, name, 0)) for d in range(len(docs))
            )
            if segment.length_bytes(name) != by_doc:
                return f"the bulk reader reads other {name} lengths"
            for btext in reader.lexicon(name):
                if segment.postings(name, btext) != segment.matcher_postings(name, btext):
                    return f"the bulk reader reads other postings ({name}:{btext!r})"
        field = ix.schema["abstract"]
        ours = field.format.index_items(_TEXT[0], field.analyzer)
        if ours is None or sorted(ours) != sorted(field.index(_TEXT[0])):
            return "the one-pass Positions index other words"
        if term_bytes(ix.schema, "abstract", "model") is None:
            return "no indexed form of a word"
    have(wl.scoring.BM25F(), "BM25F")
    have(wl.analysis.StemFilter(), "a stem filter")
    return ""


_TEXT = (
    "The models run; running the model again, models ran.",
    "A model of diffusion models",
    "Naïve ΣΟΦΙΑ İstanbul v2.5 e.g. 3.14",
    "",
)


def _check_writer(w: Any) -> None:
    checks: list[tuple[object, str]] = [
        (w, "a segment writer"),
        (w.fieldwriter, "its field writer"),
        (w.fieldwriter._codec, "its codec"),
        (w.fieldwriter._tindex, "its term table"),
        (w.perdocwriter, "its per-document writer"),
        (wl.codec.STORED_COLUMN, "the stored column"),
        (wl.codec.STORED_COLUMN._child, "the stored column's bytes"),
    ]
    for obj, where in checks:
        have(obj, where)
