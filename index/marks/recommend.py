"""Papers picked for you: a Rocchio profile of your stars (and dismissals) run as one query.

Each starred paper gives its key terms against the whole library (Whoosh's Bo1
model over its title and abstract, the heaviest term weighing 1). The profile is
their mean, minus a quarter of the mean of the dismissed papers' terms (Rocchio's
β = 1, γ = 0.25): a term common to your stars weighs most, a term of what you
dismissed counts against a paper. Two key terms side by side in at least two stars
("code generation", "mixture experts") join as phrases. The 60 heaviest positive
terms and 20 heaviest phrases run as one weighted query (BM25F over titles and
abstracts, ranked exactly: `search.scoring`), less each paper's score for the
negative terms.
Every pick says why: the words it shares with the star it is most like (the key terms of
both: what distinguishes the pair; past the first LIKE picks, the profile's words it holds),
never a word that says nothing of a subject ("real", "low", "every"), then that star.

Stars on unrelated subjects (speech and robotics) are separate interests: the stars are
grouped by the likeness of their key terms (single linkage), each group ranks on its own
profile, and the picks take turns between the groups, so no interest is drowned by a
larger one (`interests`, `interleave`).

With fewer than MIN_STARS stars there is no profile worth the name: the picks are
the most upvoted papers, and a note says so. `benchmarks/recommend.py` measures it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..papers.model import Paper
from .lookup import marked_ids

if TYPE_CHECKING:
    from ..paperindex import PaperIndex
    from ..search.results import Hit
    from .db import Marks

MIN_STARS = 3
PAPER_TERMS = 30  # key terms taken from each starred or dismissed paper
PROFILE_TERMS = 60  # terms in the positive query
PROFILE_PHRASES = 20  # two-term phrases (of at least two stars) in the positive query
PHRASE = 2.0  # a phrase's weight: this times the lesser weight of its terms (0, 1, 4 measured worse)
NEGATIVE = 0.25  # Rocchio's gamma: the weight of the dismissed papers' terms (0.5 measured worse)
EXPLAIN = 500  # with no limit (the inbox), the best this many picks say why
LIKE = 50  # the best this many picks are compared with each star on their own key terms
INTEREST = 0.05  # two stars whose key terms are at least this close (cosine) share an interest
# (measured on the corpus: speech-recognition stars 0.077-0.184 apart, against robotics 0-0.02)
# Words that say nothing of a subject, never given as a reason (Bo1 can weigh them in one abstract).
_GENERIC = (
    "real low high every wants want oriented based using use via new novel large small approach "
    "method methods model models paper propose proposed show shows results time times task tasks work "
    "data performance existing different various across learning well also without within first one "
    "two three multiple single pre non multi efficient effective simple strong better best state art "
    "level like make makes made way ways towards toward general framework system systems step steps "
    "end key"
)
GENERIC = frozenset(_GENERIC.split())


@dataclass(slots=True)
class Pick:
    """A paper with its score and why it was picked."""

    paper: Paper
    score: float
    why: str
    terms: list[str] = field(default_factory=list)  # the words it shares with the profile
    like: tuple[str, str] | None = None  # (id, title) of the starred paper it is most like

    def to_json(self) -> dict:
        like = {"id": self.like[0], "title": self.like[1]} if self.like else None
        return {
            **self.paper.to_json(),
            "score": round(self.score, 4),
            "why": self.why,
            "terms": self.terms,
            "like": like,
        }


@dataclass(slots=True)
class Recommendations:
    picks: list[Pick]
    method: str  # "profile" (likeness to the stars) or "upvotes" (too few stars)
    note: str | None = None
    profile: list[str] = field(default_factory=list)  # the profile's heaviest words


@dataclass(slots=True)
class Profile:
    """Term weights: positive from the stars, negative from the dismissals."""

    weights: dict[str, float]  # term -> Rocchio weight (below 0: counts against)
    words: dict[str, str]  # term -> a word it stands for
    starred: dict[str, tuple[str, dict[str, float]]]  # id -> (title, its own term weights)
    phrases: dict[tuple[str, str], float] = field(default_factory=dict)  # two terms side by side

    @property
    def positive(self) -> dict[str, float]:
        best = sorted(((w, t) for t, w in self.weights.items() if w > 0), reverse=True)[:PROFILE_TERMS]
        return {t: w for w, t in best}

    @property
    def negative(self) -> dict[str, float]:
        worst = sorted((w, t) for t, w in self.weights.items() if w < 0)[:PROFILE_TERMS]
        return {t: -w for w, t in worst}

    def top_words(self, count: int = 8) -> list[str]:
        """The profile's heaviest words, those of several stars first (a system's name in
        one title weighs a lot in that paper, and says little about the user)."""
        shared = {t: sum(t in own for _, own in self.starred.values()) for t in self.positive}
        ordered = sorted(self.positive, key=lambda t: (shared[t] < 2, -self.positive[t]))
        phrases = [" ".join(self.words.get(t, t) for t in p) for p in list(self.phrases)[:3]]
        return list(dict.fromkeys([*phrases, *(self.words.get(t, t) for t in ordered)]))[:count]


def build_profile(pix: PaperIndex, starred: Iterable[str], dismissed: Iterable[str] = ()) -> Profile:
    """The Rocchio profile of these papers (ids)."""
    weights: dict[str, float] = {}
    words: dict[str, str] = {}
    mine: dict[str, tuple[str, dict[str, float]]] = {}
    starred, dismissed = list(dict.fromkeys(starred)), list(dict.fromkeys(dismissed))
    phrases: dict[tuple[str, str], float] = {}
    shared: dict[tuple[str, str], int] = {}
    for ids, factor in ((starred, 1.0), (dismissed, -NEGATIVE)):
        for pid in ids:
            found = pix.key_terms(pid, PAPER_TERMS)
            own = {k.term: k.weight for k in found}
            for k in found:
                weights[k.term] = weights.get(k.term, 0.0) + factor * k.weight / len(ids)
                words.setdefault(k.term, k.word)
            if factor > 0 and found:
                paper = pix.paper(pid)
                mine[pid] = (paper.title if paper else pid, own)
                for a, b in pix.key_phrases(pid, set(own)):
                    phrases[a, b] = phrases.get((a, b), 0.0) + PHRASE * min(own[a], own[b]) / len(ids)
                    shared[a, b] = shared.get((a, b), 0) + 1
    # A phrase of one star only is often a name; phrases of several stars say what they share.
    kept = sorted((w, p) for p, w in phrases.items() if shared[p] >= min(2, len(starred)))
    return Profile(weights, words, mine, {p: w for w, p in kept[::-1][:PROFILE_PHRASES]})


def rank(
    pix: PaperIndex,
    profile: Profile,
    limit: int | None,
    exclude: set[str] | frozenset[str] = frozenset(),
    among: set[str] | None = None,
) -> list[Pick]:
    """Papers (not in `exclude`; only of `among` when given) by likeness to the profile."""
    explain = limit if limit is not None else EXPLAIN
    hits = pix.score_terms(
        profile.positive,
        limit=limit,
        among=among,
        exclude=exclude,
        explain=explain,
        phrases=profile.phrases,
        against=profile.negative,
    )
    picks = [
        _explain(profile, hit) if n < explain else Pick(hit.paper, hit.score, "")
        for n, hit in enumerate(hits)
    ]
    for pick in picks[:LIKE]:  # the star most like the pick, on their own key terms
        own = {k.term: k.weight for k in pix.key_terms(pick.paper.id, PAPER_TERMS)}
        best = max(profile.starred.items(), key=lambda kv: _cosine(own, kv[1][1]), default=None)
        if best is not None and _cosine(own, best[1][1]) > 0:
            pick.like = (best[0], best[1][0])
            star = best[1][1]  # the reason: the key terms of both, the heaviest for the pair first
            pair = sorted((t for t in own if t in star), key=lambda t: -own[t] * star[t])
            words = [w for w in (profile.words.get(t, t) for t in pair) if not _generic(w)][:4]
            pick.terms = words or pick.terms
            pick.why = _why(pick.like, pick.terms)
    return picks


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    return dot / (math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values())) or 1.0)


def _explain(profile: Profile, hit: Hit) -> Pick:
    matched = {term for name, term in hit.terms if name != "phrase" and profile.weights.get(term, 0) > 0}
    ordered = sorted(matched, key=lambda t: -profile.weights[t])
    pairs = [(t.split(" ")[0], t.split(" ")[-1]) for name, t in hit.terms if name == "phrase"]
    pairs.sort(key=lambda p: -profile.phrases.get(p, 0.0))
    said = [" ".join(profile.words.get(t, t) for t in p) for p in pairs]
    words = list(dict.fromkeys([*said, *(profile.words.get(t, t) for t in ordered)]))[:4]
    like = None
    if profile.starred and matched:  # (past the first LIKE picks): the star with most of the terms
        # Each matched term is credited to the stars in proportion to their weight for it:
        # a term of one star only decides, a term all of them share barely counts.
        totals = {t: sum(own.get(t, 0.0) for _, own in profile.starred.values()) for t in matched}
        credit = {
            pid: sum(own.get(t, 0.0) / totals[t] for t in matched if totals[t])
            for pid, (_, own) in profile.starred.items()
        }
        best = max(credit, key=lambda pid: credit[pid])
        if credit[best] > 0:
            like = (best, profile.starred[best][0])
    return Pick(hit.paper, hit.score, _why(like, words), words, like)


def _why(like: tuple[str, str] | None, words: list[str]) -> str:
    """The reason first (the words that distinguish the pair), then the star it is like."""
    words = [w for w in words if not _generic(w)]
    why = ["shares: " + ", ".join(words)] if words else []
    if like:
        why.append(f"like “{_short(like[1])}”")
    return "; ".join(why) or "close to your stars"


def _generic(word: str) -> bool:
    """A word (or phrase) that says nothing of a subject on its own."""
    parts = word.casefold().split()
    return all(p in GENERIC or len(p) < 3 or p.isdigit() for p in parts)


def interests(starred: dict[str, tuple[str, dict[str, float]]]) -> list[list[str]]:
    """The starred papers' ids grouped by subject: single linkage on the cosine of their own key
    terms (at least INTEREST), the largest group first, ties in star order. A star alike no
    other is no interest on its own: it joins the group it is closest to (with no group of two,
    every star is one group)."""
    ids = list(starred)
    group = {pid: n for n, pid in enumerate(ids)}
    for n, a in enumerate(ids):
        for b in ids[n + 1 :]:
            if group[a] != group[b] and _cosine(starred[a][1], starred[b][1]) >= INTEREST:
                old, new = group[b], group[a]
                group = {pid: new if g == old else g for pid, g in group.items()}
    out: dict[int, list[str]] = {}
    for pid in ids:
        out.setdefault(group[pid], []).append(pid)
    groups = [g for g in out.values() if len(g) > 1]
    if len(groups) < 2:
        return [ids] if ids else []
    for pid in (g[0] for g in out.values() if len(g) == 1):
        near = max(groups, key=lambda g: max(_cosine(starred[pid][1], starred[o][1]) for o in g))
        near.append(pid)
    return sorted(groups, key=len, reverse=True)


def interleave(lists: list[list[Pick]], limit: int | None) -> list[Pick]:
    """Picks taking turns between the interests' lists (each paper once), up to `limit`."""
    out: list[Pick] = []
    seen: set[str] = set()
    for turn in range(max(map(len, lists), default=0)):
        for picks in lists:
            if turn < len(picks) and picks[turn].paper.id not in seen:
                seen.add(picks[turn].paper.id)
                out.append(picks[turn])
    return out if limit is None else out[:limit]


def _short(title: str, width: int = 60) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def votes_text(paper: Paper) -> str:
    """ "1 upvote", "12 upvotes", or "no upvotes known"."""
    n = upvotes(paper)
    return f"{n} upvote{'s' if n != 1 else ''}" if n else "no upvotes known"


def upvotes(paper: Paper) -> int:
    """The most upvotes a paper had in any snapshot (0 when unknown)."""
    return max((a.upvotes or 0 for a in paper.appearances), default=0)


def by_upvotes(
    pix: PaperIndex,
    limit: int | None,
    exclude: set[str] | frozenset[str] = frozenset(),
    among: set[str] | None = None,
) -> list[Pick]:
    """The most upvoted papers (not in `exclude`; of `among` when given), ties in library order."""
    light = [p for p in pix.papers(light=True) if p.id not in exclude and (among is None or p.id in among)]
    light.sort(key=lambda p: -upvotes(p))
    picks = []
    for p in light if limit is None else light[:limit]:
        paper = pix.paper(p.id) or p
        picks.append(Pick(paper, float(upvotes(p)), votes_text(p)))
    return picks


def recommend(pix: PaperIndex, marks: Marks, limit: int = 20) -> Recommendations:
    """Papers you have not starred, read or dismissed, by likeness to your stars."""
    ids = marked_ids(pix, marks)
    exclude = ids["starred"] | ids["read"] | ids["dismissed"]
    stars = len(ids["starred"])
    if stars < MIN_STARS:
        note = (
            f"{stars} starred paper{'s' if stars != 1 else ''}: star at least {MIN_STARS} for picks "
            "made for you; these are the most upvoted papers you have not seen"
        )
        return Recommendations(by_upvotes(pix, limit, exclude), "upvotes", note)
    profile = build_profile(pix, ids["starred"], ids["dismissed"])
    groups = interests(profile.starred)
    if len(groups) < 2:
        return Recommendations(rank(pix, profile, limit, exclude), "profile", profile=profile.top_words())
    lists = [rank(pix, build_profile(pix, group, ids["dismissed"]), limit, exclude) for group in groups]
    return Recommendations(interleave(lists, limit), "profile", profile=profile.top_words())


def blend(picks: Iterable[Pick], share: float = 0.3) -> dict[str, float]:
    """Paper id -> likeness (scaled to the best) blended with upvotes (log-scaled to the most
    upvoted), `share` being the upvotes' part: how the inbox orders what is new."""
    picks = list(picks)
    top = max((p.score for p in picks), default=0.0)
    most = max((upvotes(p.paper) for p in picks), default=0)
    out = {}
    for p in picks:
        like = p.score / top if top > 0 else 0.0
        votes = math.log1p(upvotes(p.paper)) / math.log1p(most) if most else 0.0
        out[p.paper.id] = (1 - share) * like + share * votes if top > 0 else votes
    return out
