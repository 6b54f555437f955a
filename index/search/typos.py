"""Typos and completions: the last word of a query being typed completed as a prefix, and the
words of a query in no paper (or in a paper or two, near a far commoner word) searched as their
likely corrections; a word like no other left out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..store import whooshlib as wl
from ..store.schema import SEARCHED
from .querytext import FIELDS, OPERATORS, last_word, plain_words
from .spelling import Vocabulary

RARE = 20  # a typed whole word is not completed to words this many times rarer than itself
COMPLETION_BOOST = 0.25  # the weight of a whole word's completions (`environment`: `environmental`)
TYPO_PAPERS = 2  # a word in at most this many papers may be a typo ...
TYPO_RATIO = 50  # ... of a word in this many times more papers, an edit or two away


def complete_last_word(vocab: Vocabulary, text: str) -> str:
    """The query with its last word, being typed, also completed to the library's commonest words
    that start with it (`grokk` -> `(grokk OR grokking)`); a word already whole only to words at
    most RARE times rarer than itself, and at a reduced weight, so that the word typed ranks
    first (`environment` -> `(environment OR environments^0.25 OR environmental^0.25)`)."""
    parts = last_word(text)
    if not parts:
        return text
    head, prefix, word = parts
    if prefix.rstrip(":") not in ("", *SEARCHED) or len(word) < 2 or word.lower() in wl.analysis.STOP_WORDS:
        return text
    # Short prefixes match most of the library: complete them to their commonest words only.
    limit = {2: 3, 3: 6}.get(len(word), 12)
    typed = word.lower()
    words = [w for w in vocab.completions(word, limit=limit) if w != typed]
    own = vocab.freq.get(typed, 0)
    if own:  # a whole word already: only completions common enough to change the ranking
        words = [f"{w}^{COMPLETION_BOOST}" for w in words if vocab.freq[w] * RARE >= own]
    if not words:
        return text
    return f"{head}{prefix}({' OR '.join([word, *words])})"


def known(searcher, word: str) -> bool:
    """True when a paper holds the word (in a title, an abstract or an author's name), or it is
    a stopword."""
    reader = searcher.reader()
    if reader.doc_frequency("author", word.lower()):
        return True
    for name in SEARCHED:
        for term in searcher.schema[name].process_text(word, mode="query"):
            if reader.doc_frequency(name, term):
                return True
            break
        else:
            return True  # a stop word: nothing to correct
    return False


def correct(searcher, vocab: Vocabulary, text: str, complete: bool) -> Fix | None:
    """The query with its typos (words in no paper, or in a paper or two with a far commoner
    word an edit or two away) also searched as their likely corrections, weighted by their
    likelihood; and the suggestion (each typo replaced by its likeliest correction)."""
    search, suggest = text, text
    unknown: list[str] = []
    dropped: list[str] = []
    kept = text
    typed = last_word(text) if complete else None
    reader = searcher.reader()
    for word in dict.fromkeys(plain_words(text)):
        if word.lower() in FIELDS or reader.doc_frequency("author", word.lower()):
            continue  # (a part of an author's name is never corrected: `Khanna`)
        known_word = known(searcher, word)
        own = vocab.freq.get(word.lower(), 0)
        if known_word and (own > TYPO_PAPERS or any(c.isdigit() for c in word)):
            continue  # (a rare word with a digit is a name: `qwen2.5vl`)
        longer = [w for w in vocab.completions(word, limit=2) if w != word.lower()]
        if typed and word == typed[2] and longer:
            continue  # still being typed, and it completes to a known word
        pattern = re.compile(rf"(?<![\w'-]){re.escape(word)}(?![\w'-])")
        glued = [] if known_word else vocab.glued(word)
        if glued:  # in papers, glued to a number: `droplet` is in `Droplet3D`
            group = f"({' OR '.join([word, *glued])})"
            search = pattern.sub(lambda _: group, search)  # noqa: B023 (used at once)
            continue
        # Never an operator or a field name: `org` is not corrected to `or`.
        near = [
            (w, like)
            for w, like in vocab.weighted_corrections(word)
            if w.upper() not in OPERATORS
            and w not in FIELDS
            and not (known_word and (w in word.lower() or word.lower() in w))  # `in-validation`: a word
        ]
        if not near and not known_word and not (typed and word == typed[2]):
            search, kept = pattern.sub(" ", search), pattern.sub(" ", kept)  # like no word: left out
            suggest = pattern.sub(" ", suggest)
            dropped.append(word)
            continue
        if not near or (known_word and vocab.freq[near[0][0]] < TYPO_RATIO * max(own, 1)):
            continue
        best = near[0][0]
        alternatives = [word, *(w if like == 1.0 else f"{w}^{like:.2g}" for w, like in near)]
        if typed and word == typed[2]:  # the last word: its correction completed, as if typed
            alternatives[1] = complete_last_word(vocab, best)
        group = f"({' OR '.join(alternatives)})"
        search = pattern.sub(lambda _: group, search)  # noqa: B023 (used at once)
        suggest = pattern.sub(lambda _: best, suggest)  # noqa: B023
        if not known_word:
            unknown.append(word)
    if dropped:
        search, suggest, kept = (" ".join(t.split()) for t in (search, suggest, kept))
    return Fix(search, suggest, unknown, dropped, kept) if search != text else None


@dataclass(slots=True)
class Fix:
    search: str  # the query with each typo ORed with its corrections
    suggestion: str  # each typo replaced by its likeliest correction (the text: none corrected)
    unknown: list[str]  # the typos in no paper (the others are in a paper or two)
    dropped: list[str] = field(default_factory=list)  # words in no paper and like none: left out
    kept: str = ""  # the query without them
