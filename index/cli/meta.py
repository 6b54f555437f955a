"""Commands about the command itself: its settings, shell completion and manual page.

They need no library: `main` runs them before opening one (`standalone`). The completion
scripts and the manual page are made from the parser each time, so they cannot drift from it.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..text import json_text, shown
from .output import UsageError

SHELLS = ("bash", "zsh", "fish")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="the effective settings and where each came from")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_config, standalone=True)

    p = sub.add_parser(
        "completion",
        help='print a shell completion script (bash: eval "$(dailypapers completion bash)")',
    )
    p.add_argument("shell", choices=SHELLS)
    p.set_defaults(handler=cmd_completion, standalone=True)

    p = sub.add_parser("manpage", help="print the manual page (man -l <(dailypapers manpage))")
    p.set_defaults(handler=cmd_manpage, standalone=True)


def _used(found: Any) -> dict[str, object]:
    """What an unset library, marks file or index directory comes to (nothing is created)."""
    from pathlib import Path

    import platformdirs

    from ..marks.db import default_marks_path
    from .paths import default_index_dir

    library = found.library or Path(platformdirs.user_data_dir("dailypapers")) / "library"
    return {
        "library": library,
        "marks": found.marks or default_marks_path(),
        "index_dir": found.index_dir or default_index_dir(library),
    }


def cmd_config(_session: Any, args: argparse.Namespace) -> int:
    found = args.settings
    used = _used(found)
    if args.json:
        print(
            json_text(
                {
                    "file": str(found.file),
                    "file_found": found.file_found,
                    "settings": {
                        name: {"value": _plain(used.get(name, value)), "from": found.sources[name]}
                        for name, value in found.values.items()
                    },
                }
            )
        )
        return 0
    print(f"config file: {shown(str(found.file))}{'' if found.file_found else ' (none)'}")
    size = max(len(name) for name in found.values)
    for name, value in found.values.items():
        value = used.get(name, value)
        text = "(none)" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        print(f"{name:<{size}} = {shown(text)}  ({shown(found.sources[name])})")
    return 0


def _plain(value: object) -> object:
    return str(value) if value is not None and not isinstance(value, bool | int | str) else value


def cmd_completion(_session: Any, args: argparse.Namespace) -> int:
    try:
        import shtab
    except ImportError:  # pragma: no cover - a declared dependency
        raise UsageError("shell completion needs the package shtab") from None
    print(shtab.complete(args.full_parser(), shell=args.shell))
    return 0


def cmd_manpage(_session: Any, args: argparse.Namespace) -> int:
    try:
        from argparse_manpage.manpage import Manpage
    except ImportError:  # pragma: no cover - a declared dependency
        raise UsageError("the manual page needs the package argparse-manpage") from None
    page = Manpage(args.full_parser())
    page.description = "a keyboard-driven terminal reader for Hugging Face Daily Papers"
    print(str(page))
    return 0
