"""Query strings: validate Whoosh syntax before parsing, fall back to plain words.

Whoosh's parser never refuses a query; it silently reinterprets broken syntax
(a lone `title:` becomes the word "title"). We check the syntax first, so the
user is told when the query was not understood.
"""

from __future__ import annotations

import re

from ..text import WORDS
from .queryfields import ALL_FIELDS, value_error
from .queryfields import FIELDS as KNOWN

FIELDS = ALL_FIELDS  # with their aliases
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_BINARY = OPERATORS - {"NOT"}
_FIELD = re.compile(r"(?<![\w\"])(\w+):")
_FIELD_NAME = re.compile(r"(?<![\w\"])\w+:(?=[^\s:])")
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_INDEXED = re.compile(WORDS)  # a word as the index reads it
_LAST_WORD = re.compile(r"(?:(?<=^)|(?<=[\s(]))((?:\w+:)?)([^\W_][\w'-]*)$")
_SYNTAX = re.compile(r"[\"():*?~^\[\]{}]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


def syntax_error(text: str) -> str | None:
    """Why `text` is not a valid query, or None when it is."""
    if text.count('"') % 2:
        return "unbalanced quote"
    for opening, closing, name in (("(", ")", "parenthesis"), ("[", "]", "bracket"), ("{", "}", "brace")):
        depth = 0
        for char in _outside_quotes(text):
            depth += (char == opening) - (char == closing)
            if depth < 0:
                return f"unbalanced {name}"
        if depth:
            return f"unbalanced {name}"
    for match in _FIELD.finditer(_blank_quotes(text)):
        name = match.group(1)
        if name not in FIELDS:
            return f"unknown field '{name}:' (fields: {', '.join(KNOWN)})"
        rest = text[match.end() :]
        if not rest or rest[0].isspace() or rest[0] == ")":
            return f"'{name}:' with nothing after it"
        problem = value_error(name, rest)
        if problem:
            return problem
    tokens = _blank_quotes(text).replace("(", " ").replace(")", " ").split()
    for i, token in enumerate(tokens):
        if token not in OPERATORS:
            continue
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            after is None
            or after in OPERATORS
            or (token in _BINARY and (before is None or before in OPERATORS))
        ):
            return f"stray operator '{token}'"
    return None


def _blank_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', lambda m: '"' + " " * (len(m.group()) - 2) + '"', text)


def _outside_quotes(text: str) -> str:
    return _blank_quotes(text)


def is_plain(text: str) -> bool:
    """True when the query is just words (no operators, fields, phrases or wildcards)."""
    return not _SYNTAX.search(text)


def plain_words(text: str) -> list[str]:
    """The words of a query, with every piece of syntax dropped (field names too: `venue:x`
    gives `x`; `Qwen2: a report`, a colon then a space, keeps `Qwen2`)."""
    text = _FIELD_NAME.sub(" ", text)
    return [w for w in _WORD.findall(text.replace(":", " ")) if w not in OPERATORS]


def last_word(text: str) -> tuple[str, str, str] | None:
    """(head, field prefix, word) when the query ends in a bare word being typed."""
    if not text or text[-1].isspace() or text.count('"') % 2:
        return None
    match = _LAST_WORD.search(text)
    if not match or match.group(2) in OPERATORS:
        return None
    return text[: match.start()], match.group(1), match.group(2)


# -- how a query is read: as words, unless it clearly uses the syntax --------------------------

EXPLICIT = "="  # a query starting with this is read as query syntax, whatever it holds
_VALUE = r"(?:\"[^\"]*\"|\([^()]*\)|[\[{][^\]}]*[\]}]|[^\s()\"]+)"
_FIELD_CLAUSE = re.compile(rf"(?<![\w\"])(\w+):(?=[^\s:]){_VALUE}")
_CLEAR = {
    "a phrase": re.compile(r'(?<![\w"])"[^"\s][^"]*"(?:~\d+)?(?![\w"])'),
    "a wildcard": re.compile(r"\w{2,}\*(?=[\s)]|$)|\w\*\w"),
    "a fuzzy term": re.compile(r"(?<=\w)~\d*(?=[\s)]|$)"),
    "an operator": re.compile(r"(?:^|(?<=[\s(]))(?:AND|OR|NOT|ANDNOT|ANDMAYBE)(?=[\s(])"),
}
# A pasted sentence or title: more than a few words, or sentence punctuation.
_SENTENCE = re.compile(r"[,;!]\s|[?.!]\s*$|[?.!:]\s")
_SENTENCE_WORDS = 6
_LOOKS_LIKE = re.compile(r"[?*\"()~^\[\]{}]|\b(?:AND|OR|NOT)\b")
# `field:value` in a short query, a known field with a value it cannot take: a field meant.
_FIELD_SHAPED = re.compile(r"(?<![\w\"/])(\w+):(?=[^\s/])")


class Reading:
    """How a query is read: `text` is what is searched; `syntax` names the syntax it uses
    (empty: read as plain words); `literal` the characters that would be syntax elsewhere but
    were read as text."""

    __slots__ = ("literal", "syntax", "text")

    def __init__(self, text: str, syntax: tuple[str, ...] = (), literal: str = "") -> None:
        self.text, self.syntax, self.literal = text, syntax, literal

    def note(self) -> str | None:
        if self.syntax == ("explicit",):
            return None  # (asked for: the `=` says so where the query is shown)
        if any(not part.startswith("fields ") for part in self.syntax):  # what text could have meant
            return f"read as query syntax ({', '.join(self.syntax)})"
        # A field with a value (`org:nvidia`) is never anything else: no note (`syntax` says it).
        if self.literal:
            return f"read as words: {self.literal} taken as text (start with {EXPLICIT} for query syntax)"
        return None


def read_query(text: str) -> Reading:
    """Read a query as its words unless it clearly uses the syntax.

    - `=` first: the rest is query syntax, all of it (wildcards `?` `*`, operators, fields...).
    - A known field with a value (`author:"Jane Doe"`, `upvotes:>=50`, `date:2026-08`) is always
      syntax; in a pasted sentence only the fields are, the rest is words.
    - A short query (no sentence punctuation, at most six words) may use a quoted phrase, a
      wildcard at the end of a word (`agent*`), a fuzzy term (`agnet~`) and AND/OR/NOT.
    - Anything else is text: `?`, parentheses, quotes, `:` after a word that is not a field,
      `-`, `^`, and AND/OR/NOT in a pasted title or sentence.
    """
    stripped = text.strip()
    if stripped.startswith(EXPLICIT):
        return Reading(stripped[len(EXPLICIT) :].strip(), ("explicit",))
    blank = _blank_quotes(text)
    fields = [m for m in _FIELD_CLAUSE.finditer(text) if m.group(1) in FIELDS and blank[m.start()] != '"']
    rest = _FIELD_CLAUSE.sub(lambda m: " " if m.group(1) in FIELDS else m.group(), text)
    sentence = len(literal_words(rest)) > _SENTENCE_WORDS or bool(_SENTENCE.search(rest))
    valid = not syntax_error(text)
    if not valid and not sentence and any(m.group(1) in FIELDS for m in _FIELD_SHAPED.finditer(text)):
        # A field meant (`upvotes:>=many`, `date:yesterday`): searched for its words, and the
        # search says what could not be read (`could not parse the query (...)`).
        return Reading(text, ("fields meant",))
    names = ", ".join(dict.fromkeys(m.group(1) + ":" for m in fields))
    used = [f"fields {names}"] if fields and valid else []
    if valid and not sentence:
        used += [name for name, pattern in _CLEAR.items() if pattern.search(rest)]
        if used:
            return Reading(text.replace("?", " "), tuple(used))
    if used:  # a sentence with fields: the fields, and the rest as words
        kept = " ".join(m.group() for m in fields)
        return Reading(f"{kept} {' '.join(literal_words(rest))}".strip(), tuple(used))
    shown = " ".join(f"'{c}'" for c in dict.fromkeys(m.group() for m in _LOOKS_LIKE.finditer(text)))
    return Reading(" ".join(literal_words(text)), (), shown)


def literal_words(text: str) -> list[str]:
    """Every word of `text` as text, split as the index splits words (`judge-then-generate` is
    three words, `venue:x` two); an operator is a word, lowercased."""
    return [w.lower() if w in OPERATORS else w for w in _INDEXED.findall(text)]
