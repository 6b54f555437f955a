"""What the tests share: where things are, the hypothesis profiles, a subprocess's environment,
and parsers for what the engine writes. Imported by the tests (never from `conftest`)."""

from __future__ import annotations

import os
import re
from http.server import ThreadingHTTPServer
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "hf-daily-api-dumps" / "daily"
SEED_COUNTS = [42, 48, 70, 119, 86]

# Property tests: the "dev" profile (the default) runs a quarter of the examples the "ci"
# profile runs (`DAILYPAPERS_HYPOTHESIS=ci`, set by .ci/run). Each test asks `examples(n)`.
PROFILE = os.environ.get("DAILYPAPERS_HYPOTHESIS", "dev")
for _name in ("dev", "ci"):
    settings.register_profile(
        _name,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
settings.load_profile(PROFILE if PROFILE in ("dev", "ci") else "dev")


def run_cli(capsys, lib: Path | None, index_dir: Path, *args: str, marks: Path | None = None):
    """The `dailypapers` command run in this process on a library (none: `lib` None), an index
    directory and, when given, a marks database: (exit code, stdout, stderr)."""
    from dailypapers.index.cli.main import main

    base = ["--library", str(lib), "--index-dir", str(index_dir)] if lib else []
    code = main([*base, *(["--marks", str(marks)] if marks else []), *args])
    out, err = capsys.readouterr()
    return code, out, err


def whoosh_searcher(pix):
    """The Whoosh searcher behind a `PaperIndex`: the one way a test reaches past the public API,
    for the tests of the Whoosh-specific modules (the exact scorer against Whoosh's own sort)."""
    return pix._index._searcher


def examples(ci: int) -> int:
    """How many examples a property test runs: `ci` in the CI profile, a quarter of it locally."""
    return ci if PROFILE == "ci" else max(10, ci // 4)


def isolated_env(tmp: Path) -> dict:
    """The environment of a subprocess with its own home, data and cache directories."""
    keep = ("DAILYPAPERS_HYPOTHESIS",)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAILYPAPERS_") or k in keep}
    env.update(
        HOME=str(tmp / "home"),
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CACHE_HOME=str(tmp / "cache"),
        XDG_CONFIG_HOME=str(tmp / "config"),
    )
    return env


def parse_bibtex(text: str) -> list[dict]:
    """A strict parser for the entries we write: @type{key, name = {balanced}, ...}."""
    entries, i = [], 0
    text = text.strip()
    while i < len(text):
        m = re.compile(r"@(\w+)\{([^,\s{}]+),\n").match(text, i)
        assert m, f"bad entry head at {text[i : i + 40]!r}"
        entry, i = {"type": m.group(1), "key": m.group(2)}, m.end()
        while True:
            f = re.compile(r"  (\w+) = \{").match(text, i)
            assert f, f"bad field at {text[i : i + 40]!r}"
            depth, j = 1, f.end()
            while depth:
                c = text[j]
                if c == "\\":
                    j += 2
                    continue
                depth += {"{": 1, "}": -1}.get(c, 0)
                j += 1
            entry[f.group(1)] = text[f.end() : j - 1]
            i = j
            if text.startswith(",\n", i):
                i += 2
                continue
            assert text.startswith("\n}", i), f"bad entry end at {text[i : i + 20]!r}"
            i += 2
            break
        entries.append(entry)
        while i < len(text) and text[i] == "\n":
            i += 1
    return entries


class Server(ThreadingHTTPServer):
    """A loopback site (the tests' fake Hugging Face): give it a handler class."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client killed mid-response: expected here
