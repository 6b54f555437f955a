"""The one place that imports Whoosh: swap in a maintained fork here.

Whoosh is imported on first use (`whooshlib.fields` ...), not when `index` is
imported: the reader draws its window before Whoosh has loaded, on its index thread.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_MODULES = ("analysis", "fields", "highlight", "index", "qparser", "query", "sorting")


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        module = importlib.import_module(f"whoosh.{name}")
        globals()[name] = module
        return module
    raise AttributeError(name)
