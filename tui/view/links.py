"""A paper's links and what the terminal does with them, as plain code (no Textual): the list
`l` shows (arXiv abstract, PDF, Hugging Face page, GitHub, project page), whether OSC 8
hyperlinks can work here (not through tmux before 3.4 or GNU screen: URLs are written out
there), and how to open a link when the reader runs on the user's own machine."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dailypapers.index import Paper

from dailypapers.index import strip_controls

_VERSION = re.compile(r"(\d+)\.(\d+)")
OSC8_TMUX = (3, 4)  # tmux passes OSC 8 hyperlinks on from 3.4


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(label, validated URL) of every known link, the arXiv abstract and PDF first."""
    from ..show import repo_label

    s = paper.signals
    found = [
        ("arXiv abstract", paper.url),
        ("PDF", paper.pdf_url),
        ("Hugging Face page", paper.hf_url),
        (repo_label(s.github.url) if s.github else "", s.github.url if s.github else None),
        ("project page", s.project_page),
    ]
    return [(strip_controls(label), url) for label, url in found if url]


def version(text: str) -> tuple[int, int] | None:
    """ "tmux 3.3a" → (3, 3); None when there is no version in it."""
    found = _VERSION.search(text)
    return (int(found.group(1)), int(found.group(2))) if found else None


@cache
def _tmux_version() -> tuple[int, int] | None:
    if shutil.which("tmux") is None:
        return None
    try:
        done = subprocess.run(["tmux", "-V"], capture_output=True, text=True, timeout=1, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return version(done.stdout)


def hyperlinks(env: Mapping[str, str] | None = None) -> bool:
    """Whether OSC 8 hyperlinks reach the user: not under GNU screen (or TERM=screen*) nor a
    tmux older than 3.4 (its version from TERM_PROGRAM_VERSION, else `tmux -V`)."""
    env = os.environ if env is None else env
    if env.get("TMUX"):
        known = version(env.get("TERM_PROGRAM_VERSION", "")) if env.get("TERM_PROGRAM") == "tmux" else None
        found = known or _tmux_version()
        return found is not None and found >= OSC8_TMUX
    return not (env.get("STY") or env.get("TERM", "").startswith("screen"))


def local(env: Mapping[str, str] | None = None) -> bool:
    """The reader runs on the user's own machine (not over ssh): a browser here is theirs."""
    env = os.environ if env is None else env
    return not (env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def opener(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The command that opens a URL here: $BROWSER, else xdg-open or open; None over ssh or
    when there is none."""
    env = os.environ if env is None else env
    if not local(env):
        return None
    browser = env.get("BROWSER", "").split(os.pathsep)[0].strip()
    if browser:
        command = shlex.split(browser)
        if command and shutil.which(command[0]):
            return command
    for tool in ("xdg-open", "open"):
        if shutil.which(tool):
            return [tool]
    return None


def open_hint(env: Mapping[str, str] | None = None) -> str:
    """What `o` does here, for the links list's last line."""
    if opener(env) is not None:
        return "o open"
    return "no browser over ssh" if not local(env) else "no browser found ($BROWSER)"


def open_url(url: str, env: Mapping[str, str] | None = None) -> str | None:
    """Open `url` in the browser, detached; the command's name, or None when there is none."""
    command = opener(env)
    if command is None:
        return None
    try:
        subprocess.Popen(
            [*command, url],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    except OSError:
        return None
    return os.path.basename(command[0])
