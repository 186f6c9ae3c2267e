"""Stage 5, report: the run summary, `wirehouse status`, and what users read from the warehouse."""
