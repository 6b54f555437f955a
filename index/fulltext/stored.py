"""A parsed full text kept beside its Markdown as JSON, so a paper read again is not parsed again
(parsing a 40-page paper with markdown-it-py takes 0.1-0.4 s; reading this back, a few ms).

The JSON is stamped with the renderer's version (`render.VERSION`) and the Markdown file's size
and modification time: it is used only when all three agree, else the Markdown is parsed again
and the JSON rewritten. It is data like the Markdown (never pickle): every field is checked on
the way back, and a file that does not hold exactly what `dump` writes (a wrong type, a control
character in a string) is not used.
"""

from __future__ import annotations

import json
from typing import Any

from ..text import strip_controls
from .render import Block, Document, Section

KINDS = frozenset({"para", "item", "quote", "table", "math", "code", "figure"})
Stamp = list[int]  # [render.VERSION, the Markdown's size, its mtime in ns]


def dump(doc: Document, stamp: Stamp) -> str:
    sections = [
        [s.number, s.title, s.level, [[b.kind, b.text, b.depth, b.marker, b.rows, b.url] for b in s.blocks]]
        for s in doc.sections
    ]
    return json.dumps({"stamp": stamp, "title": doc.title, "sections": sections}, ensure_ascii=False)


class _Bad(Exception):
    pass


def _str(value: Any) -> str:
    if type(value) is not str or not (value.isprintable() or strip_controls(value) == value):
        raise _Bad
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _Bad
    return value


def _block(raw: Any) -> Block:
    kind, text, depth, marker, rows, url = raw
    if kind not in KINDS or type(rows) is not list or any(type(row) is not list for row in rows):
        raise _Bad
    cells = [[_str(c) for c in row] for row in rows]
    return Block(kind, _str(text), _int(depth), _str(marker), cells, _str(url))


def load(data: bytes, stamp: Stamp) -> Document | None:
    """The document kept, when `data` is one `dump` wrote with this stamp (else None)."""
    try:
        raw = json.loads(data)
        if type(raw) is not dict or raw.get("stamp") != stamp or type(raw.get("sections")) is not list:
            return None
        sections = [
            Section(_str(number), _str(title), _int(level), [_block(b) for b in blocks])
            for number, title, level, blocks in raw["sections"]
        ]
        return Document(_str(raw.get("title")), sections)
    except (_Bad, ValueError, TypeError):  # (a JSON error is a ValueError; a wrong shape, either)
        return None
