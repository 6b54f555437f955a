"""The paper: title, what is known about it, the site's TL;DR and the abstract with the query's
matches.

A line-API view: the text is wrapped once per width and only the lines on screen are drawn.
The TL;DR and the abstract are never wider than `MEASURE` cells (long lines are hard to read);
when the pane is wide enough, what is known about the paper (facts, organisation, submitter,
keywords, links as OSC 8 hyperlinks, every author) goes in a column beside them rather than
above. `compact` (the paper under the list) keeps that block to one line of facts and authors.
Links are short labels ("arXiv 2608.00001 · HF page · GitHub owner/repo ★12"), never broken
inside a word; `full_urls` (the full-screen reader) writes each URL out too, for terminals
without hyperlinks, where every URL fits on a line (not in a narrow side column).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.strip import Strip

from dailypapers.index import Paper

from ..commands import bindings
from ..render import MATCH, line, lines, marked
from ..show import PaperDoc
from ..view.links import hyperlinks
from .keyscroll import KeyScroll
from .virtual import set_virtual_size

MEASURE = 88  # the abstract's widest line, in cells
SIDE = 26  # the narrowest side column worth having
_TAG = "dailypapers-match"  # marks matches so they can be found again after wrapping


class PaperView(KeyScroll, can_focus=True):
    """Shows one paper; `n`/`N` jump between the query's matches."""

    COMPONENT_CLASSES = {
        "paper-view--title",
        "paper-view--meta",
        "paper-view--mark",
        "paper-view--why",
        "paper-view--empty",
    }
    BINDINGS = bindings("paper")

    def __init__(self, compact: bool = False, full_urls: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.compact = compact
        self.full_urls = full_urls
        self.osc8 = hyperlinks()  # False under tmux < 3.4 or screen: every URL written out
        self.doc: PaperDoc | None = None
        self.placeholder = "Nothing to show."
        self._lines: list[Strip] = []
        self._match_lines: list[int] = []
        self._abstract_lines: list[int] = []
        self._abstract_text: list[str] = []
        self._tldr_count = 0
        self._match = -1
        self._width = 0
        self._base: Style | None = None  # the pane's style (a lookup walks up the DOM: once a restyle)
        self.spared = 0  # layouts of the screen spared by a new height (see `virtual`)

    @property
    def paper(self) -> Paper | None:
        return self.doc.paper if self.doc else None

    def show(self, doc: PaperDoc | None, placeholder: str = "", keep_scroll: bool = False) -> None:
        self.doc = doc
        self.placeholder = placeholder or "Nothing to show."
        self._match = -1
        self._lay_out()
        if not keep_scroll:
            self.scroll_to(y=0, animate=False)

    def _lay_out(self) -> None:
        width = max(10, self.scrollable_content_region.width)
        self._width = width
        console = self.app.console
        base = self.rich_style
        if self.doc is None:
            empty = base + self.get_component_rich_style("paper-view--empty")
            self._lines = [line(console, Text(self.placeholder), width, empty)]
            self._match_lines, self._abstract_lines, self._abstract_text = [], [], []
            self._set_height(1)
            return
        doc = self.doc
        tag = Style(meta={_TAG: True}) + MATCH
        title = marked(doc.paper.title, doc.title_spans, tag)
        link = Style(link=doc.paper.url) if doc.paper.url else Style()
        title.stylize(self.get_component_rich_style("paper-view--title") + link, 0, len(title))
        out = lines(console, title, width, base)
        measure = min(width, MEASURE)
        side = width - measure - 2
        abstract = marked(
            doc.paper.abstract or ("…" if doc.pending else "(no abstract)"), doc.abstract_spans, tag
        )
        body = lines(console, abstract, measure, base)
        self._abstract_text = [s.text.rstrip() for s in body]
        lead = lines(console, self._tldr(doc), measure, base) if doc.tldr else []
        self._tldr_count = len(lead)
        if lead:
            lead.append(Strip.blank(measure, base))
        if side >= SIDE:  # beside the TL;DR and the abstract
            links = self._links(doc, side)  # before the authors: in sight at 120x40
            texts = [*self._meta(doc, True, side, links), *self._tail(doc, side, links=False)]
            column = [s for text in texts for s in lines(console, text, side, base)]
            out.append(Strip.blank(width, base))
            left = lead + body
            rows = max(len(left), len(column))
            gap = Strip.blank(2, base)
            first = len(out) + len(lead)
            for n in range(rows):
                here = left[n] if n < len(left) else Strip.blank(measure, base)
                right = column[n] if n < len(column) else Strip.blank(side, base)
                out.append(Strip.join([here, gap, right]))
            abstract_lines = list(range(first, first + len(body)))
        else:
            for text in self._meta(doc, not self.compact, width):
                out += (
                    [line(console, text, width, base)] if self.compact else lines(console, text, width, base)
                )
            if lead and not self.compact:
                out.append(Strip.blank(width, base))
            pad = Strip.blank(width - measure, base)
            out += [Strip.join([s, pad]) for s in lead[:-1]]
            out.append(Strip.blank(width, base))
            abstract_lines = list(range(len(out), len(out) + len(body)))
            out += [Strip.join([s, pad]) for s in body]
            tail = [] if self.compact else self._tail(doc, width)
            if tail:  # under the abstract: keywords, links, where it appeared
                out.append(Strip.blank(width, base))
                out += [s for text in tail for s in lines(console, text, width, base)]
        self._lines, self._abstract_lines = out, abstract_lines
        self._match_lines = [
            n for n, strip in enumerate(out) if any(s.style and s.style.meta.get(_TAG) for s in strip)
        ]
        self._set_height(len(out))

    def _set_height(self, height: int) -> None:
        self.spared += set_virtual_size(self, Size(0, height))
        self.refresh()

    def _tldr(self, doc: PaperDoc) -> Text:
        text = Text("TL;DR ", style="bold", end="")
        text.append(doc.tldr, style="italic")
        return text

    def _meta(self, doc: PaperDoc, full: bool, width: int, links: list[Text] | None = None) -> list[Text]:
        """What is known about the paper, before the abstract: in full (facts, organisation and
        submitter, each fact whole on a line of `width` cells when it fits: never "▲ 163" on one
        line and "upvotes" on the next; the authors), or (compact) one line of facts and
        authors; the reason it is new or picked; the mark."""
        meta = self.get_component_rich_style("paper-view--meta")
        texts = []
        if doc.why:
            texts.append(Text(doc.why, style=self.get_component_rich_style("paper-view--why")))
        if not full:
            parts = [p for p in (doc.brief, doc.authors) if p]
            if parts:
                brief = Text(" · ".join(parts), style=meta)
                url = doc.paper.url
                if url and brief.plain.startswith(url):  # the arXiv link, written out
                    brief.stylize(Style(link=url, underline=self.osc8), 0, len(url))
                texts.append(brief)
        else:
            for facts in (doc.facts[:1], doc.about):
                texts += _packed([(f, "") for fact in facts for f in fact.split(" · ")], width, meta)
            texts += links or []
            if doc.authors:
                texts.append(Text(doc.authors, style=meta))
        if doc.mark or doc.note:
            mark = Text(doc.mark, style=self.get_component_rich_style("paper-view--mark"))
            if doc.note:
                mark.append(("  " if doc.mark else "") + "Note: ", style="bold")
                mark.append(doc.note, style="italic")
            texts.append(mark)
        return texts

    def _tail(self, doc: PaperDoc, width: int, links: bool = True) -> list[Text]:
        """After the abstract (or at the end of the column beside it): keywords, links (OSC 8
        hyperlinks of validated URLs), where it appeared. The links are short labels, as many a
        line as fit in `width` cells; with `full_urls`, when every URL fits on a line, one a
        line with its URL written out (for terminals without hyperlinks)."""
        meta = self.get_component_rich_style("paper-view--meta")
        texts = [Text(t, style=meta) for t in (doc.keywords, doc.all_authors) if t]
        texts += self._links(doc, width) if links else []
        return texts + [Text(f, style=meta) for f in doc.facts[1:]]

    def _links(self, doc: PaperDoc, width: int) -> list[Text]:
        """The links: short labels (OSC 8 hyperlinks), or each with its URL written out (the
        full-screen reader when every URL fits; always where hyperlinks may not work)."""
        meta = self.get_component_rich_style("paper-view--meta")
        if not self.osc8 or (self.full_urls and all(cell_len(url) <= width for _, url in doc.links)):
            texts = []
            for label, url in doc.links:
                link = Text(label, style=meta + Style(bold=True, link=url), end="")
                link.append(" " + url, style=meta + Style(link=url))
                texts.append(link)
            return texts
        return _packed(doc.tags, width, meta)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if self._base is None:
            self._base = self.rich_style
        if 0 <= index < len(self._lines):
            return self._lines[index].crop_extend(0, width, self._base)
        return Strip.blank(width, self._base)

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._lay_out()

    @property
    def match_count(self) -> int:
        return len(self._match_lines)

    @property
    def abstract_lines(self) -> list[str]:
        """The abstract's lines as shown (for measuring the layout)."""
        return list(self._abstract_text)

    @property
    def tldr_count(self) -> int:
        """Lines of TL;DR above the abstract (for measuring the layout)."""
        return self._tldr_count

    @property
    def first_abstract_line(self) -> int:
        return self._abstract_lines[0] if self._abstract_lines else 0

    @property
    def text(self) -> str:
        return "\n".join(s.text.rstrip() for s in self._lines)

    def action_match(self, step: int) -> None:
        if not self._match_lines:
            self.app.bell()
            return
        self._match = (self._match + step) % len(self._match_lines)
        self.scroll_to(y=max(0, self._match_lines[self._match] - 2), animate=False)


def _packed(tags: list[tuple[str, str]], width: int, style: Style) -> list[Text]:
    """Short labels (links, or facts where the URL is "") joined by " · ", as many a line as
    fit in `width` cells. A label that
    fits on a line is never broken; a longer one breaks between its words, never inside a word
    (an "owner/repo" wider than the line breaks after its slash; a word wider than the line
    is cut with an ellipsis)."""
    rows: list[Text] = []

    def put(joint: str, word: str, joint_style: Style, link: Style) -> None:
        if rows and rows[-1].cell_len + len(joint) + cell_len(word) <= width:
            rows[-1].append(joint, style=joint_style)
        else:
            if rows and joint == " · " and rows[-1].cell_len + 2 <= width:
                rows[-1].append(" ·", style=style)  # the next label starts the next line
            rows.append(Text(end=""))
        rows[-1].append(word, style=link)

    for label, url in tags:
        link = style + Style(underline=True, link=url) if url else style
        words = [("", label)] if cell_len(label) <= width else _words(label, width)
        for n, (glue, word) in enumerate(words):
            put(glue if n else " · ", word, link if n else style, link)
    return rows


def _words(label: str, width: int) -> list[tuple[str, str]]:
    """(what joins it to the word before, word) of a label, each word at most `width` cells."""
    found: list[tuple[str, str]] = []
    for word in label.split(" "):
        glue = " "
        parts = [word]
        if cell_len(word) > width and "/" in word:
            head, _, tail = word.rpartition("/")
            parts = [head + "/", tail]
        for part in filter(None, parts):
            if cell_len(part) > width:
                cut = Text(part)
                cut.truncate(max(1, width), overflow="ellipsis")
                part = cut.plain
            found.append((glue, part))
            glue = ""
    return found
