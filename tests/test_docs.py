"""The docs say what the code does: the README is a front door with the two commands, every
page it links exists, and the key table is the one the reader's commands make."""

from __future__ import annotations

import importlib.util
import re

from helpers import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_the_readme_is_a_front_door_with_the_two_commands():
    assert len(README.splitlines()) <= 300
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```", 2)[1].strip().splitlines()
    assert block == [
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/dailypapers",
        "python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt -e '.[test]' "
        "&& .venv/bin/python -m pytest -q",
    ]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert block[1] in ci  # CI runs the README's test command


def test_every_page_the_docs_link_exists():
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        base = page.parent
        text = re.sub(r"`[^`\n]*`", "", page.read_text("utf-8"))  # (code spans quote, not link)
        for target in re.findall(r"\]\(([^)#\s]+)\)", text):
            if not target.startswith(("http://", "https://")):
                assert (base / target).exists(), (page.name, target)


def test_the_key_table_is_made_from_the_readers_commands():
    spec = importlib.util.spec_from_file_location("keys", ROOT / "docs" / "keys.py")
    assert spec and spec.loader
    keys = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(keys)
    assert (ROOT / "docs" / "keys.md").read_text("utf-8") == keys.markdown(), "run python docs/keys.py"


def test_the_readmes_first_keys_are_the_readers():
    table = (ROOT / "docs" / "keys.md").read_text("utf-8")
    bound = {k.strip() for cell in re.findall(r"^\| `([^`]+)` \|", table, re.M) for k in cell.split(",")}
    first = README.split("## The keys you need first", 1)[1].split("\n## ", 1)[0]
    for cell in re.findall(r"^\| (.+?) \| ", first, re.M)[2:]:
        for key in re.findall(r"`([^`]+)`", cell):
            assert key in bound, key
