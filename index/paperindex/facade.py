"""The engine's facade: a library and its index. Bring it up to date, list what it holds, search it.

One `PaperIndex` per process keeps one backend (the Whoosh index and its searcher,
`search.backend`) open and refreshes it after each commit; `update` runs the update
pipeline (`paperindex.update`). Nothing this class returns is a Whoosh object: papers,
hits, counts, spans, records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..fulltext import indexed
from ..fulltext.cache import FullTextCache
from ..papers.model import Paper
from ..papers.snapshot import Problem
from ..papers.views import Sort, in_days, sort_papers
from ..search.backend import WhooshBackend
from ..search.highlight import Span
from ..search.order import rising_search
from ..search.results import Hit, SearchResult
from ..search.spelling import Vocabulary
from ..store import manifest
from ..store.catalogue import Catalogue, Shelf
from ..store.generations import IndexDir, clear
from ..store.w3 import guard
from .update import Pipeline, Progress, UpdateReport

if TYPE_CHECKING:
    from ..search.terms import KeyTerm
    from ..search.trend import TrendPoint


class PaperIndex:
    """A library directory and its index (the index directory: see `store.generations`).

    Each index generation holds `whoosh/`, `manifest.json`, `vocab.json` and
    `catalogue.json`. An update changes the current one in place (a commit, then the files
    beside it); a full build (the first, a rebuild, a damaged or outdated index) is written
    into a new generation and switched to when whole.
    """

    def __init__(self, library: Path, index_dir: Path, fulltext: FullTextCache | None = None) -> None:
        self.library = Path(library)
        self.fulltext = fulltext  # the full texts kept: indexed with their papers
        self.dir = Path(index_dir)
        self._home = IndexDir(self.dir)
        self._backend: WhooshBackend | None = None
        self._gen: Path | None = None  # the generation `_backend` is in (None: none complete yet)
        self._vocab: Vocabulary | None = None
        self._shelf = Shelf()  # the catalogue's light papers, loaded once a version
        self._pipeline = Pipeline(self.library, self._home)
        # Upvotes gained per day by paper id, for Sort.RISING: set by whoever holds the signals'
        # history (`marks.history.History.rates`), which lives above the index.
        self.rising: dict[str, float] = {}

    # -- where things are ------------------------------------------------------------

    @property
    def location(self) -> Path | None:
        """The directory of the complete index in use (None: none yet)."""
        return self._gen

    def _path(self, name: str) -> Path:
        return (self._gen or self.dir / "none") / name

    @property
    def state(self) -> manifest.Manifest:
        """The manifest of the index in use (the update pipeline's)."""
        return self._pipeline.state

    @state.setter
    def state(self, known: manifest.Manifest) -> None:
        self._pipeline.state = known

    @property
    def records(self) -> dict[str, manifest.FileRecord]:
        return self.state.records

    @property
    def _index(self) -> WhooshBackend:
        if self._backend is None:
            self.refresh()
        assert self._backend is not None
        return self._backend

    # -- bringing it up to date ------------------------------------------------------

    def update(
        self,
        rebuild: bool = False,
        progress: Progress | None = None,
        procs: int = 1,
        wait: bool = True,
        browse: bool = False,
    ) -> UpdateReport:
        """Bring the index up to date with the library directory.

        `procs` > 1 lets a full build index in that many processes (not for use
        from a process with other threads running, such as the reader). With
        `wait=False`, raise IndexBusy rather than wait for another process's update.
        With `browse`, a first build reads the files newest first, and `papers_read`
        (from `progress`) has the newest days from the start (the same index results).
        """
        start = time.perf_counter()
        report = UpdateReport()
        if not self.library.is_dir():
            raise FileNotFoundError(f"library not found: {self.library}")
        self._pipeline.fulltext = self.fulltext
        backend, gen, fresh = self._pipeline.run(report, rebuild, progress, procs, wait, browse)
        if self._backend is None and not fresh:  # search the index just opened, with its manifest
            self._backend, self._gen = backend, gen
            self.refresh(known=self.state)
        else:
            self.refresh()
        if said := guard.take_note():  # (once a process: the fast paths are off)
            report.notes.append(said)
        report.seconds = time.perf_counter() - start
        return report

    def add_full_text(self, paper_id: str, text: str | None = None, wait: bool = True) -> bool:
        """Index the paper's full text (`text`: its `Document.body()`, else read from the cache)
        with the paper: one commit, the side files stamped with it. False: no such paper or text."""
        with self._home.lock(wait):
            self.refresh()
            gen, backend, paper = self._gen, self._index, self.paper(paper_id)
            body = (lambda _: text) if text else indexed.bodies(self.fulltext, [paper] if paper else [])
            if gen is None or paper is None or body is None:
                return False
            before = backend.generation
            vocab, catalogue = Vocabulary.load(gen / "vocab.json"), Catalogue.load(gen / "catalogue.json")
            backend.write((), [paper], body)
            if vocab.generation == catalogue.generation == before:  # else the next update remakes them
                self._pipeline.stamp(backend, gen, vocab, catalogue)
                clear(gen / "manifest.json")
                manifest.save(gen / "manifest.json", self.state)
        self.refresh()
        return True

    def body_match(self, paper: Paper, terms: Iterable[tuple[str, str]]) -> indexed.BodyMatch | None:
        """Where a hit matched in the paper's full text (the hit's `terms` on `body`), or None."""
        return indexed.body_match(self.fulltext, paper, terms, self.spans)

    def refresh(self, known: manifest.Manifest | None = None) -> None:
        """See the latest complete index (cheap when nothing changed). Where there is none yet
        (another process is building the first), an empty one is searched. `known`: the
        manifest just written, used when it describes the commit now seen (not read again)."""
        current = self._home.current()
        if current != self._gen or self._backend is None:
            self.close()
            self._gen = current
            if current is not None:
                try:
                    self._backend = WhooshBackend.open(current / "whoosh")
                except Exception:  # damaged: the next update rebuilds it
                    self._gen = None
            if self._backend is None:
                self._backend = WhooshBackend.empty()
        if not self._backend.refresh():
            return
        self._vocab = None
        if known is not None and known.generation == self._backend.generation:
            self.state = known
            return
        loaded = manifest.load(self._path("manifest.json")) if self._gen else None
        self.state = loaded or manifest.Manifest()

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None
            self._vocab = None

    def stale(self) -> bool:
        """True when a library file was added, changed or removed since the last update, or
        another process switched to a new index."""
        current = self._home.current()
        if current is None or current != self._gen:
            return True
        state = manifest.load(current / "manifest.json")
        if state is None or not self.library.is_dir():
            return state is None
        return bool(manifest.plan(self.library, state.records))

    def papers_read(self) -> list[Paper]:
        """While a first build runs, from its `progress` callback: the papers read so far (merged
        across snapshots, with their abstracts); otherwise an empty list."""
        reading = self._pipeline.reading
        return [p for p in reading.papers.values() if p.appearances] if reading is not None else []

    # -- what it holds ---------------------------------------------------------------

    def __len__(self) -> int:
        """How many papers the index holds."""
        return self._index.count()

    def snapshot_order(self) -> dict[str, int]:
        """Snapshot ids in library (file name) order."""
        return {rec.id: i for i, rec in enumerate(self.snapshots())}

    def snapshots(self) -> list[manifest.FileRecord]:
        """Every snapshot file, readable or not, in library order."""
        return sorted(self.records.values(), key=lambda r: r.file)

    def problems(self) -> list[Problem]:
        return [p for rec in self.snapshots() for p in rec.problem_list]

    def paper(self, paper_id: str) -> Paper | None:
        """The paper with this id, or the one that absorbed a paper once known by it."""
        return self._index.paper(paper_id)

    def papers(
        self,
        snapshot: str | None = None,
        light: bool = False,
        days: Collection[str] | None = None,
        sort: Sort = Sort.PAGE,
    ) -> list[Paper]:
        """Papers of one snapshot, or of some days (ISO dates: a week's, a month's), or all, in
        `sort` order (default page order: snapshot order, then rank; see `views.Sort`).

        `light` papers carry only id, title, appearances and their short signals (from the
        catalogue, cheap at any size); `paper(id)` gives the rest.
        """
        path = self._path("catalogue.json")
        if light and snapshot is None and days is None and Sort(sort) is Sort.PAGE:
            return self._shelf.page_order(path, self.snapshot_order())
        found = self._shelf.papers(path) if light else self._index.papers(snapshot, days)
        scope = (lambda a: a.snapshot == snapshot) if snapshot is not None else None
        if days is not None:
            dated = in_days(days)
            scope = dated if scope is None else (lambda a: a.snapshot == snapshot and dated(a))
        if scope is not None:
            found = [p for p in found if any(scope(a) for a in p.appearances)]
        return sort_papers(found, Sort(sort), self.snapshot_order(), scope, self.rising)

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = Vocabulary.load(self._path("vocab.json"))
        return self._vocab

    # -- searching -------------------------------------------------------------------

    def search(
        self,
        text: str,
        snapshot: str | None = None,
        limit: int | None = 50,
        sort: Sort = Sort.RELEVANCE,
        only: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        complete: bool = False,
        cancel: Callable[[], bool] | None = None,
    ) -> SearchResult:
        """Search the papers (see `search.engine.run_search`), in one snapshot or all of them.

        `sort` orders every match (`views.Sort`); `only` restricts the search to papers known
        by these ids (or former ids), `exclude` leaves such papers out; the counts of the
        result are exact within both. `complete`: the query is being typed (the reader), so
        its last word is also completed as a prefix. `cancel`, asked as each term is read, gives
        the search up when True (raising `Cancelled`): a superseded search ends early.
        """
        index, vocab, order = self._index, self.vocabulary, self.snapshot_order()
        if Sort(sort) is Sort.RISING:
            rates = self.rising
            return rising_search(
                index, vocab, text, snapshot, limit, order, rates, only, exclude, complete, cancel
            )
        return index.search(vocab, text, snapshot, limit, sort, order, only, exclude, complete, cancel)

    def count(
        self,
        text: str,
        snapshot: str | None = None,
        only: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> SearchResult:
        """What `search` would count, without ranking or fetching a hit (cheap: set algebra)."""
        return self.search(text, snapshot, 0, only=only, exclude=exclude)

    def spans(self, field_name: str, text: str, terms: Iterable[tuple[str, str]]) -> list[Span]:
        """Where a hit's matched `terms` occur in `text` (a stored field of the paper), as character
        spans, found with the index's own analyzer (`loss` marks `losses`)."""
        return self._index.spans(field_name, text, terms)

    def forget_scores(self) -> None:
        """Empty the search's score cache (benchmarks measure cold queries with this)."""
        self._index.forget_scores()

    def trend(self, text: str) -> tuple[list[TrendPoint], SearchResult]:
        """Matching papers per snapshot, in library order (see `search.trend`)."""
        from ..search import trend

        return self._index.ask(trend.trend, self.vocabulary, self.snapshots(), text)

    def related(self, paper_id: str, limit: int = 30) -> list[Hit]:
        """The papers most like this one across the library (see `search.terms.related`)."""
        from ..search import terms

        return self._index.ask(terms.related, paper_id, limit)

    def matching(self, text: str) -> tuple[set[str], list[str]]:
        """Ids of every paper holding all the query's words, exactly (no completion, no typo
        correction: what a follow counts), and notes (see `search.terms.match_ids`)."""
        from ..search import terms

        return self._index.ask(terms.match_ids, text)

    def key_terms(self, paper_id: str, numterms: int = 30) -> list[KeyTerm]:
        """The paper's most telling terms against the library (see `search.terms.key_terms`)."""
        from ..search import terms

        return self._index.ask(terms.key_terms, paper_id, numterms)

    def score_terms(self, weights: dict[str, float], **options: Any) -> list[Hit]:
        """Papers ranked by a weighted bag of indexed terms and two-term phrases; `options`:
        limit, among, exclude, explain, phrases, against (see `search.terms.score_terms`)."""
        from ..search import terms

        return self._index.ask(terms.score_terms, weights, **options)

    def key_phrases(self, paper_id: str, among: set[str]) -> set[tuple[str, str]]:
        """Pairs of these terms standing next to each other in the paper (see
        `search.terms.key_phrases`)."""
        from ..search import terms

        return self._index.ask(terms.key_phrases, paper_id, among)
