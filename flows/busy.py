"""Another run holds the warehouse: for a service (`watch`, `serve`) that means "try again later", not "stop".

A manual run (or an analyst's shell) may hold the run lock or the warehouse past the lock timeout. A run started
by hand says so and exits 1; the watcher and the schedule log one line, leave every file where it is, and try
again on the next inbox event or tick.
"""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager

log = logging.getLogger("wirehouse")


def busy_errors() -> tuple[type[BaseException], ...]:
    """Return the errors that mean another process holds the warehouse: the run lock, DuckDB's file lock, the lake's
    write lock."""
    from flows.db import WarehouseLocked
    from flows.lake import LakeBusy
    from flows.warehouse.runlock import RunInProgress

    return RunInProgress, WarehouseLocked, LakeBusy


def tell(message: str) -> None:
    """Log one line: through the pipeline's logger when it has a handler (the CLI's process), else on stderr (a
    scheduled run, which Prefect starts in a process of its own)."""
    if log.handlers:
        log.warning(message)
    else:
        print(message, file=sys.stderr, flush=True)


@contextmanager
def later(when: str, service: bool = True):
    """Run the block; when another run holds the warehouse and this is a service's run, log one line saying the
    files wait for `when` instead of raising (a run started by hand raises as before)."""
    try:
        yield
    except busy_errors() as exc:
        if not service:
            raise
        tell(f"not run now: {exc}; the inbox files stay and are tried again {when}")
