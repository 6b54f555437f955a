"""The index on disk: Whoosh (imported here only), schema, writer, side files, the index directory."""
