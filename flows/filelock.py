"""An exclusive lock on an open file (flock), waited for up to a deadline: the run lock and the lake's write lock;
and a lock file signed by its holder, for the message of whoever finds it taken: the run lock and serve's lock."""
from __future__ import annotations

import fcntl
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
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


@contextmanager
def signed(path: Path, signature: str, refusal: Callable[[str], Exception], timeout: float = 0.0,
           on_wait: Callable[[str], None] | None = None):
    """Hold an exclusive flock on the file at path for the block, with `signature` written in it (who holds it, for
    the others' messages). When it is taken, call on_wait(holder) once and wait up to timeout seconds, then raise
    refusal(holder) (holder: what the holder wrote, "" when nothing yet); it looks twice a second. The kernel drops the lock when its
    process dies, whatever is left written in the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        def holder() -> str:
            handle.seek(0)
            return handle.read().strip()

        if not acquire(handle, timeout, 0.5, on_wait and (lambda: on_wait(holder()))):
            raise refusal(holder())
        handle.seek(0)
        handle.truncate()
        handle.write(signature)
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
