"""Catching up: first seen, new since, follows, picks for you, the digest — against brute force."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SEEDS, isolated_env, run_cli

from dailypapers.index.marks.db import Marks
from dailypapers.index.marks.digest import build
from dailypapers.index.marks.inbox import CatchUp, parse_day
from dailypapers.index.marks.recommend import MIN_STARS, recommend
from dailypapers.index.papers.model import Paper
from dailypapers.index.papers.paperset import merge
from dailypapers.index.reading.files import read_snapshot, snapshot_files
from dailypapers.index.store.schema import make_schema

WORD = re.compile(r"\w+")


# -- brute force: the definitions, computed straight from the files ------------------------------


def brute_days(lib: Path) -> dict[str, str]:
    """Snapshot id -> its day: an ISO stem or a dated label, else the file's mtime (UTC)."""
    days = {}
    for path in snapshot_files(lib):
        snap = read_snapshot(path)
        if not snap.entries:
            continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", snap.date or ""):
            days[snap.id] = snap.date
        else:
            days[snap.id] = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date().isoformat()
    return days


def brute_first_seen(lib: Path) -> dict[str, str]:
    days = brute_days(lib)
    papers = merge([read_snapshot(p) for p in snapshot_files(lib)])
    return {p.id: min(days[a.snapshot] for a in p.appearances) for p in papers}


def brute_matches(pix, words: list[str] | None = None, author: str | None = None) -> set[str]:
    """Papers holding every word (as the index's analyzer stems it) or with an author of that name."""
    field = make_schema()["abstract"]
    wanted = [t for w in words or [] for t in field.process_text(w, mode="query")]
    found = set()
    for paper in pix.papers():
        if author is not None:
            name = [w.lower() for w in WORD.findall(author)]
            if any(_contains([w.lower() for w in WORD.findall(a)], name) for a in paper.authors or []):
                found.add(paper.id)
            continue
        terms = set(field.process_text(f"{paper.title} {paper.abstract}"))
        if all(t in terms for t in wanted):
            found.add(paper.id)
    return found


def _contains(tokens: list[str], part: list[str]) -> bool:
    return any(tokens[i : i + len(part)] == part for i in range(len(tokens) - len(part) + 1))


def api_day(lib: Path, day: str, papers: list[tuple]) -> Path:
    """An API day file: papers as (arxiv id, title, abstract, upvotes[, authors])."""
    items = [
        {
            "paper": {
                "id": pid,
                "title": title,
                "summary": abstract,
                "upvotes": votes,
                "authors": [{"name": a} for a in (rest[0] if rest else ["Ada Lovelace"])],
            }
        }
        for pid, title, abstract, votes, *rest in papers
    ]
    path = lib / f"{day}.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


@pytest.fixture
def dated_seeds(tmp_path) -> Path:
    """The seeds with distinct modification days (their date lines have no year)."""
    lib = tmp_path / "seeds"
    shutil.copytree(SEEDS, lib)
    for n, path in enumerate(sorted(lib.iterdir())):
        stamp = dt.datetime(2024, 3, 1 + 2 * n, 12, tzinfo=dt.UTC).timestamp()
        os.utime(path, (stamp, stamp))
    return lib


@pytest.fixture
def corpus_days(corpus, tmp_path) -> Path:
    """60 real API days (one in ten of the corpus), as a library."""
    lib = tmp_path / "days"
    lib.mkdir()
    for path in snapshot_files(corpus)[::10][:60]:
        shutil.copy(path, lib / path.name)
    return lib


# -- first seen and new since ---------------------------------------------------------------------


def test_day_labels():
    assert parse_day("2024-05-27") == "2024-05-27"
    assert parse_day("Oct 7, 2024") == "2024-10-07"
    assert parse_day("October 7,2024") == "2024-10-07"
    assert parse_day("7 Oct 2024") == "2024-10-07"
    assert parse_day("Sep 3") is None  # no year: the file's modification day is used
    assert parse_day("yesterday") is None and parse_day(None) is None


@pytest.mark.parametrize("since", [None, "2024-03-02", "2024-03-04", "2024-03-08", "2024-03-09"])
def test_new_since_on_the_seeds_equals_brute_force(dated_seeds, make_index, tmp_path, since):
    pix = make_index(dated_seeds)
    catchup = CatchUp(pix, Marks(tmp_path / "m.sqlite3"))
    brute = brute_first_seen(dated_seeds)
    assert catchup.first_seen == brute
    expected = {pid for pid, day in brute.items() if since is None or day > since}
    new = catchup.new_since(since)
    ids = [n.paper.id for n in new]
    assert len(ids) == len(set(ids)) and set(ids) == expected  # each paper once
    assert all(n.first_seen == brute[n.paper.id] for n in new)
    if since == "2024-03-08":
        assert 0 < len(ids) < len(brute)  # the test means something


def test_a_paper_on_several_days_is_new_once_on_its_first_day(tmp_path, make_index):
    lib = tmp_path / "lib"
    lib.mkdir()
    api_day(lib, "2024-06-01", [("2406.00001", "Old Paper", "An abstract about grokking.", 3)])
    api_day(lib, "2024-06-02", [("2406.00002", "Fresh Paper", "An abstract about lazy training.", 5)])
    again = ("2406.00001", "Old Paper", "An abstract about grokking.", 9)
    api_day(lib, "2024-06-03", [again, ("2406.00003", "Third", "Rich regimes in networks.", 1)])
    catchup = CatchUp(make_index(lib), Marks(tmp_path / "m.sqlite3"))
    assert catchup.first_seen["2406.00001"] == "2024-06-01"
    assert [n.paper.id for n in catchup.new_since("2024-06-01")] == ["2406.00002", "2406.00003"]  # by upvotes
    assert [n.paper.id for n in catchup.new_since("2024-05-31")].count("2406.00001") == 1


@pytest.mark.corpus
def test_new_since_and_follows_on_real_days_equal_brute_force(corpus_days, make_index, tmp_path):
    pix = make_index(corpus_days)
    marks = Marks(tmp_path / "m.sqlite3")
    catchup = CatchUp(pix, marks)
    brute = brute_first_seen(corpus_days)
    assert catchup.first_seen == brute and len(brute) > 900
    days = sorted(set(brute.values()))
    since = days[len(days) // 2]
    expected = {pid for pid, day in brute.items() if day > since}
    # follows: keywords, an author, a multi-word query
    author = next(a for p in pix.papers() for a in p.authors or [] if len(a.split()) == 2)
    queries = {
        "diffusion": (["diffusion"], None),
        "agents": (["agent"], None),
        "video gen": (["video", "generation"], None),
        "author": (None, author),
    }
    for name, (words, who) in queries.items():
        marks.follow(name, f'author:"{who}"' if who else " ".join(words))
    counts = {c.follow.name: c for c in catchup.follows(since)}
    for name, (words, who) in queries.items():
        everything = brute_matches(pix, words, who)
        assert counts[name].total == len(everything) > 0, name
        assert set(counts[name].new) == everything & expected, name
    new = catchup.new_since(since)
    assert {n.paper.id for n in new} == expected and len(new) == len(expected)
    followed = [bool(n.follows) for n in new]
    assert followed == sorted(followed, reverse=True)  # the follows' papers first
    assert {n.paper.id for n in new if n.follows} == {i for c in counts.values() for i in c.new}
    digest = build(catchup, since)
    assert [n.paper.id for n in digest.new] == [n.paper.id for n in new]
    assert {c.follow.name: [n.paper.id for n in papers] for c, papers in digest.follows} == {
        name: c.new for name, c in counts.items()
    }


def test_dismissed_papers_leave_the_new_set_and_come_back(dated_seeds, make_index, tmp_path):
    pix = make_index(dated_seeds)
    marks = Marks(tmp_path / "m.sqlite3")
    catchup = CatchUp(pix, marks)
    before = [n.paper for n in catchup.new_since(None)]
    marks.set(before[0], dismissed=True)
    assert before[0].id not in {n.paper.id for n in catchup.new_since(None)}
    marks.set(before[0], dismissed=False)
    assert before[0].id in {n.paper.id for n in catchup.new_since(None)}


def test_visits_set_the_default_since(dated_seeds, make_index, tmp_path):
    pix = make_index(dated_seeds)
    marks = Marks(tmp_path / "m.sqlite3")
    catchup = CatchUp(pix, marks)
    assert catchup.until == "2024-03-09"
    assert catchup.default_since() == ("2024-03-08", "no visit yet: the newest day")
    catchup.record_visit("reader")
    since, reason = catchup.default_since()
    assert since == "2024-03-09" and reason.startswith("the last reader visit")
    assert catchup.new_since(since) == []
    assert marks.last_visit().kind == "reader" and marks.last_visit(["digest"]) is None


# -- for you ------------------------------------------------------------------------------------------


def _star_topic(pix, marks: Marks, query: str, count: int) -> set[str]:
    topic, _ = pix.matching(query)
    for pid in sorted(topic)[:count]:
        marks.set(pix.paper(pid), starred=True)
    return topic


def test_recommend_falls_back_to_upvotes_with_few_stars(tmp_path, make_index):
    lib = tmp_path / "lib"
    lib.mkdir()
    api_day(lib, "2024-06-01", [(f"2406.{n:05d}", f"Paper {n}", f"About topic {n}.", n) for n in range(1, 9)])
    pix = make_index(lib)
    marks = Marks(tmp_path / "m.sqlite3")
    marks.set(pix.paper("2406.00008"), starred=True)
    marks.set(pix.paper("2406.00007"), read=True)
    found = recommend(pix, marks, limit=3)
    assert found.method == "upvotes" and "1 starred paper" in found.note and str(MIN_STARS) in found.note
    assert [p.paper.id for p in found.picks] == ["2406.00006", "2406.00005", "2406.00004"]
    assert found.picks[0].why == "6 upvotes"


def test_recommend_on_the_seeds_picks_alike_unseen_papers_and_says_why(seed_index, tmp_path):
    marks = Marks(tmp_path / "m.sqlite3")
    topic = _star_topic(seed_index, marks, "language models", 4)
    read = next(iter(sorted(topic)[4:]))
    marks.set(seed_index.paper(read), read=True)
    found = recommend(seed_index, marks, limit=10)
    starred = {k for k, m in marks.all().items() if m.starred}
    ids = [p.paper.id for p in found.picks]
    assert found.method == "profile" and found.note is None and len(ids) == 10
    assert not set(ids) & (starred | {read})
    assert sum(i in topic for i in ids) >= 7  # seeds: 296 papers, ~60 about language models
    for pick in found.picks:
        assert pick.why and pick.terms and pick.like and pick.like[0] in starred
        assert pick.why.startswith("shares: ") and "; like “" in pick.why  # the reason first
    scores = [p.score for p in found.picks]
    assert scores == sorted(scores, reverse=True)
    dismissed = found.picks[0].paper
    marks.set(dismissed, dismissed=True)
    assert dismissed.id not in [p.paper.id for p in recommend(seed_index, marks, limit=10).picks]


@pytest.mark.corpus
def test_recommend_on_real_days_finds_the_topic(corpus_days, make_index, tmp_path):
    pix = make_index(corpus_days)
    marks = Marks(tmp_path / "m.sqlite3")
    topic = _star_topic(pix, marks, "robot OR embodied", 8)
    ids = [p.paper.id for p in recommend(pix, marks, limit=20).picks]
    assert len(topic) > 28
    assert sum(i in topic for i in ids) >= 10  # at least half on topic (benchmarks/recommend.py: more)


# -- the digest ---------------------------------------------------------------------------------------


def _run(tmp: Path, lib: Path, *args: str, capsys) -> tuple[int, str, str]:
    return run_cli(capsys, lib, tmp / "ix", *args, marks=tmp / "m.sqlite3")


def test_digest_json_and_the_nothing_new_that_follows(dated_seeds, tmp_path, capsys):
    assert _run(tmp_path, dated_seeds, "follow", "language models", "--name", "llm", capsys=capsys)[0] == 0
    code, out, _ = _run(
        tmp_path, dated_seeds, "digest", "--since", "2024-03-07", "--format=json", capsys=capsys
    )
    data = json.loads(out)
    assert code == 0 and set(data) == {
        "since",
        "until",
        "new",
        "follows",
        "for_you",
        "top",
        "changes",
        "notes",
    }
    brute = brute_first_seen(dated_seeds)
    # A day given is counted from its start: the papers first seen on it are new.
    assert data["since"] == "2024-03-07" and data["until"] == "2024-03-09"
    assert sorted(p["id"] for p in data["new"]) == sorted(i for i, d in brute.items() if d >= "2024-03-07")
    assert any(p["first_seen"] == "2024-03-07" for p in data["new"])
    assert all({"first_seen", "why", "score", "follows"} <= set(p) for p in data["new"])
    (llm,) = data["follows"]
    assert llm["name"] == "llm" and llm["papers"] and all(p["follows"] == ["llm"] for p in llm["papers"])
    assert data["for_you"] == [] and "star at least 3" in data["notes"][0]
    # The digest recorded a visit: the next one (default since) has nothing new, and says so.
    code, out, _ = _run(tmp_path, dated_seeds, "digest", capsys=capsys)
    assert code == 0 and out.startswith("nothing new after 2024-03-09 (the last digest visit")
    code, out, _ = _run(tmp_path, dated_seeds, "digest", "--since", "last", "--format", "json", capsys=capsys)
    assert code == 0 and json.loads(out)["new"] == []


def test_digest_text_and_markdown_sections(tmp_path, capsys):
    lib = tmp_path / "lib"
    lib.mkdir()
    abstract = "Diffusion models for video generation with temporal attention. "
    study = [(f"2406.0000{n}", f"Video Diffusion Study {n}", abstract * 2, n) for n in range(1, 5)]
    api_day(lib, "2024-06-01", study)
    api_day(
        lib,
        "2024-06-02",
        [
            ("2406.00009", "Temporal Video Diffusion", abstract, 40),
            ("2406.00010", "A [bold]Markdown* _Title_", "Graph networks for molecules.", 2),
            ("2406.00001", "Video Diffusion Study 1", abstract * 2, 12),
        ],
    )
    for n in (1, 2, 3):
        assert _run(tmp_path, lib, "mark", f"2406.0000{n}", "--star", capsys=capsys)[0] == 0
    _run(tmp_path, lib, "follow", "graph", capsys=capsys)
    code, out, _ = _run(tmp_path, lib, "digest", "--since", "2024-06-02", capsys=capsys)
    assert code == 0
    assert out.startswith("dailypapers digest: 2 new papers since 2024-06-02, through 2024-06-02")
    sections = ("FOLLOWS", "FOR YOU", "TOP BY UPVOTES", "CHANGES TO YOUR PAPERS", "ALL NEW PAPERS (2)")
    assert all(section in out for section in sections)
    assert "Video Diffusion Study 1: upvotes ×12.0 (1 → 12)" in out  # starred, seen again with more votes
    assert "like “Video Diffusion Study" in " ".join(out.split())  # (after the shared words: wrapped)
    assert max(len(line) for line in out.splitlines()) <= 80
    target = tmp_path / "digest.md"
    args = ["digest", "--since", "2024-06-02", "--format", "md", "-o", str(target)]
    code, _, err = _run(tmp_path, lib, *args, capsys=capsys)
    md = target.read_text("utf-8")
    assert code == 0 and "wrote the digest (2 new papers)" in err
    assert md.startswith("# dailypapers digest: 2 new papers") and "## For you" in md
    assert "[A \\[bold\\]Markdown\\* \\_Title\\_](https://arxiv.org/abs/2406.00010)" in md
    assert not list(tmp_path.glob(".digest.md*"))  # no temporary file left


def _code_day(lib: Path, day: str, repos: dict[str, str | None], capture: bool = False) -> None:
    """A day holding papers 2406.0000N; `repos` gives each its GitHub repository (None: the API
    item has no `githubRepo`). `capture`: a page capture instead (which shows no repository),
    modified on that day."""
    if capture:
        blocks = [f"Paper {pid}\n\nAn abstract about code release {pid}." for pid in repos]
        path = lib / f"capture-{day}.txt"
        path.write_text("Daily Papers\n\n" + "\n\n".join(blocks) + "\n", "utf-8")
        stamp = dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()
        os.utime(path, (stamp, stamp))
        return
    items = []
    for pid, repo in repos.items():
        paper = {
            "id": pid,
            "title": f"Paper {pid}",
            "summary": f"An abstract about code release {pid}.",
            "upvotes": 2,
        }
        if repo:
            paper |= {"githubRepo": repo, "githubStars": 1234}
        items.append({"paper": paper})
    (lib / f"{day}.json").write_text(json.dumps(items), encoding="utf-8")


def test_digest_code_released_to_a_starred_paper(tmp_path, capsys):
    """Day 1 shows the paper without a repository, day 3 with one: "code released" for a
    digest since day 1, 2 or 3 (a day given counts from its start), in text, Markdown and JSON;
    not since day 4, not for an unstarred
    paper, nor for one that had its repository from the start or seen only in a capture before."""
    lib = tmp_path / "lib"
    lib.mkdir()
    repo = "https://github.com/owner/released_repo"
    a, b, c, d = "2406.00001", "2406.00002", "2406.00003", "2406.00004"
    _code_day(lib, "2024-06-01", {a: None, b: None, c: "https://github.com/o/early"})
    _code_day(lib, "2024-06-01", {d: None}, capture=True)  # d: no repository known before day 3
    _code_day(lib, "2024-06-02", {a: None})
    days3 = {
        a: repo,
        b: "https://github.com/o/b",
        c: "https://github.com/o/early",
        d: "https://github.com/o/d",
    }
    _code_day(lib, "2024-06-03", days3)
    for pid in (a, c, d):
        assert _run(tmp_path, lib, "mark", pid, "--star", capsys=capsys)[0] == 0
    for since in ("2024-06-01", "2024-06-02", "2024-06-03"):
        code, out, _ = _run(tmp_path, lib, "digest", "--since", since, "--format", "json", capsys=capsys)
        data = json.loads(out)
        assert (
            code == 0
            and data["until"] == "2024-06-03"
            and data["changes"]
            == [
                {
                    "id": a,
                    "title": f"Paper {a}",
                    "kind": "code",
                    "text": f"code released: {repo} ★ 1,234",
                    "before": None,
                    "after": repo,
                    "at": None,  # seen across snapshots (no capture's time)
                    "why": "starred",
                }
            ]
        ), since
    code, out, _ = _run(tmp_path, lib, "digest", "--since", "2024-06-04", "--format", "json", capsys=capsys)
    assert [c["kind"] for c in json.loads(out)["changes"]] == []
    code, out, _ = _run(tmp_path, lib, "digest", "--since", "2024-06-01", capsys=capsys)
    assert "CHANGES TO YOUR PAPERS\n  - Paper 2406.00001: code released:" in out and repo in out
    code, out, _ = _run(tmp_path, lib, "digest", "--since", "2024-06-01", "--format", "md", capsys=capsys)
    assert f"upvotes: code released: <{repo}> ★ 1,234" in out  # the URL unescaped: a link in Markdown
    # The digest recorded a visit through the newest day: the release is not news again.
    code, out, _ = _run(tmp_path, lib, "digest", capsys=capsys)
    assert code == 0 and out.startswith("nothing new after 2024-06-03 (the last digest visit")


@pytest.mark.corpus
def test_digest_code_released_on_real_days_equals_brute_force(corpus, tmp_path, capsys):
    """The corpus's papers seen without a repository and later with one, found in the JSON
    on its own; starred, each is "code released" exactly when its release is on or after the
    day given."""
    days = ["2026-04-10", "2026-04-16", "2026-08-13", "2026-08-14", "2026-08-19", "2026-08-20"]
    lib = tmp_path / "days"
    lib.mkdir()
    for day in days:
        shutil.copy(corpus / f"{day}.json", lib)
    seen: dict[str, list[tuple[str, str | None]]] = {}
    for day in days:
        for item in json.loads((lib / f"{day}.json").read_text("utf-8")):
            paper = (json.loads(item) if isinstance(item, str) else item)["paper"]
            seen.setdefault(paper["id"], []).append((day, paper.get("githubRepo") or None))
    released = {
        pid: next(day for day, repo in apps if repo)
        for pid, apps in seen.items()
        if not apps[0][1] and any(repo for _, repo in apps)
    }
    assert len(released) == 3  # 2604.07429, 2608.12313, 2608.13558
    for pid in sorted(seen)[:20] + sorted(released):
        assert _run(tmp_path, lib, "mark", pid, "--star", capsys=capsys)[0] == 0
    for since in ("2026-04-10", "2026-08-13", "2026-08-19", "2026-08-20"):
        code, out, _ = _run(tmp_path, lib, "digest", "--since", since, "--format", "json", capsys=capsys)
        found = {c["id"]: c["after"] for c in json.loads(out)["changes"] if c["kind"] == "code"}
        want = {pid for pid, day in released.items() if day >= since}
        assert code == 0 and set(found) == want, since
        assert all(found[pid] == dict(seen[pid])[released[pid]] for pid in want)


def test_digest_runs_from_cron_without_a_terminal(dated_seeds, tmp_path):
    env = isolated_env(tmp_path)
    env.pop("TERM", None)
    command = [
        sys.executable,
        "-m",
        "dailypapers.tui.cli",
        "--library",
        str(dated_seeds),
        "--index-dir",
        str(tmp_path),
    ]
    command.append("digest")
    run = dict(stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=ROOT, env=env)
    proc = subprocess.run(command, **run)
    assert proc.returncode == 0 and proc.stdout.startswith("dailypapers digest: ")
    assert "Traceback" not in proc.stderr
    proc = subprocess.run(command, **run)
    assert proc.returncode == 0 and proc.stdout.startswith("nothing new after 2024-03-09")


def test_digest_build_is_the_engine_api(dated_seeds, make_index, tmp_path):
    """What the reader will call: a Digest of plain papers with reasons."""
    pix = make_index(dated_seeds)
    marks = Marks(tmp_path / "m.sqlite3")
    digest = build(CatchUp(pix, marks), "2024-03-08")
    assert not digest.empty and all(isinstance(n.paper, Paper) and n.why for n in digest.new)


# -- the commands -------------------------------------------------------------------------------------


def test_follow_unfollow_follows(dated_seeds, tmp_path, capsys):
    code, out, _ = _run(tmp_path, dated_seeds, "follow", "grokking", capsys=capsys)
    assert code == 0 and out.startswith("following 'grokking': grokking — ")
    _run(tmp_path, dated_seeds, "follow", "title:(language model)", "--name", "LMs", capsys=capsys)
    code, out, _ = _run(tmp_path, dated_seeds, "follows", "--since", "2024-03-07", "--json", capsys=capsys)
    rows = json.loads(out)
    assert code == 0 and [r["name"] for r in rows] == ["grokking", "LMs"]
    assert all(set(r) == {"name", "query", "total", "new", "changes"} for r in rows)
    pix_ids = {"grokking": ["grokking"], "LMs": None}
    from dailypapers.index import PaperIndex

    pix = PaperIndex(dated_seeds, tmp_path / "ix")
    pix.refresh()
    brute = brute_first_seen(dated_seeds)
    grok = brute_matches(pix, pix_ids["grokking"])
    # From the start of the day given: a paper first seen on 2024-03-07 is new.
    assert rows[0]["total"] == len(grok) and rows[0]["new"] == sum(brute[i] >= "2024-03-07" for i in grok)
    stem = make_schema()["title"].process_text
    titled = {p.id for p in pix.papers() if {"languag", "model"} <= set(stem(p.title))}
    assert rows[1]["total"] == len(titled) > 0
    pix.close()
    code, out, _ = _run(tmp_path, dated_seeds, "follows", capsys=capsys)
    assert code == 0 and "new after 2024-03-08 (no visit yet: the newest day)" in out and "LMs" in out
    assert _run(tmp_path, dated_seeds, "unfollow", "LMs", capsys=capsys)[:2] == (0, "unfollowed 'LMs'\n")
    code, _, err = _run(tmp_path, dated_seeds, "unfollow", "LMs", capsys=capsys)
    assert code == 1 and "no follow named 'LMs'" in err
    code, out, _ = _run(tmp_path, dated_seeds, "follows", "--json", capsys=capsys)
    assert [r["name"] for r in json.loads(out)] == ["grokking"]
    code, _, err = _run(tmp_path, dated_seeds, "follow", "(broken", capsys=capsys)
    assert code == 0 and "could not parse the query" in err
    code, _, err = _run(tmp_path, dated_seeds, "follows", "--since", "March", capsys=capsys)
    assert code == 2 and "not a day" in err


def test_recommend_command(seed_index, tmp_path, capsys):
    lib = SEEDS
    code, out, err = _run(tmp_path, lib, "recommend", "--limit", "3", "--json", capsys=capsys)
    assert code == 0 and "0 starred papers: star at least 3" in err and len(json.loads(out)) == 3
    topic, _ = seed_index.matching("grokking")
    for pid in sorted(topic)[:3]:
        assert _run(tmp_path, lib, "mark", pid, "--star", capsys=capsys)[0] == 0
    code, out, err = _run(tmp_path, lib, "recommend", "--limit", "5", "--json", capsys=capsys)
    picks = json.loads(out)
    assert code == 0 and err == "" and len(picks) == 5
    assert all({"score", "why", "terms", "like"} <= set(p) and p["why"] for p in picks)
    code, out, _ = _run(tmp_path, lib, "recommend", "--limit", "2", capsys=capsys)
    assert out.startswith("your stars are about: ") and "like “" in out


def test_key_phrases_are_neighbouring_terms_across_stop_words(seed_index):
    (hit,) = seed_index.search("grokking lazy rich", limit=1).hits
    assert hit.paper.title == "Grokking as the Transition from Lazy to Rich Training Dynamics"
    pairs = seed_index.key_phrases(hit.paper.id, {"lazi", "rich", "train", "grokk", "transit"})
    assert {("lazi", "rich"), ("rich", "train"), ("grokk", "transit")} <= pairs  # "as the", "to" skipped
    assert ("grokk", "rich") not in pairs and ("rich", "lazi") not in pairs
    scored = seed_index.score_terms({"lazi": 1.0}, limit=5, phrases={("lazi", "rich"): 2.0})
    assert scored[0].paper.id == hit.paper.id and ("phrase", "lazi rich") in scored[0].terms
