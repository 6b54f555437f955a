"""Small JSON files beside the index, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path


def read_stamped(path: Path) -> dict | None:
    """A side file written as {"generation", "data"}, or None when missing or unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return data if isinstance(data, dict) and {"generation", "data"} <= set(data) else None
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: object) -> None:
    """Write JSON atomically: a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class Stamped:
    """A JSON side file of the index, stamped with the index commit (generation) it describes."""

    def __init__(self, data: dict | None = None, generation: int | None = None) -> None:
        self.data: dict = data or {}
        self.generation = generation

    @classmethod
    def load(cls, path: Path):
        stamped = read_stamped(path)
        return cls(stamped["data"], stamped["generation"]) if stamped else cls()

    def save(self, path: Path, generation: int) -> None:
        self.generation = generation
        write_json(path, {"generation": generation, "data": self.data})
