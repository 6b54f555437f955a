"""The reader's screens."""

from .help import HelpScreen
from .main import MainScreen

__all__ = ["HelpScreen", "MainScreen"]
