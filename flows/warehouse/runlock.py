"""One run at a time per warehouse: a lock file beside the DuckDB file, held for the whole run.

DuckDB's own lock is held only during a load transaction; this one makes a second run wait (bounded, and
saying so) until the first has finished, so two runs never interleave their batches or bookkeeping.
"""
from __future__ import annotations

import fcntl
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from flows import filelock

log = logging.getLogger("wirehouse")


class RunInProgress(RuntimeError):
    """Another run on the same warehouse did not finish within the wait."""


def lock_path(warehouse: Path) -> Path:
    """Return the run lock file of a warehouse."""
    return warehouse.with_name(warehouse.name + ".run.lock")


@contextmanager
def exclusive_run(warehouse: Path, timeout: float):
    """Hold the warehouse's run lock for the block, waiting up to `timeout` seconds for another run to end."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        def holder() -> str:
            handle.seek(0)
            return handle.read().strip() or "?"

        def tell() -> None:
            log.warning("waiting for another run (PID %s) to finish with %s", holder(), warehouse)

        if not filelock.acquire(handle, timeout, 0.5, tell):
            raise RunInProgress(f"another run (PID {holder()}) is still loading into {warehouse} after "
                                f"{timeout:.0f}s: try again when it has finished")
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
