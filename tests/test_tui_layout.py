"""The reader's layout at the sizes people use, with no key pressed: how much of each title a
result row shows and how many lines of TL;DR and abstract the paper area holds, on 60 real days (when
../shared/corpora is present) and on 60 synthetic days shaped like them."""

from __future__ import annotations

import shutil

import pytest
from helpers import CORPUS
from tui_helpers import abstract_lines, api_days, make_app, results, settle, state, title_widths

from dailypapers.index import PaperIndex

# (size, fewest title characters a row shows unless the title is shorter, fewest lines of TL;DR and
# abstract)
TARGETS = {
    (80, 24): (50, 8),
    (100, 30): (60, 11),
    (120, 40): (80, 15),
    (200, 50): (80, 15),
    (50, 20): (25, 6),
}
MEASURE = 90  # no abstract line is longer


@pytest.fixture(scope="module", params=["corpus", "synthetic"])
def library60(request, tmp_path_factory):
    """A library of 60 API days and its index, built once per module."""
    root = tmp_path_factory.mktemp("lib60")
    lib = root / "library"
    if request.param == "corpus":
        if not CORPUS.is_dir():
            pytest.skip("../shared/corpora is not present (a fresh clone has none)")
        lib.mkdir()
        for path in sorted(CORPUS.glob("*.json"))[-60:]:
            shutil.copy(path, lib / path.name)
    else:
        api_days(lib)
    pix = PaperIndex(lib, root / "ix")
    pix.update()
    pix.close()
    return lib, root / "ix"


@pytest.mark.parametrize("size", list(TARGETS), ids=[f"{w}x{h}" for w, h in TARGETS])
async def test_titles_and_abstract_fit_with_no_key_pressed(library60, size, tmp_path):
    lib, prebuilt = library60
    app = make_app(lib, tmp_path / "ix", prebuilt)
    fewest_chars, fewest_lines = TARGETS[size]
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        newest = sorted(p.name for p in lib.glob("*.json"))[-1].removesuffix(".json")
        assert state(app).scope.day == newest  # today first
        rows = results(app).rows
        assert rows and all(any(a.snapshot == newest for a in r.paper.appearances) for r in rows)
        widths = title_widths(app)
        assert widths, "no result row on screen"
        shown = {r.paper.title: w for r, w in zip(rows, widths, strict=False)}
        for title, width in shown.items():
            assert width >= min(fewest_chars, len(title)), (title, width)
        body = abstract_lines(app)
        view = app.screen.query_one("#paper")
        whole, tldr = view.abstract_lines, view.tldr_count  # the site's TL;DR is read before the abstract
        assert tldr + len(body) >= min(fewest_lines, tldr + len(whole)), body
        assert max(len(line) for line in whole) <= MEASURE
        cut = [w for r, w in zip(rows, widths, strict=False) if w < len(r.paper.title)]
        print(
            f"\n{size[0]}x{size[1]}: {len(widths)} rows on screen, {len(widths) - len(cut)} whole titles, "
            f"cut ones show {min(cut, default='-')}-{max(cut, default='-')} characters; "
            f"{tldr} TL;DR and {len(body)} abstract lines in sight (of {len(whole)}), "
            f"longest {max(map(len, whole))}"
        )
