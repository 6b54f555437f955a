"""The one place that imports Whoosh: swap in a maintained fork here.

Whoosh is imported on first use (`whooshlib.fields` ...), not when `index` is
imported: the reader draws its window before Whoosh has loaded, on its index thread.
"""

from __future__ import annotations

import importlib
import sys
import threading
import warnings
from types import ModuleType
from typing import TYPE_CHECKING

# Whoosh 2.7.4's sources hold escapes that Python 3.12+ warns about when it compiles them
# (an install without precompiled bytecode: uv, `pip --no-compile`, PYTHONDONTWRITEBYTECODE).
# They are Whoosh's, not the user's business: silenced here, before Whoosh is first imported.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*whoosh")

if TYPE_CHECKING:  # what a type checker sees; at run time each is imported on first use below
    from whoosh import analysis as analysis
    from whoosh import fields as fields
    from whoosh import formats as formats
    from whoosh import highlight as highlight
    from whoosh import index as index
    from whoosh import matching as matching
    from whoosh import qparser as qparser
    from whoosh import query as query
    from whoosh import reading as reading
    from whoosh import scoring as scoring
    from whoosh import sorting as sorting
    from whoosh import writing as writing
    from whoosh.filedb import filestore as filestore
    from whoosh.util import numeric as numeric

_NAMES = ("analysis", "fields", "formats", "highlight", "index", "matching", "qparser", "query")
_MODULES = {name: name for name in (*_NAMES, "reading", "scoring", "sorting", "writing")}
_MODULES |= {"codec": "codec.whoosh3", "numeric": "util.numeric", "filestore": "filedb.filestore"}


class _UrllibRequest(ModuleType):
    """Stands in for `urllib.request` while Whoosh's `compat` module is first imported.

    `whoosh.compat` runs `from urllib.request import urlretrieve` (which Whoosh never calls),
    and importing `urllib.request` brings `http.client`, `email`, `ssl` and `socket`: about a
    fifth of Whoosh's import time, and a third of a one-shot search's wait for Whoosh. Whoosh
    is not patched: its `compat` gets a `urlretrieve` that imports the real one when called,
    and the stand-in leaves `sys.modules` once `compat` is in. Any other name asked of it
    (another thread importing `urllib.request` at that moment) is the real module's.
    """

    def urlretrieve(self, *args: object, **kwargs: object) -> object:
        return _real_urllib_request().urlretrieve(*args, **kwargs)

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # what the import system asks of any module (__path__, __spec__)
            raise AttributeError(name)
        return getattr(_real_urllib_request(), name)


_stand_in_lock = threading.Lock()


def _real_urllib_request() -> ModuleType:
    with _stand_in_lock:
        if isinstance(sys.modules.get("urllib.request"), _UrllibRequest):
            del sys.modules["urllib.request"]
        return importlib.import_module("urllib.request")


def _import_compat() -> None:
    """Import `whoosh.compat` with the stand-in for `urllib.request` (unless that is loaded)."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    import urllib

    stand_in = _UrllibRequest("urllib.request")
    with _stand_in_lock:
        sys.modules["urllib.request"] = stand_in
    try:
        importlib.import_module("whoosh.compat")
    finally:
        with _stand_in_lock:
            if sys.modules.get("urllib.request") is stand_in:
                del sys.modules["urllib.request"]
        if getattr(urllib, "request", None) is stand_in:  # set by the import system: the real one is
            del urllib.request  # imported on first use


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        _import_compat()
        module = importlib.import_module(f"whoosh.{_MODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(name)
