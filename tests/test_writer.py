"""The fast indexing path writes what Whoosh's own path writes.

`store.positions.Positions` against `whoosh.formats.Positions` on generated and
real text, and `store.w3.segment` and `store.w3.build` against Whoosh's `SegmentWriter`:
the same postings file byte for byte, the same term statistics, after adds, deletes and
a merge of segments. Each comparison also checks that the fast path ran (`guard.ran`): with
it off, Whoosh's writer would be compared with itself.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from helpers import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from synth import abstract, title

from dailypapers.index.papers.model import Appearance, Paper
from dailypapers.index.reading.files import read_snapshot, snapshot_files
from dailypapers.index.store import whooshlib as wl
from dailypapers.index.store.positions import Positions
from dailypapers.index.store.schema import make_schema, to_document
from dailypapers.index.store.w3 import build, guard, segment

WORDS = st.sampled_from(
    [
        "the",
        "a",
        "of",
        "Diffusion",
        "models",
        "model",
        "ΣΟΦΙΑ",
        "ὀδυσσεύς",
        "İstanbul",
        "3.14",
        "v2.5",
        "e.g.",
        "_x_",
        "naïve",
        "ǅemal",
        "ﬁne",
        "ẞ",
        "x",
        "To",
        "be",
        "running",
        "ran",
        "runs",
        "Is",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(WORDS, max_size=60).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=40).map("".join),
)


@pytest.fixture(autouse=True)
def _fast_paths_checked() -> None:
    """The guard's first check (its self-test runs the fast paths) done before a test counts them."""
    assert guard.on(), guard.note()


def _both(text: str, field: str = "abstract") -> tuple[list, list]:
    schema = make_schema()
    fast = schema[field].format
    assert isinstance(fast, Positions)
    plain = wl.formats.Positions(field_boost=fast.field_boost)
    ana = schema[field].analyzer
    before = guard.ran["positions"]
    found = sorted(fast.word_values(text, ana, mode="index"))
    assert guard.ran["positions"] == before + 1  # the one-pass path ran (not Whoosh's against itself)
    return found, sorted(plain.word_values(text, ana, mode="index"))


@settings(max_examples=500, deadline=None)
@given(text=TEXT, field=st.sampled_from(["title", "abstract", "author"]))
def test_fast_positions_equal_whooshs(text, field):
    fast, plain = _both(text, field)
    assert fast == plain


def test_fast_positions_on_real_text_and_stop_words_first():
    texts = [e.title + " " + e.abstract for f in snapshot_files(SEEDS) for e in read_snapshot(f).entries]
    assert len(texts) > 300
    for text in [*texts, "the of a Transformer is all", "A", "", "  "]:
        fast, plain = _both(text)
        assert fast == plain
    names = [
        " ; ".join(e.authors) for f in snapshot_files(SEEDS) for e in read_snapshot(f).entries if e.authors
    ]
    for text in [*names, "Ada Lovelace ; Alan M. Turing ; Σοφία Κ."]:
        fast, plain = _both(text, "author")
        assert fast == plain
    fast, _ = _both("the of a Transformers need attention")
    assert dict((w, c) for w, c, _, _ in fast) == {"transform": 1, "need": 1, "attent": 1}


def test_other_analyzers_and_calls_take_whooshs_path():
    fmt = make_schema()["abstract"].format
    other = wl.analysis.StandardAnalyzer()
    text = "Running the models"
    assert list(fmt.word_values(text, other, mode="index")) == list(
        wl.formats.Positions().word_values(text, other, mode="index")
    )
    ana = make_schema()["abstract"].analyzer
    # start_pos is not what the fast path does: Whoosh's path numbers from 5
    assert {w: p for w, _, _, p in fmt.word_values(text, ana, start_pos=5)} == {
        w: p for w, _, _, p in wl.formats.Positions().word_values(text, ana, start_pos=5)
    }


def _papers(count: int, seed: int) -> list[Paper]:
    rng = random.Random(seed)
    return [
        Paper(
            id=f"2401.{seed:02d}{i:03d}",
            title=title(rng),
            abstract=abstract(rng),
            arxiv_id=f"2401.{seed:02d}{i:03d}",
            authors=["Ada Lovelace", f"Author {i}"],
            appearances=[Appearance(f"2024-01-{i % 28 + 1:02d}", f"2024-01-{i % 28 + 1:02d}", i, i % 7)],
        )
        for i in range(count)
    ]


def _dump(path: Path) -> tuple[dict, dict]:
    """Every term's statistics and postings, and the postings files' bytes, of the index at `path`."""
    ix = wl.index.open_dir(str(path))
    terms, stats = {}, {}
    with ix.reader() as reader:
        for fieldname, btext in reader.all_terms():
            info = reader.term_info(fieldname, btext)
            stats[(fieldname, btext)] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
            )
            terms[(fieldname, btext)] = list(reader.postings(fieldname, btext).items_as("weight"))
    return terms, stats


def _postings_bytes(path: Path) -> list[bytes]:
    return sorted(p.read_bytes() for p in path.glob("*.pst"))


def _write(path: Path, make_writer, batches: list[list], deletes: list[str], optimize=False) -> None:
    path.mkdir()
    ix = wl.index.create_in(str(path), make_schema())
    for i, batch in enumerate(batches):
        w = make_writer(ix)
        if i == len(batches) - 1:
            for pid in deletes:
                w.delete_by_term("id", pid)
        for paper in batch:
            w.update_document(**to_document(paper))
        w.commit(optimize=optimize and i == len(batches) - 1)


_plain = segment.plain_writer


def test_one_segment_is_byte_for_byte_whooshs(tmp_path):
    papers = _papers(300, 1)  # 300 > 128: terms span several blocks
    before = guard.ran["writer"]
    _write(tmp_path / "ours", segment.writer, [papers], [])
    assert guard.ran["writer"] == before + 1  # the fast writer wrote it
    _write(tmp_path / "plain", _plain, [papers], [])
    assert _postings_bytes(tmp_path / "ours") == _postings_bytes(tmp_path / "plain")
    assert _dump(tmp_path / "ours") == _dump(tmp_path / "plain")


def test_updates_deletes_and_merges_match_whooshs(tmp_path):
    # The last commit merges the earlier segments into the writer (add_reader: their
    # postings renumbered after the new documents); updates and deletes leave deleted ones.
    first, second, third = _papers(150, 2), _papers(40, 3), _papers(20, 4)
    changed = first[:10]
    for paper in changed:
        paper.abstract += " revisited"
    batches = [first, second, changed + third]
    deletes = [p.id for p in second[:5]]
    before = guard.ran["writer"]
    _write(tmp_path / "ours", segment.writer, batches, deletes, optimize=True)
    assert guard.ran["writer"] == before + 3
    _write(tmp_path / "plain", _plain, batches, deletes, optimize=True)
    ours_terms, ours_stats = _dump(tmp_path / "ours")
    assert (ours_terms, ours_stats) == _dump(tmp_path / "plain")
    assert any(key[1] == b"revisit" for key in ours_terms)
    assert _segments(wl.index.open_dir(str(tmp_path / "ours"))) == 1  # merged


@pytest.mark.parametrize("procs", [1, 2])
def test_build_in_batches_and_processes_finds_everything(tmp_path, procs):
    docs = _papers(2 * 150 + 10, 5)  # enough for two processes of 150
    ix = wl.index.create_in(str(tmp_path), make_schema())
    # several segments each (past `one_segment`)
    build.build(ix, docs, to_document, procs=procs, per_process=150, batch=40, one_segment=100)
    ix = wl.index.open_dir(str(tmp_path))
    assert ix.doc_count() == len(docs)
    assert _segments(ix) >= len(docs) // 40
    with ix.searcher() as s:
        assert {d["id"] for d in s.all_stored_fields()} == {p.id for p in docs}
        word = docs[-1].abstract.split()[3].strip(".,").lower()
        hits = s.search(wl.qparser.QueryParser("abstract", ix.schema).parse(word), limit=None)
        assert docs[-1].id in {h["id"] for h in hits}
    assert ix.lock("WRITELOCK").acquire(False)  # the build released the write lock


@pytest.mark.parametrize("procs", [1, 2])
def test_a_build_is_one_segment_byte_for_byte_whooshs(tmp_path, procs):
    """Under ONE_SEGMENT papers a build writes one segment; with two processes the abstracts'
    postings are written in a forked process and copied in: the same bytes as Whoosh's writer."""
    papers = _papers(300, 6)
    (tmp_path / "ours").mkdir()
    ix = wl.index.create_in(str(tmp_path / "ours"), make_schema())
    before = guard.ran.copy()
    build.build(ix, papers, to_document, procs=procs, per_process=100)
    assert guard.ran["writer"] == before["writer"] + 1
    assert guard.ran["split"] == before["split"] + (procs > 1)  # a forked process wrote the abstracts
    _write(tmp_path / "plain", _plain, [papers], [])
    ours = wl.index.open_dir(str(tmp_path / "ours"))
    assert _segments(ours) == 1
    assert _postings_bytes(tmp_path / "ours") == _postings_bytes(tmp_path / "plain")
    assert _dump(tmp_path / "ours") == _dump(tmp_path / "plain")
    plain = wl.index.open_dir(str(tmp_path / "plain"))
    with ours.reader() as a, plain.reader() as b:
        for name in ("abstract", "title", "author"):
            assert a.field_length(name) == b.field_length(name)
            assert [a.doc_field_length(d, name) for d in range(len(papers))] == [
                b.doc_field_length(d, name) for d in range(len(papers))
            ]
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
    assert len(list((tmp_path / "ours").glob("*.pst"))) == 1  # none left by the forked process

    def files(path: Path) -> dict[str, bytes]:  # by extension and column, past the segment's name
        return {
            p.name.split(".", 1)[1]: p.read_bytes() for p in path.iterdir() if p.suffix in (".trm", ".col")
        }

    assert files(tmp_path / "ours") == files(tmp_path / "plain")  # term table, columns, stored fields


def test_a_long_running_process_keeps_few_plans():
    from dailypapers.index.store import positions

    for _ in range(30):  # every writer unpickles a schema of its own
        field = make_schema()["abstract"]
        assert list(field.format.word_values("Running models", field.analyzer, mode="index"))
    plans, stemmers = positions.cache_sizes()
    assert plans <= 8 and stemmers <= 2  # stemmed, and names


def _segments(ix) -> int:
    """How many segments the index's latest commit has."""
    with ix.reader() as reader:
        return len(list(reader.leaf_readers()))
