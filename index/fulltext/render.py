"""A paper's Markdown as text for a terminal: sections numbered, paragraphs wrapped, lists,
tables as aligned text, math as its LaTeX source, figures as `[Figure 1: caption]` with their
links, references at the end. A pure function of the Markdown text: no I/O, no Textual.

The Markdown is parsed by markdown-it-py (CommonMark, its tables and mdit-py-plugins' `$`
math): a hand-written parser would get CommonMark's corners wrong, and both come with rich and
Textual already. The text is data: escape sequences and control characters are removed before
parsing, nesting is cut at `MAX_NESTING` (a 10,000-deep quote is read as 20), and what is made
of it is plain strings for the caller to show as text, never as markup.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..text import strip_controls

MAX_NESTING = 20
# What `parse` makes of a text: raise it whenever a change to `parse` changes that, so every
# parsed document kept beside its Markdown (`fulltext.stored`) is parsed again.
VERSION = 1
_NUMBERED = re.compile(r"^((?:\d+|[A-Z])(?:\.\d+)*)\.?\s+(\S.*)$")
_UNNUMBERED = re.compile(r"^(abstract|references|bibliography|acknowledge?ments?|appendix)\b", re.I)
_REFERENCES = re.compile(r"^(references|bibliography)\s*$", re.I)
_FIGURE = re.compile(r"^(figure|fig\.|table)\s*(\d+)\s*[:.]\s*", re.I)
_TAGS = re.compile(r"<[^>]*>")
# A quote or list marker at a line's start; a line with more than `_DEEP` of them is cut to that
# many (markdown-it stops reading the document where it passes its nesting limit).
_MARKER = re.compile(r"[ \t]{0,3}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?")
_DEEP = MAX_NESTING // 2 - 2
_MAYBE_DEEP = re.compile(rf"^(?:[ \t]{{0,3}}(?:>|[-*+]|\d{{1,9}}[.)])[ \t]?){{{_DEEP + 1}}}", re.M)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class Block:
    """One block of a section: `kind` para, item, quote, table, math, code or figure."""

    kind: str
    text: str = ""
    depth: int = 0  # list and quote nesting
    marker: str = ""  # a list item's bullet or number
    rows: list[list[str]] = field(default_factory=list)  # a table's, the header first
    url: str = ""  # a figure's link


@dataclass(slots=True)
class Section:
    number: str  # "2.1", "A" or "" (the front matter, the abstract, the references)
    title: str
    level: int  # 1: the paper's title and what precedes the first heading
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def anchor(self) -> str:
        """The section's fragment in the paper's page (`#2-1-related-work`)."""
        return _SLUG.sub("-", self.heading.lower()).strip("-")

    def text(self) -> str:
        """The section's words, unwrapped (what the index holds; what a match is shown from)."""
        parts = [self.heading]
        for block in self.blocks:
            parts.append(" ".join(" ".join(row) for row in block.rows) if block.rows else block.text)
        return "\n".join(p for p in parts if p)


@dataclass(slots=True)
class Document:
    title: str
    sections: list[Section]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "sections": [
                {"number": s.number, "title": s.title, "level": s.level, "anchor": s.anchor, "text": s.text()}
                for s in self.sections
            ],
        }

    def body(self) -> str:
        """What the index holds of the paper: every section but the references."""
        return "\n".join(s.text() for s in self.sections if not _REFERENCES.match(s.title))


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    section: int  # the index of its section in `Document.sections`
    kind: str  # heading, para, item, quote, table, math, code, figure, blank


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    return md.use(dollarmath_plugin, double_inline=True)


def parse(markdown: str) -> Document:
    """The paper's title and sections (a pure function of the text; never raises on any text)."""
    tokens = _parser().parse(_shallow(strip_controls(markdown)))
    front = Section("", "", 1)
    sections, title = [front], ""
    lists: list[list[int]] = []  # per open list: [ordered?, next number]
    marker, quote, figures = "", 0, 0
    row: list[str] = []
    table: Block | None = None
    heading: int | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "inline" and heading is not None:
            text = _inline(token.children or [], [figures])[0]
            if heading == 1 and not title:
                title = front.title = text
            else:
                sections.append(Section("", text, max(2, heading)))
            heading = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            marker = f"{number}." if ordered else "••◦▪"[min(len(lists), 3)]
            lists[-1][1] += 1
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "table_open":
            table = Block("table", depth=len(lists))
        elif kind == "tr_close" and table is not None:
            table.rows.append(row)
            row = []
        elif kind == "inline" and table is not None:
            row.append(_inline(token.children or [], [figures])[0])
        elif kind == "table_close" and table is not None:
            sections[-1].blocks.append(table)
            table = None
        elif kind == "inline":
            counter = [figures]
            text, figure = _inline(token.children or [], counter)
            figures = counter[0]
            depth = len(lists) + quote
            if figure is not None and figure[0] == text:
                sections[-1].blocks.append(Block("figure", text, depth, url=figure[1]))
            elif text:
                what = "item" if marker else "quote" if quote else "para"
                sections[-1].blocks.append(Block(what, text, depth, marker))
            marker = ""
        elif kind in ("math_block", "math_block_label"):
            sections[-1].blocks.append(Block("math", token.content.strip(), len(lists) + quote))
        elif kind in ("fence", "code_block"):
            sections[-1].blocks.append(Block("code", token.content.rstrip("\n"), len(lists) + quote))
        elif kind == "html_block":
            text = " ".join(_TAGS.sub(" ", token.content).split())
            if text:
                sections[-1].blocks.append(Block("para", text, len(lists) + quote))
    if not front.blocks and not front.title:
        sections.remove(front)
    _number([s for s in sections if s.level > 1])
    references = [n for n, s in enumerate(sections) if _REFERENCES.match(s.title)]
    if references:  # the references, and what they hold, at the end
        start = references[0]
        level = sections[start].level
        end = next((n for n in range(start + 1, len(sections)) if sections[n].level <= level), None)
        if end is not None:
            sections = sections[:start] + sections[end:] + sections[start:end]
    return Document(title, sections)


def _shallow(text: str) -> str:
    """The text with no line nested deeper than `_DEEP` quotes and lists (the rest of its markers
    dropped, its words kept)."""
    if not _MAYBE_DEEP.search(text):
        return text
    out = []
    for line in text.split("\n"):
        pos, ends = 0, []
        while (found := _MARKER.match(line, pos)) and found.end() > pos:
            pos = found.end()
            ends.append(pos)
        out.append(line[: ends[_DEEP - 1]] + line[pos:] if len(ends) > _DEEP else line)
    return "\n".join(out)


def _inline(children: list[Any], figures: list[int]) -> tuple[str, tuple[str, str] | None]:
    """An inline run as text (math as its source, links as their text, HTML tags dropped), and
    the last figure in it ((its text, its link)); `figures` counts the figures so far."""
    out: list[str] = []
    figure = None
    for child in children:
        kind = child.type
        if kind == "text":
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "code_inline":
            out.append(f"`{child.content}`")
        elif kind == "math_inline":
            out.append(f"${child.content}$")
        elif kind == "math_inline_double":
            out.append(f"$${child.content}$$")
        elif kind == "image":
            figures[0] += 1
            caption = " ".join((child.content or "").split())
            label = caption if _FIGURE.match(caption) else f"Figure {figures[0]}: {caption}".rstrip(": ")
            shown = f"[{label}]"
            figure = (shown, child.attrGet("src") or "")
            out.append(shown)
        elif kind == "html_inline":
            continue
    return " ".join("".join(out).split()), figure


def _number(sections: list[Section]) -> None:
    """Number the headings: the numbers they carry when any does (arXiv's), else by level; the
    abstract, acknowledgements and references unnumbered."""
    explicit = [_NUMBERED.match(s.title) for s in sections]
    if any(explicit):
        for section, found in zip(sections, explicit, strict=True):
            if found:
                section.number, section.title = found.group(1), found.group(2)
        return
    top = min((s.level for s in sections), default=2)
    counters: list[int] = []
    for section in sections:
        if _UNNUMBERED.match(section.title):
            continue
        depth = section.level - top + 1
        counters = (counters + [0] * depth)[:depth]
        counters[-1] += 1
        section.number = ".".join(str(n) for n in counters)


def lines(doc: Document, width: int, first: int = 0, stop: int | None = None) -> list[Line]:
    """The document as lines of at most `width` characters (a table's wider cells cut with …);
    of its sections `first` to `stop` only, the lines the whole would have there."""
    width = max(20, width)
    out: list[Line] = []
    for n in range(first, len(doc.sections) if stop is None else min(stop, len(doc.sections))):
        section = doc.sections[n]
        if n:
            out.append(Line("", n - 1, "blank"))  # (a section starts at its heading)
        head = section.heading or doc.title
        for text in textwrap.wrap(head, width) or [""]:
            out.append(Line(text, n, "heading"))
        previous = ""
        for block in section.blocks:
            if not (block.kind == previous == "item"):  # a list's items close together
                out.append(Line("", n, "blank"))
            previous = block.kind
            out.extend(Line(text, n, block.kind) for text in _block(block, width))
    return out


def _block(block: Block, width: int) -> list[str]:
    pad = "  " * min(block.depth, 8)
    if block.kind == "table":
        return [pad + row for row in table(block.rows, width - len(pad))]
    if block.kind in ("math", "code"):
        indent = pad + "    "
        return [
            indent + piece
            for raw in block.text.splitlines()
            for piece in (textwrap.wrap(raw, max(10, width - len(indent)), drop_whitespace=False) or [""])
        ]
    if block.kind == "figure":
        first = textwrap.wrap(block.text, width, initial_indent=pad, subsequent_indent=pad + " ")
        return first + ([pad + " " + block.url] if block.url else [])
    if block.kind == "quote":
        pad = pad + "│ "
    lead = pad + (f"{block.marker} " if block.marker else "")
    return textwrap.wrap(
        block.text,
        max(10, width),
        initial_indent=lead,
        subsequent_indent=" " * len(lead) if block.marker else pad,
        break_on_hyphens=False,
    )


def table(rows: list[list[str]], width: int) -> list[str]:
    """Rows as aligned columns under a rule; the widest columns cut (with …) to fit `width`."""
    if not rows:
        return []
    cols = max(len(r) for r in rows)
    rows = [r + [""] * (cols - len(r)) for r in rows]
    sizes = [max(len(r[c]) for r in rows) for c in range(cols)]
    room = max(cols * 4, width - 2 * (cols - 1))
    while sum(sizes) > room and max(sizes) > 3:
        widest = sizes.index(max(sizes))
        sizes[widest] -= max(1, (sum(sizes) - room) // cols)
        sizes[widest] = max(3, sizes[widest])
    cut = lambda text, size: text if len(text) <= size else text[: size - 1] + "…"  # noqa: E731
    shown = ["  ".join(cut(r[c], sizes[c]).ljust(sizes[c]) for c in range(cols)).rstrip() for r in rows]
    return [shown[0], "  ".join("─" * s for s in sizes), *shown[1:]]


def plain(doc: Document, width: int) -> str:
    """The document as plain text (what `read` prints)."""
    return "\n".join(line.text for line in lines(doc, width)) + "\n"


def section_url(arxiv_id: str, section: Section) -> str:
    """The section in arXiv's HTML version (LaTeXML's anchors: `#S2`, `#S2.SS1`, `#A1`; the
    abstract `#abstract`, the references `#bib`), else the page itself."""
    page = f"https://arxiv.org/html/{arxiv_id}"
    number = section.number
    if _REFERENCES.match(section.title):
        return page + "#bib"
    if section.title.lower() == "abstract":
        return page + "#abstract"
    if not number:
        return page
    head, *rest = number.split(".")
    first = f"S{head}" if head.isdigit() else f"A{ord(head) - 64}"
    subs = [f"{'S' * (k + 2)}{n}" for k, n in enumerate(rest)]
    return page + "#" + ".".join([first, *subs])
