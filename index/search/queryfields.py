"""The query fields beyond title and abstract: their names and aliases, checks of their
values, what Whoosh's parser needs added (comparisons, months and weeks in `date:`), and
queries built safely from a paper's values ("more by this author", "from this organisation").

No Whoosh at import time: `Parser` loads it when first made.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

from ..papers.views import week_days
from ..store.schema import SEARCHED, TEXT_FIELDS
from ..text import WORDS

NUMERIC = ("upvotes", "stars", "comments")
HAS = ("code", "project", "summary", "keywords", "org")
FIELDS = (
    *("title", "abstract", "body", "author", "org", "keyword", "has"),
    *(*NUMERIC, "date", "snapshot", "arxiv", "id"),
)
ALIASES = {"org": ("organization", "organisation"), "keyword": ("keywords",), "author": ("authors",)}
ALL_FIELDS = frozenset(FIELDS).union(*ALIASES.values())

_CANONICAL = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_COMPARE = re.compile(r"(>=|<=|=>|=<|>|<)?")
_NUMBER = re.compile(r"-?\d+")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?|-[Ww]\d{2})?")
_PARTIAL = re.compile(r"\d{4}(?:-\d{2})?")  # a year or a month: a prefix of its days
_WEEK = re.compile(r"\d{4}-[Ww]\d{2}")
_WORD = re.compile(WORDS)


def canonical(name: str) -> str:
    return _CANONICAL.get(name, name)


def value_error(name: str, rest: str) -> str | None:
    """Why the text after `name:` is no value that field takes, or None."""
    name = canonical(name)
    if name not in (*NUMERIC, "date", "has") or rest[:1] in ("(", '"'):
        return None
    if rest[:1] in ("[", "{"):
        close = re.search(r"[]}]", rest)
        ends = re.split("[Tt][Oo]", rest[1 : close.start() if close else None], maxsplit=1)
        values = [v.strip() for v in ends if v.strip()]
        if len(ends) != 2 or not all(_valid(name, v) for v in values):
            return _expects(name)
        return None
    op = _COMPARE.match(rest).group()  # type: ignore[union-attr]  # (it matches the empty string)
    value = re.match(r"[^\s)]*", rest[len(op) :]).group()  # type: ignore[union-attr]
    if op and not value:
        return f"'{name}:{op}' with nothing after it"
    if op and name == "has":
        return _expects(name)
    value = value.rstrip("*") if name == "date" else value
    if name == "date" and _DATE.fullmatch(value) and not _valid(name, value):
        return f"'date:{value}' is not on the calendar (no such month, day or week)"
    return None if _valid(name, value) else _expects(name)


def _valid(name: str, value: str) -> bool:
    if name in NUMERIC:
        return bool(_NUMBER.fullmatch(value))
    if name == "has":
        return value.lower() in HAS
    if not _DATE.fullmatch(value):
        return False
    try:
        if _WEEK.fullmatch(value):
            week_days(value)
        elif len(value) > 4:  # a month or a day that is on the calendar (not 2026-13, 2026-02-30)
            dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return False
    return True


def _expects(name: str) -> str:
    if name in NUMERIC:
        return f"'{name}:' takes a whole number: {name}:50, {name}:>=50, {name}:[10 TO 50]"
    if name == "has":
        return f"'has:' takes {', '.join(HAS[:-1])} or {HAS[-1]}"
    return "'date:' takes YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www, or a range [A TO B]"


class Parser:
    """Whoosh's parser with `field:>=N` comparisons, the field aliases, and months, years and
    ISO weeks in `date:` (a month is the prefix of its days; a range's partial end is inclusive)."""

    def __init__(self, parser) -> None:
        from ..store import whooshlib as wl

        parser.add_plugin(wl.qparser.GtLtPlugin())
        parser.add_plugin(wl.qparser.FieldAliasPlugin({k: list(v) for k, v in ALIASES.items()}))
        self.parser = parser

    def parse(self, text: str):
        return self.parser.parse(text).accept(_dates)


def _dates(q):
    """`date:` terms and ranges as one list of documents (`dateset`): months, years and ISO
    weeks as their days, a range's partial end inclusive (`[2026-08 TO 2026-09]` ends on
    2026-09-30)."""
    from ..store import whooshlib as wl
    from .dateset import DateSet

    query = wl.query
    if getattr(q, "fieldname", None) != "date":
        return q
    if type(q) is query.Term and isinstance(q.text, str):
        if _PARTIAL.fullmatch(q.text):
            return DateSet(query.Prefix("date", q.text + "-"), boost=q.boost)
        if _WEEK.fullmatch(q.text):
            return DateSet(tuple(_days(q.text)), boost=q.boost)
    if type(q) is query.Prefix:
        return DateSet(q, boost=q.boost)
    if type(q) is query.TermRange:
        start, end = q.start, q.end
        if start and _WEEK.fullmatch(start):
            start = (_days(start) or [start])[-1 if q.startexcl else 0]
        elif start and q.startexcl and _PARTIAL.fullmatch(start):
            start += "-99"  # after every day of that month or year
        if end and _WEEK.fullmatch(end):
            end = (_days(end) or [end])[0 if q.endexcl else -1]
        elif end and not q.endexcl and _PARTIAL.fullmatch(end):
            end += "-99"
        return DateSet(query.TermRange("date", start, end, q.startexcl, q.endexcl), boost=q.boost)
    return q


def _days(week: str) -> list[str]:
    try:
        return week_days(week)
    except ValueError:
        return []


def ranked(q) -> bool:
    """True when the parsed query searches words of titles, abstracts or full texts: there is a
    relevance to rank by. Otherwise it only filters (org:, has:, upvotes:, date: ...)."""
    return any(getattr(leaf, "fieldname", None) in SEARCHED for leaf in q.leaves())


def author_query(name: str) -> str | None:
    """The query for papers by an author: `author:"first last"` (its words only, so any
    name is safe to search)."""
    return _phrase("author", name)


def org_query(name: str | None, fullname: str | None = None) -> str | None:
    """The query for papers from an organisation, by its handle (else its full name): every
    organisation whose name holds those words in that order (`ByteDance` finds `ByteDance-Seed`)."""
    return _phrase("org", name or fullname or "")


def _phrase(field: str, value: str) -> str | None:
    words = _WORD.findall(value.lower())
    return f'{field}:"{" ".join(words)}"' if words else None


def default_fields(schema, fields: tuple[str, ...], boosts: dict[str, float], words_only: str):
    """Whoosh's MultifieldPlugin for the fields a word without a field is searched in, with one
    difference: the field `words_only` (the authors' names, which keep every word) is searched
    for a word only when titles keep it too, so a stopword (`the`, `of`) or a lone letter of a
    query is not required of an author's name; and for words and phrases only (not wildcards
    or fuzzy terms)."""
    from ..store import whooshlib as wl

    syntax = wl.qparser.syntax
    keeps = schema[TEXT_FIELDS[0]]

    def content(node) -> bool:
        if type(node).__name__ == "PhraseNode":  # (a class inside PhrasePlugin)
            return True
        text = getattr(node, "text", None)
        if not isinstance(text, str) or type(node) is not syntax.WordNode:
            return False  # wildcards, fuzzy terms, ranges: titles and abstracts only
        return any(True for _ in keeps.process_text(text, mode="query"))

    class DefaultFields(wl.qparser.MultifieldPlugin):
        def do_multifield(self, parser, group):
            for i, node in enumerate(group):
                if isinstance(node, syntax.GroupNode):
                    group[i] = self.do_multifield(parser, node)
                elif node.has_fieldname and node.fieldname is None:
                    nodes = []
                    for name in self.fieldnames:
                        if name == words_only and not content(node):
                            continue
                        new = copy.copy(node)
                        new.set_fieldname(name)
                        new.set_boost(self.boosts.get(name, 1.0))
                        nodes.append(new)
                    group[i] = self.group(nodes)
            return group

    return DefaultFields(list(fields), fieldboosts=boosts)
