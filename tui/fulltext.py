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
    doc: Document
    arxiv_id: str
    width: int = 80
    lines: list[Line] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the first line of each section
    word: str = ""
    matches: list[int] = field(default_factory=list)  # the lines holding `word`
    current: int | None = None  # the match last jumped to

    def __post_init__(self) -> None:
        self.lay_out(self.width)

    def lay_out(self, width: int, top: int = 0) -> int:
        """Wrap to `width`; the line that now shows what `top` showed (same section, same share of it)."""
        section, share = self.place(top) if self.lines else (0, 0.0)
        self.width = width
        self.lines = lines(self.doc, width)
        self.starts = [0] * len(self.doc.sections)
        for n in range(len(self.lines) - 1, -1, -1):
            self.starts[self.lines[n].section] = n
        if self.word:
            self.find(self.word)
        start, end = self.span(section)
        return start + round(share * (end - start))

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
        n = max(0, min(len(self.starts) - 1, bisect_right(self.starts, top) - 1 + delta))
        return self.starts[n] if self.starts else 0

    def find(self, word: str) -> int:
        """The lines holding `word` (any case); how many."""
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
        share = min(100, round(100 * (top + height) / max(1, len(self.lines))))
        found = ""
        if self.word:
            n = self.matches.index(self.current) + 1 if self.current in self.matches else 0
            found = f' · "{self.word}" {n} of {len(self.matches)}' if self.matches else f' · no "{self.word}"'
        return f"{where} · {share}%{found}"
