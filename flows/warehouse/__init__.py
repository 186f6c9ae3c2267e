"""Stage 4, load: the loader (one transaction per batch) and the run ledger."""
