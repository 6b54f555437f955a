"""Exact counts: a search's total is what `limit=None` returns, within the snapshot and the
papers it is restricted to; the CLI's total and `export --query` agree."""

from __future__ import annotations

import json

import pytest
from helpers import whoosh_searcher

from dailypapers.index.cli.main import main
from dailypapers.index.search import scoring
from dailypapers.index.store import whooshlib as wl

QUERIES = [
    "grokking lazy rich",
    "loss",
    "scaling laws",
    "diffusion model",
    "rihc lazy",
    "lang",
    '"language model"',
    "grokking NOT transformer",
    "title:grok*",
    "memorizaton~",
    "(grokking OR memorization) AND NOT training",
]


@pytest.mark.parametrize("query", QUERIES)
def test_total_is_what_an_unlimited_search_lists(seed_index, query):
    everything = seed_index.search(query, limit=None)
    assert everything.total == len(everything.hits) == len({h.paper.id for h in everything.hits})
    assert everything.total == everything.all_words + everything.some_words
    page = seed_index.search(query, limit=5)
    assert (page.total, page.all_words, page.some_words) == (
        everything.total,
        everything.all_words,
        everything.some_words,
    )


@pytest.mark.parametrize("query", QUERIES)
def test_the_scorer_counts_what_whoosh_matches(seed_index, query):
    from dailypapers.index.search.engine import query_parser

    searcher = whoosh_searcher(seed_index)
    for group in (wl.qparser.AndGroup, wl.qparser.OrGroup):
        q = query_parser(searcher.schema, group).parse(query)
        assert set(scoring.scorer_for(searcher).docs(q)) == set(searcher.docs_for_query(q))


def test_some_words_are_counted_apart_from_all_words(seed_index):
    result = seed_index.search("grokking transformer", limit=None)
    both = seed_index.search("grokking AND transformer", limit=None)
    either = seed_index.search("grokking OR transformer", limit=None)
    assert result.all_words == both.total > 0
    assert result.total == either.total and result.some_words == either.total - both.total > 0


def test_a_snapshot_total_counts_that_snapshot_only(seed_index):
    sid = "000_cdc772e61a3bb25e"  # 42 papers
    for query in ("loss", "model training", "a"):
        scoped = seed_index.search(query, snapshot=sid, limit=None)
        assert scoped.total == len(scoped.hits) <= 42
        assert all(any(a.snapshot == sid for a in h.paper.appearances) for h in scoped.hits)


def test_only_and_exclude_restrict_the_search_and_its_counts(seed_index):
    every = seed_index.search("loss", limit=None)
    ids = [h.paper.id for h in every.hits]
    chosen = ids[::3]
    only = seed_index.search("loss", limit=2, only=chosen)
    assert only.total == len(chosen) and {h.paper.id for h in only.hits} <= set(chosen)
    rest = seed_index.search("loss", limit=None, exclude=chosen)
    assert rest.total == len(ids) - len(chosen) and not {h.paper.id for h in rest.hits} & set(chosen)
    sid = every.hits[0].paper.appearances[0].snapshot
    both = seed_index.search("loss", snapshot=sid, limit=None, only=ids[:5])
    in_snapshot = [i for i in ids[:5] if any(a.snapshot == sid for a in seed_index.paper(i).appearances)]
    assert both.total == len(in_snapshot) == len(both.hits)
    assert seed_index.search("loss", only=[]).total == 0


def test_cli_total_and_export_agree(library, tmp_path, capsys):
    args = ["--library", str(library), "--index-dir", str(tmp_path / "ix"), "--marks", str(tmp_path / "m")]
    for query in ("model training", "grokking"):
        assert main([*args, "search", query, "--json", "--limit", "2"]) == 0
        total = json.loads(capsys.readouterr().out)["total"]
        assert main([*args, "search", query]) == 0
        assert f"of {total} papers" in capsys.readouterr().out
        assert main([*args, "export", "--query", query, "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == total


def test_count_is_the_search_total_without_hits(seed_index):
    for query in ("loss", "model training", '"language model"', "grok*"):
        counted = seed_index.count(query, snapshot="003_8e949063b2f08e09")
        searched = seed_index.search(query, snapshot="003_8e949063b2f08e09", limit=None)
        assert counted.hits == []
        assert (counted.total, counted.all_words) == (searched.total, searched.all_words)
