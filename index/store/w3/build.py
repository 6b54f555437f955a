"""Full builds: one segment (a forked process writing the abstracts and authors), or
segments in parallel forked processes, committed as one new generation.

Full builds cut the papers into batches of `BATCH`, each its own segment, so memory
stays bounded; `build` writes the batches in forked processes and commits them as one
new generation. With the guard off (`guard.on()`), Whoosh's own writer in one process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .. import whooshlib as wl
from . import guard
from .segment import COMPRESSION, Part, WrittenField, field_items, write_postings, writer

# Papers per segment in a full build: 1.6 M postings, about 200 MB while they are written.
BATCH = 12_500
PER_PROCESS = 2_000  # a full build starts another process for each this many papers (up to `procs`)
# Up to this many papers a full build writes one segment (queries then walk one), about 800 MB
# while written; past it, segments of `BATCH` in forked processes.
ONE_SEGMENT = 50_000
# A one-segment build indexes these in a forked process (with the stored fields: about half the work).
SPLIT_FIELDS = ("abstract", "author")


class _Lengths:
    """One field's lengths, whatever the field's name."""

    def __init__(self, lengths: list[int]) -> None:
        self.lengths = lengths

    def __call__(self, fieldname: str) -> list[int]:
        return self.lengths


class _Recorder:
    """Stands in for a field writer's term table: keeps what would be added."""

    def __init__(self) -> None:
        self.rows: list[tuple[bytes, bytes]] = []

    def add(self, key: bytes, value: bytes) -> None:
        self.rows.append((key, value))


def _write_fields(names: tuple[str, ...]) -> Part:
    """In a forked process: the postings of some fields of every document of the build (`_JOB`),
    each written to a postings file of its own as the segment's writer would write them, and
    every document's stored fields."""
    assert _JOB is not None
    ix, docs, make_doc, _, _ = _JOB
    schema = ix.schema
    chosen: list[tuple[str, Any, bool, dict[bytes, list], list[int]]] = [
        (name, schema[name], schema[name].scorable, {}, []) for name in names
    ]
    stored: list[bytes | None] = []
    column = wl.codec.STORED_COLUMN._child  # what `W3PerDocWriter.finish_doc` adds, pickled, compressed
    compress, level = __import__(column._module).compress, column._level
    for docnum, doc in enumerate(docs):
        fields = make_doc(doc)
        kept = {n: fields[n] for n in sorted(fields) if fields[n] is not None and schema[n].stored}
        stored.append(compress(pickle.dumps(kept, 2), level) if kept else None)
        for name, field, scorable, by_term, lengths in chosen:
            value = fields.get(name)
            length = 0
            if value is not None:
                for tbytes, freq, weight, vbytes in field_items(field, value):
                    if scorable:
                        length += freq
                    postings = by_term.get(tbytes)
                    if postings is None:
                        postings = by_term[tbytes] = []
                    postings += (docnum, weight * 1.0, vbytes or b"")
            lengths.append(length)
    written = []
    codec = wl.codec.W3Codec(compression=COMPRESSION)
    for name, _, _, by_term, lengths in chosen:
        segment = codec.new_segment(ix.storage, ix.indexname)
        fieldwriter = codec.field_writer(ix.storage, segment)
        fieldwriter._tindex.dbfile.close()  # its term table is kept in memory instead
        ix.storage.delete_file(segment.make_filename(wl.codec.W3Codec.TERMS_EXT))
        fieldwriter._tindex = recorder = _Recorder()
        terms = {(name, tbytes): postings for tbytes, postings in by_term.items()}
        write_postings(fieldwriter, schema, _Lengths(lengths), terms)
        fieldwriter._postfile.close()
        fragment = os.path.join(ix.storage.folder, segment.make_filename(wl.codec.W3Codec.POSTS_EXT))
        written.append(
            WrittenField(name, fragment, [(key[2:], info) for key, info in recorder.rows], lengths)
        )
    return Part(written, stored)


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
    one_segment: int = ONE_SEGMENT,
) -> None:
    """Write `docs` into the empty index `ix` as one commit, in `procs` processes.

    Up to `one_segment` documents are one segment (see `_build_one`). More are dealt out
    round-robin to at most one process per `per_process` documents; each process writes its
    share in segments of at most `batch`. Processes are
    forked (they read `docs` without copying), so this is not for a process with other
    threads running.
    `meanwhile` runs in this process while they write (after them with one process).
    """
    import multiprocessing  # here: 10 ms to import, and only full builds need it

    global _JOB
    if not guard.on():  # Whoosh's own writer, one process, one commit
        plain = writer(ix)
        for doc in docs:
            plain.add_document(**make_doc(doc))
        if meanwhile:
            meanwhile()
        plain.commit()
        return
    if len(docs) <= one_segment:
        _build_one(ix, docs, make_doc, procs, meanwhile, per_process)
        return
    parent = writer(ix)  # holds the write lock; the segments are committed through it
    try:
        procs = max(1, min(procs, -(-len(docs) // per_process)))
        _JOB = (ix, docs, make_doc, procs, batch)
        if procs > 1 and "fork" in multiprocessing.get_all_start_methods() and os.name == "posix":
            with _forking():
                pool = multiprocessing.get_context("fork").Pool(procs, initializer=_quiet_child)
            with pool:
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


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """SIGINT held back while a pool forks its processes: a ctrl+c then reaches each forked
    process once `_quiet_child` has set its handler, and this one once the pool exists (to be
    terminated), never a process half made."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _quiet_child() -> None:
    """A forked build process leaves ctrl+c (the terminal tells every process of the group)
    to its parent, which terminates the pool, stops the build and says so once. (Leaving at
    once instead could die holding the pool's queue lock: the parent's terminate then hangs.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _build_one(
    ix, docs: Sequence, make_doc: Callable[[Any], dict], procs: int, meanwhile, per_process: int
) -> None:
    """One segment: this process indexes every field but `SPLIT_FIELDS`, which a forked process
    indexes and writes at the same time (with `procs` > 1 and more than `per_process` documents);
    this one then copies its postings into the segment and commits."""
    import multiprocessing

    global _JOB
    w = writer(ix)
    pool = None
    part: Part | None = None
    try:
        split = (
            procs > 1
            and len(docs) > per_process
            and all(name in ix.schema for name in SPLIT_FIELDS)
            and hasattr(ix.storage, "folder")
            and "fork" in multiprocessing.get_all_start_methods()
            and os.name == "posix"
        )
        if split:
            _JOB = (ix, docs, make_doc, 1, len(docs))
            with _forking():
                pool = multiprocessing.get_context("fork").Pool(1, initializer=_quiet_child)
            pending = pool.apply_async(_write_fields, (SPLIT_FIELDS,))
            w.skip = frozenset(SPLIT_FIELDS)
        for doc in docs:
            w.add_document(**make_doc(doc))
        if meanwhile:
            meanwhile()
        if pool is not None:
            part = w.delegated = pending.get()
        w.commit()
    except BaseException:
        w.cancel()
        raise
    finally:
        _JOB = None
        if pool is not None:
            pool.terminate()
        for done in part.fields.values() if part is not None else ():
            if os.path.exists(done.fragment):
                os.remove(done.fragment)
