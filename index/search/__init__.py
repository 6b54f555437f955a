"""Searching the index: query text and fields, spelling, exact scoring, highlights, trend, key terms."""
