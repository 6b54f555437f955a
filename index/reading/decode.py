"""Bytes to text: the encodings snapshot files come in, and what is dropped or replaced, noted by line."""

from __future__ import annotations

import codecs
import re

from ..papers.snapshot import Problem

_SURROGATES = re.compile("[\ud800-\udfff]")
# Control bytes that text never holds (whitespace controls and ESC aside).
_BINARY = bytes([*range(0, 9), 14, 15, *range(16, 27), *range(28, 32)])
_NOTES = 10  # notes of one kind per file, at most


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text. UTF-8 (BOM allowed), UTF-16 (with a BOM, or by its NUL bytes); a few bytes
    that are not UTF-8 in a UTF-8 file are replaced, a file with no UTF-8 at all is cp1252, and
    NUL bytes are dropped, each with a note. Only a mostly binary file is refused: one with a
    tenth of control bytes, or a fifth of control bytes and bytes that are not UTF-8."""
    if not data.strip():
        return None, [Problem(file, "empty file")]
    utf16 = _utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), []
    controls = len(data) - len(data.translate(None, _BINARY))
    if controls * 10 > len(data):
        first = next(i for i, b in enumerate(data) if b in _BINARY)
        line = data[:first].count(b"\n") + 1
        return None, [Problem(file, "binary file (control bytes), not a snapshot", line=line)]
    notes = _located(data, b"\x00", "NUL byte dropped", file)
    data = data.replace(b"\x00", b"")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:  # valid UTF-8 holds no character cut by a line end (a continuation byte after one)
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        data = _FOLDED.sub(_refold, data)
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_SURROGATES.findall(text))
    if 5 * (bad + controls) > len(data):  # cp1252 text has a few accents, random bytes half
        line = next(n for n, part in enumerate(text.split("\n"), start=1) if _SURROGATES.search(part))
        reason = "binary file (mostly bytes that are not text), not a snapshot"
        return None, [Problem(file, reason, line=line)]
    if sum(1 for c in text if c > "\x7f") - bad >= bad:  # more good UTF-8 than bad bytes
        lines = [n for n, line in enumerate(text.split("\n"), start=1) if _SURROGATES.search(line)]
        notes += _notes(lines, "bytes that are not UTF-8 replaced with U+FFFD", file)
        return data.decode("utf-8", errors="replace"), notes
    text = data.decode("utf-8", errors="replace")
    line = next(n for n, part in enumerate(text.split("\n"), start=1) if "\ufffd" in part)
    notes.append(Problem(file, "not UTF-8; read as cp1252", line=line, fatal=False))
    return data.decode("cp1252", errors="replace"), notes


# A character of several bytes that `fold` (which counts bytes) cut across a line end.
_FOLDED = re.compile(rb"([\xc2-\xf4][\x80-\xbf]{0,2})(\r?\n)([\x80-\xbf]{1,3})")


def _refold(match: re.Match) -> bytes:
    """The character whole before the line end, if that makes it valid UTF-8."""
    char = match.group(1) + match.group(3)
    try:
        char.decode("utf-8")
    except UnicodeDecodeError:
        return match.group()
    return char + match.group(2)


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec the data is in (a BOM, or NUL in every other byte), else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 2:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd >= 0.9 * half and even == 0:
            return "utf-16-le"
        if even >= 0.9 * half and odd == 0:
            return "utf-16-be"
    return None


def _located(data: bytes, byte: bytes, what: str, file: str) -> list[Problem]:
    if byte not in data:
        return []
    lines = sorted({n for n, line in enumerate(data.split(b"\n"), start=1) if byte in line})
    return _notes(lines, what, file)


def _notes(lines: list[int], what: str, file: str) -> list[Problem]:
    notes = [Problem(file, what, line=n, fatal=False) for n in lines[:_NOTES]]
    if len(lines) > _NOTES:
        notes.append(Problem(file, f"{what} on {len(lines) - _NOTES} more lines", fatal=False))
    return notes
