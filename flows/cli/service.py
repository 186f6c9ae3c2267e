"""Commands that keep running: `serve` (on a schedule) and `watch` (on arrival)."""
from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys

from flows import interrupts
from flows.cli.loading import check_run_input
from flows.cli.options import FOLDERS, WAREHOUSE, command, one_of, opt, positive
from flows.settings import Settings

# A service ends at most this long after Ctrl-C or SIGTERM, even when something in it does not stop (interrupts.py)
STOP_BOUND = 60.0


def as_service() -> None:
    """Prepare a long-running command: a stop that cannot complete ends it anyway after STOP_BOUND seconds, and
    `kill -USR1 <pid>` prints the stack of every thread to its standard error (the process goes on), to see what
    it is doing."""
    interrupts.bounded(STOP_BOUND)
    faulthandler.register(signal.SIGUSR1, all_threads=True)


@command("run the pipeline on a schedule as a Prefect deployment (Ctrl-C stops it)", FOLDERS, WAREHOUSE,
         one_of(opt("--cron", default=None, help='cron schedule, e.g. "*/15 * * * *" (the default)'),
                opt("--interval", type=positive, metavar="SECONDS", help="run every SECONDS instead")),
         opt("--port", type=positive, default=4200, help="port of the local Prefect server and UI (4200)"))
def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the flow on its schedule until Ctrl-C; return 0 (2 when both --cron and --interval are given)."""
    from flows import pipeline, schedule

    check_run_input(settings)
    as_service()
    try:
        pipeline.serve(settings, cron=args.cron or (None if args.interval else "*/15 * * * *"),
                       interval=args.interval, port=args.port)
    except schedule.AlreadyServed as exc:
        print(f"wirehouse: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the way serve is meant to stop
        local = "" if os.environ.get("PREFECT_API_URL") else " and the local Prefect server is down"
        print(f"stopped: the schedule is paused{local}", file=sys.stderr)
        return 0
    return 0


@command("run the pipeline soon after files land in the inbox (Ctrl-C stops it)", FOLDERS, WAREHOUSE,
         opt("--quiet-seconds", type=float, default=5.0,
             help="a file still open for writing starts a run once the inbox has been quiet this long (default 5); "
                  "a finished file starts one at once"))
def watch(args: argparse.Namespace, settings: Settings) -> int:
    """Run the flow after each burst of inbox files until Ctrl-C; return 0."""
    from flows import watch

    check_run_input(settings)
    as_service()
    watch.watch(settings, args.quiet_seconds)
    return 0
