"""How many captures of real papers read back exactly, per layout and wrapping.

Pages of 3 to 12 papers drawn from the corpus (the seed papers without it), rendered in a
layout, wrapped at 72, 80, 100 and 150 columns by the test suite's wrappers or by the real
`fmt`, `fold -s` and `fold` (where installed), read back: a page counts when every title and
abstract is exactly the original and no block is skipped.

    python benchmarks/wrapped.py [--pages N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from captures import WRAPPERS, page, real_papers  # noqa: E402

from dailypapers.index.reading.files import parse_snapshot  # noqa: E402

WIDTHS = (72, 80, 100, 150)
RENDERED = [  # (wrapper, layout, indent)
    (None, "blank", ""),
    (None, "compact", ""),
    (None, "noisy", ""),
    (None, "markdown", ""),
    ("greedy", "blank", ""),
    ("greedy", "blank", "    "),
    ("greedy", "lynx", "   "),
    ("greedy", "markdown", ""),
    ("textwrap", "blank", ""),
    ("fold -s", "blank", ""),
    ("fold -s", "compact", ""),
    ("fold", "blank", ""),
]
TOOLS = [("fmt", "blank"), ("fmt", "compact"), ("fold -s", "blank"), ("fold -s", "compact")]
TOOLS += [("fold", "blank"), ("fold", "compact")]


def exact(text: bytes, papers: list[tuple[str, str]]) -> bool:
    snap = parse_snapshot(text, "day.txt", "day")
    return [(e.title, e.abstract) for e in snap.entries] == papers and not snap.skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50, help="pages per width (default 50)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = real_papers()
    draw = lambda: rng.sample(pool, rng.randint(3, 12))  # noqa: E731
    print(f"{len(pool)} real papers; {args.pages} pages a width, widths {', '.join(map(str, WIDTHS))}\n")
    print("| wrapped by | layout | read back exactly |\n| --- | --- | --- |")
    for wrapper, layout, indent in RENDERED:
        ok = total = 0
        for width in WIDTHS:
            for _ in range(args.pages):
                papers = draw()
                text = page(papers, layout, WRAPPERS.get(wrapper), width, indent)
                ok += exact(text.encode(), papers)
                total += 1
        name = (wrapper or "not wrapped") + (" (indented)" if indent else "")
        print(f"| {name} | {layout} | {ok}/{total} |")
    for tool, layout in TOOLS:
        if shutil.which(tool.split()[0]) is None:
            continue
        ok = total = 0
        for width in WIDTHS:
            for _ in range(args.pages):
                papers = draw()
                cmd = [*tool.split(), "-w", str(width)]
                out = subprocess.run(cmd, input=page(papers, layout).encode(), capture_output=True).stdout
                ok += exact(out, papers)
                total += 1
        print(f"| real `{tool}` | {layout} | {ok}/{total} |")


if __name__ == "__main__":
    main()
