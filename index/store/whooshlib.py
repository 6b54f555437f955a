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

# Whoosh 2.7.4's sources hold escapes that Python warns about when it compiles them (an
# install without precompiled bytecode: uv, `pip --no-compile`, PYTHONDONTWRITEBYTECODE): a
# SyntaxWarning on 3.12+, a DeprecationWarning on 3.11. They are Whoosh's, not the user's
# business: silenced here, before Whoosh is first imported.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*whoosh")
warnings.filterwarnings("ignore", "invalid escape sequence", DeprecationWarning, r".*whoosh")

TYPE_CHECKING = False  # (typing's, without importing typing: a one-shot search does not)
if TYPE_CHECKING:  # what a type checker sees; at run time each is imported on first use below
    from whoosh import analysis as analysis
    from whoosh import columns as columns
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
    from whoosh.filedb import filetables as filetables
    from whoosh.util import numeric as numeric

_NAMES = ("analysis", "fields", "formats", "highlight", "index", "matching", "qparser", "query")
_MODULES = {name: name for name in (*_NAMES, "reading", "scoring", "sorting", "writing")}
_MODULES |= {"codec": "codec.whoosh3", "numeric": "util.numeric", "filestore": "filedb.filestore"}
_MODULES |= {"filetables": "filedb.filetables", "columns": "columns"}


# Modules Whoosh imports one function from at start-up and calls only for what we never use:
# `whoosh.compat` takes `urlretrieve` from `urllib.request`, which brings `http.client`,
# `email`, `ssl` and `socket` (about a fifth of Whoosh's import time); `whoosh.query.terms`
# takes `variations` from `whoosh.lang.morph_en` (for the Variations query), which compiles
# one huge pattern when imported (about a tenth). Whoosh is not patched: while its modules are
# first imported, each of these is a stand-in whose function imports the real module and
# calls the real function, and which leaves `sys.modules` once the import is done.
# `whoosh.compat` takes `escape` from `html` too (for highlighting as HTML), whose entity table
# is most of `html`'s import.
_DEFERRED = {"urllib.request": "urlretrieve", "whoosh.lang.morph_en": "variations", "html": "escape"}
_IMPORTERS = ("whoosh.compat", "whoosh.query")  # imported first, as Whoosh imports some lazily
_lock = threading.RLock()


class _StandIn(ModuleType):
    """A module not yet imported. Its function, and any other name asked of it (by another
    thread importing the module meanwhile), are the real module's."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # what the import system asks of any module (__path__, __spec__)
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> ModuleType:
    with _lock:
        if isinstance(sys.modules.get(name), _StandIn):
            del sys.modules[name]
        return importlib.import_module(name)


def _stand_in(name: str, function: str) -> _StandIn:
    module = _StandIn(name)

    def call(*args: object, **kwargs: object) -> object:
        return getattr(_real(name), function)(*args, **kwargs)

    setattr(module, function, call)
    return module


def _import(name: str) -> ModuleType:
    """Import a Whoosh module, the modules in `_DEFERRED` standing in until it is imported."""
    with _lock:
        stand_ins = {n: _stand_in(n, f) for n, f in _DEFERRED.items() if n not in sys.modules}
        sys.modules.update(stand_ins)
        try:
            for importer in _IMPORTERS:
                importlib.import_module(importer)
            return importlib.import_module(name)
        finally:
            for full, stand_in in stand_ins.items():
                if sys.modules.get(full) is stand_in:
                    del sys.modules[full]
                parent, _, child = full.rpartition(".")
                if getattr(sys.modules.get(parent), child, None) is stand_in:
                    delattr(sys.modules[parent], child)  # the real one is imported on first use


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        module = _import(f"whoosh.{_MODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(name)
