"""The update pipeline: a library's files read into papers, written into the index as one
commit (or a whole new generation), the side files and the manifest after it.

`Pipeline.run` takes the index directory's exclusive lock (`store.generations`), so two
processes never write at once: the second waits, then finds nothing left to do. It compares
the library with the manifest (one `stat` per file), re-reads only what changed, writes one
commit (`search.backend`), then the vocabulary and catalogue stamped with that commit's
generation, then the manifest. A first build (or a rebuild, a damaged or outdated index)
writes a new `index-*` generation and switches `current` to it when whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..fulltext import indexed
from ..fulltext.cache import FullTextCache
from ..papers.model import Paper
from ..papers.snapshot import Snapshot
from ..reading.files import parse_snapshot, read_snapshot
from ..search.backend import WhooshBackend
from ..search.spelling import Vocabulary
from ..store import manifest, sidefiles
from ..store.catalogue import Catalogue
from ..store.generations import IndexDir, clear
from ..store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from ..papers.paperset import PaperSet

Progress = Callable[[int, int, Snapshot], None]  # (done, total, the snapshot just read)


@dataclass(slots=True)
class UpdateReport:
    """What an update did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unreadable_before: list[str] = field(default_factory=list)  # of those two, no snapshot before
    papers_written: int = 0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


class Pipeline:
    """Brings one library's index up to date. `state` is the manifest of the index in use (the
    facade sets it when it sees another commit); `reading` the papers of a first build while
    it reads them (`PaperIndex.papers_read`)."""

    def __init__(self, library: Path, home: IndexDir) -> None:
        self.library = library
        self.home = home
        self.fulltext: FullTextCache | None = None  # the full texts kept: indexed with their papers
        self.state = manifest.Manifest()
        self.reading: PaperSet | None = None

    @property
    def records(self) -> dict[str, manifest.FileRecord]:
        return self.state.records

    def run(
        self,
        report: UpdateReport,
        rebuild: bool,
        progress: Progress | None,
        procs: int,
        wait: bool,
        browse: bool,
    ) -> tuple[WhooshBackend, Path, bool]:
        """One update under the index directory's lock (see `PaperIndex.update`): the backend it
        wrote, its generation, and whether it is a new one (a full build, switched to)."""
        with self.home.lock(wait) as healed:
            if healed:
                report.notes.append("index directory damaged (its lock was not a file): repaired")
            backend, gen, fresh = self._open_index(report, rebuild)
            if not fresh:
                self.home.prune_if_old(gen)
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
            else:
                manifest.stamp_again(gen / "manifest.json", self.state)
            if fresh:
                self.home.switch(gen)
        return backend, gen, fresh

    def _open_index(self, report: UpdateReport, rebuild: bool) -> tuple[WhooshBackend, Path, bool]:
        """The current index opened for an update (its backend and generation), or a new one
        (True): none is complete, it is damaged or of another format, or a rebuild was asked for."""
        current = self.home.current()
        problem = None
        if current is None:
            if self.home.damaged_layout():
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
        new = self.home.new_generation()
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
        from ..papers.paperset import PaperSet  # here: searching an unchanged library needs none

        before = backend.generation
        titles = lambda: Catalogue.load(gen / "catalogue.json").titles()  # noqa: E731
        with backend.committed(titles) as committed:
            papers = PaperSet(None if fresh else committed)
            self.reading = papers if fresh else None
            watched = fresh and browse
            if watched:
                self._read_newest_first(papers, work, report, progress)
            for rec in work.deleted:
                papers.remove(rec.id)
                del self.records[rec.file]
                report.deleted.append(rec.file)
                if any(p.fatal for p in rec.problem_list):
                    report.unreadable_before.append(rec.file)
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
                if old and any(p.fatal for p in old.problem_list):
                    report.unreadable_before.append(path.name)
                if progress:
                    progress(done, len(work.changed), snap)
            self.reading = None
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
        self.stamp(backend, gen, vocab, catalogue)
        report.papers_written = len(changed)

    def stamp(self, backend: WhooshBackend, gen: Path, vocab: Vocabulary, catalogue: Catalogue) -> None:
        """The side files and the manifest's account of the index, for the commit just made."""
        self.state.generation = generation = backend.generation
        for path, side in ((gen / "vocab.json", vocab), (gen / "catalogue.json", catalogue)):
            clear(path)
            side.save(path, generation)
        files = [p for p in (gen / "whoosh").iterdir() if p.is_file() and "WRITELOCK" not in p.name]
        self.state.index_files = {p.name: p.stat().st_size for p in files}

    def _read_newest_first(
        self, papers: PaperSet, work: manifest.Plan, report: UpdateReport, progress: Progress | None
    ) -> None:
        """A first build browsed (the reader shows it while it reads): the files read newest
        first, so the newest day is there from the first `progress`, into a set of their own
        that `papers_read` shows; then merged into `papers` oldest first, as always (a paper
        seen in several days keeps what its newest says), so the index is the same."""
        preview = type(papers)()
        self.reading = preview
        read = []
        for done, (path, sid, data) in enumerate(reversed(work.changed), start=1):
            snap = read_snapshot(path, sid) if data is None else parse_snapshot(data, path.name, sid)
            preview.add(snap)
            self.records[path.name] = manifest.FileRecord.of(path, data, snap)
            read.append(snap)
            if progress:
                progress(done, len(work.changed), snap)
        self.reading = None
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
