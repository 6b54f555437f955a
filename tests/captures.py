"""Page captures rendered from real papers, as people save them: the layouts of the site's
text, Markdown from a browser extension, `lynx -dump` and `w3m -dump`, wrapped the ways
`fold`, `fold -s`, an editor or `textwrap` wrap, in other scripts, with stray controls.

The papers are real: a fixed sample of the shared corpus, or the seed papers when the
corpus is absent (a fresh clone), so the property tests run everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import random
import textwrap
import unicodedata

from helpers import CORPUS, SEEDS

from dailypapers.index.reading.capture import is_prose
from dailypapers.index.reading.files import parse_snapshot, snapshot_files

Paper = tuple[str, str]  # (title, abstract), as the readers give them


@functools.cache
def real_papers() -> list[Paper]:
    """About 600 real papers: every 20th corpus day, else the five seed snapshots.

    Titles that read as prose (a dozen words with a full stop, 45 of 9,881 in the corpus)
    are left out: by place alone such a title is ambiguous next to a short abstract."""
    files = sorted(CORPUS.glob("*.json"))[::20] if CORPUS.is_dir() else snapshot_files(SEEDS)
    papers, seen = [], set()
    for path in files:
        for e in parse_snapshot(path.read_bytes(), path.name, path.stem).entries:
            key = e.title.casefold()
            if e.abstract and key not in seen and not is_prose(e.title):
                seen.add(key)
                papers.append((e.title, e.abstract))
    return papers


# -- scripts -------------------------------------------------------------------

_HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
_CYRILLIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопярстуввхыз", strict=True))


def _han(word: str) -> str:
    digest = hashlib.sha1(word.lower().encode()).digest()
    return "".join(_HAN[b * 7 % len(_HAN)] for b in digest[: 1 + len(word) % 3])


def in_script(paper: Paper, script: str, sentences: int = 2) -> Paper:
    """The paper written in another script: "latin" (as it is), "cyrillic" (transliterated),
    or "cjk" (each word a few Han characters, no spaces, `。` ending the first sentences:
    the short abstracts of Chinese and Japanese listings)."""
    title, abstract = paper
    if script == "latin":
        return paper
    if script == "cyrillic":
        tr = lambda s: "".join(_CYRILLIC.get(c, _CYRILLIC.get(c.lower(), c).upper()) for c in s)  # noqa: E731
        return tr(title), tr(abstract)
    words = lambda s: [w for w in "".join(c if c.isalnum() else " " for c in s).split()]  # noqa: E731
    parts = [s for s in abstract.split(". ") if words(s)][:sentences]
    body = "".join("".join(_han(w) for w in words(s)) + "。" for s in parts)
    return "".join(_han(w) for w in words(title))[:30], body


def truncated(abstract: str, size: int) -> str:
    """An abstract cut as listing views cut it: at a word, with `…`."""
    if len(abstract) <= size:
        return abstract
    return abstract[:size].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# -- wrapping ------------------------------------------------------------------


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def greedy(text: str, width: int, indent: str = "") -> list[str]:
    """Greedy wrapping by terminal columns (an editor, `w3m`, `lynx`); Han text breaks
    anywhere, a word longer than the line is left whole."""
    lines, line = [], indent
    for word in text.split(" "):
        pieces = list(word) if any(columns(c) == 2 for c in word) else [word]
        for k, piece in enumerate(pieces):
            sep = "" if line == indent or k else " "
            if line != indent and columns(line + sep + piece) > width:
                lines.append(line)
                line, sep = indent, ""
            line += sep + piece
    lines.append(line)
    return lines


def fold_s(text: str, width: int, indent: str = "") -> list[str]:
    """What `fold -s -w WIDTH` makes of one line: cut at the last space within the width
    (which stays at the end of the line), or inside a word with no space before it."""
    lines, rest = [], text
    while len(rest) > width:
        cut = rest.rfind(" ", 0, width)
        cut = width if cut < 0 else cut + 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


def fold(text: str, width: int, indent: str = "") -> list[str]:
    """What `fold -w WIDTH` makes of one line: cut every WIDTH characters, inside words."""
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def python_textwrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
    ) or [indent]


WRAPPERS = {"greedy": greedy, "fold -s": fold_s, "fold": fold, "textwrap": python_textwrap}


# -- layouts -------------------------------------------------------------------

_HEAD = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
         "byAK and the research community", "Sep 3"]  # fmt: skip


def page(papers: list[Paper], layout: str, wrap=None, width: int = 80, indent: str = "") -> str:
    """A capture of these papers in a layout, its paragraphs wrapped by `wrap` at `width`
    (`page.continued`: how many lines went on on the next one, `page.lower`: how many of
    those next lines start in lower case, `page.word_at_width`: whether a paragraph ends in
    a word as wide as a line, which reads as cut).

    Layouts: "blank" (the site's text, blank lines between paragraphs), "compact" (no blank
    lines, `Subscribe` glued to the first title), "noisy" (vote and author counts, a URL and
    a separator around each card, CRLF), "markdown" (a browser extension's: heading links,
    thumbnails, author lines), "lynx" (`[n]` before each title, a reference list at the end).
    """
    page.continued = 0
    page.lower = 0  # continued lines that start in lower case
    page.word_at_width = False  # a paragraph ends in a word alone on a full line

    def para(text: str) -> list[str]:
        lines = wrap(text, width, indent) if wrap else [indent + text]
        page.continued += len(lines) - 1
        page.lower += sum(1 for line in lines[1:] if line.strip().lstrip("([{\"'")[:1].islower())
        last = lines[-1].split()
        page.word_at_width |= len(last) == 1 and columns(lines[-1]) == width  # cut, or ended there?
        return lines

    if layout == "blank":
        out = [line for head in _HEAD for line in (head, "")]
        for title, abstract in papers:
            out += [*para(title), "", *para(abstract), ""]
        return "\n".join(out)
    if layout == "compact":
        out = [
            "Get trending papers in your email inbox once a day!",
            "Get trending papers in your email inbox!",
        ]
        for n, (title, abstract) in enumerate(papers):
            out += para(("Subscribe" if n == 0 else "") + title) + para(abstract)
        return "\n".join(out) + "\n"
    if layout == "noisy":
        out = ["Hugging Face", "Models", "Daily Papers", "Oct 7, 2024"]
        for n, (title, abstract) in enumerate(papers):
            out += [f"[-] {n + 3}", *para(title), *para(abstract), "·", f"{n + 2} authors"]
            out.append(f"https://arxiv.org/abs/2401.{n:05d}")
        return "\r\n".join(out)
    if layout == "markdown":
        out = ["# Daily Papers", ""]
        for n, (title, abstract) in enumerate(papers):
            url = f"https://huggingface.co/papers/2401.{n:05d}"
            text = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")  # as Markdown escapes
            out += [f"### [{text}]({url})", "", f"![thumbnail](https://cdn/x{n}.png)", ""]
            out += ["**Authors:** Alice Smith, Bob Jones", "", *para(abstract), ""]
        return "\n".join(out)
    if layout == "lynx":
        out = ["   [1]Hugging Face", "", "Daily Papers", ""]
        for n, (title, abstract) in enumerate(papers, start=2):
            out += [*para(f"[{n}]{title}"), "", *para(abstract), ""]
        out += ["References", ""] + [
            f"   {n}. https://huggingface.co/papers/{n}" for n in range(1, len(papers) + 2)
        ]
        return "\n".join(out) + "\n"
    raise ValueError(layout)


# Characters that end a line elsewhere, and stray controls: inside a line, whitespace.
CONTROLS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x07", "\x7f"]


def with_controls(text: str, rng: random.Random, count: int) -> str:
    """Replace `count` spaces inside lines with controls (the text reads the same)."""
    spots = [
        i
        for i in range(1, len(text) - 1)
        if text[i] == " " and text[i - 1] not in "\r\n " and text[i + 1] not in "\r\n "
    ]
    chars = list(text)
    for i in rng.sample(spots, min(count, len(spots))):
        chars[i] = rng.choice(CONTROLS)
    return "".join(chars)
