"""Copying to the clipboard from a terminal, also over ssh and inside tmux or screen.

OSC 52 asks the terminal itself to set the clipboard, so it works on a remote machine. The
reader always sends the plain sequence (Textual's `App.copy_to_clipboard`): a terminal takes it
directly, and tmux with `set -g set-clipboard on` takes it into its paste buffer and passes it
on to the terminal outside. Inside tmux or GNU screen the sequence is also sent wrapped for
passthrough (tmux needs `allow-passthrough on` for that one). tmux's default, `set-clipboard
external`, ignores a program's OSC 52: then the text goes into tmux's buffer with `tmux
load-buffer -w` (which also hands it to the terminal outside when tmux can), and the user is
told the one-line fix. On a local desktop session a clipboard tool is used too.
"""

from __future__ import annotations

import base64
import functools
import os
import shutil
import subprocess
from collections.abc import Mapping

MAX_BYTES = 74_994  # many terminals ignore longer OSC 52 payloads
TOOLS = (
    ("WAYLAND_DISPLAY", ["wl-copy"]),
    ("DISPLAY", ["xclip", "-selection", "clipboard"]),
    ("DISPLAY", ["xsel", "--clipboard", "--input"]),
    ("", ["pbcopy"]),
)


def clip(text: str, limit: int = MAX_BYTES) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, at a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def osc52(text: str) -> str:
    """The plain OSC 52 sequence that copies `text` (what Textual sends)."""
    return f"\x1b]52;c;{base64.b64encode(text.encode('utf-8')).decode('ascii')}\x07"


def passthrough(text: str, env: Mapping[str, str]) -> str | None:
    """The sequence wrapped for tmux's or screen's passthrough; None outside them."""
    seq = osc52(text)
    if env.get("TMUX"):
        return "\x1bPtmux;" + seq.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if env.get("STY"):
        return "".join(f"\x1bP{seq[i : i + 76]}\x1b\\" for i in range(0, len(seq), 76))
    return None


def where(env: Mapping[str, str] | None = None) -> str:
    """How the copy travels, for the message the user sees."""
    env = os.environ if env is None else env
    if env.get("TMUX"):
        return "OSC 52 to tmux"
    return "OSC 52 to screen" if env.get("STY") else "OSC 52 to the terminal"


def system_copy(text: str, env: Mapping[str, str] | None = None) -> str | None:
    """Copy with a local clipboard tool when this is a local desktop session; the tool's name or None."""
    env = os.environ if env is None else env
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None  # the tool would fill the remote machine's clipboard, not the user's
    for needs, command in TOOLS:
        if (not needs or env.get(needs)) and shutil.which(command[0]):
            try:
                subprocess.run(
                    command, input=text.encode("utf-8"), timeout=2, check=True, capture_output=True
                )
            except (OSError, subprocess.SubprocessError):
                continue
            return command[0]
    return None


def tmux_clipboard(env: Mapping[str, str] | None = None) -> str | None:
    """tmux's `set-clipboard` ("on", "external", "off") for the tmux this runs in; None outside
    tmux or when tmux does not answer. Asked once per tmux server."""
    env = os.environ if env is None else env
    socket = env.get("TMUX")
    if not socket or shutil.which("tmux") is None:
        return None
    return _ask_tmux(socket)


@functools.cache
def _ask_tmux(socket: str) -> str | None:
    env = {**os.environ, "TMUX": socket}
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-gv", "set-clipboard"],
            timeout=1, check=True, capture_output=True, text=True, env=env,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def tmux_copy(text: str, label: str, env: Mapping[str, str] | None = None) -> str | None:
    """Inside a tmux that ignores a program's OSC 52 (`set-clipboard` not `on`): the text put in
    tmux's buffer, and what to tell the user about the `label`ed text; None where OSC 52 does
    the job (or outside tmux)."""
    env = os.environ if env is None else env
    setting = tmux_clipboard(env)
    if setting in (None, "on"):
        return None
    fix = "tmux set -g set-clipboard on"
    run = {**os.environ, "TMUX": env.get("TMUX", "")}
    for command in (["tmux", "load-buffer", "-w", "-"], ["tmux", "load-buffer", "-"]):  # -w: tmux >= 3.2
        try:
            subprocess.run(
                command, input=text.encode("utf-8"), timeout=2, check=True, capture_output=True, env=run
            )
        except (OSError, subprocess.SubprocessError):
            continue
        return f"Copied the {label} to tmux's buffer (prefix ] pastes it). For the system clipboard: {fix}"
    return f"The {label} was not copied: tmux ignores OSC 52 (set-clipboard {setting}); fix: {fix}"
