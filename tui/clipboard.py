"""Copying to the clipboard from a terminal, also over ssh and inside tmux or screen.

OSC 52 asks the terminal itself to set the clipboard, so it works on a remote
machine. Inside tmux the sequence is wrapped in a DCS passthrough (tmux also
needs `set -g allow-passthrough on` or `set-clipboard on`); inside GNU screen it
is cut into DCS chunks. On a local desktop session a clipboard tool is used too.
"""

from __future__ import annotations

import base64
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


def osc52(text: str, env: Mapping[str, str] | None = None) -> str:
    """The escape sequence that copies `text`, wrapped for tmux or screen when inside one."""
    env = os.environ if env is None else env
    payload = base64.b64encode(text.encode("utf-8")[:MAX_BYTES]).decode("ascii")
    seq = f"\x1b]52;c;{payload}\x07"
    if env.get("TMUX"):
        return "\x1bPtmux;" + seq.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if env.get("STY"):
        return "".join(f"\x1bP{seq[i : i + 76]}\x1b\\" for i in range(0, len(seq), 76))
    return seq


def where(env: Mapping[str, str] | None = None) -> str:
    """How the copy travels, for the message the user sees."""
    env = os.environ if env is None else env
    via = "tmux" if env.get("TMUX") else "screen" if env.get("STY") else "the terminal"
    return f"OSC 52 via {via}"


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
