"""OSC 52 sequences (plain, and wrapped for tmux or screen), whole characters, the local tool."""

from __future__ import annotations

import base64
import re
import stat

from dailypapers.tui.clipboard import MAX_BYTES, clip, osc52, passthrough, system_copy, where

TEXT = "Grokking as the Transition\nhttps://arxiv.org/abs/2310.06110 ✓"


def _payload(seq: str) -> str:
    return base64.b64decode(re.search(r"52;c;([A-Za-z0-9+/=]+)", seq).group(1)).decode("utf-8")


def test_plain_sequence_outside_tmux_and_screen():
    seq = osc52(TEXT)
    assert seq.startswith("\x1b]52;c;") and seq.endswith("\x07") and _payload(seq) == TEXT
    assert passthrough(TEXT, {}) is None and where({}) == "OSC 52 to the terminal"


def test_tmux_passthrough_doubles_escapes():
    seq = passthrough(TEXT, {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert seq.startswith("\x1bPtmux;\x1b\x1b]52;c;") and seq.endswith("\x07\x1b\\")
    assert _payload(seq) == TEXT and where({"TMUX": "x"}) == "OSC 52 to tmux"


def test_screen_cuts_the_sequence_into_dcs_chunks():
    seq = passthrough(TEXT * 5, {"STY": "1234.pts-0"})
    chunks = re.findall(r"\x1bP(.*?)\x1b\\", seq, flags=re.S)
    assert len(chunks) > 1 and all(len(c) <= 76 for c in chunks)
    assert _payload("".join(chunks)) == TEXT * 5


def test_long_text_is_cut_at_a_character_boundary():
    text = "é" * MAX_BYTES  # two bytes each: the limit falls inside one
    cut = clip(text)
    assert len(cut.encode("utf-8")) <= MAX_BYTES and cut == "é" * (MAX_BYTES // 2)
    assert _payload(osc52(cut)) == cut and clip(TEXT) == TEXT


def test_local_tool_used_only_outside_ssh(tmp_path, monkeypatch):
    out = tmp_path / "clip.txt"
    tool = tmp_path / "xclip"
    tool.write_text(f"#!/bin/sh\nexec /bin/cat > {out}\n")
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert system_copy(TEXT, {"DISPLAY": ":0"}) == "xclip" and out.read_text("utf-8") == TEXT
    out.unlink()
    assert system_copy(TEXT, {"DISPLAY": ":0", "SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}) is None
    assert not out.exists()
    assert system_copy(TEXT, {}) is None  # no display: no tool
