"""The one place that imports Whoosh: swap in a maintained fork here.

Whoosh is imported on first use (`whooshlib.fields` ...), not when `index` is
imported: the reader draws its window before Whoosh has loaded, on its index thread.
"""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType

# Whoosh 2.7.4's sources hold escapes that Python 3.12+ warns about when it compiles them
# (an install without precompiled bytecode: uv, `pip --no-compile`, PYTHONDONTWRITEBYTECODE).
# They are Whoosh's, not the user's business: silenced here, before Whoosh is first imported.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*whoosh")

_NAMES = ("analysis", "fields", "formats", "highlight", "index", "matching", "qparser", "query")
_NAMES += ("reading", "scoring", "sorting", "writing")
_MODULES = {name: name for name in _NAMES} | {"codec": "codec.whoosh3", "numeric": "util.numeric"}
_MODULES["filestore"] = "filedb.filestore"


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        module = importlib.import_module(f"whoosh.{_MODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(name)
