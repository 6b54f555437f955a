"""The `dailypapers` command line: global options, one parser per command, one dispatch path.

Each command module (`library`, `catchup`) adds its parsers with `set_defaults(handler=…)`;
`main` parses, opens the library and the marks (a `Session`) and calls the handler. A
handler asks the session for the index, which brings it up to date first, then calls
public library API and prints. Never imports Textual: the reader is handed in.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType

from ..text import shown
from .output import UsageError, clip, columns, err

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:  # a command imports what it needs when it runs: `search` starts sooner
    from typing import Any

    from ..marks.db import Marks
    from ..paperindex import PaperIndex, Progress, UpdateReport
    from ..papers.snapshot import Snapshot
    from ..search.oneshot import OneShot
    from .config import Config

# Opens the reader: given a function making the PaperIndex, the notices, the marks, whether
# the reader takes the mouse, the settings.
OpenReader = Callable[[Callable[[], "PaperIndex"], list[str], "Marks", bool, "Config"], int]

# The errors a command reports in one line, by module: a module never imported raised none.
_REPORTED = (("dailypapers.index.intake.add", "IntakeError"), ("dailypapers.index.marks.db", "MarksError"))


def _reported(exc: Exception) -> bool:
    """True for an error of the user's data (IntakeError, MarksError): one line, status 1."""
    return any(
        module in sys.modules and isinstance(exc, getattr(sys.modules[module], name))
        for module, name in _REPORTED
    )


class _Formatter(argparse.HelpFormatter):
    """argparse's, given the terminal's width as argparse finds it (less 2): argparse's own asks
    `shutil`, importing it (with `bz2`, `lzma`, `fnmatch`: 7 M instructions, 3% of a one-shot
    search), as each option is added (argparse formats it to check it)."""

    def __init__(self, prog: str, **kwargs: Any) -> None:
        kwargs.setdefault("width", columns() - 2)
        super().__init__(prog, **kwargs)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]  # one clear line, not a usage dump
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _global_options(parser: argparse.ArgumentParser, after: bool = False) -> None:
    """The options every command takes, before or after its name (`after`: as a command's own,
    leaving what was given before the command when not given again)."""
    keep: dict[str, Any] = {"default": argparse.SUPPRESS} if after else {}
    parser.add_argument(
        "--library",
        type=Path,
        help="directory of snapshot files "
        "(default: $DAILYPAPERS_LIBRARY, the config file, else a library in your data directory)",
        **keep,
    )
    parser.add_argument(
        "--index-dir",
        type=Path,
        help="where the index lives (default: $DAILYPAPERS_INDEX_DIR, the config file, else your cache)",
        **keep,
    )
    parser.add_argument(
        "--marks",
        type=Path,
        metavar="FILE",
        help="the marks database (default: $DAILYPAPERS_MARKS, the config file, else marks.sqlite3 "
        "in your data directory)",
        **keep,
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the config file (default: $DAILYPAPERS_CONFIG, else ~/.config/dailypapers/config.toml)",
        **keep,
    )
    parser.add_argument(
        "--mouse",
        action="store_true",
        help="the reader takes the mouse (click, scroll); by default the terminal keeps it, so "
        "selecting text works as usual",
        **keep,
    )


class _Version(argparse.Action):
    """`--version`: the installed distribution's version (read only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("dailypapers")
        except PackageNotFoundError:
            number = "(not installed)"
        print(f"dailypapers {number}")
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command`, only that command's, or none ("") (see
    `parse_args`)."""
    parser = _Parser(
        prog="dailypapers",
        description="Read and search saved Hugging Face Daily Papers snapshots. "
        "With no command, open the reader.",
    )
    parser.add_argument("-V", "--version", action=_Version, help="print the version and exit")
    _global_options(parser)
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # (the stand-ins take what a command module asks of the subparsers action: add_parser)
    if command == "":  # the global options alone
        return parser
    commands = _WithGlobals(sub if command is None else _Only(sub, command))
    for module in _command_modules(command):
        module.add_parsers(commands)  # (a stand-in taking what they ask of the subparsers: add_parser)
    return parser


class _WithGlobals:
    """The subparsers action as a command module sees it: each command's parser takes the
    global options too (`dailypapers search q --library DIR`)."""

    def __init__(self, sub: argparse._SubParsersAction | _Only) -> None:
        self._sub = sub

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser | _Ignored:
        parser = self._sub.add_parser(name, **kwargs)
        if isinstance(parser, argparse.ArgumentParser):
            _global_options(parser, after=True)
        return parser


# Each command's module, so that a command imports its own module alone (a search need not
# import the catch-up's): `tests/test_cli.py` checks it against what the modules declare.
COMMANDS = {
    **dict.fromkeys(
        ("index", "snapshots", "list", "search", "show", "add", "capture", "export", "trend"), "library"
    ),
    "read": "fulltext",
    **dict.fromkeys(("marks", "mark", "follow", "unfollow", "follows", "recommend", "digest"), "catchup"),
    **dict.fromkeys(("config", "completion", "manpage"), "meta"),
}
_MODULE_ORDER = ("library", "fulltext", "catchup", "meta")  # the order of `--help`


def _command_modules(command: str | None = None) -> tuple[ModuleType, ...]:
    """The command modules (here: the reader, with no command, parses without them), or the one
    declaring `command`."""
    import importlib

    names = (COMMANDS[command],) if command in COMMANDS else _MODULE_ORDER
    return tuple(importlib.import_module(f"{__package__}.{name}") for name in names)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The arguments, parsed by the parser of the command named, or with no command's (the
    reader) by a parser of the global options alone: sixteen commands' parsers take longer to
    build than the rest of a search's parsing. Where that fails, or help is asked for before
    the command, the whole parser parses, and says what is wrong."""
    helped = [i for i, arg in enumerate(argv) if arg.startswith(("-h", "--h"))]
    at = next((i for i, arg in enumerate(argv) if arg in COMMANDS), None)
    if at is not None and not any(i < at for i in helped):
        try:  # (a command's name that is an option's value parses as with no command: the same)
            return build_parser(argv[at]).parse_args(argv)
        except UsageError:
            pass
    if not helped:
        try:
            return build_parser("").parse_args(argv)  # no command: the reader
        except UsageError:
            pass
    return build_parser().parse_args(argv)


class _Ignored:
    """Takes a command's declarations (arguments, groups, defaults) and keeps none."""

    def __getattr__(self, name: str) -> Callable[..., _Ignored]:
        return lambda *args, **kwargs: self


class _Only:
    """The subparsers action as a command module sees it, making one command's parser."""

    def __init__(self, sub: argparse._SubParsersAction, command: str) -> None:
        self._sub, self._command = sub, command

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser | _Ignored:
        return self._sub.add_parser(name, **kwargs) if name == self._command else _Ignored()


def main(argv: list[str] | None = None, open_reader: OpenReader | None = None) -> int:
    _replace_unencodable()
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        args.settings = settings(args)
        if getattr(args, "standalone", False):  # config, completion: no library needed
            args.full_parser = build_parser  # (completion, manpage: handed in, so meta never imports main)
            return args.handler(None, args)
        path, index_dir, notices = open_library(args)
        make_index = partial(_paper_index, path, index_dir)
        if args.handler is None:
            if open_reader is None:
                raise UsageError("no command given")
            return open_reader(make_index, notices, open_marks(args), args.mouse, args.settings)
        session = Session(path, make_index, notices, partial(open_marks, args), index_dir)
        try:
            return args.handler(session, args)
        finally:
            session.close()
    except UsageError as exc:
        err(f"error: {exc}")
        return 2
    except KeyboardInterrupt as exc:
        if "said" not in getattr(exc, "__notes__", ()):  # (a capture says what it saved)
            if _line_open:  # (the reading progress's line, on a terminal)
                print(file=sys.stderr)
            err("interrupted")
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`: not an error
        return 0
    except OSError as exc:
        err(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 1
    except Exception as exc:
        if not _reported(exc):
            raise
        err(f"error: {exc}")
        return 1


def _replace_unencodable() -> None:
    """Output a terminal's encoding cannot show (`LANG=C`, `PYTHONIOENCODING=ascii`) is
    printed as replacement characters, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


# The settings a command's own option gives: (setting, the option's attribute).
_COMMAND_SETTINGS = (
    ("sort", "sort"),
    ("base_url", "base_url"),
    ("recent_days", "recent"),
    ("full_text", "full_text"),
)


def settings(args: argparse.Namespace) -> Config:
    """The effective settings (flags, environment, config file, defaults), written back into
    the arguments the commands read."""
    from .config import resolve

    flags = {
        "library": getattr(args, "library", None),
        "index_dir": getattr(args, "index_dir", None),
        "marks": getattr(args, "marks", None),
    }
    flags |= {name: getattr(args, attr, None) for name, attr in _COMMAND_SETTINGS}
    found = resolve(flags, os.environ, getattr(args, "config", None))
    args.library, args.index_dir, args.marks = found.library, found.index_dir, found.marks
    for name, attr in _COMMAND_SETTINGS:
        if hasattr(args, attr):
            setattr(args, attr, found.values[name])
    return found


def open_library(args: argparse.Namespace) -> tuple[Path, Path, list[str]]:
    """The library and index directory the arguments name, and notices for the user (a usage
    error when there is no library)."""
    from .paths import default_index_dir, default_library, fallback_index_dir

    notices: list[str] = []
    if args.library is not None:
        path = args.library.expanduser()
    else:
        path, notice = default_library()
        if notice:
            notices.append(notice)
    if not path.is_dir():
        raise UsageError(
            f"library not found: {path} (make the folder, then dailypapers capture fetches days into it,"
            " or dailypapers add FILE copies a saved page in)"
        )
    index_dir = args.index_dir.expanduser() if args.index_dir else default_index_dir(path)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        (index_dir / "lock").touch()
    except OSError as exc:
        fallback, refused = fallback_index_dir(path)
        notices.append(
            f"cannot write the index in {index_dir} ({exc.strerror or exc}); "
            f"using a temporary one in {fallback}"
        )
        notices += [refused] if refused else []
        index_dir = fallback
    return path, index_dir, notices


def _paper_index(path: Path, index_dir: Path) -> PaperIndex:
    from ..fulltext.cache import FullTextCache
    from ..paperindex import PaperIndex  # here: the reader draws its window before this import
    from .paths import default_fulltext_dir

    return PaperIndex(path, index_dir, FullTextCache(default_fulltext_dir))


def open_marks(args: argparse.Namespace) -> Marks:
    from ..marks.db import Marks, default_marks_path

    return Marks(args.marks.expanduser() if args.marks else default_marks_path())


PROBLEMS_SAID = 20  # the library's problems a command prints on stderr, at most


class Session:
    """What a command works on: the library (its index, made and brought up to date on first
    use, with what the update said on stderr) and the user's marks (opened on first use)."""

    def __init__(
        self,
        library: Path,
        make_index: Callable[[], PaperIndex],
        notices: list[str],
        open_marks: Callable[[], Marks],
        index_dir: Path | None = None,
    ) -> None:
        self.library = library
        self.index_dir = index_dir
        self._open_marks = open_marks
        self._marks: Marks | None = None
        self._make_index = make_index
        self._notices = notices
        self.report: UpdateReport | None = None
        self._indexes: list[PaperIndex] = []

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = self._open_marks()
        return self._marks

    def close(self) -> None:
        """Close what the command opened: the index's files and the marks. Says, once, when
        another Whoosh turned the fast paths off after the update (a search found it)."""
        if self._indexes:
            from ..store.w3 import guard

            if said := guard.take_note():
                err(said)
        for pix in self._indexes:
            pix.close()
        if self._marks is not None:
            self._marks.close()

    def oneshot(self, query: str) -> OneShot | None:
        """The index read without Whoosh to search `query` (`search.oneshot`: a few plain words),
        when an update would change nothing and say nothing; else None (then `index()`)."""
        if self.index_dir is None or self._notices:
            return None
        from ..search.oneshot import OneShot

        return OneShot.open(self.library, self.index_dir) if OneShot.takes(query) else None

    def index(self, rebuild: bool = False, verbose: bool = False, progress: bool = False) -> PaperIndex:
        """The index, up to date; its notes and the library's problems on stderr (the notes
        about files too when `verbose` or something changed; reading progress on a terminal, or
        always with `progress`). A usage error when no snapshot can be read."""
        pix = self._make_index()
        self._indexes.append(pix)
        for notice in self._notices:
            err(notice)
        procs = min(4, os.cpu_count() or 1)
        self.report = pix.update(rebuild=rebuild, progress=_progress(progress), procs=procs)
        for note in self.report.notes:
            err(note)
        said = [p for p in pix.problems() if p.fatal or verbose or self.report.changed]
        self.say_problems([("skipped " if p.fatal else "note: ") + str(p) for p in said])
        if not any(rec.papers for rec in pix.snapshots()):
            raise UsageError(f"no readable snapshot in {pix.library}")
        return pix

    @staticmethod
    def say_problems(said: list[str]) -> None:
        """The library's problems on stderr (a library of 5,000 empty files: not 5,000 lines)."""
        for line in said[:PROBLEMS_SAID]:
            err(line)
        if len(said) > PROBLEMS_SAID:
            err(f"… and {len(said) - PROBLEMS_SAID:,} more (see 'dailypapers snapshots')")


_line_open = False  # the reading progress has a line open on the terminal


def _progress(always: bool) -> Progress | None:
    """Progress of reading on stderr: on a terminal, or always (`index`)."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, snap: Snapshot) -> None:
        global _line_open
        if tty:
            end = "" if done < total else "\n"
            name = clip(shown(snap.file), 40)
            _line_open = True  # (a ctrl+c before the next line's set: the line is open)
            sys.stderr.write(f"\rreading {done}/{total} {name:<40}{end}")
            sys.stderr.flush()
            _line_open = not end
        elif done == total or done % max(1, total // 10) == 0:
            sys.stderr.write(f"reading {done}/{total}\n")  # (one write: a ctrl+c never splits it)
        if done == total:
            print("writing the index…", file=sys.stderr, flush=True)

    return show if always or tty else None
