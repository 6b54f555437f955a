"""The settings: a flag beats an environment variable beats the config file beats the default.

The file is TOML at `$DAILYPAPERS_CONFIG`, else `$XDG_CONFIG_HOME/dailypapers/config.toml`
(`~/.config/dailypapers/config.toml`); `--config FILE` names another. Every key is optional:

    library = "~/papers"          # the library directory
    marks = "~/papers/marks.sqlite3"
    index_dir = "~/.cache/dailypapers/papers"
    fetch_on_start = false        # the reader fetches new days when it opens
    sort = "upvotes"              # the default order of `list` and `search`
    base_url = "https://huggingface.co"
    recent_days = 7               # the days a plain `capture` refreshes besides today
    paper_state = true            # the full-screen paper asks the site for its latest state
    full_text = false             # `capture` fetches the full texts of stars and follows' new papers

`dailypapers config` prints the effective settings and where each came from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from ..papers.views import SORTS
from .output import UsageError

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:
    from typing import Any

DEFAULT_BASE_URL = "https://huggingface.co"  # (intake.fetch has the same: not imported here)


def _path(value: object) -> Path:
    if not isinstance(value, str) or not value or "\x00" in value:
        raise ValueError("must be a path (a non-empty string)")
    return Path(value).expanduser()


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("1", "true", "yes", "on", "0", "false", "no", "off"):
        return value.lower() in ("1", "true", "yes", "on")
    raise ValueError("must be true or false")


def _sort(value: object) -> str:
    if value not in SORTS:
        raise ValueError(f"must be one of {', '.join(SORTS)}")
    return str(value)


def _url(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"https?://[!-~]+", value):
        raise ValueError("must be an http:// or https:// URL")
    return value.rstrip("/")


def _days(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 366:
        raise ValueError("must be a whole number of days from 0 to 366")
    return value


class Setting:
    """One setting (a plain class, not a dataclass: every command makes these, and a one-shot
    search imports no `dataclasses`)."""

    __slots__ = ("check", "default", "env", "flag", "help", "name")

    def __init__(
        self,
        name: str,  # the key in the file, and the attribute of the parsed arguments
        check: Callable[[object], Any],
        default: Any,
        env: str | None,  # the environment variable, if any
        flag: str | None,  # the command-line flag, if any (a command's own for sort, base_url, recent)
        help: str,
    ) -> None:
        self.name, self.check, self.default, self.env, self.flag, self.help = (
            name,
            check,
            default,
            env,
            flag,
            help,
        )


SETTINGS: tuple[Setting, ...] = (
    Setting("library", _path, None, "DAILYPAPERS_LIBRARY", "--library", "the library directory"),
    Setting("marks", _path, None, "DAILYPAPERS_MARKS", "--marks", "the marks database"),
    Setting("index_dir", _path, None, "DAILYPAPERS_INDEX_DIR", "--index-dir", "where the index lives"),
    Setting("fetch_on_start", _bool, False, None, None, "the reader fetches new days when it opens"),
    Setting("sort", _sort, None, None, "--sort", "the default order of list and search"),
    Setting(
        "base_url", _url, DEFAULT_BASE_URL, "DAILYPAPERS_BASE_URL", "--base-url", "where capture fetches"
    ),
    Setting("recent_days", _days, 7, None, "--recent", "the days a plain capture refreshes besides today"),
    Setting(
        "paper_state", _bool, True, None, None, "the full-screen paper asks the site for its latest state"
    ),
    Setting("full_text", _bool, False, None, "--full-text", "capture fetches stars' and follows' full texts"),
)
BY_NAME = {s.name: s for s in SETTINGS}


class Config:
    """The effective settings, each with where it came from ("default", "flag --library",
    "env DAILYPAPERS_MARKS", "file ~/.config/dailypapers/config.toml:3")."""

    def __init__(self, values: dict[str, Any], sources: dict[str, str], file: Path, file_found: bool) -> None:
        self.values, self.sources, self.file, self.file_found = values, sources, file, file_found

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def config_path(env: Mapping[str, str], given: Path | None = None) -> Path:
    if given is not None:
        return given.expanduser()
    if env.get("DAILYPAPERS_CONFIG"):
        return Path(env["DAILYPAPERS_CONFIG"]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "dailypapers" / "config.toml"


def _line_of(text: str, key: str) -> int:
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def read_file(path: Path) -> dict[str, tuple[Any, int]]:
    """The file's settings, checked, each with its line; {} when there is no file. A bad file
    is a usage error of one line naming the file, the line and the key."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UsageError(f"cannot read the config file {path}: {exc.strerror or exc}") from None
    import tomllib  # here: with no config file, no TOML parser

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    found: dict[str, tuple[Any, int]] = {}
    for key, value in data.items():
        line = _line_of(text, key)
        setting = BY_NAME.get(key)
        if setting is None:
            raise UsageError(f"{path}:{line}: unknown key {key!r} (known: {', '.join(BY_NAME)})")
        try:
            found[key] = (setting.check(value), line)
        except ValueError as exc:
            raise UsageError(f"{path}:{line}: {key} {exc}") from None
    return found


def resolve(flags: Mapping[str, Any], env: Mapping[str, str], file: Path | None = None) -> Config:
    """The effective settings from the flags given (None: not given), the environment and the
    config file."""
    path = config_path(env, file)
    if file is not None and not path.is_file():
        raise UsageError(f"config file not found: {path}")
    from_file = read_file(path)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for s in SETTINGS:
        if flags.get(s.name) is not None:
            values[s.name], sources[s.name] = flags[s.name], f"flag {s.flag}"
        elif s.env and env.get(s.env):
            try:
                values[s.name] = s.check(env[s.env])
            except ValueError as exc:
                raise UsageError(f"${s.env}: {exc}") from None
            sources[s.name] = f"env {s.env}"
        elif s.name in from_file:
            values[s.name] = from_file[s.name][0]
            sources[s.name] = f"file {path}:{from_file[s.name][1]}"
        else:
            values[s.name], sources[s.name] = s.default, "default"
    return Config(values, sources, path, path.is_file())
