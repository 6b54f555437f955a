"""`capture --full-text` (or the config's full_text) against the loopback site: the full texts of
the starred papers and of a follow's papers new in the days captured are fetched, politely (a
pause between requests, a 429's Retry-After), at most N a run, indexed (searchable by words only
their bodies hold), and never fetched twice. Nothing really sleeps: the pauses are recorded."""

from __future__ import annotations

import time

import pytest
from papersite import PHRASE, library, markdown, pool, serve

from dailypapers.index.cli.main import main
from dailypapers.index.fulltext.cache import FullTextCache
from dailypapers.index.paperindex import PaperIndex

NEW = "2024-05-28"  # the day captured (the library holds 2024-05-27)
AUTHOR = "Zed Followed"
FOLLOWED = ["2405.90003", "2405.90001"]  # the author's papers new that day, as asked for (newest, then by id)


def new_paper(pid: str, author: str) -> dict:
    return {
        "paper": {
            "id": pid,
            "title": f"A new paper {pid}",
            "summary": "Plain words.",
            "authors": [{"name": author}],
        }
    }


class Clock:
    """The fetch module's `time`: its pauses recorded, not slept, and its monotonic clock moved
    by them alone (so the pause asked between two requests is the same on a busy machine)."""

    def __init__(self, pauses: list[float]) -> None:
        self.pauses, self.now = pauses, 0.0

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now

    def __getattr__(self, name: str):
        return getattr(time, name)


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A library, a site with a new day (two papers of the followed author, one of them without
    Markdown, and one of another), a starred paper, a follow; the pauses recorded."""
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("DAILYPAPERS_CONFIG", raising=False)
    monkeypatch.delenv("DAILYPAPERS_BASE_URL", raising=False)
    pauses: list[float] = []
    monkeypatch.setattr("dailypapers.index.intake.fetch.time", Clock(pauses))
    lib, site, day = library(tmp_path)
    fresh = [
        new_paper("2405.90001", AUTHOR),
        new_paper("2405.90002", "Someone Else"),
        new_paper("2405.90003", AUTHOR),
    ]
    site.days[NEW] = fresh
    for item in fresh[:2]:
        site.pages[item["paper"]["id"]] = markdown(item, pool()).encode()
    with serve(site):
        env = {"tmp": tmp_path, "lib": lib, "site": site, "day": day, "pauses": pauses}
        star = day[1]["paper"]["id"]
        assert cli(env, "mark", star, "--star")[0] == 0
        assert cli(env, "follow", f'author:"{AUTHOR}"')[0] == 0
        yield env


def cli(env, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    tmp = env["tmp"]
    where = [
        "--library",
        str(env["lib"]),
        "--index-dir",
        str(tmp / "ix"),
        "--marks",
        str(tmp / "marks.sqlite3"),
    ]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*where, *args])
    return code, out.getvalue(), err.getvalue()


def capture(env, *more: str) -> tuple[int, str, str]:
    return cli(env, "capture", "--date", NEW, "--base-url", env["site"].url, *more)


def asked(env) -> list[str]:
    """The full texts the site was asked for, in order."""
    return [
        line.removeprefix("/papers/").removesuffix(".md") for line in env["site"].log if line.endswith(".md")
    ]


def found(env, query: str) -> set[str]:
    tmp = env["tmp"]
    pix = PaperIndex(
        env["lib"], tmp / "ix", FullTextCache(tmp / "xdg_cache_home" / "dailypapers" / "fulltext")
    )
    try:
        return {hit.paper.id for hit in pix.search(query, limit=None).hits}
    finally:
        pix.close()


def test_stars_and_a_follows_new_papers_are_fetched_indexed_and_never_twice(env):
    star = env["day"][1]["paper"]["id"]
    assert found(env, f'"{PHRASE}"') == set()
    code, out, err = capture(env, "--full-text")
    assert code == 0, err
    assert asked(env) == [star, *FOLLOWED]  # the star first; not the other author's paper
    assert f"full text {star}" in out and "full text 2405.90001" in out
    assert "2 fetched and indexed, 0 kept already, 1 with none on the site" in err
    assert env["pauses"][-2:] == [1.0, 1.0]  # the pause (--wait 1) between requests
    assert found(env, f'"{PHRASE}"') == {star, "2405.90001"}  # a phrase only their bodies hold
    assert found(env, f'body:"{PHRASE}"') == {star, "2405.90001"}
    before = list(env["site"].log)
    code, out, err = capture(env, "--full-text")  # again: the texts kept, the missing one noted
    assert code == 0 and asked(env) == [star, *FOLLOWED]
    assert [line for line in env["site"].log[len(before) :] if ".md" in line] == []
    assert "0 fetched and indexed, 2 kept already, 1 with none on the site" in err


def test_a_429_waits_as_asked_and_goes_on(env):
    star = env["day"][1]["paper"]["id"]
    env["site"].faults[star] = [(429, 7)]
    code, _, err = capture(env, "--full-text")
    assert code == 0 and asked(env) == [star, star, *FOLLOWED]
    assert 7.0 in env["pauses"] and "429" in err and "waiting 7 s" in err
    assert "2 fetched and indexed" in err


def test_at_most_n_a_run_and_the_next_run_goes_on(env):
    star = env["day"][1]["paper"]["id"]
    code, _, err = capture(env, "--full-text", "--full-text-max", "1")
    assert code == 0 and asked(env) == [star]
    assert "1 fetched and indexed, 0 kept already, 2 left for the next run" in err
    code, _, err = capture(env, "--full-text", "--full-text-max", "1")  # (as a killed run resumes)
    assert asked(env) == [star, FOLLOWED[0]] and "0 fetched and indexed, 1 kept already, 1 with none" in err
    code, _, err = capture(env, "--full-text", "--full-text-max", "1")
    assert asked(env) == [star, *FOLLOWED] and "1 fetched and indexed, 1 kept already, 1 with none" in err


def test_without_the_flag_only_the_config_fetches_full_texts(env):
    capture(env)
    assert asked(env) == []
    config = env["tmp"] / "xdg_config_home" / "dailypapers" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("full_text = true\n", "utf-8")
    code, _, _ = capture(env)
    assert code == 0 and len(asked(env)) == 3
    code, out, _ = cli(env, "config")
    said = [line.split()[:3] for line in out.splitlines() if line.startswith("full_text")]
    assert said == [["full_text", "=", "true"]]


def test_a_run_killed_between_indexing_and_keeping_fetches_that_one_again(env, monkeypatch):
    from dailypapers.index.intake.fulltext import FullText

    star = env["day"][1]["paper"]["id"]
    real = FullText.keep

    def killed(self, doc):
        raise KeyboardInterrupt

    monkeypatch.setattr(FullText, "keep", killed)
    code, _, err = capture(env, "--full-text")
    assert code == 130 and asked(env) == [star]
    monkeypatch.setattr(FullText, "keep", real)
    code, _, err = capture(env, "--full-text")
    assert code == 0 and asked(env) == [star, star, *FOLLOWED] and "2 fetched and indexed" in err
    kept = env["tmp"] / "xdg_cache_home" / "dailypapers" / "fulltext"
    assert {p.name for p in kept.glob(f"{star}.*")} == {f"{star}.md", f"{star}.json"}  # (its parse too)
    assert star in found(env, f'body:"{PHRASE}"')
