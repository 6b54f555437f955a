"""Merging snapshots into papers: one paper per identity, whatever snapshot it came from."""

from __future__ import annotations

from typing import Protocol

from .dedupe import TitleMatcher, same_abstract
from .identity import is_title_id, title_id
from .model import Appearance, Paper
from .snapshot import Entry, Snapshot


class PaperSource(Protocol):
    """Where a PaperSet finds papers it does not hold yet (the index, for updates)."""

    def paper(self, field: str, value: str) -> Paper | None: ...

    def papers_in(self, sid: str) -> list[Paper]: ...

    def titles(self) -> dict[str, str]: ...


class PaperSet:
    """Papers keyed by identity: the arXiv id when known, else the title.

    An entry is the paper with its arXiv id; else the paper known by its exact
    normalised title (an alias); else a near-duplicate (close title, agreeing
    abstract: see `dedupe`). Ids a paper was known by before stay as aliases, so
    marks keyed by them still find it. With a `source`, papers not yet in the
    set are looked up there, so an incremental update only touches what it changes.
    """

    def __init__(self, source: PaperSource | None = None) -> None:
        self.papers: dict[str, Paper] = {}
        self.by_alias: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        self.originals: dict[str, str] = {}  # text of papers as the source had them
        self._source = source
        self._all: TitleMatcher | None = None  # built on the first near-duplicate lookup
        self._title_only = TitleMatcher()  # papers with no arXiv id (kept up to date from the start)
        self._title_only_loaded = self._source is None
        self._titles: dict[str, str] | None = None

    def get(self, field: str, value: str) -> Paper | None:
        pid = value if field == "id" else self.by_alias.get(value)
        if pid in self.papers:
            return self.papers[pid]
        if pid in self.deleted or self._source is None:
            return None
        found = self._source.paper(field, value)
        if found is not None and found.id not in self.deleted and found.id not in self.papers:
            self._keep(found)
            return found
        return None

    def _keep(self, paper: Paper) -> None:
        self.originals.setdefault(paper.id, f"{paper.title} {paper.abstract}")
        self.papers[paper.id] = paper
        for alias in (paper.id, *paper.aliases):
            self.by_alias.setdefault(alias, paper.id)
        self._track(paper)

    def _track(self, paper: Paper) -> None:
        if self._all is not None:
            self._all.add(paper.id, paper.title)
        if paper.arxiv_id is None:
            self._title_only.add(paper.id, paper.title)

    def _untrack(self, pid: str) -> None:
        if self._all is not None:
            self._all.discard(pid)
        self._title_only.discard(pid)

    def _source_titles(self) -> dict[str, str]:
        if self._titles is None:
            self._titles = self._source.titles() if self._source else {}
        return self._titles

    def _load_titles(self, title_only: bool) -> None:
        """Fill a title matcher from the source, once, before its first near-duplicate lookup.

        An arXiv entry is matched against title-only papers alone, so adding an API day
        file never computes keys for the whole library's titles.
        """
        if title_only and not self._title_only_loaded:
            self._title_only_loaded = True
            for pid, title in self._source_titles().items():
                if is_title_id(pid) and pid not in self.deleted and pid not in self.papers:
                    self._title_only.add(pid, title)
        if not title_only and self._all is None:
            self._load_titles(title_only=True)
            self._all = TitleMatcher()
            for pid, title in self._source_titles().items():
                if pid not in self.deleted and pid not in self.papers:
                    self._all.add(pid, title)
            for paper in self.papers.values():
                self._track(paper)

    def _near(self, e: Entry) -> Paper | None:
        """The paper this entry is a near-duplicate of (for an arXiv entry: title-only papers)."""
        self._load_titles(title_only=e.arxiv_id is not None)
        matcher = self._title_only if e.arxiv_id else self._all
        assert matcher is not None  # loaded just above
        for pid in matcher.candidates(e.title):
            paper = self.get("id", pid)
            if paper is not None and paper.appearances and same_abstract(paper.abstract, e.abstract):
                return paper
        return None

    def _rename(self, paper: Paper, new_id: str) -> None:
        """A paper known by its title only so far is from now on known by its arXiv id."""
        self.papers.pop(paper.id, None)
        self.deleted.add(paper.id)
        self._untrack(paper.id)
        paper.aliases = sorted({*paper.aliases, paper.id} - {new_id})
        paper.id = new_id

    def add(self, snap: Snapshot) -> list[str]:
        """Add a snapshot's entries; return the paper ids in page order."""
        ids = []
        for e in snap.entries:
            tid = title_id(e.title)
            paper = self.get("id", e.arxiv_id) if e.arxiv_id else None
            if paper is None:
                paper = self.get("alias", tid)
                if paper is not None and e.arxiv_id and paper.arxiv_id not in (None, e.arxiv_id):
                    paper = None  # one title, two arXiv ids: two papers
            if paper is None:
                paper = self._near(e)
            if paper is None:
                paper = Paper(e.arxiv_id or tid, e.title, e.abstract)
            elif e.arxiv_id and paper.arxiv_id is None:
                self._rename(paper, e.arxiv_id)
            if e.arxiv_id:
                paper.arxiv_id = e.arxiv_id
                paper.title = e.title
                paper.abstract = e.abstract or paper.abstract
                paper.authors = e.authors or paper.authors
            elif not paper.abstract:
                paper.abstract = e.abstract
            if tid != paper.id and tid not in paper.aliases:
                paper.aliases = sorted({*paper.aliases, tid})
            paper.appearances = [a for a in paper.appearances if a.snapshot != snap.id]
            paper.appearances.append(Appearance(snap.id, snap.date, e.position, e.upvotes, e.signals))
            paper.appearances.sort(key=lambda a: a.snapshot)
            self.deleted.discard(paper.id)
            self.papers[paper.id] = paper
            for alias in (paper.id, *paper.aliases):
                self.by_alias[alias] = paper.id
            self._track(paper)
            self.dirty.add(paper.id)
            ids.append(paper.id)
        return ids

    def remove(self, sid: str) -> None:
        """Take a snapshot's appearances away; papers left with none are deleted."""
        found = self._source.papers_in(sid) if self._source else []
        for paper in found:
            if paper.id not in self.papers and paper.id not in self.deleted:
                self._keep(paper)
        for paper in list(self.papers.values()):
            if not any(a.snapshot == sid for a in paper.appearances):
                continue
            paper.appearances = [a for a in paper.appearances if a.snapshot != sid]
            self.dirty.add(paper.id)
            if not paper.appearances:
                self.deleted.add(paper.id)
                self._untrack(paper.id)

    def changed(self) -> list[Paper]:
        """Papers to (re)write: dirty ones that still appear somewhere."""
        return [self.papers[p] for p in sorted(self.dirty - self.deleted) if p in self.papers]


def merge(snapshots: list[Snapshot]) -> list[Paper]:
    """All papers of these snapshots, one per identity, in first-appearance order."""
    papers = PaperSet()
    for snap in snapshots:
        papers.add(snap)
    return [p for p in papers.papers.values() if p.appearances]
