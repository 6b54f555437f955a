"""Another Whoosh (a fork, a new version) that renamed an internal the fast paths read: the guard
finds it before anything is written, every fast path is off, Whoosh's own writer and reader give
the same papers and hits, and the user is told once.

A rename is simulated faithfully: the name moves on its Whoosh class and every method of the
class that uses it is recompiled with the new name, so Whoosh's own code still works."""

from __future__ import annotations

import inspect
import textwrap

import pytest
from helpers import SEEDS

from dailypapers.index import PaperIndex
from dailypapers.index.cli.main import main
from dailypapers.index.store import whooshlib as wl
from dailypapers.index.store.w3 import guard, postings

QUERIES = ["diffusion models", "grokking", "video generation", "title:agent*", "reasoning~1"]


def rename(monkeypatch, cls: type, old: str, new: str) -> None:
    """`cls` as a Whoosh that calls `old` `new` would be (attribute and every use in its methods)."""
    for name, value in list(vars(cls).items()):
        if inspect.isfunction(value) and old in (source := inspect.getsource(value)):
            code = textwrap.dedent(source).replace(f".{old}", f".{new}")
            scope = dict(vars(inspect.getmodule(value)))
            exec(compile(code, inspect.getfile(value), "exec"), scope)
            monkeypatch.setattr(cls, name, scope[name])
    if old in vars(cls):
        monkeypatch.setattr(cls, new, vars(cls)[old], raising=False)
        monkeypatch.delattr(cls, old)


@pytest.fixture
def fresh_guard():
    guard.reset()
    yield
    guard.reset()


def _results(pix: PaperIndex) -> list:
    return [
        (q, found.total, [h.paper.id for h in found.hits])
        for q in QUERIES
        for found in [pix.search(q, limit=20)]
    ]


@pytest.mark.parametrize(
    ("module", "cls", "old"),
    [
        ("writing", "SegmentWriter", "_close_segment"),  # a class's name: checked before the self-test
        ("codec", "W3FieldWriter", "_fieldid"),  # an object's: checked by the self-test
        ("codec", "W3PerDocReader", "_cached_reader"),  # the bulk reader's
    ],
)
def test_a_renamed_internal_turns_the_fast_paths_off_and_says_so_once(
    module, cls, old, tmp_path, monkeypatch, fresh_guard, seed_index
):
    expected = _results(seed_index)  # the fast paths' answers
    guard.reset()
    rename(monkeypatch, getattr(getattr(wl, module), cls), old, f"{old}_renamed")
    assert not guard.on() or not guard.on(guard.READ)  # (its self-test runs the fast writer)
    before = guard.ran.copy()
    pix = PaperIndex(SEEDS, tmp_path / "ix")
    report = pix.update(procs=2)
    assert not guard.on()
    assert [n for n in report.notes if "Whoosh" in n] == [guard.note()]
    assert f"{cls}.{old}" in guard.note() or old in guard.note()  # what is missing is named
    assert len(pix) == len(seed_index)
    assert _results(pix) == expected  # Whoosh's own full sort: the same hits, the same counts
    assert guard.ran == before  # no fast path ran
    library = tmp_path / "lib"
    library.mkdir()
    (library / "2024-01-01.md").write_text("# Daily Papers\n\n## Grokking the renamed internals\n")
    again = PaperIndex(library, tmp_path / "ix2").update()
    assert not [n for n in again.notes if "Whoosh" in n]  # said once a process


def test_postings_read_in_bulk_unlike_whooshs_turn_the_fast_paths_off(seed_index, monkeypatch, fresh_guard):
    """A Whoosh whose blocks read differently (simulated: a weight off by one): the first segment
    searched is read both ways, the difference found, and the search is Whoosh's own."""
    expected = _results(seed_index)
    guard.reset()
    real = postings.read_blocks

    def skewed(postfile, offset, load):
        ids, weights = real(postfile, offset, load)
        return ids, [w + 1 for w in weights]

    monkeypatch.setattr(postings, "read_blocks", skewed)
    pix = PaperIndex(SEEDS, seed_index.dir)  # the index as it is: nothing written
    try:
        assert _results(pix) == expected
        assert "bulk reader reads other postings" in (guard.take_note() or "")
        assert guard.take_note() is None
    finally:
        pix.close()


def test_the_cli_says_it_once_when_a_search_found_it(tmp_path, monkeypatch, capsys, fresh_guard):
    index = tmp_path / "ix"
    assert main(["--library", str(SEEDS), "--index-dir", str(index), "index"]) == 0
    guard.reset()  # the next process: a Whoosh without `_field_B` (nothing to write: a search finds it)
    rename(monkeypatch, wl.scoring.BM25F, "_field_B", "_field_B_renamed")
    capsys.readouterr()
    # (`=`: the syntax, searched by Whoosh; one plain word is read without it, `search.oneshot`)
    assert main(["--library", str(SEEDS), "--index-dir", str(index), "search", "=grokking"]) == 0
    out, err = capsys.readouterr()
    assert "rok" in out.lower()
    assert err.count("this Whoosh differs") == 1 and "BM25F._field_B" in err


def test_the_guard_lists_every_private_name_the_fast_paths_read():
    """Each `._name` the fast-path modules read off a Whoosh object is in `guard.NAMES`."""
    import re

    from helpers import ROOT

    listed = {name for names in guard.NAMES.values() for name in names}
    ours = {"_JOB", "_CLASS", "_memo", "_cache", "_norms", "_lexicons", "_expansions", "_searcher"}
    ours |= {"_leaf", "_phrase", "_store", "_whoosh", "_field_norms", "_words", "_lexicon", "_expanded"}
    ours |= {"_expansion", "_supports", "_cached", "_order", "_days", "_plan_of"}
    read = set()
    for path in [
        # (`plain` and `words` read Whoosh's files and pickles, never a Whoosh object)
        *(p for p in (ROOT / "index/store/w3").glob("*.py") if p.stem not in ("plain", "words")),
        ROOT / "index/store/positions.py",
        ROOT / "index/search/scoring.py",
        ROOT / "index/search/expansion.py",
        ROOT / "index/search/dateset.py",
    ]:
        read |= set(re.findall(r"(?<!self)\.(_[a-z][A-Za-z_]*)\b", path.read_text("utf-8")))
    assert read - ours - listed == set()
    assert guard.missing() == []
