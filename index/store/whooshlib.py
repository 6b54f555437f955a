"""The one place that imports Whoosh: swap in a maintained fork here.

Whoosh is imported on first use (`whooshlib.fields` ...), not when `index` is
imported: the reader draws its window before Whoosh has loaded, on its index thread.
"""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType
from typing import TYPE_CHECKING

# Whoosh 2.7.4's sources hold escapes that Python 3.12+ warns about when it compiles them
# (an install without precompiled bytecode: uv, `pip --no-compile`, PYTHONDONTWRITEBYTECODE).
# They are Whoosh's, not the user's business: silenced here, before Whoosh is first imported.
warnings.filterwarnings("ignore", category=SyntaxWarning, module=r".*whoosh")

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


def __getattr__(name: str) -> ModuleType:
    if name in _MODULES:
        module = importlib.import_module(f"whoosh.{_MODULES[name]}")
        globals()[name] = module
        return module
    raise AttributeError(name)
