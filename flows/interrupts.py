"""Ctrl-C and SIGTERM: a stop that never breaks what is under way, and that always ends the process.

A KeyboardInterrupt raised wherever the signal lands breaks two things:

- DuckDB. A query that a signal interrupts ("Query interrupted") leaves its database instance alive after the
  connection is closed (DuckDB 1.5.5: any write, or any query inside a transaction), and the next open of the same
  file in this process then busy-spins in DuckDB's instance cache forever, with the GIL released and Python's
  signal handlers never run again: a run that records its interruption (fail_run) wedged `serve` and `watch`
  until SIGKILL.
- The run's own order: a load that committed, its archive copies then removed as if it had not.

So while a run is under way (`held`) a stop is only noted. The run acts on it at points where nothing is half
done (`checkpoint`), and at once in waits and computations that leave nothing behind (`interruptible`): waiting
for extraction workers, for the run lock or the warehouse. Outside a run, a stop raises KeyboardInterrupt where
it lands, as Python's own Ctrl-C does.

A service also gets a bound (`bounded`): when it has not exited some time after the first stop, it prints the
stack of every thread and exits at once, as a SIGKILL would end it (a run's load is atomic and its inbox files
leave only after it commits, so nothing is lost, see ingest/inbox.py).
"""
from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_requested = False  # a plain flag: a signal handler must not take a lock the code it interrupted may hold
_held = 0  # how deep the main thread is in held() blocks, minus the interruptible() ones inside them
_alarm: int | None = None  # the write end of the pipe bounded()'s watchdog waits on


def on_stop(signum, frame) -> None:
    """The handler of SIGINT and SIGTERM: note the stop, and raise KeyboardInterrupt unless a run holds it."""
    global _requested
    first, _requested = not _requested, True
    if first and _alarm is not None:
        os.write(_alarm, b"!")
    if not _held:
        raise KeyboardInterrupt


def install() -> None:
    """Make on_stop the handler of SIGINT and SIGTERM (the command line does this for every command)."""
    for sig in SIGNALS:
        signal.signal(sig, on_stop)


def requested() -> bool:
    """Return True once Ctrl-C or SIGTERM came."""
    return _requested


def reset() -> None:
    """Forget a stop noted earlier (a new command in the same process)."""
    global _requested
    _requested = False


def checkpoint() -> None:
    """Raise KeyboardInterrupt when a stop was noted: call where nothing is half done."""
    if _requested:
        raise KeyboardInterrupt


def in_main_thread() -> bool:
    """Return True in the main thread, the only one Python runs signal handlers in."""
    return threading.current_thread() is threading.main_thread()


@contextmanager
def held():
    """Note a stop that lands in the block without raising it, until a checkpoint or an interruptible wait. The
    block has on_stop as its handler for both signals (Prefect's flow engine puts its own SIGTERM handler in
    place, which raises wherever it lands); the handlers before it come back after it."""
    global _held
    if not in_main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}
    _held += 1
    try:
        install()
        yield
    finally:
        _held -= 1
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def interruptible():
    """Let a stop raise KeyboardInterrupt at once in the block, inside held() too (a wait, or a computation that
    leaves nothing behind); one noted before it raises on entry."""
    global _held
    if not in_main_thread():
        yield
        return
    saved, _held = _held, 0
    try:
        checkpoint()
        yield
    finally:
        _held = saved


def bounded(seconds: float) -> None:
    """Make sure this process ends at most `seconds` after its first stop: a daemon thread waits for it, then prints
    every thread's stack to stderr and exits with 1 unless the process has ended by itself."""
    global _alarm
    if _alarm is not None:
        return
    wake, _alarm = os.pipe()

    def watchdog() -> None:
        os.read(wake, 1)
        threading.Event().wait(seconds)
        print(f"wirehouse: still not stopped {seconds:g}s after the stop; the stacks of its threads follow, then it "
              "exits at once (a run under way is rolled back; its inbox files stay)", file=sys.stderr, flush=True)
        faulthandler.dump_traceback(sys.stderr, all_threads=True)
        os._exit(1)

    threading.Thread(target=watchdog, name="wirehouse-stop-bound", daemon=True).start()
