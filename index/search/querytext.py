"""Query strings: validate Whoosh syntax before parsing, fall back to plain words.

Whoosh's parser never refuses a query; it silently reinterprets broken syntax
(a lone `title:` becomes the word "title"). We check the syntax first, so the
user is told when the query was not understood.
"""

from __future__ import annotations

import re

from .queryfields import ALL_FIELDS, value_error
from .queryfields import FIELDS as KNOWN

FIELDS = ALL_FIELDS  # with their aliases
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_BINARY = OPERATORS - {"NOT"}
_FIELD = re.compile(r"(?<![\w\"])(\w+):")
_FIELD_NAME = re.compile(r"(?<![\w\"])\w+:(?=[^\s:])")
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
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
