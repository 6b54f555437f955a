"""The engine's facade: a library and its index. Bring it up to date, list what it holds, search it.

One `PaperIndex` per process keeps one backend (the Whoosh index and its searcher,
`search.backend`) open and refreshes it after each commit. Updates take the index
directory's exclusive lock (`store.generations`), so two processes never write at once:
the second waits, then finds nothing left to do. Nothing this class returns is a Whoosh
object: papers, hits, counts, spans, records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fulltext import indexed
from .fulltext.cache import FullTextCache
from .papers.model import Paper, Problem, Snapshot
from .papers.views import Sort, in_days, sort_papers
from .reading.files import parse_snapshot, read_snapshot
from .search.backend import WhooshBackend
from .search.engine import Hit, SearchResult
from .search.highlight import Span
from .search.order import rising_search
from .search.spelling import Vocabulary
from .store import manifest, sidefiles
from .store.catalogue import Catalogue
from .store.generations import IndexBusy, IndexDir, clear
from .store.schema import SCHEMA_VERSION
from .store.w3 import guard

if TYPE_CHECKING:
    from .papers.paperset import PaperSet
    from .search.terms import KeyTerm
    from .search.trend import TrendPoint

__all__ = ["IndexBusy", "PaperIndex", "Progress", "UpdateReport"]

Progress = Callable[[int, int, Snapshot], None]  # (done, total, the snapshot just read)


@dataclass(slots=True)
class UpdateReport:
    """What an update did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    papers_written: int = 0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


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
        self._light: tuple[tuple[int, int], list[Paper]] | None = None  # (the catalogue's stat, papers)
        self.state = manifest.Manifest()
        self._reading: PaperSet | None = None  # the papers of a first build, while it reads
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
    def records(self) -> dict[str, manifest.FileRecord]:
        return self.state.records

    @property
    def backend(self) -> WhooshBackend:
        """The seam to the full-text index (see `search.backend`)."""
        return self._index

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
        with self._home.lock(wait) as healed:
            if healed:
                report.notes.append("index directory damaged (its lock was not a file): repaired")
            backend, gen, fresh = self._open(report, rebuild)
            if not fresh:
                self._home.prune_if_old(gen)
            work = manifest.plan(self.library, self.records)
            for name, why in work.failed:
                rec = self.records[name]
                report.notes.append(
                    f"cannot read {name} ({why}): its {rec.papers} papers as last read are kept; "
                    "it is read again next time"
                )
            for name, st in work.touched:
                rec = self.records[name]
                rec.size, rec.mtime_ns = st.st_size, st.st_mtime_ns
            side_files = (gen / "vocab.json").is_file() and (gen / "catalogue.json").is_file()
            if fresh or work or (self.records and not side_files):
                self._apply(backend, gen, work, report, progress, procs, fresh, browse)
            if fresh or work or work.touched or not (gen / "manifest.json").is_file():
                clear(gen / "manifest.json")
                manifest.save(gen / "manifest.json", self.state)
            if fresh:
                self._home.switch(gen)
        if self._backend is None and not fresh:  # search the index just opened, with its manifest
            self._backend, self._gen = backend, gen
            self.refresh(known=self.state)
        else:
            self.refresh()
        if said := guard.take_note():  # (once a process: the fast paths are off)
            report.notes.append(said)
        report.seconds = time.perf_counter() - start
        return report

    def _open(self, report: UpdateReport, rebuild: bool) -> tuple[WhooshBackend, Path, bool]:
        """The current index opened for an update (its backend and generation), or a new one
        (True): none is complete, it is damaged or of another format, or a rebuild was asked for."""
        current = self._home.current()
        problem = None
        if current is None:
            if self._home.damaged_layout():
                problem = "index format changed or unreadable"
        else:
            state = manifest.load(current / "manifest.json")
            found = sidefiles.version(current / "manifest.json") if state is None else None
            if found is not None and found != SCHEMA_VERSION:
                problem = (
                    f"index built by another version of dailypapers (format {found}, now {SCHEMA_VERSION})"
                )
            elif state is None:
                problem = "index format changed or unreadable"
            else:
                try:
                    backend = WhooshBackend.open(current / "whoosh")
                    damage = (
                        backend.damage(current / "whoosh", state.generation, state.index_files)
                        if state.records
                        else None
                    )
                except Exception as exc:  # unreadable: the index is derived data, rebuild it
                    damage = type(exc).__name__
                if damage:
                    problem = f"index damaged ({damage})"
                elif not rebuild:
                    self.state = state
                    return backend, current, False
        if problem:
            report.notes.append(f"{problem}: rebuilding")
        new = self._home.new_generation()
        self.state, report.rebuilt = manifest.Manifest(), True
        return WhooshBackend.create(new / "whoosh"), new, True

    def _apply(
        self,
        backend: WhooshBackend,
        gen: Path,
        work: manifest.Plan,
        report: UpdateReport,
        progress: Progress | None,
        procs: int,
        fresh: bool,
        browse: bool = False,
    ) -> None:
        from .papers.paperset import PaperSet  # here: searching an unchanged library needs none

        before = backend.generation
        titles = lambda: Catalogue.load(gen / "catalogue.json").titles()  # noqa: E731
        with backend.committed(titles) as committed:
            papers = PaperSet(None if fresh else committed)
            self._reading = papers if fresh else None
            watched = fresh and browse
            if watched:
                self._read_newest_first(papers, work, report, progress)
            for rec in work.deleted:
                papers.remove(rec.id)
                del self.records[rec.file]
                report.deleted.append(rec.file)
            for done, (path, sid, data) in enumerate([] if watched else work.changed, start=1):
                old = self.records.get(path.name)
                if old is not None:
                    papers.remove(old.id)
                    if old.id != sid:
                        papers.remove(sid)
                snap = read_snapshot(path, sid) if data is None else parse_snapshot(data, path.name, sid)
                papers.add(snap)
                self.records[path.name] = manifest.FileRecord.of(path, data, snap)
                (report.updated if old else report.added).append(path.name)
                if progress:
                    progress(done, len(work.changed), snap)
            self._reading = None
            changed = papers.changed()
        body = indexed.bodies(self.fulltext, changed)  # the full texts kept, indexed with their papers
        if fresh:  # the vocabulary and catalogue are worked out while the build processes write
            side: list[tuple[Vocabulary, Catalogue]] = []
            work_out = lambda: side.append(self._side_files(gen, before, fresh, papers, changed))  # noqa: E731
            backend.build(changed, procs=procs, meanwhile=work_out, body=body)
            vocab, catalogue = side[0]
        else:
            backend.write(papers.deleted, changed, body)
            vocab, catalogue = self._side_files(gen, before, fresh, papers, changed)
        self._stamp(backend, gen, vocab, catalogue)
        report.papers_written = len(changed)

    def _stamp(self, backend: WhooshBackend, gen: Path, vocab: Vocabulary, catalogue: Catalogue) -> None:
        """The side files and the manifest's account of the index, for the commit just made."""
        self.state.generation = generation = backend.generation
        for path, side in ((gen / "vocab.json", vocab), (gen / "catalogue.json", catalogue)):
            clear(path)
            side.save(path, generation)
        files = [p for p in (gen / "whoosh").iterdir() if p.is_file() and "WRITELOCK" not in p.name]
        self.state.index_files = {p.name: p.stat().st_size for p in files}

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
                self._stamp(backend, gen, vocab, catalogue)
                clear(gen / "manifest.json")
                manifest.save(gen / "manifest.json", self.state)
        self.refresh()
        return True

    def body_match(self, paper: Paper, terms: Iterable[tuple[str, str]]) -> indexed.BodyMatch | None:
        """Where a hit matched in the paper's full text (the hit's `terms` on `body`), or None."""
        return indexed.body_match(self.fulltext, paper, terms, self.spans)

    def _read_newest_first(
        self, papers: PaperSet, work: manifest.Plan, report: UpdateReport, progress: Progress | None
    ) -> None:
        """A first build browsed (the reader shows it while it reads): the files read newest
        first, so the newest day is there from the first `progress`, into a set of their own
        that `papers_read` shows; then merged into `papers` oldest first, as always (a paper
        seen in several days keeps what its newest says), so the index is the same."""
        preview = type(papers)()
        self._reading = preview
        read = []
        for done, (path, sid, data) in enumerate(reversed(work.changed), start=1):
            snap = read_snapshot(path, sid) if data is None else parse_snapshot(data, path.name, sid)
            preview.add(snap)
            self.records[path.name] = manifest.FileRecord.of(path, data, snap)
            read.append(snap)
            if progress:
                progress(done, len(work.changed), snap)
        self._reading = None
        for snap, (path, _, _) in zip(reversed(read), work.changed, strict=True):
            papers.add(snap)
            report.added.append(path.name)
        self.records.update(sorted(self.records.items()))  # (re-inserted in library order)

    def _side_files(
        self, gen: Path, before: int, fresh: bool, papers: PaperSet, changed: list[Paper]
    ) -> tuple[Vocabulary, Catalogue]:
        """The vocabulary and catalogue moved on by this commit's changes.

        When they do not describe the commit before this one (an update was killed
        between its commit and theirs), they are rebuilt from every stored paper.
        """
        vocab = Vocabulary() if fresh else Vocabulary.load(gen / "vocab.json")
        catalogue = Catalogue() if fresh else Catalogue.load(gen / "catalogue.json")
        if fresh or vocab.generation == catalogue.generation == before:
            vocab.update(papers.originals.values(), (f"{p.title} {p.abstract}" for p in changed))
            catalogue.update(papers.deleted, changed)
        else:
            everything = WhooshBackend.open(gen / "whoosh").all_papers()
            vocab, catalogue = Vocabulary(), Catalogue()
            vocab.update((), (f"{p.title} {p.abstract}" for p in everything))
            catalogue.update((), everything)
        return vocab, catalogue

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
        reading = self._reading
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
        found = self._light_papers() if light else self._index.papers(snapshot, days)
        scope = (lambda a: a.snapshot == snapshot) if snapshot is not None else None
        if days is not None:
            dated = in_days(days)
            scope = dated if scope is None else (lambda a: a.snapshot == snapshot and dated(a))
        if scope is not None:
            found = [p for p in found if any(scope(a) for a in p.appearances)]
        return sort_papers(found, Sort(sort), self.snapshot_order(), scope, self.rising)

    def _light_papers(self) -> list[Paper]:
        """The catalogue's papers, loaded once a version of the file (the reader's list, the
        catch-up and the picks each asked for them: two copies of 98,770 papers were about
        100 MB). A new list each time; the papers are shared, never changed."""
        path = self._path("catalogue.json")
        try:
            st = path.stat()
            key = (st.st_mtime_ns, st.st_size)
        except OSError:
            key = (0, 0)
        if self._light is None or self._light[0] != key:
            self._light = (key, Catalogue.load(path).papers())
        return list(self._light[1])

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
        return self._index.trend(self.vocabulary, self.snapshots(), text)

    def related(self, paper_id: str, limit: int = 30) -> list[Hit]:
        """The papers most like this one across the library (see `search.terms.related`)."""
        return self._index.related(paper_id, limit)

    def matching(self, text: str) -> tuple[set[str], list[str]]:
        """Ids of every paper holding all the query's words, exactly (no completion, no typo
        correction: what a follow counts), and notes (see `search.terms.match_ids`)."""
        return self._index.matching(text)

    def key_terms(self, paper_id: str, numterms: int = 30) -> list[KeyTerm]:
        """The paper's most telling terms against the library (see `search.terms.key_terms`)."""
        return self._index.key_terms(paper_id, numterms)

    def score_terms(self, weights: dict[str, float], **options: Any) -> list[Hit]:
        """Papers ranked by a weighted bag of indexed terms and two-term phrases; `options`:
        limit, among, exclude, explain, phrases, against (see `search.terms.score_terms`)."""
        return self._index.score_terms(weights, **options)

    def key_phrases(self, paper_id: str, among: set[str]) -> set[tuple[str, str]]:
        """Pairs of these terms standing next to each other in the paper (see
        `search.terms.key_phrases`)."""
        return self._index.key_phrases(paper_id, among)
