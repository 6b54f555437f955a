"""Read a page capture: the text of a Daily Papers page saved as `.txt` or `.md`.

The page is a list of cards, each a title followed by its abstract, among page
furniture: navigation, a date, vote and author counts, URLs, separators, Markdown
images, author lines and link lists. The text is cut into paragraphs
(`paragraphs`: blank lines, hard wrapping undone), each paragraph is classified as
furniture, prose (sentences: an abstract) or other text, and papers are then
recognised by place, not by their words:

- an abstract's title is the last text paragraph before it (since the previous
  paper or separator); failing one, a title-sized prose paragraph (a question of a
  dozen words) followed by a longer abstract is that abstract's title; failing that,
  the last paragraph before it that only looks like furniture (a paper titled `2048`);
- prose right after an abstract continues it;
- a text paragraph followed by a sentence (longer than itself, or after a title
  without a full stop) is a paper with a short abstract.

Every paragraph ends up in a paper, counted as furniture, or in `skipped` with its
line and the reason (`blocks` gives the whole account).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..papers.snapshot import Entry, Problem, Skipped, Snapshot
from ..text import clean
from .paragraphs import Paragraph, paragraphs, split_lines

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
DATE_LINE = re.compile(
    rf"^(?:published on\s+)?(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?)(?:,?\s+\d{{4}})?$"
    r"|^\d{4}-\d{2}-\d{2}$",
    re.IGNORECASE,
)
SEPARATOR = "a separator"
_LINK_TEXT = r"(?:[^\[\]\\]|\\.|\[[^\]]*\])*"  # Markdown link text: escapes, one level of brackets
_LINK = rf"\[{_LINK_TEXT}\]\([^)\s]*\)"
# (reason, pattern, whether a paragraph of this look can still be a title by its place)
_FURNITURE = [
    ("a date", DATE_LINE, True),
    ("a URL", re.compile(r"^<?(?:https?://|www\.)\S+?>?$", re.IGNORECASE), True),
    ("a vote count", re.compile(r"^(?:\[[-+]\]|[-+▲△⬆↑])?\s*\d[\d,]*(?:\.\d+)?k?$", re.IGNORECASE), True),
    ("an author count", re.compile(r"^[·•|]?\s*\d+\s+authors?$", re.IGNORECASE), True),
    (SEPARATOR, re.compile(r"^[·•|\-–—_=*#]+$"), False),
    ("a submitter", re.compile(r"^(?:submitted|published|upvoted) by\b.*$", re.IGNORECASE), True),
    ("a count", re.compile(r"^\d[\d,]*\s+(?:comments?|upvotes?|likes?)$", re.IGNORECASE), True),
    ("an image", re.compile(rf"^(?:!{_LINK}|\[!{_LINK}\]\([^)\s]*\))$"), False),
    (
        "an author or vote line",
        re.compile(r"^(?:\*\*|__)?(?:authors?|upvotes?|votes?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)?\s*:)", re.I),
        False,
    ),
    ("a link list entry", re.compile(r"^(?:\[\d+\]|\d+\.)\s+\S+://\S*$"), False),
    ("links", re.compile(rf"^(?:{_LINK}[\s·•|,]*)+$"), True),
]
_NAVIGATION = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "by ak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
    "hugging face",
    "models",
    "datasets",
    "spaces",
    "posts",
    "docs",
    "enterprise",
    "pricing",
    "log in",
    "login",
    "sign up",
    "papers",
    "search",
    "previous",
    "next",
    "upvote",
    "trending",
    "collections",
    "community",
    "view all",
    "references",
}
_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_ONE_LINK = re.compile(rf"^\[({_LINK_TEXT})\]\([^)\s]*\)$")  # [text](url)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# The compact layout glues the Subscribe button to the first title ("Subscribers" is a word).
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?!(?:d|rs?|s)\b)(?=\S)")
_LYNX_MARK = re.compile(r"^\[\d+\](?=\S)")  # lynx's number before a link's text
# A sentence ends: . ! ? … (or their CJK forms), maybe followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"(?:[.!?…。！？．]|\.\.\.)[)\]\"'”’」』]*$|[)\]]$")
_NO_SPACE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TITLE, ABSTRACT, FURNITURE, SKIPPED = "title", "abstract", "furniture", "skipped"


@dataclass(slots=True)
class Block:
    """A paragraph of a capture and what became of it."""

    line: int
    text: str
    kind: str  # "prose", "text" or "furniture" (by its look)
    reason: str = ""  # why it is furniture, or why it was skipped
    can_title: bool = True  # furniture that may still be a title by its place
    role: str = ""  # TITLE, ABSTRACT, FURNITURE or SKIPPED once placed
    paper: int = -1  # the index of its paper (TITLE and ABSTRACT)


def weight(text: str) -> float:
    """Words, about: whitespace-separated tokens plus half the characters of scripts
    written without spaces."""
    return len(text.split()) + len(_NO_SPACE.findall(text)) / 2


def is_prose(text: str) -> bool:
    """Reads as sentences: long, or a dozen words with a sentence's punctuation (or a URL)."""
    size = weight(text)
    if len(text) >= 400 or size >= 60:
        return True
    if size < 12:
        return False
    last = text.rsplit(maxsplit=1)[-1]
    return bool(_SENTENCE_END.search(text)) or ". " in text or last.startswith(("http", "www."))


def classify(text: str) -> Block:
    """A paragraph by its look alone (line 0: the caller sets it)."""
    heading = _HEADING.match(text)
    if heading:
        text = heading.group(1)
    link = _ONE_LINK.match(text)
    if heading and link:
        text = _MD_ESCAPE.sub(r"\1", link.group(1))
    text = _LYNX_MARK.sub("", _GLUED_SUBSCRIBE.sub("", text)).strip()
    if text.casefold() in _NAVIGATION or not text or _menu(text):
        return Block(0, text, FURNITURE, "page navigation")
    for reason, pattern, can_title in _FURNITURE:
        if pattern.match(text):
            if reason == "links" and link:
                text = _MD_ESCAPE.sub(r"\1", link.group(1))
            return Block(0, text, FURNITURE, reason, can_title)
    return Block(0, text, "prose" if is_prose(text) else "text")


def _menu(text: str) -> bool:
    """The site's menu on one line (`Models Datasets Spaces Docs Pricing`): navigation words
    alone, at least two of the site's menu words, between separators or spaces."""
    menu = 0
    for word in _MENU_WORD.finditer(text.casefold()):  # (an abstract stops at its first word)
        if word[0] in _NAVIGATION:
            menu += 1
        elif word[0] not in _MENU_PARTS:
            return False
    return menu >= 2


_MENU_WORD = re.compile(r"[^\s|·•]+")
_MENU_PARTS = {"hugging", "face", "🤗", "log", "in", "sign", "up"}  # of the menu's two-word items


def _front_matter(lines: list[str]) -> tuple[int, str | None]:
    """A `---` front-matter block at the top: (lines it takes, its date)."""
    start = next((i for i, line in enumerate(lines) if clean(line)), None)
    if start is None or clean(lines[start]) != "---":
        return 0, None
    date = None
    for i in range(start + 1, len(lines)):
        line = clean(lines[i])
        if line in ("---", "..."):
            return i + 1, date
        key, _, value = line.partition(":")
        if key.strip().casefold() == "date" and value.strip():
            date = value.strip().strip("'\"")
    return 0, None  # unterminated: not front matter


def blocks(text: str) -> tuple[list[Block], str | None]:
    """Every paragraph of a capture with what became of it, and the front matter's date."""
    lines = split_lines(text)
    skip, date = _front_matter(lines)
    found: list[Block] = []
    if skip:
        found.append(Block(1, "---", FURNITURE, "front matter", False))
    paras = paragraphs(lines[skip:], first=skip + 1)
    compact = 2 * sum(p.follows for p in paras) > len(paras)  # no blank lines between paragraphs
    for para in paras:
        block = classify(para.text)
        block.line = para.line
        if compact and para.parts and block.kind == "prose":
            found += _unglued(para, found[-1].kind if found else "")
        else:
            found.append(block)
    _place(found)
    _repeats(found)
    return found, date


def _unglued(para: Paragraph, before: str) -> list[Block]:
    """A paragraph of a wrapped compact page, the titles glued into it split off.

    With no blank lines between titles and abstracts, a line looks wrapped when the next word
    would not have fitted on the line before it: a title nearly as wide as the page is joined
    to its abstract, and a title after an abstract's full last line to that abstract. A title
    among the lines of a paragraph shows it: a line (or two) that is no sentence, after a line
    ending one (or a paragraph following what is no title, `before`), followed by a line
    starting with a capital or ending the paragraph; inside the paragraph, its words
    capitalised as titles' are."""
    parts = para.parts
    cuts, i = [0], 0
    while i < len(parts):
        first = i == 0 and para.follows and before != "text"
        if first or (i and _ends(parts[i - 1])):
            size = next((n for n in (2, 1) if _glued(parts, i, n, loose=first and n == 1)), 0)
            if size:
                cuts += [i, i + size]
                i += size
                continue
        i += 1
    found = []
    for a, b in itertools.pairwise(sorted({*cuts, len(parts)})):
        block = classify(" ".join(parts[a:b]))
        block.line = para.line + a
        found.append(block)
    return found


def _glued(parts: tuple[str, ...], i: int, n: int, loose: bool) -> bool:
    """Whether `n` lines from `i` are a title: no sentence, a line starting with a capital after
    (or the paragraph's end: the next starts the abstract)."""
    if i + n > len(parts) or (i + n < len(parts) and not parts[i + n][:1].isupper()):
        return False
    text = " ".join(parts[i : i + n])
    loose = loose or i + n == len(parts)  # after the abstract's last full stop: no abstract line
    cased = loose or all(_title_cased(line, n, k) for k, line in enumerate(parts[i : i + n]))
    return cased and not _SENTENCE_END.search(text) and classify(text).kind == "text"


_SMALL = {"with", "from", "into", "over", "than", "that", "this", "using", "via", "without", "upon"}


def _title_cased(line: str, lines: int, k: int) -> bool:
    """Line `k` of a title of `lines` lines capitalised as most titles are: three words in four
    of four letters or more (at least two of them, for a title of one line); every one on the
    second line of two (an abstract's first line is no title's end)."""
    words = [w for w in line.split() if len(w) >= 4 and w[:1].isalpha() and w.casefold() not in _SMALL]
    upper = sum(1 for w in words if w[:1].isupper())
    if k:
        return upper == len(words)
    return len(words) >= (2 if lines == 1 else 1) and 4 * upper >= 3 * len(words)


def _ends(line: str) -> bool:
    """A line ending a sentence, or a link (an abstract may end with its code's URL)."""
    return bool(_SENTENCE_END.search(line)) or any("://" in w for w in line.split()[-2:])


def _place(found: list[Block]) -> None:
    """Give every block its role: papers by place (see the module's docstring), then the rest."""
    papers = 0
    start = 0  # blocks before this one belong to an earlier paper
    last = -2  # the last abstract block
    for i, block in enumerate(found):
        if block.kind != "prose" or block.role:
            continue
        wall = max((k for k in range(start, i) if found[k].reason == SEPARATOR), default=start - 1)
        free = [k for k in range(wall + 1, i) if not found[k].role]  # a separator ends a card
        title = next((k for k in reversed(free) if found[k].kind == "text"), None)
        ahead = next((k for k in range(i + 1, len(found)) if found[k].kind != FURNITURE), None)
        if title is None and ahead is not None and _title_of(block, found[ahead]):
            _paper(found, papers, i, ahead)
            papers, start, last = papers + 1, ahead + 1, ahead
            continue
        if title is None:  # the nearest paragraph that only looks like furniture
            title = next((k for k in reversed(free) if found[k].can_title), None)
        if title is not None:
            _paper(found, papers, title, i)
            papers, start, last = papers + 1, i + 1, i
        elif last == i - 1:
            block.role, block.paper, last, start = ABSTRACT, found[last].paper, i, i + 1
    _short_abstracts(found, papers)
    for block in found:
        if not block.role:
            block.role = FURNITURE if block.kind == FURNITURE else SKIPPED
            if block.kind == "text":
                block.reason = "not followed by an abstract"
            elif block.kind == "prose":
                block.reason = "an abstract with no title before it"


def _title_of(block: Block, nxt: Block) -> bool:
    """A prose paragraph that is the title of the next one: title-sized, and shorter."""
    return nxt.kind == "prose" and not nxt.role and len(block.text) <= min(250, len(nxt.text) - 1)


def _paper(found: list[Block], number: int, title: int, abstract: int) -> None:
    found[title].role, found[title].paper = TITLE, number
    found[abstract].role, found[abstract].paper = ABSTRACT, number


def _short_abstracts(found: list[Block], papers: int) -> None:
    """Text followed (furniture aside) by a sentence, longer or after a title without a full
    stop: a paper with a short abstract."""
    free = [k for k, b in enumerate(found) if not b.role and b.kind != FURNITURE]
    for a, b in itertools.pairwise(free):
        if found[a].role or any(found[k].role for k in range(a + 1, b)):
            continue
        title, abstract = found[a], found[b]
        if (
            title.kind == "text"
            and abstract.kind == "text"
            and len(title.text) <= 300
            and _SENTENCE_END.search(abstract.text)
            and weight(abstract.text) >= 3
            and (len(abstract.text) > len(title.text) or not _SENTENCE_END.search(title.text))
        ):
            _paper(found, papers, a, b)
            papers += 1


def papers(found: list[Block]) -> list[tuple[Block, list[Block]]]:
    """The papers among placed blocks, in page order: (title, abstract paragraphs)."""
    grouped: dict[int, list[Block]] = {}
    for block in found:
        if block.role in (TITLE, ABSTRACT):
            grouped.setdefault(block.paper, []).append(block)
    ordered = sorted(grouped.values(), key=lambda blocks: min(b.line for b in blocks))
    return [(next(b for b in g if b.role == TITLE), [b for b in g if b.role == ABSTRACT]) for g in ordered]


def _repeats(found: list[Block]) -> None:
    """A paper whose title was read already in this file: its blocks are skipped."""
    seen: dict[str, int] = {}
    for title, abstract in papers(found):
        first = seen.setdefault(title.text.casefold(), title.line)
        if first != title.line:
            for block in (title, *abstract):
                block.role, block.reason = SKIPPED, f"a paper repeated (its title is on line {first})"


# A day's page is about a thousand lines (three thousand wrapped), its longest an abstract of a
# few thousand characters: a file of more lines or a longer one is no capture, and reading it
# would take minutes and gigabytes (a million empty paragraphs: 22 s and 335 MB a 3 MB file).
MAX_LINES = 300_000
MAX_LINE = 200_000


def read_capture(text: str, file: str, snapshot_id: str) -> Snapshot:
    """Parse the text of a page capture into a snapshot (entries in page order)."""
    snap = Snapshot(id=snapshot_id, file=file, date=None, kind="capture")
    parts = split_lines(text) if len(text) > min(MAX_LINE, MAX_LINES) else []  # (fewer: within)
    lines, longest = len(parts), max(map(len, parts), default=0)
    if lines > MAX_LINES or longest > MAX_LINE:
        why = f"{lines:,} lines" if lines > MAX_LINES else f"a line of {longest:,} characters"
        limit = f"{MAX_LINES:,} lines" if lines > MAX_LINES else f"lines of {MAX_LINE:,} characters"
        snap.problems.append(Problem(file, f"not a page capture ({why}; at most {limit}): not read"))
        return snap
    found, snap.date = blocks(text)
    for n, (title, abstract) in enumerate(papers(found), start=1):
        snap.entries.append(Entry(title.text, " ".join(b.text for b in abstract), position=n))
    first = min((b.line for b in found if b.role == TITLE), default=None)
    for block in found:
        if block.role == SKIPPED:
            snap.skipped.append(Skipped(block.line, block.reason, _excerpt(block.text)))
        elif block.role == FURNITURE:
            snap.furniture += 1
            if snap.date is None and block.reason == "a date" and (first is None or block.line < first):
                snap.date = block.text
    if not snap.entries:
        snap.problems.append(Problem(file, "no papers found (no title followed by an abstract)"))
    return snap


def _excerpt(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
