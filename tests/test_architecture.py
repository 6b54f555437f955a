"""The engine's rooms: each module imports on its own, and imports run one way between rooms.

The rooms, lowest first (docs/architecture.md): a room imports from its own room and the
rooms below it, never from one above (imports for type checking only are not counted).
"""

from __future__ import annotations

import ast
import subprocess
import sys

from helpers import ROOT, isolated_env

INDEX = ROOT / "index"
ROOMS = ["text", "papers", "reading", "store", "fulltext", "search", "paperindex", "marks", "intake", "cli"]


def modules() -> list[str]:
    found = []
    for path in sorted(INDEX.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append(".".join(["dailypapers", *(parts[:-1] if parts[-1] == "__init__" else parts)]))
    return found


def room(module: str) -> str:
    """`dailypapers.index.search.engine` -> `search`; `dailypapers.index` is the facade (no room)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else ""


def imports(path, module: str) -> set[str]:
    """The `index` modules a module imports at run time (anywhere but under `if TYPE_CHECKING:`)."""
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
                if base == "dailypapers.index" or base.startswith("dailypapers.index."):
                    found.update(f"{base}.{a.name}" if base.count(".") < 2 else base for a in child.names)
            elif isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("dailypapers.index."))
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
