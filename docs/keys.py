"""The reader's keys as Markdown, made from its one table of commands (`tui/commands.py`) as the
help screen is:

    python docs/keys.py > docs/keys.md

`tests/test_docs.py` checks docs/keys.md is what this prints."""

from __future__ import annotations

from textual.app import App

from dailypapers.tui.screens.help import key_rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    lines = [
        "# Keys",
        "",
        "Every key of the reader, by where it works, made by `python docs/keys.py > docs/keys.md`",
        "from the reader's table of commands (`tui/commands.py`), which also makes the footer, the",
        "help screen (`?` or `f1`) and the command palette (`ctrl+p`). Keys are written as Textual",
        "shows them (`^f` is ctrl+f, `⏎` enter).",
        "",
    ]
    for where, rows in key_rows(App()):
        lines += [f"## {where}", "", "| keys | does |", "| --- | --- |"]
        lines += [f"| `{_cell(keys)}` | {_cell(does)} |" for keys, does in rows]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(), end="")
