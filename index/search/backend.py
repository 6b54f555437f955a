"""The engine's one seam to its full-text index: every Whoosh object `PaperIndex` needs lives here.

`WhooshBackend` wraps one Whoosh index and its searcher. What the engine asks of it:
write papers (add, replace, delete: one commit; or a whole first build), count them,
read them back (by id, by snapshot or day, all), search with the terms each hit matched,
count a search, highlight matched terms in a text, and the term-level questions of
follows, picks, trend and related papers. Nothing it returns is a Whoosh object: papers,
hits, counts, spans. Another full-text engine would be another class with these methods;
the modules below it (`search.engine`, `search.scoring`, `store.w3`...) are the
Whoosh-specific parts it uses.

Whoosh searchers are not thread-safe: one backend belongs to one thread (the reader's
index thread, or the CLI's only one).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..papers.model import Paper
from ..papers.views import Sort
from ..store import whooshlib as wl
from ..store.schema import from_stored, make_schema, to_document
from .engine import run_search
from .highlight import Span, spans
from .results import SearchResult
from .scoring import scorer_for

if TYPE_CHECKING:
    from whoosh.index import Index
    from whoosh.searching import Searcher

    from .spelling import Vocabulary


T = TypeVar("T")
Body = Callable[[Paper], "str | None"]  # a paper's full text as indexed, when it has been read


class WhooshBackend:
    """One Whoosh index (on disk or in memory) and its searcher, refreshed after each commit."""

    def __init__(self, ix: Index) -> None:
        self._ix = ix
        self._open: Searcher | None = None
        self._key_docs: tuple[object, dict[str, tuple[int, ...]]] = (None, {})

    @classmethod
    def open(cls, path: Path) -> WhooshBackend:
        """The index in `path` (raises what Whoosh raises for a missing or damaged one)."""
        return cls(wl.index.open_dir(str(path)))

    @classmethod
    def create(cls, path: Path) -> WhooshBackend:
        return cls(wl.index.create_in(str(path), make_schema()))

    @classmethod
    def empty(cls) -> WhooshBackend:
        """An empty index in memory: what is searched before any index is complete, and where
        `add` checks that a file's papers index. Named at random: Whoosh's writer keeps its
        temporary files in the system's temporary directory under the index's name, which two
        processes writing an index of the same name at once would share (and delete)."""
        name = f"memory-{os.urandom(8).hex()}"
        return cls(wl.filestore.RamStorage().create_index(make_schema(), indexname=name))

    # -- the index as a whole ----------------------------------------------------------

    @property
    def generation(self) -> int:
        """The latest commit's number (what the side files are stamped with)."""
        return self._ix.latest_generation()

    def damage(self, path: Path, generation: int, files: dict[str, int]) -> str | None:
        """Why the index in `path` is not the commit `generation` whose files had these sizes."""
        latest = self.generation
        if latest < generation:
            return "older than its manifest"
        if latest == generation:
            for name, size in files.items():
                try:
                    actual = (path / name).stat().st_size
                except FileNotFoundError:
                    return f"{name} missing"
                if actual != size:
                    return f"{name} has {actual} bytes, not {size}"
        self._ix.doc_count()
        return None

    def refresh(self) -> bool:
        """See the latest commit; True when there was a new one."""
        if self._open is None:
            self._open = self._ix.searcher()
            return True
        fresh = self._open.refresh()
        if fresh is self._open:
            return False
        self._open = fresh
        return True

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None

    @property
    def _searcher(self) -> Searcher:
        """The Whoosh searcher, for the Whoosh-specific modules (never handed further: not to the
        CLI, not to the reader; the tests reach it through `tests/helpers.py::whoosh_searcher`)."""
        if self._open is None:
            self.refresh()
        assert self._open is not None
        return self._open

    # -- writing -----------------------------------------------------------------------

    def write(self, deleted: Iterable[str], changed: Iterable[Paper], body: Body | None = None) -> None:
        """Delete papers by id, add or replace the changed ones (with their full text, `body`,
        where there is one): one commit."""
        # compound=False (as in `segment.writer`): Whoosh 2.7 copies a compound segment's
        # postings into memory when a searcher opens it (400+ MB at 100k papers).
        from ..store.w3 import segment  # here: a search writes nothing

        w = segment.writer(self._ix)
        try:
            for pid in deleted:
                w.delete_by_term("id", pid)
            for paper in changed:
                w.update_document(**to_document(paper, body(paper) if body else None))
        except BaseException:
            w.cancel()
            raise
        w.commit()

    def check(self, papers: Iterable[Paper]) -> None:
        """Raise what writing these papers would raise (use on `empty()`: an index in memory)."""
        self.write((), papers)

    def build(
        self,
        papers: Sequence[Paper],
        procs: int = 1,
        meanwhile: Callable[[], None] | None = None,
        body: Body | None = None,
    ) -> None:
        """Write every paper into this empty index as one commit (see `store.w3.build`)."""
        make = to_document if body is None else lambda p: to_document(p, body(p))
        from ..store.w3 import build

        build.build(self._ix, papers, make, procs=procs, meanwhile=meanwhile)

    def committed(self, titles: Callable[[], dict[str, str]]) -> _Committed:
        """The papers as last committed, for a PaperSet to look up (on a searcher of its own);
        `titles` gives every paper's title by id (the catalogue)."""
        return _Committed(self._ix.searcher(), titles)

    def all_papers(self) -> list[Paper]:
        """Every paper as last committed (read on a searcher of its own)."""
        with self._ix.searcher() as searcher:
            return [from_stored(d) for d in searcher.all_stored_fields()]

    # -- reading -----------------------------------------------------------------------

    def count(self) -> int:
        """How many papers the index holds."""
        return self._searcher.doc_count()

    def paper(self, paper_id: str) -> Paper | None:
        """The paper with this id, or the one that absorbed a paper once known by it."""
        stored = self._searcher.document(id=paper_id) or self._searcher.document(alias=paper_id)
        return from_stored(stored) if stored else None

    def papers(self, snapshot: str | None = None, days: Collection[str] | None = None) -> list[Paper]:
        """The papers of one snapshot, or of some days (ISO dates), or every paper."""
        if snapshot is None and days is None:
            return [from_stored(d) for d in self._searcher.reader().all_stored_fields()]
        q: wl.query.Query
        if snapshot is not None:
            q = wl.query.Term("snapshot", snapshot)
        else:
            q = wl.query.Or([wl.query.Term("date", d) for d in days or ()])
        return [from_stored(h.fields()) for h in self._searcher.search(q, limit=None)]

    def docs_of(self, keys: Iterable[str]) -> set[int]:
        """Document numbers of the papers known by these ids or former ids (memoised per searcher)."""
        searcher = self._searcher
        if self._key_docs[0] is not searcher:
            self._key_docs = (searcher, {})
        memo = self._key_docs[1]
        found: set[int] = set()
        for key in set(keys):
            if key not in memo:
                memo[key] = tuple(searcher.docs_for_query(wl.query.Term("alias", key)))
            found.update(memo[key])
        return found

    # -- searching ---------------------------------------------------------------------

    def search(
        self,
        vocab: Vocabulary,
        text: str,
        snapshot: str | None,
        limit: int | None,
        sort: Sort,
        order: dict[str, int],
        only: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        complete: bool = False,
        cancel: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Ranked (or sorted) hits with the terms each matched, and exact counts (`engine.run_search`)."""
        only_docs = None if only is None else self.docs_of(only)
        mask = None if exclude is None else self.docs_of(exclude)
        return run_search(
            self._searcher, vocab, text, snapshot, limit, sort, order, only_docs, mask, complete, cancel
        )

    def spans(self, field_name: str, text: str, matched: Iterable[tuple[str, str]]) -> list[Span]:
        """Where matched terms occur in `text` (a stored field), by the index's own analyzer."""
        return spans(self._searcher.schema, field_name, text, matched)

    def forget_scores(self) -> None:
        """Empty the scorer's cache (benchmarks measure cold queries with this)."""
        scorer_for(self._searcher).clear()

    def ask(self, question: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A term-level question (`search.terms`: related papers, follows' matches, key terms and
        phrases, picks; `search.trend`) asked of this index's searcher."""
        return question(self._searcher, *args, **kwargs)


class _Committed:
    """Lets a PaperSet look up papers in the last commit (a `PaperSource`, closed after use)."""

    def __init__(self, searcher: Searcher, titles: Callable[[], dict[str, str]]) -> None:
        self._searcher = searcher
        self.titles = titles

    def __enter__(self) -> _Committed:
        return self

    def __exit__(self, *exc: object) -> None:
        self._searcher.close()

    def paper(self, field_name: str, value: str) -> Paper | None:
        stored = self._searcher.document(**{field_name: value})
        return from_stored(stored) if stored else None

    def papers_in(self, sid: str) -> list[Paper]:
        hits = self._searcher.search(wl.query.Term("snapshot", sid), limit=None)
        return [from_stored(h.fields()) for h in hits]
