"""The catalogue: every paper's title and appearances, for browsing in page order.

Kept in `catalogue.json` beside the index and updated with each commit, so the
reader can list 100,000 papers without reading every stored abstract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..papers.model import Appearance, Paper
from ..papers.signals import Repo, Signals
from ..papers.views import Sort, sort_papers
from .sidefiles import Stamped, no_collection


class Catalogue(Stamped):
    """Paper id → [title, appearances, aliases]. An appearance is [snapshot, date, position,
    upvotes], and for an API snapshot [GitHub URL, stars, comments]: what a list row shows and
    sorts by (the other signals come with the whole paper)."""

    def update(self, deleted: Iterable[str], changed: Iterable[Paper]) -> None:
        for pid in deleted:
            self.data.pop(pid, None)
        for p in changed:
            apps = [_row(a) for a in p.appearances]
            self.data[p.id] = [p.title, apps, p.aliases]

    def papers(self) -> list[Paper]:
        """Light papers: id, title and appearances, with only code, stars and comments of the
        signals (no abstract, authors, TL;DR, keywords or organisation: fetch them when shown)."""
        with no_collection():
            return [
                Paper(pid, title, "", appearances=[_appearance(*a) for a in apps], aliases=aliases)
                for pid, (title, apps, aliases) in self.data.items()
            ]

    def titles(self) -> dict[str, str]:
        return {pid: entry[0] for pid, entry in self.data.items()}


class Shelf:
    """The catalogue's light papers, loaded once a version of the file (the reader's list, the
    catch-up and the picks each ask for them: two copies of 98,770 papers were about 100 MB),
    and in page order, sorted once a version of the file and of the library's order (30-70 ms a
    sort at 9,877 papers, before the reader's first keystroke is served). A new list each time;
    the papers are shared, never changed."""

    def __init__(self) -> None:
        self._loaded: tuple[tuple[int, int], list[Paper]] | None = None  # (the file's stat, papers)
        self._page: tuple[tuple[str, ...], list[Paper], list[Paper]] | None = None  # (order, of, sorted)

    def papers(self, path: Path) -> list[Paper]:
        return list(self._load(path))

    def page_order(self, path: Path, order: Mapping[str, int]) -> list[Paper]:
        """The papers sorted by `views.Sort.PAGE` in this library order (snapshot id → place)."""
        papers, key = self._load(path), tuple(order)
        if self._page is None or self._page[0] != key or self._page[1] is not papers:
            self._page = (key, papers, sort_papers(papers, Sort.PAGE, order))
        return list(self._page[2])

    def _load(self, path: Path) -> list[Paper]:
        try:
            st = path.stat()
            key = (st.st_mtime_ns, st.st_size)
        except OSError:
            key = (0, 0)
        if self._loaded is None or self._loaded[0] != key:
            self._loaded = (key, Catalogue.load(path).papers())
        return self._loaded[1]


def _row(a: Appearance) -> list:
    row = [a.snapshot, a.date, a.position, a.upvotes]
    s = a.signals
    if s is None:
        return row
    return [*row, [s.github.url, s.github.stars, s.comments] if s.github else [None, None, s.comments]]


_NO_CODE: dict[int | None, Signals] = {}  # comment count -> the light signals of a paper without code


def _appearance(snapshot, date, position, upvotes, light=None) -> Appearance:
    if light is None:
        return Appearance(snapshot, date, position, upvotes)
    url, stars, comments = light
    if url:
        signals = Signals(github=Repo(url, stars), comments=comments)
    else:  # most papers: one shared object per comment count
        signals = _NO_CODE.get(comments) or _NO_CODE.setdefault(comments, Signals(comments=comments))
    return Appearance(snapshot, date, position, upvotes, signals)
