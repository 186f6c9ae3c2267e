"""`wirehouse watch`: run the pipeline soon after files land in the inbox, one run per burst of files.

watchdog reports file events. A file its writer has closed (or one moved in whole) starts a run at once, and the
run takes in whatever else has landed by the time it lists the inbox; a file still open for writing only counts
once the inbox has been quiet for `quiet_seconds` (a writer that never says it is done). The run itself leaves
files whose size is still changing, hidden and temporary files for later (ingest/discover.py), and what lands
during a run makes the next one; the files seen closed, unchanged since, skip the settle window that guards
against a writer still at work (Burst.closed). Between runs the extraction workers (spaCy, the gazetteer) stay
loaded, and so do this process's Great Expectations suites: a drop pays for its own articles, not for a start-up.
The private Prefect server is paused while nothing happens (settings.server_pause_seconds, server.Rest) and
continued before the next run, and keeps only the newest flow runs (trim.py).

Runs share the warehouse's run lock with `serve` and `run`, so a watcher beside a scheduler never overlaps it;
when another run holds the warehouse past the lock timeout, the watcher says so in one line and tries again after
another quiet spell (busy.py), it never exits.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flows import busy, interrupts
from flows.ingest.discover import is_candidate, written
from flows.settings import Settings

log = logging.getLogger("wirehouse")


class Burst:
    """The inbox events not yet run, shared between watchdog's thread and the main loop: the time of the latest,
    and whether a file was finished (closed by its writer, or moved in)."""

    def __init__(self) -> None:
        self._lock, self._last, self._finished = threading.Lock(), None, False
        self._closed: dict[str, list[int]] = {}  # file name -> [size, modification time ns] when it was complete
        self._woken = threading.Event()

    def touch(self, finished: bool = False, path: Path | None = None) -> None:
        """Record an event now (finished: a file is complete, `path` when it is known) and wake the loop."""
        stamp = written(path) if finished and path is not None else (-1, -1)
        with self._lock:
            self._last = time.monotonic()
            self._finished = self._finished or finished
            if stamp[0] >= 0:
                self._closed[path.name] = list(stamp)
        self._woken.set()

    def closed(self, folder: Path) -> dict[str, list[int]]:
        """Return the files of the folder known complete, with their size and modification time then (the run
        takes those unchanged since without a settle window); files gone since are forgotten."""
        with self._lock:
            self._closed = {name: stamp for name, stamp in self._closed.items() if (folder / name).exists()}
            return dict(self._closed)

    def settled(self, quiet_seconds: float) -> bool:
        """Return True (once) when events came and either a file was finished or none came for quiet_seconds."""
        with self._lock:
            if self._last is None or not self._finished and time.monotonic() - self._last < quiet_seconds:
                return False
            self._last, self._finished = None, False
            return True

    def wait(self, timeout: float) -> None:
        """Return at the next event, or after timeout seconds."""
        self._woken.wait(timeout)
        self._woken.clear()


def handler(burst: Burst):
    """Return a watchdog event handler that records created, modified and moved-in candidate files."""
    from pathlib import Path

    from watchdog.events import FileSystemEventHandler

    class InboxEvents(FileSystemEventHandler):
        """Inbox events that can start a run."""

        def on_any_event(self, event) -> None:
            """Record a created, modified, closed or moved-in candidate file (closed or moved in: finished)."""
            path = Path(getattr(event, "dest_path", "") or event.src_path)
            if not event.is_directory and event.event_type in ("created", "modified", "moved", "closed") \
                    and is_candidate(path):
                burst.touch(finished=event.event_type in ("moved", "closed"), path=path)

    return InboxEvents()


def watch(settings: Settings, quiet_seconds: float = 5.0, stop: threading.Event | None = None) -> None:
    """Run the flow after each burst of files in the inbox (and once at start for what is already there),
    until Ctrl-C or `stop` is set."""
    from watchdog.observers import Observer

    from flows import pipeline, server, trim
    from flows.extract import workers

    stop = stop or threading.Event()
    burst = Burst()
    burst.touch(finished=True)  # files already waiting make the first run
    observer = Observer()
    observer.schedule(handler(burst), str(settings.inbox), recursive=False)
    observer.start()
    log.warning("watching %s (a run starts when a file is complete, or %gs after the last change); Ctrl-C stops",
                settings.inbox, quiet_seconds)
    try:
        with pipeline.prefect_api(settings) as api, workers.kept(settings):
            trimmed = trim.Trim(settings.server_keep_runs, active=api.local is not None)  # its own server only
            rest = server.Rest(api.local, settings.server_pause_seconds, before_pause=trimmed.now)
            while not stop.is_set():
                # a stop that came during a run ended it where nothing was half done; Prefect may have dropped its
                # KeyboardInterrupt after the flow's body (schedule.serve): the flag says it
                interrupts.checkpoint()
                burst.wait(0.25)
                if not burst.settled(quiet_seconds):
                    rest.tick()
                    continue
                try:
                    with rest.using():
                        summary = pipeline.run(settings, closed=burst.closed(settings.inbox))
                        trimmed.due()
                except busy.busy_errors() as exc:
                    busy.tell(f"not run now: {exc}; the inbox files stay and are tried again in {quiet_seconds:g}s")
                    burst.touch()
                    continue
                log.warning(summary.render().splitlines()[0])
    finally:
        observer.stop()
        observer.join()
