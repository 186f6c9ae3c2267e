"""`wirehouse watch`: run the pipeline soon after files land in the inbox, one run per burst of files.

watchdog reports file events; a run starts once the inbox has been quiet for `quiet_seconds` (so a burst
of a hundred files is one run), and the run itself leaves files whose size is still changing, hidden and
temporary files for later (ingest/discover.py). Runs share the warehouse's run lock with `serve` and
`run`, so a watcher beside a scheduler never overlaps it; when another run holds the warehouse past the lock
timeout, the watcher says so in one line and tries again after another quiet spell (busy.py), it never exits.
"""
from __future__ import annotations

import logging
import threading
import time

from flows import busy
from flows.ingest.discover import is_candidate
from flows.settings import Settings

log = logging.getLogger("wirehouse")


class Burst:
    """The time of the latest relevant inbox event, shared between watchdog's thread and the main loop."""

    def __init__(self) -> None:
        self._lock, self._last = threading.Lock(), None

    def touch(self) -> None:
        """Record an event now."""
        with self._lock:
            self._last = time.monotonic()

    def settled(self, quiet_seconds: float) -> bool:
        """Return True (once) when events came and none for quiet_seconds since."""
        with self._lock:
            if self._last is None or time.monotonic() - self._last < quiet_seconds:
                return False
            self._last = None
            return True


def handler(burst: Burst):
    """Return a watchdog event handler that records created, modified and moved-in candidate files."""
    from pathlib import Path

    from watchdog.events import FileSystemEventHandler

    class InboxEvents(FileSystemEventHandler):
        """Inbox events that can start a run."""

        def on_any_event(self, event) -> None:
            """Record a created, modified, closed or moved-in candidate file."""
            path = Path(getattr(event, "dest_path", "") or event.src_path)
            if not event.is_directory and event.event_type in ("created", "modified", "moved", "closed") \
                    and is_candidate(path):
                burst.touch()

    return InboxEvents()


def watch(settings: Settings, quiet_seconds: float = 5.0, stop: threading.Event | None = None) -> None:
    """Run the flow after each burst of files in the inbox (and once at start for what is already there),
    until Ctrl-C or `stop` is set."""
    from watchdog.observers import Observer

    from flows import pipeline

    stop = stop or threading.Event()
    burst = Burst()
    burst.touch()  # files already waiting count as a burst
    observer = Observer()
    observer.schedule(handler(burst), str(settings.inbox), recursive=False)
    observer.start()
    log.warning("watching %s (a run starts %gs after the last new file); Ctrl-C stops", settings.inbox, quiet_seconds)
    try:
        with pipeline.prefect_api(settings):
            while not stop.wait(0.5):
                if burst.settled(quiet_seconds):
                    try:
                        summary = pipeline.run(settings)
                    except busy.busy_errors() as exc:
                        busy.tell(f"not run now: {exc}; the inbox files stay and are tried again in {quiet_seconds:g}s")
                        burst.touch()
                        continue
                    log.warning(summary.render().splitlines()[0])
    finally:
        observer.stop()
        observer.join()
