"""Typos and completions in search: a corrected word counts and ranks as if typed; corrections
weighted by how common they are; a word in a paper or two can be a typo; a whole word typed
ranks above its completions (the CLI and the reader alike)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_catchup import api_day

from dailypapers.index import PaperIndex
from dailypapers.index.reading.files import snapshot_files

FILLER = "We study this question with careful experiments on public benchmarks. "


def _library(lib: Path) -> Path:
    lib.mkdir()
    agents = [
        (f"2601.{n:05d}", f"Tool Planning Study {n}", f"An agent plans tool calls. {FILLER}", n)
        for n in range(40)
    ]
    safety = [
        ("2601.10001", "Agent Safety Contracts", "Safety for an agent that runs code. " + FILLER, 5),
        ("2601.10002", "Runtime Guards", "The safety of each agent action is checked. " + FILLER, 4),
        ("2601.10003", "Red Lines", "Safety rules written as tests. " + FILLER, 3),
        ("2601.10004", "Aligned Systems", "Safety under distribution shift. " + FILLER, 2),
    ]
    magnet = [("2601.20001", "Attention Magnets for Segmentation", "Stop words act as magnets. " + FILLER, 1)]
    language = [
        (f"2602.{n:05d}", f"Language Study {n}", f"A language model for tasks. {FILLER}", n)
        for n in range(60)
    ]
    diffusion = [
        ("2602.20001", "Masked Diffusion for Text", "A diffusion language model trained on text.", 9),
        ("2602.20002", "Long Context Recipes", "Large languge models with long context windows.", 8),
        ("2602.20003", "Image Diffusion", "A diffusion model for images.", 7),
        ("2602.20004", "Validation Sets", "Cache invalidation and validation of models.", 1),
    ] + [(f"2602.3{n:04d}", f"Checks {n}", "Validation of results on held out data.", 1) for n in range(60)]
    environment = [
        (
            "2603.00001",
            "Worlds That Grow",
            "Agents learn in an environment. Each environment changes; environments adapt. "
            + FILLER * 6
            + "The environment is rebuilt as the agent improves.",
            9,
        ),
        ("2603.00002", "Environmental Feedback", "Learning from environmental signals.", 3),
        ("2603.00003", "Droplet3D: Priors from Video", "Droplet3D learns shape priors from video.", 2),
    ]
    api_day(lib, "2026-01-01", agents + safety + magnet)
    api_day(lib, "2026-01-02", language + diffusion)
    api_day(lib, "2026-01-03", environment + safety[:2])
    return lib


@pytest.fixture(scope="module")
def pix(tmp_path_factory) -> PaperIndex:
    root = tmp_path_factory.mktemp("typos")
    index = PaperIndex(_library(root / "lib"), root / "ix")
    index.update()
    yield index
    index.close()


def ids(result) -> list[str]:
    return [h.paper.id for h in result.hits]


def counts(result) -> tuple[int, int, int]:
    return result.total, result.all_words, result.some_words


@pytest.mark.parametrize("snapshot", [None, "2026-01-03"])
def test_a_typo_counts_and_ranks_as_its_correction(pix, snapshot):
    typed = pix.search("agent safety", snapshot=snapshot, limit=None)
    typo = pix.search("agnet safety", snapshot=snapshot, limit=None)
    assert typed.some_words > 0  # the papers with "agent" only, or "safety" only, are kept
    assert counts(typo) == counts(typed) and ids(typo) == ids(typed)
    assert typo.suggestion == "agent safety" and "no paper has 'agnet'" in typo.notes[0]


def test_corrections_are_weighted_by_how_common_they_are(pix):
    typo, typed = pix.search("agnet", limit=10), pix.search("agent", limit=10)
    assert typo.suggestion == "agent" and ids(typo) == ids(typed)
    assert "2601.20001" not in ids(typo)  # "magnets": one edit away too, but in one paper
    weighted = dict(pix.vocabulary.weighted_corrections("agnet"))
    assert weighted["agent"] == 1.0 and weighted.get("magnet", 0.0) < 0.05


def test_a_word_in_one_paper_near_a_common_word_is_a_typo(pix):
    result = pix.search("diffusion languge model", limit=None)
    assert result.suggestion == "diffusion language model"
    assert result.all_words == 1 and ids(result)[0] == "2602.20001"  # ranked by the correction
    assert any("ranked by 'diffusion language model'" in n for n in result.notes)
    alone = pix.search("languge", limit=None)  # every word as typed is in a paper: only suggested
    assert alone.suggestion == "language" and ids(alone) == ["2602.20002"] and not alone.notes
    assert pix.search("invalidation", limit=None).suggestion is None  # a prefix added: a word


def test_a_word_glued_to_a_number_is_found_not_corrected(pix):
    result = pix.search("droplet priors", limit=None)
    assert result.suggestion is None and ids(result)[0] == "2603.00003" and result.all_words == 1


def test_a_whole_word_ranks_above_its_completions(pix, capsys):
    result = pix.search("environment", limit=None, complete=True)  # (being typed in the reader)
    assert ids(result)[:2] == ["2603.00001", "2603.00002"]  # "environmental" still found, after
    assert ids(pix.search("environmen", limit=None, complete=True))[:1] == ["2603.00002"]  # a prefix
    assert ids(pix.search("environment", limit=None))[:1] == ["2603.00001"]  # entered: not completed


def test_the_cli_ranks_as_the_reader(pix, capsys):
    from dailypapers.index.cli.main import main

    args = ["--library", str(pix.library), "--index-dir", str(pix.dir), "search", "environment"]
    assert main(args) == 0
    out = capsys.readouterr().out
    # As the reader's entered query: the word as typed, not completed (`environmental` is not listed).
    shown = [h.paper.title for h in pix.search("environment").hits]
    assert shown and "Environmental Feedback" not in out
    assert [out.index(t[:30]) for t in shown] == sorted(out.index(t[:30]) for t in shown)


def test_typos_on_real_days(corpus, tmp_path):
    lib = tmp_path / "days"
    lib.mkdir()
    for path in snapshot_files(corpus)[::10][:60]:
        shutil.copy(path, lib / path.name)
    index = PaperIndex(lib, tmp_path / "ix")
    index.update()
    typed, typo = index.search("agent safety", limit=20), index.search("agnet safety", limit=20)
    assert typed.some_words and counts(typo) == counts(typed) and ids(typo) == ids(typed)
    top = index.search("agnet", limit=5)
    assert all("agent" in (h.paper.title + h.paper.abstract).lower() for h in top.hits)
    index.close()
