"""One run at a time per warehouse: a lock file beside the DuckDB file, held for the whole run.

DuckDB's own lock is held only during a load transaction; this one makes a second run wait (bounded, and
saying so) until the first has finished, so two runs never interleave their batches or bookkeeping.
"""
from __future__ import annotations

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
    def tell(holder: str) -> None:
        log.warning("waiting for another run (PID %s) to finish with %s", holder or "?", warehouse)

    def refusal(holder: str) -> RunInProgress:
        return RunInProgress(f"another run (PID {holder or '?'}) is still loading into {warehouse} after "
                             f"{timeout:.0f}s: try again when it has finished")

    with filelock.signed(lock_path(warehouse), str(os.getpid()), refusal, timeout, tell):
        yield
