"""A faster way to write Whoosh segments, and full builds in several processes.

Whoosh 2.7's `SegmentWriter` pickles every posting into an external sort (to disk
past `limitmb`, then a heap merge), then hands the sorted postings one by one to
the codec, reading the document's field length back from disk for each.
`GroupingWriter` keeps each term's postings in a list instead (documents arrive
in order, so only the terms are sorted), reads each length column once, and
fills the codec's blocks a block at a time (tests/test_writer.py: the postings
file is byte for byte Whoosh's). Blocks are not zlib-compressed (`COMPRESSION`):
a third faster to write for an index 1.6 times the size; queries take as long.

Full builds cut the papers into batches of `BATCH`, each its own segment, so
memory stays bounded; `build` writes the batches in forked processes and commits
them as one new generation.

This module relies on Whoosh 2.7 internals (the writer's `pool`, `_flush_segment`,
`_finalize_segment`, `_commit_toc`, the codec's block buffers). `missing_hooks`
checks them on first use: where one is gone (another Whoosh version or a fork),
Whoosh's own writer is used instead, slower but correct; the tests say whether
this one still writes what Whoosh writes.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Sequence
from typing import Any

from . import whooshlib as wl

# Papers per segment in a full build: 1.6 M postings, about 200 MB while they are written.
BATCH = 12_500
PER_PROCESS = 2_000  # a full build starts another process for each this many papers (up to `procs`)
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


def _write_postings(fieldwriter, schema, pdr, terms: dict[tuple[str, bytes], list]) -> None:
    """What `FieldWriter.add_postings` writes, a block at a time rather than a posting at a time.

    The blocks are filled as `W3PostingsWriter.add_posting` fills them (ids, float32
    weights, non-empty values, the largest weight, the least and greatest non-zero
    length) and written by its own `_write_block`.
    """
    limit = fieldwriter._codec._blocklimit
    count = pdr.doc_count_all()
    current = None
    lengths = None
    for fieldname, btext in sorted(terms):
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            field = schema[fieldname]
            fieldwriter.start_field(fieldname, field)
            current = fieldname
            read = pdr.doc_field_length
            lengths = [read(d, fieldname) for d in range(count)] if field.scorable else None
        flat = terms[(fieldname, btext)]
        ids, weights, values = flat[0::3], flat[1::3], flat[2::3]  # docnums only ever increase
        fieldwriter.start_term(btext)
        block = fieldwriter._postwriter
        for start in range(0, len(ids), limit):
            if start:
                block._write_block()
            end = start + limit
            block._ids = array("I", ids[start:end])
            block._weights = array("f", weights[start:end])
            block._values = [v for v in values[start:end] if v]
            block._maxweight = max(0, *weights[start:end])
            sizes = [n for n in map(lengths.__getitem__, ids[start:end]) if n] if lengths else ()
            block._minlength = min(sizes) if sizes else None
            block._maxlength = max(sizes) if sizes else 0
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _writer_class() -> type[wl.writing.SegmentWriter]:
    class GroupingWriter(wl.writing.SegmentWriter):
        def __init__(self, ix, **kwargs) -> None:
            super().__init__(ix, **kwargs)
            self.grouped = _GroupingPool()
            self.pool = self.grouped  # type: ignore[assignment]  # what the writer adds postings to

        def _flush_segment(self) -> None:
            self.perdocwriter.close()
            pdr = self.per_document_reader()
            try:
                _write_postings(self.fieldwriter, self.schema, pdr, self.grouped.terms)
            finally:
                pdr.close()
            self.fieldwriter.close()

    return GroupingWriter


# The Whoosh internals this module uses: (module, class, attribute names).
HOOKS = (
    (
        "writing",
        "SegmentWriter",
        (
            "_flush_segment",
            "_finalize_segment",
            "_commit_toc",
            "_close_segment",
            "_finish",
            "per_document_reader",
        ),
    ),
    ("codec", "W3PostingsWriter", ("_write_block",)),
    ("codec", "W3FieldWriter", ("start_field", "start_term", "finish_term", "finish_field")),
)
_CLASS = None


def missing_hooks() -> list[str]:
    """The Whoosh internals this module needs that the installed Whoosh lacks."""
    missing = []
    for module, name, attributes in HOOKS:
        cls = getattr(getattr(wl, module), name, None)
        missing += [f"{name}.{a}" for a in attributes if cls is None or not hasattr(cls, a)]
    return missing


def writer(ix, **kwargs):
    """A `GroupingWriter` on `ix` (takes the index's write lock unless `_lk=False`); Whoosh's
    own writer when an internal it relies on is missing."""
    global _CLASS
    if _CLASS is None:
        _CLASS = _writer_class() if not missing_hooks() else wl.writing.SegmentWriter
    return _CLASS(ix, compound=False, codec=wl.codec.W3Codec(compression=COMPRESSION), **kwargs)


# What a forked build process reads: set just before forking, never pickled.
_JOB: tuple | None = None


def _write_segments(part: int) -> list:
    assert _JOB is not None
    ix, docs, make_doc, procs, batch = _JOB
    segments = []
    share = docs[part::procs]
    for start in range(0, len(share), batch):
        w = writer(ix, _lk=False)
        for doc in share[start : start + batch]:
            w.add_document(**make_doc(doc))
        segments.append(w._finalize_segment())
    return segments


def build(
    ix,
    docs: Sequence,
    make_doc: Callable[[Any], dict],
    procs: int = 1,
    meanwhile: Callable[[], None] | None = None,
    per_process: int = PER_PROCESS,
    batch: int = BATCH,
) -> None:
    """Write `docs` into the empty index `ix` as one commit, in `procs` processes.

    The documents are dealt out round-robin to at most one process per `per_process`
    documents; each process writes its share in segments of at most `batch`. Processes are
    forked (they read `docs` without copying), so this is not for a process with other
    threads running.
    `meanwhile` runs in this process while they write (after them with one process).
    """
    import multiprocessing  # here: 10 ms to import, and only full builds need it

    global _JOB
    if missing_hooks():  # Whoosh's own writer, one process, one commit
        plain = writer(ix)
        for doc in docs:
            plain.add_document(**make_doc(doc))
        if meanwhile:
            meanwhile()
        plain.commit()
        return
    parent = writer(ix)  # holds the write lock; the segments are committed through it
    try:
        procs = max(1, min(procs, -(-len(docs) // per_process)))
        _JOB = (ix, docs, make_doc, procs, batch)
        if procs > 1 and "fork" in multiprocessing.get_all_start_methods() and os.name == "posix":
            with multiprocessing.get_context("fork").Pool(procs) as pool:
                pending = pool.map_async(_write_segments, range(procs))
                if meanwhile:
                    meanwhile()
                parts = pending.get()
        else:
            parts = [_write_segments(p) for p in range(procs)]
            if meanwhile:
                meanwhile()
    except BaseException:
        parent.cancel()
        raise
    finally:
        _JOB = None
    parent._close_segment()
    parent._commit_toc(parent.segments + [s for part in parts for s in part])
    parent._finish()
