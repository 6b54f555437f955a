"""Real API days from ../shared/corpora: every drift form reads, and search quality holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from dailypapers.index.papers.paperset import merge
from dailypapers.index.reading.files import read_snapshot, snapshot_files

pytestmark = pytest.mark.corpus


def test_every_real_day_reads(corpus: Path):
    snaps = [read_snapshot(p) for p in snapshot_files(corpus)]
    assert len(snaps) == 580
    assert not [p for s in snaps for p in s.problems]
    assert sum(len(s.entries) for s in snaps) == 9881
    assert len(merge(snaps)) == 9877  # four papers were on two days
    assert all(s.date == s.id for s in snaps)
    entries = [e for s in snaps for e in s.entries]
    assert all(e.arxiv_id and e.title and e.abstract and e.authors for e in entries)
    assert not any("\n" in e.title or "  " in e.title for e in entries)


def _forms(corpus: Path) -> dict[str, Path]:
    forms: dict[str, Path] = {}
    for path in sorted(corpus.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict):
            forms.setdefault("wrapper", path)
        elif data and isinstance(data[0], str):
            forms.setdefault("repr-strings", path)
        elif data:
            forms.setdefault("array", path)
    return forms


@pytest.mark.parametrize("form", ["array", "repr-strings", "wrapper"])
def test_each_drift_form(corpus: Path, form: str):
    path = _forms(corpus)[form]
    raw = json.loads(path.read_text("utf-8"))
    items = raw["data"] if isinstance(raw, dict) else raw
    snap = read_snapshot(path)
    assert len(snap.entries) == len(items) > 0 and not snap.problems
    assert all(e.upvotes is not None and e.published for e in snap.entries)


def test_search_quality_beats_thresholds(corpus: Path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from quality import measure

    result = measure(corpus, count=100, sample=200)
    assert result["recall_cases"] >= 150 and result["typo_cases"] >= 150
    assert result["ours"]["recall3"] >= 0.95
    assert result["ours"]["recall3"] >= result["fts5"]["recall3"] - 0.01
    assert result["ours"]["typo5"] >= 0.90
