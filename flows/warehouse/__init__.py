"""Stage 4, load: the warehouse connection, the loader, the run ledger and the status report."""
