"""Papers out of the terminal: Markdown, JSON and BibTeX."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..papers.model import Paper
from ..text import json_text, strip_controls, unlatex

if TYPE_CHECKING:
    from ..marks.db import Mark

Item = tuple[Paper, "Mark | None"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>])")
_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
FORMATS = ("md", "json", "bibtex")
_STOP = {"a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "via", "towards", "toward"}
# An author with one of these words is an organisation ("Kimi Team", "Google DeepMind"): BibTeX
# gets its name braced, whole, not split into a first name and a surname.
_GROUP = re.compile(
    r"\b(?:team|lab|labs|laboratory|group|research|institute|university|foundation|consortium"
    r"|collaboration|project|inc|corp|corporation|ltd|llc|deepmind|academy|council)\b",
    re.IGNORECASE,
)


def export(items: list[Item], fmt: str) -> str:
    """The papers (and their marks) as one document in `fmt` (one of FORMATS)."""
    writers: dict[str, Callable[[list[Item]], str]] = {
        "md": to_markdown,
        "json": to_json,
        "bibtex": to_bibtex,
    }
    return writers[fmt](items)


def to_markdown(items: list[Item]) -> str:
    out = []
    for paper, mark in items:
        title = _md(paper.title)
        out.append(f"## [{title}]({paper.url})" if paper.url else f"## {title}")
        out.append("")
        if paper.authors:
            out.append(_md(", ".join(paper.authors)))
            out.append("")
        if paper.appearances:
            out.append(f"Snapshots: {_md(paper.where())}")
            out.append("")
        if paper.signals.ai_summary:
            out += [f"**TL;DR:** {_md(unlatex(paper.signals.ai_summary))}", ""]
        if paper.abstract:
            out += [_md(unlatex(paper.abstract)), ""]
        if mark and mark.note:
            out.extend("> " + _md(line) if line else ">" for line in mark.note.splitlines())
            out.append("")
    return "\n".join(out)


def to_json(items: list[Item]) -> str:
    data = []
    for paper, mark in items:
        shape = paper.to_json()
        shape["url"] = paper.url
        shape["mark"] = {"starred": mark.starred, "read": mark.read, "note": mark.note} if mark else None
        data.append(shape)
    return json_text(data) + "\n"


def to_bibtex(items: list[Item]) -> str:
    taken: set[str] = set()
    entries = []
    for paper, mark in items:
        key = bib_key(paper)
        for suffix in "abcdefghijklmnopqrstuvwxyz":
            if key not in taken:
                break
            key = bib_key(paper) + suffix
        taken.add(key)
        fields = [("title", "{" + _bib(unlatex(paper.title)) + "}")]
        if paper.authors:
            fields.append(("author", " and ".join(_bib_author(a) for a in paper.authors)))
        year = _year(paper)
        if year:
            fields.append(("year", year))
        if paper.arxiv_id:
            fields += [("eprint", _bib(paper.arxiv_id)), ("archivePrefix", "arXiv")]
        if paper.url:
            fields.append(("url", paper.url))
        if mark and mark.note:
            fields.append(("note", _bib(" ".join(mark.note.split()))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def bib_key(paper: Paper) -> str:
    """A stable key from the paper alone: first author's surname, year, first title word."""
    author = paper.authors[0] if paper.authors else ""
    names = author.split()
    surname = _ascii((names[0] if is_organisation(author) else names[-1]) if names else "")
    words = [w for w in (_ascii(w) for w in paper.title.split()) if w and w not in _STOP]
    word = words[0] if words else "paper"
    return (surname or word) + (_year(paper) or "") + (word if surname else "")


def is_organisation(author: str) -> bool:
    """True for an author that is a group, not a person ("Kimi Team", "DeepSeek-AI", "Qwen")."""
    return len(author.split()) == 1 or bool(_GROUP.search(author))


def _bib_author(author: str) -> str:
    """One author for BibTeX: a person as written, an organisation braced whole (`{Kimi Team}`)."""
    return "{" + _bib(author) + "}" if is_organisation(author) else _bib(author)


def _year(paper: Paper) -> str | None:
    if paper.arxiv_id and re.fullmatch(r"\d{4}\.\d{4,5}(v\d+)?", paper.arxiv_id):
        return "20" + paper.arxiv_id[:2]
    dates = [a.date for a in paper.appearances if a.date and re.match(r"\d{4}-", a.date)]
    return min(dates)[:4] if dates else None


def _ascii(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(strip_controls(text).split()))


def _bib(text: str) -> str:
    return "".join(_BIB_SPECIAL.get(c, c) for c in " ".join(strip_controls(text).split()))
