"""Where the query matched: character spans from the index's own analyzer.

The stored text is run through the field's analyzer (the same stemming the
index used), so `losses` is highlighted for the query `loss`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..store import whooshlib as wl

Span = tuple[int, int]


def spans(schema: wl.fields.Schema, field: str, text: str, terms: Iterable[tuple[str, str]]) -> list[Span]:
    """Character spans of `text` (a stored `field`) whose indexed terms matched."""
    wanted = {t for f, t in terms if f == field}
    if not wanted or not text:
        return []
    analyzer = schema[field].analyzer
    return [
        (tok.startchar, tok.endchar) for tok in analyzer(text, chars=True, mode="index") if tok.text in wanted
    ]


def snippet(text: str, marks: list[Span], width: int = 160) -> tuple[str, list[Span]]:
    """A window of about `width` characters around the first match, with spans moved into it."""
    if len(text) <= width:
        return text, marks
    first = marks[0][0] if marks else 0
    start = max(0, min(first - width // 4, len(text) - width))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    prefix = "…" if start else ""
    shift = start - len(prefix)
    moved = [(a - shift, b - shift) for a, b in marks if a >= start and b <= end]
    return prefix + text[start:end] + ("…" if end < len(text) else ""), moved
