"""The site's signals without the corpus: reading and checking them, the newest appearance
winning, the query fields, sorts, week and month views, `show` and the result rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dailypapers.index import PaperIndex
from dailypapers.index.cli.main import main
from dailypapers.index.papers.periods import periods
from dailypapers.index.papers.signals import MAX_COUNT, Account, Signals, url
from dailypapers.index.papers.views import Sort, month_days, month_of, week_days, week_of
from dailypapers.index.reading.apifile import read_api
from dailypapers.index.search.queryfields import author_query, org_query


def item(arxiv: str, title: str, **extra) -> dict:
    """An API item as the site sends it, with the signals given by keyword (paper-level unless
    they are item-level keys)."""
    item_keys = {"numComments", "submittedBy", "organization"}
    paper = {
        "id": arxiv,
        "title": title,
        "summary": f"An abstract about {title.lower()} and more words to read.",
        "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
        "upvotes": extra.pop("upvotes", 1),
    }
    top = {"paper": paper, "title": title, "numComments": 0}
    for key, value in extra.items():
        (top if key in item_keys else paper)[key] = value
    return top


FULL = item(
    "2608.00001",
    "Seeded Worlds for Agents",
    upvotes=42,
    ai_summary="Agents learn in  worlds\nthat grow.",
    ai_keywords=["world models", "agents", "world models", ""],
    githubRepo="https://github.com/\nexample/seeded",
    githubStars=1234,
    projectPage=" https://seeded.example.org/",
    organization={"name": "ByteDance-Seed", "fullname": "ByteDance Seed", "avatar": "x"},
    numComments=3,
    submittedBy={"name": "ada", "fullname": "Ada L.", "type": "user"},
)


def test_signals_are_read_and_cleaned():
    snap = read_api(json.dumps([FULL]), "2026-08-17.json", "2026-08-17")
    s = snap.entries[0].signals
    assert s == Signals(
        ai_summary="Agents learn in worlds that grow.",
        keywords=("world models", "agents"),
        github=s.github,
        project_page="https://seeded.example.org/",
        organization=Account("ByteDance-Seed", "ByteDance Seed"),
        comments=3,
        submitted_by=Account("ada", "Ada L."),
    )
    assert (s.github.url, s.github.stars) == ("https://github.com/example/seeded", 1234)


def test_drift_forms_and_missing_fields_give_nulls_never_guesses():
    bare = {"paper": {"id": "2405.00001", "title": "Old Paper", "summary": "Old text.", "upvotes": 3}}
    by = {"user": "bob", "fullname": "Bob"}
    old = {**item("2405.00002", "Older Paper"), "numComments": True}
    old["paper"].update(submittedOnDailyBy=by, githubStars=10)  # stars but no repository
    for text in (
        json.dumps([bare, old]),
        json.dumps([repr(bare), repr(old)]),  # Python-repr strings
        json.dumps({"status": "ok", "date": "2024-12-11", "count": 2, "data": [repr(bare), repr(old)]}),
    ):
        first, second = read_api(text, "f.json", "2024-12-11").entries
        assert first.signals == Signals()  # no numComments: null, not 0
        assert second.signals == Signals(submitted_by=Account("bob", "Bob"))


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
        ("http://x.io", "http://x.io"),
        ("  https://github.com/\n  a/b ", "https://github.com/a/b"),
        ("javascript:alert(1)", None),
        ("ftp://example.org/", None),
        ("https://", None),
        ("https://evil.example/\x1b]8;;https://other\x1b\\", None),
        ("https://evil.example/\x9c", None),
        ("https://exämple.org/", None),
        ("https://[::1/", None),
        ("https://" + "a" * 3000 + ".org/", None),
        (42, None),
    ],
)
def test_urls_are_validated(value, kept):
    assert url(value) == kept


@pytest.mark.parametrize(
    ("stars", "comments", "kept"),
    [
        (True, False, (None, None)),
        (-1, -5, (None, None)),
        (2**80, 2**70, (MAX_COUNT, MAX_COUNT)),
        ("9", 1.5, (None, None)),
    ],
)
def test_counts_are_non_negative_integers_clamped_to_64_bits(tmp_path, stars, comments, kept):
    data = item("2608.00009", "Counting Stars", githubRepo="https://github.com/a/b", githubStars=stars)
    data["numComments"] = comments
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "2026-08-17.json").write_text(json.dumps([data]))
    pix = PaperIndex(tmp_path / "lib", tmp_path / "ix")
    pix.update()
    s = pix.paper("2608.00009").signals
    assert (s.github.stars, s.comments) == kept
    if kept[0] is not None:  # the 64-bit fields hold the clamped values
        assert [h.paper.id for h in pix.search(f"stars:>={MAX_COUNT} comments:>={MAX_COUNT}").hits] == [
            "2608.00009"
        ]
    pix.close()


def _library(tmp_path: Path, days: dict[str, list[dict]]) -> Path:
    lib = tmp_path / "lib"
    lib.mkdir(exist_ok=True)
    for day, items in days.items():
        (lib / f"{day}.json").write_text(json.dumps(items))
    return lib


def test_the_newest_appearance_wins_and_an_update_keeps_it_exact(tmp_path):
    older = item("2608.00001", "Seeded Worlds for Agents", upvotes=5, githubRepo="https://github.com/a/old")
    lib = _library(tmp_path, {"2026-08-17": [older], "2026-08-18": [FULL]})
    pix = PaperIndex(lib, tmp_path / "ix")
    pix.update()
    paper = pix.paper("2608.00001")
    assert paper.upvotes == 42 and paper.signals.github.url == "https://github.com/example/seeded"
    assert [a.upvotes for a in paper.appearances] == [5, 42]  # per appearance, as seen
    assert [h.paper.id for h in pix.search("upvotes:42").hits] == ["2608.00001"]
    (lib / "2026-08-18.json").unlink()  # the newest goes: the older values come back
    pix.update()
    paper = pix.paper("2608.00001")
    assert paper.upvotes == 5 and paper.signals.github.url == "https://github.com/a/old"
    assert pix.search("upvotes:42").hits == [] and len(pix.search("upvotes:5").hits) == 1
    assert pix.search("has:summary").hits == []
    pix.close()


def test_captures_have_every_field_null(seed_index):
    paper = seed_index.papers()[0].to_json()
    for key in ("ai_summary", "keywords", "github", "project_page", "organization", "comments"):
        assert paper[key] is None
    assert paper["submitted_by"] is None and paper["upvotes"] is None


@pytest.fixture
def small(tmp_path):
    """Three days: code and an organisation on some papers, upvotes everywhere."""
    days = {
        "2026-08-16": [
            item(
                "2608.10001",
                "Sparse Agents Plan",
                upvotes=10,
                githubRepo="https://github.com/a/b",
                githubStars=5,
            ),
            item(
                "2608.10002",
                "Dense Agents Act",
                upvotes=30,
                organization={"name": "google", "fullname": "Google"},
            ),
        ],
        "2026-08-17": [  # a Monday: ISO week 34 begins
            item("2608.10003", "Agents That Orbit", upvotes=20, projectPage="https://orbit.example/"),
            item("2608.10004", "Quiet Worlds", ai_keywords=["orbital mechanics", "agents"], numComments=9),
        ],
        "2026-09-01": [FULL],
    }
    pix = PaperIndex(_library(tmp_path, days), tmp_path / "ix")
    pix.update()
    yield pix
    pix.close()


def ids(result) -> list[str]:
    return [h.paper.id for h in result.hits]


def test_query_fields(small):
    assert ids(small.search("has:code")) == ["2608.00001", "2608.10001"]  # no words: newest first
    assert ids(small.search("has:project")) == ["2608.00001", "2608.10003"]
    assert ids(small.search("org:GOOGLE")) == ["2608.10002"]
    assert (
        ids(small.search("org:seed")) == ids(small.search('organisation:"bytedance seed"')) == ["2608.00001"]
    )
    assert ids(small.search("keyword:orbital")) == ["2608.10004"]
    assert ids(small.search("upvotes:>=20", sort=Sort.UPVOTES)) == ["2608.00001", "2608.10002", "2608.10003"]
    assert ids(small.search("comments:>5")) == ["2608.10004"]
    assert ids(small.search("stars:[1000 TO]")) == ["2608.00001"]
    assert ids(small.search("date:2026-08")) == ["2608.10003", "2608.10004", "2608.10001", "2608.10002"]
    assert (
        ids(small.search("date:2026-W34"))
        == ids(small.search("date:2026-w34"))
        == ["2608.10003", "2608.10004"]
    )
    assert ids(small.search("date:[2026-08-17 TO 2026-09]")) == ["2608.00001", "2608.10003", "2608.10004"]
    assert set(ids(small.search("date:2026 agents has:code"))) == {"2608.00001", "2608.10001"}


def test_words_rank_and_filters_only_filter(small):
    result = small.search("agents plan upvotes:>=5")
    assert result.sort is Sort.RELEVANCE and ids(result)[0] == "2608.10001"
    result = small.search("org:google")
    assert result.sort is Sort.NEWEST and result.to_json()["sort"] == "newest"


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("upvotes:>=many", "'upvotes:' takes a whole number"),
        ("upvotes:>= 50", "'upvotes:>=' with nothing after it"),
        ("stars:[a TO b]", "'stars:' takes a whole number"),
        ("has:tests", "'has:' takes code, project, summary, keywords or org"),
        ("date:2026-W60", "'date:2026-W60' is not on the calendar"),
        ("date:2026-13", "'date:2026-13' is not on the calendar"),  # no month 13
        ("date:2026-02-30", "'date:2026-02-30' is not on the calendar"),
        ("date:[2026-01 TO 2026-13]", "'date:' takes YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www"),
        ("date:yesterday", "'date:' takes YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www"),
    ],
)
def test_bad_field_values_fall_back_with_a_note(small, query, note):
    result = small.search(query)
    assert any(note in n and "could not parse" in n for n in result.notes), result.notes


def test_did_you_mean_never_proposes_an_operator_or_a_field(seed_index):
    for query in ("org:google", "venue:google", "ore grokking", "anf grokking", "titel grokking"):
        suggestion = seed_index.search(query).suggestion or ""
        words = suggestion.split()
        assert not {"or", "and", "not", "org", "title", "to"} & {w.lower() for w in words}, (
            query,
            suggestion,
        )
    # `:` after a word that is no field is text (issue 27): `venue` is a word no paper has.
    assert seed_index.search("venue:grokking").notes[0].startswith("no paper has 'venue'")


@pytest.mark.parametrize("query", ["NOT", "( )", "AND OR"])
def test_a_query_with_no_words_left_says_so(seed_index, query):
    result = seed_index.search(query)
    assert result.total == 0 and result.notes[-1].endswith("has no words to search for"), result.notes


def test_more_by_an_author_and_from_an_organisation(small):
    query = author_query('Ada "Countess" Lovelace) OR (x')
    assert query == 'author:"ada countess lovelace or x"'
    assert not small.search(query).notes
    assert len(small.search(author_query("Ada Lovelace")).hits) == 5
    assert author_query("") is None and org_query(None, "  ") is None
    assert ids(small.search(org_query("ByteDance-Seed"))) == ["2608.00001"]
    assert ids(small.search(org_query(None, "Google"))) == ["2608.10002"]


def test_sorts_on_list_and_search(small):
    order = {Sort.UPVOTES: ["2608.00001", "2608.10002", "2608.10003", "2608.10001", "2608.10004"]}
    order[Sort.STARS] = ["2608.00001", "2608.10001", "2608.10003", "2608.10004", "2608.10002"]
    order[Sort.COMMENTS] = ["2608.10004", "2608.00001", "2608.10003", "2608.10001", "2608.10002"]
    order[Sort.NEWEST] = ["2608.00001", "2608.10003", "2608.10004", "2608.10001", "2608.10002"]
    order[Sort.PAGE] = ["2608.10001", "2608.10002", "2608.10003", "2608.10004", "2608.00001"]
    for sort, want in order.items():
        assert [p.id for p in small.papers(sort=sort)] == want, sort
        assert [p.id for p in small.papers(light=True, sort=sort)] == want, sort
        assert ids(small.search("abstract", sort=sort, limit=None)) == want, sort
        assert ids(small.search("abstract", sort=sort, limit=2)) == want[:2], sort
    in_one = small.search("abstract", snapshot="2026-08-17", sort=Sort.PAGE)
    assert ids(in_one) == ["2608.10003", "2608.10004"] and in_one.total == 2
    assert [s.value for s in (Sort.PAGE.next(), Sort.RELEVANCE.next())] == ["relevance", "upvotes"]


def test_week_and_month_views(small):
    week = week_days("2026-W34")
    assert week[0] == "2026-08-17" and week[-1] == "2026-08-23"
    assert [p.id for p in small.papers(days=week, sort=Sort.UPVOTES)] == ["2608.10003", "2608.10004"]
    assert {p.id for p in small.papers(days=month_days("2026-08"))} == {
        "2608.10001",
        "2608.10002",
        "2608.10003",
        "2608.10004",
    }
    assert small.papers(days=week_days("2026-W01")) == []
    assert (week_of("2026-08-16"), week_of("2026-08-17"), week_of("2027-01-01")) == (
        "2026-W33",
        "2026-W34",
        "2026-W53",
    )
    assert (month_of("2026-08-16"), week_of("Sep 3"), month_of("2026-02-30")) == ("2026-08", None, None)
    assert len(month_days("2024-02")) == 29 and len(week_days("2020-W53")) == 7
    for bad in ("2026-13", "2026-8", "August"):
        with pytest.raises(ValueError):
            month_days(bad)
    groups = periods([(r.id, r.date) for r in small.snapshots()], by="week")
    assert [(g.label, g.snapshots) for g in groups] == [
        ("2026-W36", ("2026-09-01",)),
        ("2026-W34", ("2026-08-17",)),
        ("2026-W33", ("2026-08-16",)),
    ]
    months = periods([(r.id, r.date) for r in small.snapshots()] + [("cap", "Sep 3")], by="month")
    assert [(m.label, len(m.days), m.snapshots) for m in months] == [
        ("2026-09", 30, ("2026-09-01",)),
        ("2026-08", 31, ("2026-08-16", "2026-08-17")),
    ]


def _cli(pix: PaperIndex, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(pix.library), "--index-dir", str(pix.dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_what_the_site_shows(small, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, _ = _cli(small, capsys, "show", "2608.00001")
    assert code == 0 and "\x1b" not in out  # not a terminal: no hyperlinks
    lines = [" ".join(line.split()) for line in out.splitlines()]
    for line in (
        "▲ 42 upvotes · 3 comments · submitted by Ada L. (ada)",
        "Organisation: ByteDance Seed (ByteDance-Seed)",
        "Keywords: world models; agents",
        "TL;DR: Agents learn in worlds that grow.",
        "arXiv https://arxiv.org/abs/2608.00001",
        "Hugging Face https://huggingface.co/papers/2608.00001",
        "GitHub ★ 1,234 https://github.com/example/seeded",
        "project page https://seeded.example.org/",
    ):
        assert line in lines, line
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    out = _cli(small, capsys, "show", "2608.00001")[1]
    assert (
        "\x1b]8;;https://github.com/example/seeded\x1b\\https://github.com/example/seeded\x1b]8;;\x1b\\"
        in out
    )


def test_show_never_links_an_unchecked_url(tmp_path, capsys, monkeypatch):
    hostile = item(
        "2608.00002",
        "Hostile Links",
        githubRepo="javascript:alert(1)",
        projectPage="https://evil.example/\x1b]8;;https://x\x07",
    )
    pix = PaperIndex(_library(tmp_path, {"2026-08-17": [hostile]}), tmp_path / "ix")
    pix.update()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    out = _cli(pix, capsys, "show", "2608.00002")[1]
    assert "javascript" not in out and "evil" not in out and "GitHub" not in out
    assert out.count("\x1b]8;;") == 2 * 4  # the title, arXiv, its PDF and Hugging Face links only
    pix.close()


def test_rows_carry_upvotes_and_a_code_marker_in_80_columns(small, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")  # on a terminal (rows fit it; piped, they are tab-separated)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    for args in (("list",), ("list", "--week", "2026-W34"), ("search", "agents", "--sort", "stars")):
        code, out, _ = _cli(small, capsys, *args)
        assert code == 0 and all(len(line) <= 80 for line in out.splitlines()), args
    out = _cli(small, capsys, "list", "--sort", "upvotes")[1].splitlines()
    assert out[0].startswith("2608.00001  Seeded Worlds for Agents")
    assert out[0].endswith("</> ▲42 #1 2026-09-01")
    assert out[1].startswith("2608.10002  Dense Agents Act") and out[1].endswith("    ▲30 #2 2026-08-16")
    # A list sorted by stars or comments shows them: the order is plain to see.
    out = _cli(small, capsys, "list", "--sort", "stars")[1].splitlines()
    assert out[0].startswith("2608.00001  Seeded Worlds") and out[0].endswith("</> ★1,234 #1 2026-09-01")
    out = _cli(small, capsys, "list", "--sort", "comments")[1].splitlines()
    assert out[0].startswith("2608.10004  Quiet Worlds") and "9 comments #2" in out[0]
    out = _cli(small, capsys, "search", "sparse agents")[1].splitlines()
    assert out[0].startswith("  1. Sparse Agents Plan") and out[0].endswith("</> ▲10")
    out = _cli(small, capsys, "search", "has:code", "--sort", "stars")[1].splitlines()
    assert "1,234 stars" in out[1] and out[-1] == "2 of 2 papers, most GitHub stars first"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "--week", "2026-W60"), "2026 has no ISO week 60"),
        (("list", "--month", "2026-13"), "not a month (YYYY-MM, e.g. 2026-08): '2026-13'"),
        (("list", "--week", "2026-W34", "--month", "2026-08"), "not allowed with argument"),
        (("search", "x", "--sort", "votes"), "invalid choice: 'votes'"),
    ],
)
def test_view_and_sort_usage_errors(small, capsys, args, message):
    code, out, err = _cli(small, capsys, *args)
    assert code == 2 and message in err and not out


@pytest.mark.parametrize(
    "ref",
    [
        "2608.10003",
        "2608.10003v2",
        "arXiv:2608.10003",
        "https://arxiv.org/abs/2608.10003",
        "https://arxiv.org/pdf/2608.10003v1.pdf",
        "https://huggingface.co/papers/2608.10003",
    ],
)
def test_show_and_mark_take_the_links_they_print(small, capsys, ref):
    code, out, err = _cli(small, capsys, "show", ref)
    assert code == 0 and out.startswith("Agents That Orbit"), err
    code, out, err = _cli(small, capsys, "mark", ref, "--read")
    assert code == 0 and out.startswith("Agents That Orbit  [2608.10003]"), err


def test_mark_and_show_say_the_whole_mark(small, capsys):
    code, out, _ = _cli(small, capsys, "mark", "2608.10003", "--note", "read section 4")
    assert out.splitlines()[1:] == ["  not starred · unread · a note", "  note: read section 4"]
    code, out, _ = _cli(small, capsys, "mark", "https://arxiv.org/abs/2608.10003")  # no option: as it is
    assert code == 0 and out.splitlines()[1] == "  not starred · unread · a note"
    _cli(small, capsys, "mark", "2608.10003", "--star")
    out = _cli(small, capsys, "show", "2608.10003")[1].splitlines()
    assert "Your mark: ★ starred · unread · a note" in out and "Your note: read section 4" in out
    out = _cli(small, capsys, "show", "2608.10001")[1].splitlines()
    assert "Your mark: not starred · unread" in out and not any(line.startswith("Your note") for line in out)


def test_latex_escapes_are_shown_as_characters_and_stored_as_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    typed = r"Agents pass below 50\% of R\&D tasks (top\_k, \#1, \$5)."
    day = {"2026-08-21": [item("2608.19799", r"Costs in \$ and \%", summary=typed, ai_summary=typed)]}
    pix = PaperIndex(_library(tmp_path, day), tmp_path / "ix")
    pix.update()
    out = _cli(pix, capsys, "show", "2608.19799")[1]
    assert "below 50% of R&D tasks (top_k, #1, $5)." in out and "TL;DR: Agents pass below 50%" in out
    assert out.startswith("Costs in $ and %") and "\\" not in out
    out = _cli(pix, capsys, "search", "tasks")[1]
    assert "Costs in $ and %" in out and "below 50% of R&D" in out and "\\" not in out
    assert pix.paper("2608.19799").abstract == typed  # the source's text, as the JSON export gives it
    pix.close()
