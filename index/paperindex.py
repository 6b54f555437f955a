"""The library's index: bring it up to date, list what it holds, search it.

One `PaperIndex` per process keeps one Whoosh searcher open and refreshes it
after each commit. Updates take an exclusive file lock, so two processes never
write at once: the second waits, then finds nothing left to do.
"""

from __future__ import annotations

import contextlib
import fcntl
import re
import secrets
import shutil
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .papers.model import Paper, Problem, Snapshot
from .papers.views import Sort, in_days, sort_papers
from .reading.files import PaperSet, parse_snapshot, read_snapshot
from .search import terms
from .search import trend as explore
from .search.engine import Hit, SearchResult, run_search
from .search.spelling import Vocabulary
from .search.trend import TrendPoint
from .store import manifest, writer
from .store import whooshlib as wl
from .store.catalogue import Catalogue
from .store.files import atomic_write
from .store.schema import SCHEMA_VERSION, from_stored, make_schema, to_document

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


_GENERATION = re.compile(r"index-[0-9a-f]{8}")
_TEMPORARY = re.compile(r"\.[0-9a-f]{8}\.tmp")  # `atomic_write`'s
_OLD_LAYOUT = ("whoosh", "manifest.json", "vocab.json", "catalogue.json")  # the first format's files
KEEP_BEFORE = 3600.0  # seconds the index before a full build is kept for readers still on it


def _damage(ix, whoosh: Path, state: manifest.Manifest) -> str | None:
    """Why the index on disk does not match its manifest, or None."""
    if not state.records:
        return None
    generation = ix.latest_generation()
    if generation < state.generation:
        return "older than its manifest"
    if generation == state.generation:
        for name, size in state.index_files.items():
            try:
                actual = (whoosh / name).stat().st_size
            except FileNotFoundError:
                return f"{name} missing"
            if actual != size:
                return f"{name} has {actual} bytes, not {size}"
    ix.doc_count()
    return None


def _remove(path: Path) -> None:
    """Remove a file, a link or a directory tree, whichever it is (best effort)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _clear(path: Path) -> bool:
    """Make room for a regular file at `path`: remove anything else there. True if it did."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        _remove(path)
        return True
    return False


class IndexBusy(Exception):
    """Another process holds the index's write lock (raised only when not waiting)."""


class _IndexSource:
    """Lets a PaperSet look up papers in the committed index."""

    def __init__(self, searcher, catalogue: Path) -> None:
        self.searcher = searcher
        self.catalogue = catalogue

    def paper(self, field_name: str, value: str) -> Paper | None:
        stored = self.searcher.document(**{field_name: value})
        return from_stored(stored) if stored else None

    def papers_in(self, sid: str) -> list[Paper]:
        hits = self.searcher.search(wl.query.Term("snapshot", sid), limit=None)
        return [from_stored(h.fields()) for h in hits]

    def titles(self) -> dict[str, str]:
        return Catalogue.load(self.catalogue).titles()


class PaperIndex:
    """A library directory and its Whoosh index.

    The index directory holds `lock`, `current` (the name of the complete index in
    use) and one or two `index-*` directories, each a whole index: `whoosh/`,
    `manifest.json`, `vocab.json`, `catalogue.json`. An update changes the current
    one in place (a Whoosh commit, then the files beside it); a full build (the
    first, a rebuild, a damaged or outdated index) is written into a new directory
    and switched to by rewriting `current`, so a searcher in another process sees
    the last complete index until the new one is whole. The one before is removed by
    the next full build, or by an update an hour later (`KEEP_BEFORE`).
    """

    def __init__(self, library: Path, index_dir: Path) -> None:
        self.library = Path(library)
        self.dir = Path(index_dir)
        self._ix = None
        self._gen: Path | None = None  # the index directory `_ix` is in (None: none complete yet)
        self._searcher = None
        self._searched: Path | None = None  # the index directory the searcher reads
        self._vocab: Vocabulary | None = None
        self.state = manifest.Manifest()
        self._key_docs: tuple[object, dict[str, tuple[int, ...]]] = (None, {})
        self._reading: PaperSet | None = None  # the papers of a first build, while it reads

    # -- lifecycle -------------------------------------------------------------

    @property
    def _pointer(self) -> Path:
        return self.dir / "current"

    @property
    def location(self) -> Path | None:
        """The directory of the complete index in use (None: none yet)."""
        return self._gen

    def _path(self, name: str) -> Path:
        return (self._gen or self.dir / "none") / name

    @property
    def _whoosh_dir(self) -> Path:
        return self._path("whoosh")

    @property
    def _manifest_path(self) -> Path:
        return self._path("manifest.json")

    @property
    def _vocab_path(self) -> Path:
        return self._path("vocab.json")

    @property
    def _catalogue_path(self) -> Path:
        return self._path("catalogue.json")

    def _current(self) -> Path | None:
        """The complete index `current` names, or None."""
        try:
            name = self._pointer.read_text("ascii").strip()
        except (OSError, ValueError):
            return None
        path = self.dir / name
        return path if _GENERATION.fullmatch(name) and path.is_dir() else None

    @contextlib.contextmanager
    def _write_lock(self, wait: bool) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        lock = self.dir / "lock"
        healed = _clear(lock)
        with open(lock, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise IndexBusy(f"another process is updating the index in {self.dir}") from None
            try:
                yield healed
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open(self, report: UpdateReport, rebuild: bool) -> bool:
        """Open the current index for an update, or start a new one (True): none is complete,
        it is damaged or of another format, or a rebuild was asked for."""
        current = self._current()
        problem = None
        if current is None:
            if self._pointer.exists() or any((self.dir / name).exists() for name in _OLD_LAYOUT):
                problem = "index format changed or unreadable"
        else:
            state = manifest.load(current / "manifest.json", SCHEMA_VERSION)
            if state is None:
                problem = "index format changed or unreadable"
            else:
                try:
                    ix = wl.index.open_dir(str(current / "whoosh"))
                    damage = _damage(ix, current / "whoosh", state)
                except Exception as exc:  # unreadable: the index is derived data, rebuild it
                    damage = type(exc).__name__
                if damage:
                    problem = f"index damaged ({damage})"
                elif not rebuild:
                    self._ix, self._gen, self.state = ix, current, state
                    return False
        if problem:
            report.notes.append(f"{problem}: rebuilding")
        new = self.dir / f"index-{secrets.token_hex(4)}"
        (new / "whoosh").mkdir(parents=True)
        self._ix = wl.index.create_in(str(new / "whoosh"), make_schema())
        self._gen, self.state, report.rebuilt = new, manifest.Manifest(), True
        return True

    def _switch(self) -> None:
        """Make the index just built the current one; remove all but it and the one before."""
        before = self._current()
        _clear(self._pointer)
        atomic_write(self._pointer, self._gen.name + "\n")
        self._prune(keep={self._gen.name} | ({before.name} if before else set()))

    def _prune(self, keep: set[str]) -> None:
        """Remove the indexes but `keep` (a full build killed halfway, an older index), an older
        format's files and temporary files left by a killed write; nothing else (the directory
        may hold other things)."""
        for path in self.dir.iterdir():
            name = path.name
            if (
                name in _OLD_LAYOUT
                or _TEMPORARY.fullmatch(name)
                or (_GENERATION.fullmatch(name) and name not in keep)
            ):
                _remove(path)

    def _index_files(self) -> dict[str, int]:
        return {
            p.name: p.stat().st_size
            for p in self._whoosh_dir.iterdir()
            if p.is_file() and "WRITELOCK" not in p.name
        }

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._searched = None
            self._vocab = None

    def close(self) -> None:
        self._close_searcher()

    @property
    def records(self) -> dict[str, manifest.FileRecord]:
        return self.state.records

    def update(
        self, rebuild: bool = False, progress: Progress | None = None, procs: int = 1, wait: bool = True
    ) -> UpdateReport:
        """Bring the index up to date with the library directory.

        `procs` > 1 lets a full build index in that many processes (not for use
        from a process with other threads running, such as the reader). With
        `wait=False`, raise IndexBusy rather than wait for another process's update.
        """
        start = time.perf_counter()
        report = UpdateReport()
        if not self.library.is_dir():
            raise FileNotFoundError(f"library not found: {self.library}")
        with self._write_lock(wait) as healed:
            if healed:
                report.notes.append("index directory damaged (its lock was not a file): repaired")
            fresh = self._open(report, rebuild)
            if not fresh and time.time() - self._pointer.stat().st_mtime > KEEP_BEFORE:
                self._prune(keep={self._gen.name})  # readers have long moved to the current one
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
            side_files = self._vocab_path.is_file() and self._catalogue_path.is_file()
            if fresh or work or (self.records and not side_files):
                self._apply(work, report, progress, procs, fresh)
            if fresh or work or work.touched or not self._manifest_path.is_file():
                _clear(self._manifest_path)
                manifest.save(self._manifest_path, SCHEMA_VERSION, self.state)
            if fresh:
                self._switch()
        self.refresh()
        report.seconds = time.perf_counter() - start
        return report

    def _apply(
        self, work: manifest.Plan, report: UpdateReport, progress: Progress | None, procs: int, fresh: bool
    ) -> None:
        before = self._ix.latest_generation()
        with self._ix.searcher() as searcher:
            papers = PaperSet(None if fresh else _IndexSource(searcher, self._catalogue_path))
            self._reading = papers if fresh else None
            for rec in work.deleted:
                papers.remove(rec.id)
                del self.records[rec.file]
                report.deleted.append(rec.file)
            total = len(work.changed)
            for done, (path, sid, data) in enumerate(work.changed, start=1):
                old = self.records.get(path.name)
                if old is not None:
                    papers.remove(old.id)
                    if old.id != sid:
                        papers.remove(sid)
                snap = read_snapshot(path, sid) if data is None else parse_snapshot(data, path.name, sid)
                papers.add(snap)
                try:
                    st = path.stat() if data is not None else None
                except OSError:
                    st = None
                self.records[path.name] = manifest.FileRecord(
                    id=sid,
                    file=path.name,
                    size=st.st_size if st else -1,  # -1: not read, tried again next time
                    mtime_ns=st.st_mtime_ns if st else -1,
                    sha1=manifest.digest(data or b""),
                    kind=snap.kind,
                    date=snap.date,
                    papers=len(snap.entries),
                    problems=[p.to_json() for p in snap.problems],
                    skipped=[s.to_json() for s in snap.skipped],
                    furniture=snap.furniture,
                )
                (report.updated if old else report.added).append(path.name)
                if progress:
                    progress(done, total, snap)
            self._reading = None
            changed = papers.changed()
            if not fresh:
                # compound=False (as in `writer`): Whoosh 2.7 copies a compound segment's
                # postings into memory when a searcher opens it (400+ MB at 100k papers).
                w = writer.writer(self._ix)
                try:
                    for pid in papers.deleted:
                        w.delete_by_term("id", pid)
                    for paper in changed:
                        w.update_document(**to_document(paper))
                except BaseException:
                    w.cancel()
                    raise
        if fresh:  # the vocabulary and catalogue are worked out while the build processes write
            side: list[tuple[Vocabulary, Catalogue]] = []
            work_out = lambda: side.append(self._side_files(before, fresh, papers, changed))  # noqa: E731
            writer.build(self._ix, changed, to_document, procs=procs, meanwhile=work_out)
            vocab, catalogue = side[0]
        else:
            w.commit()
            vocab, catalogue = self._side_files(before, fresh, papers, changed)
        generation = self._ix.latest_generation()
        for path in (self._vocab_path, self._catalogue_path):
            _clear(path)
        vocab.save(self._vocab_path, generation)
        catalogue.save(self._catalogue_path, generation)
        self.state.generation = generation
        self.state.index_files = self._index_files()
        report.papers_written = len(changed)

    def _side_files(
        self, before: int, fresh: bool, papers: PaperSet, changed: list[Paper]
    ) -> tuple[Vocabulary, Catalogue]:
        """The vocabulary and catalogue moved on by this commit's changes.

        When they do not describe the commit before this one (an update was killed
        between its commit and theirs), they are rebuilt from every stored paper.
        """
        vocab = Vocabulary() if fresh else Vocabulary.load(self._vocab_path)
        catalogue = Catalogue() if fresh else Catalogue.load(self._catalogue_path)
        if fresh or vocab.generation == catalogue.generation == before:
            vocab.update(papers.originals.values(), (f"{p.title} {p.abstract}" for p in changed))
            catalogue.update(papers.deleted, changed)
        else:
            with self._ix.searcher() as searcher:
                everything = [from_stored(d) for d in searcher.all_stored_fields()]
            vocab, catalogue = Vocabulary(), Catalogue()
            vocab.update((), (f"{p.title} {p.abstract}" for p in everything))
            catalogue.update((), everything)
        return vocab, catalogue

    def refresh(self) -> None:
        """Make the searcher see the latest complete index (cheap when nothing changed). Where
        there is none yet (another process is building the first), an empty one is searched."""
        current = self._current()
        if current != self._gen or self._ix is None:
            self._ix, self._gen = None, current
            if current is not None:
                try:
                    self._ix = wl.index.open_dir(str(current / "whoosh"))
                except Exception:  # damaged: the next update rebuilds it
                    self._gen = None
            if self._ix is None:
                self._ix = wl.filestore.RamStorage().create_index(make_schema())
        if self._searcher is not None and self._searched != self._gen:
            self._close_searcher()
        if self._searcher is None:
            self._searcher, self._searched = self._ix.searcher(), self._gen
        else:
            fresh = self._searcher.refresh()
            if fresh is self._searcher:
                return
            self._vocab, self._searcher = None, fresh
        loaded = manifest.load(self._manifest_path, SCHEMA_VERSION) if self._gen else None
        self.state = loaded or manifest.Manifest()

    # -- reading ---------------------------------------------------------------

    @property
    def searcher(self):
        if self._searcher is None:
            self.refresh()
        return self._searcher

    def stale(self) -> bool:
        """True when a library file was added, changed or removed since the last update, or
        another process switched to a new index."""
        current = self._current()
        if current is None or current != self._gen:
            return True
        state = manifest.load(current / "manifest.json", SCHEMA_VERSION)
        if state is None or not self.library.is_dir():
            return state is None
        return bool(manifest.plan(self.library, state.records))

    def snapshot_order(self) -> dict[str, int]:
        """Snapshot ids in library (file name) order."""
        return {rec.id: i for i, rec in enumerate(sorted(self.records.values(), key=lambda r: r.file))}

    def snapshots(self) -> list[manifest.FileRecord]:
        """Every snapshot file, readable or not, in library order."""
        return sorted(self.records.values(), key=lambda r: r.file)

    def problems(self) -> list[Problem]:
        return [p for rec in self.snapshots() for p in rec.problem_list]

    def paper(self, paper_id: str) -> Paper | None:
        """The paper with this id, or the one that absorbed a paper once known by it."""
        stored = self.searcher.document(id=paper_id) or self.searcher.document(alias=paper_id)
        return from_stored(stored) if stored else None

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
        if light:
            found = Catalogue.load(self._catalogue_path).papers()
        elif snapshot is None and days is None:
            found = [from_stored(d) for d in self.searcher.all_stored_fields()]
        else:
            if snapshot is not None:
                q = wl.query.Term("snapshot", snapshot)
            else:
                q = wl.query.Or([wl.query.Term("date", d) for d in days or ()])
            found = [from_stored(h.fields()) for h in self.searcher.search(q, limit=None)]
        scope = (lambda a: a.snapshot == snapshot) if snapshot is not None else None
        if days is not None:
            dated = in_days(days)
            scope = dated if scope is None else (lambda a: a.snapshot == snapshot and dated(a))
        if scope is not None:
            found = [p for p in found if any(scope(a) for a in p.appearances)]
        return sort_papers(found, Sort(sort), self.snapshot_order(), scope)

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = Vocabulary.load(self._vocab_path)
        return self._vocab

    def search(
        self,
        text: str,
        snapshot: str | None = None,
        limit: int | None = 50,
        sort: Sort = Sort.RELEVANCE,
        only: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> SearchResult:
        """Search the papers (see `search.run_search`), in one snapshot or all of them.

        `sort` orders every match (`views.Sort`); `only` restricts the search to papers known
        by these ids (or former ids), `exclude` leaves such papers out; the counts of the
        result are exact within both.
        """
        only_docs = None if only is None else self._docs_of(only)
        mask = None if exclude is None else self._docs_of(exclude)
        order = self.snapshot_order()
        return run_search(self.searcher, self.vocabulary, text, snapshot, limit, sort, order, only_docs, mask)

    def count(
        self,
        text: str,
        snapshot: str | None = None,
        only: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> SearchResult:
        """What `search` would count, without ranking or fetching a hit (cheap: set algebra)."""
        return self.search(text, snapshot, 0, only=only, exclude=exclude)

    def _docs_of(self, keys: Iterable[str]) -> set[int]:
        """Document numbers of the papers known by these ids or former ids (memoised per searcher)."""
        searcher = self.searcher
        if self._key_docs[0] is not searcher:
            self._key_docs = (searcher, {})
        memo = self._key_docs[1]
        found: set[int] = set()
        for key in set(keys):
            if key not in memo:
                memo[key] = tuple(searcher.docs_for_query(wl.query.Term("alias", key)))
            found.update(memo[key])
        return found

    def spans(self, field_name: str, text: str, terms: Iterable[tuple[str, str]]) -> list[tuple[int, int]]:
        """Where a hit's matched `terms` occur in `text` (a stored field of the paper), as character
        spans, found with the index's own analyzer (`loss` marks `losses`)."""
        from .search.highlight import spans

        return spans(self.searcher.schema, field_name, text, terms)

    def papers_read(self) -> list[Paper]:
        """While a first build runs, from its `progress` callback: the papers read so far (merged
        across snapshots, with their abstracts); otherwise an empty list."""
        reading = self._reading
        return [p for p in reading.papers.values() if p.appearances] if reading is not None else []

    def trend(self, text: str) -> tuple[list[TrendPoint], SearchResult]:
        """Matching papers per snapshot, in library order (see `explore.trend`)."""
        return explore.trend(self.searcher, self.vocabulary, self.snapshots(), text)

    def related(self, paper_id: str, limit: int = 30) -> list[Hit]:
        """The papers most like this one across the library (see `explore.related`)."""
        return explore.related(self.searcher, paper_id, limit)

    def matching(self, text: str) -> tuple[set[str], list[str]]:
        """Ids of every paper holding all the query's words, exactly (no completion, no typo
        correction: what a follow counts), and notes (see `terms.match_ids`)."""
        return terms.match_ids(self.searcher, text)

    def key_terms(self, paper_id: str, numterms: int = 30) -> list[terms.KeyTerm]:
        """The paper's most telling terms against the library (see `terms.key_terms`)."""
        return terms.key_terms(self.searcher, paper_id, numterms)

    def score_terms(
        self,
        weights: dict[str, float],
        limit: int | None = None,
        among: set[str] | None = None,
        exclude: set[str] | frozenset[str] = frozenset(),
        explain: int = 100,
        phrases: dict[tuple[str, str], float] | None = None,
    ) -> list[Hit]:
        """Papers ranked by a weighted bag of indexed terms and two-term phrases (see
        `terms.score_terms`)."""
        return terms.score_terms(self.searcher, weights, limit, among, exclude, explain, phrases)

    def key_phrases(self, paper_id: str, among: set[str]) -> set[tuple[str, str]]:
        """Pairs of these terms standing next to each other in the paper (see `terms.key_phrases`)."""
        return terms.key_phrases(self.searcher, paper_id, among)
