"""The writing side's self-test: a tiny index written by the fast writer and by Whoosh's own.

The same postings and term table byte for byte, the same postings and lengths read in bulk and
by Whoosh's matchers, the same words indexed by the one-pass `Positions` and by Whoosh's path.
`segment` registers it with the guard (`guard.SELF_TESTS`), which runs it before the first write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import whooshlib as wl
from ..schema import make_schema
from . import guard
from .postings import Segment, term_bytes


def write_both_ways(writer_class: Callable[[], type]) -> str:
    """A tiny index written both ways and read both ways: "" when the same, else what differs."""
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
    for make in (writer_class(), wl.writing.SegmentWriter):
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
        problem = guard.read_both_ways(Segment(leaf, 0), terms=1000)
        if problem:
            return problem
        field = ix.schema["abstract"]
        ours = field.format.index_items(_TEXT[0], field.analyzer)
        if ours is None or sorted(ours) != sorted(field.index(_TEXT[0])):
            return "the one-pass Positions index other words"
        if term_bytes(ix.schema, "abstract", "model") is None:
            return "no indexed form of a word"
    guard.have(wl.analysis.StemFilter(), "a stem filter")
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
        guard.have(obj, where)
