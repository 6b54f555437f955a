"""Whoosh 2.7's internals in one room: the fast writer, the forked build, the bulk reader, their guard."""
