"""Property tests (hypothesis): readers and queries never raise, every block of a snapshot
is a paper or reported, and real papers rendered as captures (layouts x wrapping x widths x
scripts x controls) read back exactly. Example counts: `examples()` in conftest."""

from __future__ import annotations

import itertools
import json
import random
import re

import pytest
from captures import WRAPPERS, in_script, page, real_papers, truncated, with_controls
from helpers import examples
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dailypapers.index.papers.paperset import merge
from dailypapers.index.reading.capture import ABSTRACT, SKIPPED, TITLE, blocks
from dailypapers.index.reading.decode import decode
from dailypapers.index.reading.files import parse_snapshot
from dailypapers.index.reading.paragraphs import paragraphs, split_lines
from dailypapers.index.search.backend import WhooshBackend
from dailypapers.index.text import clean

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def _check(snap) -> None:
    """Read (papers, all clean) or reported (a fatal problem with a reason); every block
    of a capture a paper's, furniture or skipped with a reason."""
    if snap.entries:
        for e in snap.entries:
            assert e.title and not CONTROL.search(e.title + e.abstract)
            assert e.title == e.title.strip() and "  " not in e.title
    else:
        assert any(p.fatal and p.reason for p in snap.problems)
    assert all(s.reason for s in snap.skipped)


@settings(max_examples=examples(400))
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.json", "a.md"]))
def test_any_bytes_are_read_or_reported(data, name):
    _check(parse_snapshot(data, name, "a"))


@settings(max_examples=examples(400))
@given(text=st.text(max_size=3000), name=st.sampled_from(["a.txt", "a.json"]))
def test_any_text_is_read_or_reported(text, name):
    _check(parse_snapshot(text.encode("utf-8", "surrogatepass"), name, "a"))


_LINES = st.lists(
    st.sampled_from(["", " ", "Title Words Here", "Daily Papers", "2048", "·", "### [T](u)", "![i](x)"])
    | st.text(max_size=120),
    max_size=60,
)


@settings(max_examples=examples(400))
@given(lines=_LINES, sep=st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_paragraph_is_a_paper_or_reported(lines, sep):
    """Nothing is lost by construction: the paragraphs hold every character of every line
    (only whitespace changes), and each paragraph is a title, an abstract, furniture or
    skipped with a reason; the snapshot's account adds up."""
    text = sep.join(lines)
    found = paragraphs(split_lines(text))
    every = "".join("".join(clean(line).split()) for line in split_lines(text))
    assert "".join("".join(p.text.split()) for p in found) == every
    placed, _ = blocks(text)
    assert all(b.role and (b.role != SKIPPED or b.reason) for b in placed)
    data = text.encode("utf-8", "surrogatepass")
    decoded, _ = decode(data, "a.txt")
    snap = parse_snapshot(data, "a.txt", "a")
    if decoded is not None:  # read as text: its account adds up
        placed, _ = blocks(decoded)
        used = sum(1 for b in placed if b.role in (TITLE, ABSTRACT))
        assert used + len(snap.skipped) + snap.furniture == len(placed)
        assert [s.line for s in snap.skipped] == [b.line for b in placed if b.role == SKIPPED]


_json_scalar = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**31 - 3, max_value=2**70)
    | st.text(max_size=30)
)
_json = st.recursive(
    _json_scalar,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["paper", "title", "summary", "id", "authors", "name", "upvotes", "data", "date"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=examples(400))
@given(value=_json)
def test_any_json_shape_is_read_or_reported(value):
    text = json.dumps(value)  # lone surrogates become \ud800 escapes, as in a real file
    snap = parse_snapshot(text.encode(), "day.json", "day")
    _check(snap)
    items = value.get("data", value.get("papers")) if isinstance(value, dict) else value
    if isinstance(items, list):  # every item a paper or skipped, with its number
        assert len(snap.entries) + len(snap.skipped) == len(items)


_item = st.fixed_dictionaries(
    {
        "paper": st.fixed_dictionaries(
            {
                "id": st.sampled_from(["2401.00001", "2401.00002", "x y", ""]) | st.text(max_size=12),
                "title": st.text(min_size=1, max_size=40),
                "summary": st.text(max_size=80),
                "upvotes": st.integers(min_value=-(2**80), max_value=2**80),
                "authors": st.lists(st.fixed_dictionaries({"name": st.text(max_size=12)}), max_size=3),
            }
        )
    }
)


@settings(max_examples=examples(100))
@given(items=st.lists(_item, min_size=1, max_size=6), big=st.booleans())
def test_no_value_poisons_the_index(items, big):
    """Any numbers (beyond 32 bits, beyond 4,300 digits), lone surrogates, odd ids: the papers
    read index, or the item is reported."""
    text = json.dumps(items)
    if big:
        text = re.sub(r'"upvotes": -?\d+', '"upvotes": 1' + "0" * 5000, text, count=1)
    snap = parse_snapshot(text.encode(), "2024-01-02.json", "2024-01-02")
    assert len(snap.entries) + len(snap.skipped) == len(items) or not snap.entries
    WhooshBackend.empty().check(merge([snap]))


# -- real papers rendered as captures -------------------------------------------

_papers = st.lists(
    st.sampled_from(real_papers()), min_size=1, max_size=8, unique_by=lambda p: p[0].casefold()
)


def _expected(papers, script: str, cut: int | None) -> list[tuple[str, str]]:
    out = []
    for paper in papers:
        title, abstract = in_script(paper, script)
        if cut and script != "cjk":
            abstract = truncated(abstract, cut)
        out.append((title, abstract))
    return out


@st.composite
def _rendering(draw):
    """(layout, wrapper, width, indent, script, truncation): the combinations people make."""
    wrapper = draw(st.sampled_from([None, *WRAPPERS]))
    script = draw(st.sampled_from(["latin", "cyrillic", "cjk"] if wrapper in (None, "greedy") else ["latin"]))
    if wrapper is None:
        layout = draw(st.sampled_from(["blank", "compact", "noisy", "markdown"]))
    elif wrapper == "fold -s":
        layout = draw(st.sampled_from(["blank", "compact", "markdown"]))
    elif wrapper == "fold":
        layout = draw(st.sampled_from(["blank", "markdown"]))
    else:
        layout = draw(st.sampled_from(["blank", "markdown", "lynx"]))
    indent = "   " if layout == "lynx" else ""
    if wrapper in ("greedy", "textwrap") and layout != "lynx":
        indent = draw(st.sampled_from(["", "  ", "    "]))
    width = draw(st.sampled_from([72, 80, 100, 150]))
    cut = draw(st.none() | st.integers(min_value=100, max_value=400))
    return layout, wrapper, width, indent, script, cut


def _shows_its_width(wrapper: str | None, script: str) -> bool:
    """Whether a wrapped file shows that it is: two lines going on (one shows no width; `fold`
    cuts are seen five times), in a cased script one of them mid-sentence, in lower case
    (a capture that is not wrapped has lines of all lengths, each starting a paragraph); and
    no paragraph ends in a word as wide as a line (a URL): that reads as a word cut."""
    if not page.continued:
        return True
    enough = page.continued >= (5 if wrapper == "fold" else 2)
    return enough and (script == "cjk" or page.lower >= 1) and not page.word_at_width


@settings(max_examples=examples(600))
@given(papers=_papers, how=_rendering(), bom=st.booleans())
def test_rendered_captures_read_back_exactly(papers, how, bom):
    """Real papers in every layout, unwrapped or wrapped (greedy by columns, `fold -s`, `fold`,
    `textwrap`) at 72 to 150 columns, with and without indentation, in Latin, Cyrillic and
    Han script, abstracts whole or cut with `…`: the same titles and abstracts, and no block
    skipped."""
    layout, wrapper, width, indent, script, cut = how
    expected = _expected(papers, script, cut)
    text = page(expected, layout, WRAPPERS.get(wrapper), width, indent)
    assume(_shows_its_width(wrapper, script))
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    snap = parse_snapshot(data, "day.md" if layout == "markdown" else "day.txt", "day")
    assert [(e.title, e.abstract) for e in snap.entries] == expected
    assert snap.skipped == [] and not snap.problems


@settings(max_examples=examples(300))
@given(papers=_papers, how=_rendering(), seed=st.integers(0, 2**32), count=st.integers(1, 30))
def test_controls_inside_lines_are_whitespace(papers, how, seed, count):
    """A character that ends a line elsewhere (lone CR, VT, FF, FS/GS/RS, NEL, U+2028/9) or a
    stray control in place of a space changes nothing: not a paragraph break, not a lost word."""
    layout, wrapper, width, indent, script, cut = how
    expected = _expected(papers, script, cut)
    text = page(expected, layout, WRAPPERS.get(wrapper), width, indent)
    assume(_shows_its_width(wrapper, script))
    text = with_controls(text, random.Random(seed), count)
    snap = parse_snapshot(text.encode("utf-8"), "day.md" if layout == "markdown" else "day.txt", "day")
    assert [(e.title, e.abstract) for e in snap.entries] == expected


@settings(max_examples=examples(200))
@given(papers=_papers, orphans=st.lists(st.tuples(st.integers(0, 8), st.booleans()), max_size=4))
def test_blocks_that_are_no_paper_are_reported_with_their_line(papers, orphans):
    """A title with no abstract, or an abstract with no title (after a separator), inserted
    anywhere: the papers still read back, and each inserted block is reported at its line."""
    extra = real_papers()[-1]
    cards = [[t, "", a, ""] for t, a in papers]
    inserted = []
    for where, is_title in orphans:
        block = [extra[0], ""] if is_title else ["·", "", extra[1], ""]
        cards.insert(min(where, len(cards)), block)
        inserted.append(block)
    lines = ["Daily Papers", "", "Sep 3", ""]
    wanted = []
    for card in cards:
        if any(card is b for b in inserted):
            wanted.append(len(lines) + 1 + (0 if len(card) == 2 else 2))
        lines += card
    assume(extra not in papers)
    snap = parse_snapshot("\n".join(lines).encode(), "day.txt", "day")
    assert [(e.title, e.abstract) for e in snap.entries] == list(papers)
    assert [s.line for s in snap.skipped] == wanted
    assert all(s.reason for s in snap.skipped)


_TOKENS = [
    *'abcgrokinglazy "():*?~^[]{}-+',
    "AND ",
    "OR ",
    "NOT ",
    "title:",
    "author:",
    "snapshot:",
    "abstract:",
    "org:",
    "has:",
    "upvotes:",
    "stars:",
    "date:",
    ">=",
    "<",
    " TO ",
    "50",
    "2026-08",
    "2026-W34",
    "code",
]
_syntax = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)


@settings(max_examples=examples(300))
@given(text=st.text(max_size=300) | _syntax)
def test_any_query_returns_results_or_a_note(seed_index, text):
    result = seed_index.search(text, limit=20)
    assert result.total >= 0 and len(result.hits) <= 20
    assert all(h.paper.title for h in result.hits)


@pytest.mark.parametrize("query", ["(" * 500 + "a", '"' * 301, "title:" * 200, "a" * 100_000, "NOT " * 300])
def test_pathological_queries(seed_index, query):
    result = seed_index.search(query)
    assert result.total >= len(result.hits)


def _clean_by_patterns(text: str) -> str:
    """`clean` as its patterns alone define it (what its fast paths must return)."""
    from dailypapers.index import text as t

    text = t._BIDI().sub("", t._CONTROLS().sub(" ", t._ESCAPES().sub("", text)))
    return t._SPACES().sub(" ", t._SURROGATES().sub("\ufffd", text)).strip()


_NASTY = st.sampled_from(
    list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2000\u3000\x00\x1b[31m\x07\x9b\x9d\x7f\u202e\u2066\u2028\ud800é")
)


@settings(max_examples=examples(2000))
@given(st.lists(st.one_of(st.text(max_size=8), _NASTY), max_size=30).map("".join))
def test_clean_fast_paths_equal_its_patterns(text):
    assert clean(text) == _clean_by_patterns(text)


def test_clean_whitespace_is_re_whitespace():
    """The fast paths split on str.split's whitespace; the patterns collapse re's \\s: the same set."""
    for code in range(0x110000):
        char = chr(code)
        assert clean(f"a{char}{char}b") == _clean_by_patterns(f"a{char}{char}b"), hex(code)


def test_shown_and_unlatex_shortcuts_answer_as_their_patterns():
    """`shown` leaves printable text as it is without its pattern, `unlatex` and `latex_cuts`
    text without a backslash: every code point `shown`'s pattern escapes is not printable."""
    from dailypapers.index import text as t

    for code in range(0x110000):
        char = chr(code)
        assert char.isprintable() <= (t._UNSAFE().search(char) is None), hex(code)
        assert t.shown(f"a{char}") == t._UNSAFE().sub(t._escape, f"a{char}"), hex(code)
    for sample in ("50\\% R\\&D top\\_k \\#1 \\$5", "no backslash: 50% R&D", "a\\\\%", ""):
        assert t.unlatex(sample) == t._LATEX_ESCAPE().sub(r"\1", sample)
        assert t.latex_cuts(sample) == [m.start() for m in t._LATEX_ESCAPE().finditer(sample)]


_SPECIAL = st.text(
    st.sampled_from(list("ab \t\x1b[m\x07\x0b\x0c\x1c\x85\xa0\u2028\u2029\u200b\u202e\u3000\ufeff\ud800é中")),
    max_size=40,
)


@settings(max_examples=examples(400))
@given(
    lines=st.lists(_SPECIAL, max_size=12),
    sep=st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"]),
    widths=st.lists(st.integers(18, 26), max_size=12),
)
def test_the_readers_shortcuts_answer_as_the_general_forms(lines, sep, widths):
    """What parsing skips for speed changes no answer: lines split without the pattern when
    there is no CR, a line blank when stripped exactly when `clean` empties it (after
    `visible`), and ASCII lines cut at the same width counted in bytes as in characters."""
    from dailypapers.index.reading.paragraphs import _cut_lines, _Line, _utf8_len
    from dailypapers.index.text import visible

    text = sep.join(lines)
    assert split_lines(text) == (re.split(r"\r?\n", text) if "\n" in text else text.split("\r"))
    for line in lines:
        raw = visible(line).expandtabs(8)
        assert (not raw.strip()) == (not clean(raw))
    wrapped = [("word " * 6)[:n] for n in widths]  # (cut at 20 columns and more)
    ascii = [_Line(n, x, x.rstrip(), len(x.rstrip()), False) for n, x in enumerate(wrapped)]
    pairs = list(itertools.pairwise(ascii))
    if pairs:
        assert _cut_lines(pairs, ascii, len) == _cut_lines(pairs, ascii, _utf8_len)
