"""Property tests (hypothesis): readers and queries never raise; captures read back exactly."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.library import parse_snapshot

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(snap) -> None:
    """Read (papers, all clean) or reported (a fatal problem with a reason)."""
    if snap.entries:
        for e in snap.entries:
            assert e.title and not CONTROL.search(e.title + e.abstract)
            assert e.title == e.title.strip() and "  " not in e.title
    else:
        assert any(p.fatal and p.reason for p in snap.problems)


@FAST
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.json", "a.md"]))
def test_any_bytes_are_read_or_reported(data, name):
    _check(parse_snapshot(data, name, "a"))


@FAST
@given(text=st.text(max_size=3000), name=st.sampled_from(["a.txt", "a.json"]))
def test_any_text_is_read_or_reported(text, name):
    _check(parse_snapshot(text.encode("utf-8", "surrogatepass"), name, "a"))


_json_scalar = st.none() | st.booleans() | st.integers() | st.text(max_size=30)
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


@FAST
@given(value=_json)
def test_any_json_shape_is_read_or_reported(value):
    import json

    _check(parse_snapshot(json.dumps(value).encode(), "day.json", "day"))


_word = st.from_regex(r"[A-Za-z][a-z]{1,9}", fullmatch=True)
_title = st.lists(_word, min_size=2, max_size=10).map(lambda ws: " ".join(w.capitalize() for w in ws))
_abstract = st.lists(_word, min_size=15, max_size=60).map(lambda ws: " ".join(ws).capitalize() + ".")
_papers = st.lists(st.tuples(_title, _abstract), min_size=1, max_size=12, unique_by=lambda p: p[0].casefold())


def _blank_layout(papers) -> str:
    head = [
        "new",
        "",
        "Get trending papers in your email inbox!",
        "",
        "Subscribe",
        "",
        "Daily Papers",
        "",
        "byAK and the research community",
        "",
        "Sep 3",
        "",
    ]
    return "\n".join(head + [line for t, a in papers for line in (t, "", a, "")])


def _compact_layout(papers) -> str:
    lines = [
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
    ]
    body = [line for t, a in papers for line in (t, a)]
    body[0] = "Subscribe" + body[0]
    return "\n".join(lines + body) + "\n"


def _noisy_layout(papers) -> str:
    lines = ["Hugging Face", "Models", "Daily Papers", "Oct 7, 2024"]
    for n, (t, a) in enumerate(papers):
        lines += [f"[-] {n + 3}", t, a, "·", f"{n + 2} authors", "https://arxiv.org/abs/2401.0000" + str(n)]
    return "\r\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(
    papers=_papers, layout=st.sampled_from([_blank_layout, _compact_layout, _noisy_layout]), bom=st.booleans()
)
def test_rendered_captures_read_back_exactly(papers, layout, bom):
    if any(
        t.casefold() in {"new", "models", "subscribe", "datasets", "spaces", "posts", "docs", "papers"}
        for t, _ in papers
    ):
        return
    data = (b"\xef\xbb\xbf" if bom else b"") + layout(papers).encode("utf-8")
    snap = parse_snapshot(data, "day.txt", "day")
    assert [(e.title, e.abstract) for e in snap.entries] == list(papers)


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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300) | _syntax)
def test_any_query_returns_results_or_a_note(seed_index, text):
    result = seed_index.search(text, limit=20)
    assert result.total >= 0 and len(result.hits) <= 20
    assert all(h.paper.title for h in result.hits)


@pytest.mark.parametrize("query", ["(" * 500 + "a", '"' * 301, "title:" * 200, "a" * 100_000, "NOT " * 300])
def test_pathological_queries(seed_index, query):
    result = seed_index.search(query)
    assert result.total >= len(result.hits)
