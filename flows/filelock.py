"""An exclusive lock on an open file (flock), waited for up to a deadline: the run lock and the lake's write lock."""
from __future__ import annotations

import fcntl
import time
from collections.abc import Callable
from typing import IO

from flows import interrupts


def acquire(handle: IO, timeout: float, poll: float, on_wait: Callable[[], None] | None = None) -> bool:
    """Return True once this process holds an exclusive flock on the open file, False when `timeout` seconds pass
    first; on_wait is called once, the first time the lock is found taken and there is still time to wait."""
    deadline, told = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            if on_wait and not told:
                on_wait()
                told = True
            with interrupts.interruptible():  # nothing is held yet: a stop may end the wait
                time.sleep(poll)
