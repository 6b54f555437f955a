"""The `dailypapers` command line: it parses and prints; everything it calls is public library API."""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
