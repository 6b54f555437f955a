"""For you with several interests (issue 23): the stars are grouped by subject and the picks
take turns, so a smaller interest is not drowned; the reasons name words that say something."""

from __future__ import annotations

import shutil

from dailypapers.index import PaperIndex
from dailypapers.index.marks.db import Marks
from dailypapers.index.marks.recommend import Pick, _why, interests, interleave, recommend
from dailypapers.index.papers.model import Paper
from dailypapers.index.reading.files import snapshot_files

SPEECH = ["2502.20583", "2510.04136", "2405.15216", "2408.05101"]  # speech recognition
ROBOTS = ["2606.24742", "2409.01083", "2507.06219"]  # robotic manipulation


def test_interests_group_stars_by_their_key_terms():
    stars = {
        "a": ("A", {"speech": 1.0, "asr": 0.8}),
        "b": ("B", {"speech": 0.9, "recognition": 0.7}),
        "c": ("C", {"robot": 1.0, "grasp": 0.5}),
        "d": ("D", {"asr": 0.2, "recognition": 1.0}),
        "e": ("E", {"robot": 0.5, "grasp": 1.0}),
        "f": ("F", {"grasp": 0.03, "speech": 0.01, "tactile": 1.0}),  # alike none: to the closest
    }
    assert interests(stars) == [["a", "b", "d"], ["c", "e", "f"]]
    assert interests({k: stars[k] for k in "abc"}) == [["a", "b", "c"]]  # one group of two: one interest


def test_interleave_takes_turns_each_paper_once():
    def picks(*ids: str) -> list[Pick]:
        return [Pick(Paper(i, i, ""), 1.0, "") for i in ids]

    order = interleave([picks("a", "b", "c", "d"), picks("x", "b", "y")], 5)
    assert [p.paper.id for p in order] == ["a", "x", "b", "c", "y"]


def test_reasons_lead_with_words_that_say_something():
    why = _why(("1", "A starred title"), ["real", "oriented", "speech recognition", "low", "asr"])
    assert why == "shares: speech recognition, asr; like “A starred title”"
    assert _why(None, ["every", "wants"]) == "close to your stars"


def test_for_you_keeps_both_interests_in_its_top_ten(corpus, tmp_path):
    lib = tmp_path / "days"
    lib.mkdir()
    wanted = set(SPEECH + ROBOTS)
    files = snapshot_files(corpus)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(f'"{pid}"' in text for pid in wanted) or path in files[::8]:
            shutil.copy(path, lib / path.name)
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    marks = Marks(tmp_path / "m.sqlite3")
    for pid in SPEECH + ROBOTS:
        paper = pix.paper(pid)
        assert paper is not None
        marks.set(paper, starred=True)
    picks = recommend(pix, marks, 10).picks
    text = [(p.paper.title + " " + p.paper.abstract).lower() for p in picks]
    speech = sum("speech" in t for t in text)
    robots = sum("robot" in t for t in text)
    assert speech >= 3 and robots >= 3, [p.paper.title for p in picks]
    for pick in picks:
        shared = pick.why.partition("shares: ")[2].partition(";")[0]
        assert not {"real", "oriented", "every", "wants", "low"} & set(shared.split(", "))
