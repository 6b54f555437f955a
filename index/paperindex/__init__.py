"""The engine's facade over a library and its index: the reading API and the update pipeline.

`facade.PaperIndex` reads and searches; `update.Pipeline` brings the index up to date.
"""

from ..store.generations import IndexBusy
from .facade import PaperIndex
from .update import Progress, UpdateReport

__all__ = ["IndexBusy", "PaperIndex", "Progress", "UpdateReport"]
