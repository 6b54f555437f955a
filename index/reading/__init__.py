"""Reading snapshot files: bytes to text, paragraphs, page captures, API day files, the library's files."""
