"""The engine's rooms: each module imports on its own, and imports run one way between rooms;
no import cycle in the engine or the reader.

The rooms, lowest first (docs/architecture.md): a room imports from its own room and the
rooms below it, never from one above (imports for type checking only are not counted).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, isolated_env

INDEX = ROOT / "index"
TUI = ROOT / "tui"
ROOMS = ["text", "papers", "reading", "store", "fulltext", "search", "paperindex", "marks", "intake", "cli"]


def modules(folder=INDEX) -> list[str]:
    return list(module_paths(folder))


def module_paths(folder=INDEX) -> dict[str, Path]:
    """The modules of a folder (`index/`, `tui/`) by dotted name, with their files."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(["dailypapers", *(parts[:-1] if parts[-1] == "__init__" else parts)])] = path
    return found


def room(module: str) -> str:
    """`dailypapers.index.search.engine` -> `search`; `dailypapers.index` is the facade (no room)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else ""


def imports(path, module: str, every: bool = False) -> set[str]:
    """The `index` modules a module imports at run time (at the top or in a function: anywhere but
    under `if TYPE_CHECKING:`); with `every`, each name imported from `dailypapers` as `package.name`."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                if every and base.startswith("dailypapers"):
                    found.update(f"{base}.{a.name}" for a in child.names)
                elif base == "dailypapers.index" or base.startswith("dailypapers.index."):
                    found.update(f"{base}.{a.name}" if base.count(".") < 2 else base for a in child.names)
            elif isinstance(child, ast.Import):
                prefix = "dailypapers." if every else "dailypapers.index."
                found.update(a.name for a in child.names if a.name.startswith(prefix))
            visit(child)

    visit(tree)
    return found


def test_every_module_imports_on_its_own(tmp_path):
    """A fresh import of each module, nothing of `index` loaded before it: no import cycle bites."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules()!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('dailypapers.index')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_imports_run_one_way_between_rooms():
    wrong = []
    for module in modules():
        here = room(module)
        if not here:
            continue  # the facade re-exports every room
        path = INDEX.joinpath(*module.split(".")[2:])
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for target in imports(path, module):
            there = room(target)
            if there in ROOMS and ROOMS.index(there) > ROOMS.index(here):
                wrong.append(f"{module} imports {target} ({here} is below {there})")
    assert wrong == []


def test_every_room_says_what_it_owns():
    for name in ROOMS:
        path = INDEX / name / "__init__.py"
        if path.exists():
            doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
            assert doc and len(doc.splitlines()[0]) > 20, name


def test_the_public_names_are_importable_from_index():
    import dailypapers.index

    index = dailypapers.index
    assert len(index.__all__) > 50
    for name in index.__all__:
        assert getattr(index, name) is not None, name


def import_graph() -> dict[str, set[str]]:
    """Which modules of `index/` and `tui/` each one imports at run time (a `from pkg import
    name` counts as the module `pkg.name` when there is one, else as `pkg`)."""
    paths = {**module_paths(INDEX), **module_paths(TUI)}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        found = imports(path, module, every=True)
        graph[module] = {t if t in paths else t.rsplit(".", 1)[0] for t in found} & set(paths) - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    group.append(top)
                    if top == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_engine_or_the_reader():
    """No module of `index/` or `tui/` imports, at run time (in a function too), one that imports it
    back, directly or round a longer loop (type-checking imports are not counted)."""
    graph = import_graph()
    assert "dailypapers.tui.screens.main" in graph and "dailypapers.index.cli.meta" in graph
    assert "dailypapers.tui.state" in graph["dailypapers.tui.screens.main"]
    assert cycles(graph) == []
