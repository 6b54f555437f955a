"""`capture --full-text`: the full texts of the papers you care about, fetched once the days are
captured and indexed — your stars (the latest starred first), then the papers of your follows
first seen in the days captured (newest first) — each indexed as it arrives (`add_full_text`).

Politely: one `Fetcher` for them all, so its pause (`--wait`) separates every two requests, a
429 waits as long as the server's `Retry-After` asks, and at most `limit` are fetched a run (the
rest are counted, for the next run). Resumable: a full text kept in the cache is never fetched
again (it is kept once indexed), so a run killed at any point goes on where it stopped; a paper
the site has no Markdown of is noted (`FullTextCache.note_missing`), not asked for for a week.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..fulltext.render import parse
from ..marks.inbox import CatchUp
from ..marks.lookup import marked_papers
from ..text import strip_controls
from .fetch import Fetcher, FetchError
from .fulltext import NoFullText, full_text

if TYPE_CHECKING:
    from ..marks.db import Marks
    from ..paperindex import PaperIndex
    from ..papers.model import Paper


@dataclass
class Prefetch:
    """What a run did: the arXiv ids fetched (and indexed), and of the others, how many."""

    fetched: list[str] = field(default_factory=list)
    kept: int = 0  # in the cache already
    missing: int = 0  # the site has none (now, or less than a week ago)
    failed: int = 0  # not fetched (said one a line)
    left: int = 0  # over the limit, or after the server asked to stop: the next run's
    stopped: str = ""  # why the run stopped early

    def summary(self) -> str:
        parts = [f"{len(self.fetched)} fetched and indexed", f"{self.kept} kept already"]
        parts += [f"{self.missing} with none on the site"] if self.missing else []
        parts += [f"{self.failed} failed"] if self.failed else []
        parts += [f"{self.left} left for the next run"] if self.left else []
        return "full texts: " + ", ".join(parts)


def wanted(pix: PaperIndex, marks: Marks, since: str | None) -> list[Paper]:
    """The papers whose full text a capture fetches: the starred (the latest starred first), then
    those of each follow first seen after the day `since` (newest first); each once, with an arXiv id."""
    stars = [(p, m) for p, m in marked_papers(pix, marks.all()) if m.starred]
    found = {p.id: p for p, _ in sorted(stars, key=lambda pm: -pm[1].starred_at)}
    for count in CatchUp(pix, marks).follows(since):
        for pid in count.new:
            paper = pix.paper(pid)
            if paper is not None:
                found.setdefault(paper.id, paper)
    return [p for p in found.values() if p.arxiv_id]


def prefetch(
    pix: PaperIndex,
    papers: list[Paper],
    fetcher: Fetcher,
    limit: int,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> Prefetch:
    """Fetch and index the full texts of `papers` not kept yet, at most `limit` of them; each
    fetched is said (`say`), each failure warned (`warn`)."""
    cache, done = pix.fulltext, Prefetch()
    assert cache is not None
    kept, todo = cache.ids(), []
    for paper in papers:
        arxiv_id = paper.arxiv_id or ""
        if arxiv_id in kept:
            done.kept += 1
        elif cache.missing(arxiv_id):
            done.missing += 1
        else:
            todo.append(paper)
    for n, paper in enumerate(todo):
        if n == limit:
            done.left = len(todo) - n
            break
        arxiv_id = paper.arxiv_id or ""
        try:
            got = full_text(cache, arxiv_id, fetcher=fetcher, keep=False)
        except NoFullText:
            cache.note_missing(arxiv_id)
            done.missing += 1
            continue
        except FetchError as exc:
            if exc.stop:  # (the server asks for a long pause): the rest next time
                done.stopped, done.left = str(exc), len(todo) - n
                warn(f"{exc}\nstopped: run the capture again to fetch the rest")
                break
            done.failed += 1
            warn(f"full text of {arxiv_id}: {exc}; skipped")
            continue
        doc = parse(got.markdown)
        pix.add_full_text(paper.id, doc.body())  # indexed, then kept: killed in between, fetched again

        got.keep(doc)
        done.fetched.append(arxiv_id)
        size = f"{len(got.markdown) // 1024} KB, {len(doc.sections)} sections"
        say(f"full text {arxiv_id} ({size}): {strip_controls(paper.title)}")
    return done
