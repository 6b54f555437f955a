"""A paper's full text: its Markdown read into sections and lines (render), kept in the cache (cache)."""
