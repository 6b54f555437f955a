"""The one place that imports Whoosh: swap in a maintained fork here.

Whoosh is imported on first use (`whooshlib.fields` ...), not when `index` is
imported: the reader draws its window before Whoosh has loaded, on its index thread.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_NAMES = ("analysis", "fields", "formats", "highlight", "index", "qparser", "query", "sorting", "writing")
_MODULES = {name: name for name in _NAMES} | {"codec": "codec.whoosh3", "filestore": "filedb.filestore"}


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        module = importlib.import_module(f"whoosh.{_MODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(name)
