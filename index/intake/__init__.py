"""Papers in and out of the library: adding files, fetching days from the API, backfills, export."""
