"""The full text as the reader shows it (plain: tested without a terminal): its lines at a
width, where each section starts, the line at the top kept by section across a resize, the
matches of a word found with `/` (n / N), each section's link and what the status line says."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from dailypapers.index import Document, Line, section_url
from dailypapers.index import text_lines as lines


@dataclass
class FullTextState:
    """Laid out whole, or (`enough`) only through the place kept and a few screens more: the rest
    then comes below what is there with `grow` (its lines made in a worker) or `complete`."""

    doc: Document
    arxiv_id: str
    width: int = 80
    at: tuple[int, float] = (0, 0.0)  # the place to open at: (section, share of it)
    enough: int | None = None  # lines past its section's start to lay out first (None: all)
    lines: list[Line] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the first line of each section laid out
    word: str = ""
    matches: list[int] = field(default_factory=list)  # the lines holding `word`
    current: int | None = None  # the match last jumped to

    def __post_init__(self) -> None:
        self.opening = self.lay_out(self.width, place=self.at, enough=self.enough)

    @property
    def done(self) -> bool:
        """Every section laid out."""
        return len(self.starts) == len(self.doc.sections)

    def lay_out(
        self, width: int, top: int = 0, place: tuple[int, float] | None = None, enough: int | None = None
    ) -> int:
        """Wrap to `width`; the line that now shows what `top` showed (same section, same share of
        it), or `place`. With `enough`, only that section and the lines `enough` past its start."""
        section, share = place or (self.place(top) if self.lines else (0, 0.0))
        section = max(0, min(section, len(self.doc.sections) - 1))
        self.width, self.lines, self.starts, self.matches, self.current = width, [], [], [], None
        self.grow(section + 1 if enough is not None else len(self.doc.sections))
        while not self.done and len(self.lines) < self.starts[section] + (enough or 0):
            self.grow(len(self.starts) + 1)
        start, end = self.span(section)
        return start + round(share * (end - start))

    def grow(self, stop: int, more: list[Line] | None = None) -> None:
        """Lay out the sections up to `stop` (`more`: their lines, made already)."""
        if stop <= len(self.starts):
            return
        more = lines(self.doc, self.width, len(self.starts), stop) if more is None else more
        base = len(self.lines)
        self.lines += more
        for n, line in enumerate(more):
            if line.section >= len(self.starts):
                self.starts.append(base + n)
        needle = self.word.lower()
        if needle:
            self.matches += [base + n for n, line in enumerate(more) if needle in line.text.lower()]

    def complete(self) -> None:
        self.grow(len(self.doc.sections))

    def place(self, top: int) -> tuple[int, float]:
        """(section, how far into it) of a line: what a position is remembered as."""
        section = self.section_at(top)
        start, end = self.span(section)
        return section, (top - start) / max(1, end - start)

    def span(self, section: int) -> tuple[int, int]:
        start = self.starts[section] if section < len(self.starts) else 0
        end = self.starts[section + 1] if section + 1 < len(self.starts) else len(self.lines)
        return start, end

    def section_at(self, y: int) -> int:
        if not self.lines:
            return 0
        return self.lines[max(0, min(y, len(self.lines) - 1))].section

    def step_section(self, top: int, delta: int) -> int:
        """The first line of the next (or previous) section from the one at `top`."""
        self.complete()
        n = max(0, min(len(self.starts) - 1, bisect_right(self.starts, top) - 1 + delta))
        return self.starts[n] if self.starts else 0

    def start(self, section: int) -> int:
        """The first line of a section (all laid out)."""
        self.complete()
        return self.starts[section]

    def find(self, word: str) -> int:
        """The lines holding `word` (any case); how many (all laid out)."""
        self.complete()
        self.word = word.strip()
        needle = self.word.lower()
        self.matches = [n for n, line in enumerate(self.lines) if needle and needle in line.text.lower()]
        self.current = None
        return len(self.matches)

    def next_match(self, top: int, delta: int) -> int | None:
        """The next match below `top` (delta 1) or above it (-1), round the end; None: none."""
        if not self.matches:
            return None
        if self.current is not None and self.current in self.matches:
            at = self.matches.index(self.current) + delta
        else:
            at = bisect_right(self.matches, top - (delta > 0)) - (delta < 0)
        self.current = self.matches[at % len(self.matches)]
        return self.current

    def link(self, top: int) -> str:
        return section_url(self.arxiv_id, self.doc.sections[self.section_at(top)])

    def status(self, top: int, height: int) -> str:
        """`§2 Method · 35% · "word" 2 of 7`."""
        section = self.doc.sections[self.section_at(top)] if self.doc.sections else None
        where = section.heading if section is not None and section.level > 1 else "Top"
        where = f"§{where}" if where[:1].isdigit() else where
        share = f"{min(100, round(100 * (top + height) / max(1, len(self.lines))))}%" if self.done else "…"
        found = ""
        if self.word:
            n = self.matches.index(self.current) + 1 if self.current in self.matches else 0
            found = f' · "{self.word}" {n} of {len(self.matches)}' if self.matches else f' · no "{self.word}"'
        return f"{where} · {share}{found}"
