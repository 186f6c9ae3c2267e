"""Stage 1, ingest: find article files, read them into normalized text, parse their metadata, move them once handled."""
