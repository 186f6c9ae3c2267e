"""`wirehouse serve`: the flow as the Prefect deployment 'wirehouse-run/wirehouse', its scheduled runs made here.

Prefect's own `flow.serve` starts a new Python process for every scheduled run (its Runner), so every tick paid
for imports, a spaCy load per worker and a Great Expectations context; it also pauses the deployment on the
way out whoever owns it, and its SIGTERM handler leaves `Runner.astop` un-awaited. Here the deployment and its
schedule still live on the Prefect server (the UI shows them and every run), but the runs execute in this
process, one at a time, through warm extraction workers (workers.kept):

- each poll claims the due runs (Scheduled -> Pending: a run another process claimed is left to it), runs the
  latest and cancels the older ones with a reason, so a slow run never leaves a pile of runs behind it;
- one `serve` per deployment: a lock in PREFECT_HOME (whose database holds the deployment) names the serve that
  holds it, and a second one says so and exits without touching the schedule;
- Ctrl-C and SIGTERM end the loop; a run under way stops where nothing is half done and is recorded as
  interrupted (interrupts.py), the schedule this serve owns is paused, and the local server is stopped.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path

from flows import filelock, interrupts

log = logging.getLogger("wirehouse")
DEPLOYMENT = "wirehouse"
POLL_SECONDS = 2.0
MAX_FAILURES = 30  # polls in a row (a minute) that cannot reach the API before serve gives up


class AlreadyServed(RuntimeError):
    """Another `wirehouse serve` serves the deployment."""


def lock_file(api_url: str | None) -> Path:
    """Return the lock of the deployment's serve: in PREFECT_HOME, per configured API (none: the local server,
    whose database is PREFECT_HOME's)."""
    from prefect.settings import PREFECT_HOME

    which = hashlib.sha256(api_url.encode()).hexdigest()[:12] if api_url else "local"
    return Path(PREFECT_HOME.value()) / f"wirehouse-serve-{which}.lock"


def only_serve(api_url: str | None, who: str):
    """Return the context that holds the deployment's serve lock for its block, or raises AlreadyServed naming the
    serve that holds it."""
    def refusal(holder: str) -> AlreadyServed:
        return AlreadyServed(f"deployment 'wirehouse-run/{DEPLOYMENT}' is already served by "
                             f"{holder or 'another process'}: stop that serve first (or give this one its own "
                             "PREFECT_HOME)")

    return filelock.signed(lock_file(api_url), f"PID {os.getpid()} ({who})", refusal)


def due_runs(client, deployment_id) -> list:
    """Return the deployment's runs scheduled for now or earlier, oldest first."""
    runs = client.get_scheduled_flow_runs_for_deployments(deployment_ids=[deployment_id],
                                                          scheduled_before=datetime.now(timezone.utc))
    return sorted(runs, key=lambda r: r.next_scheduled_start_time or r.expected_start_time)


def claim(client, flow_run) -> bool:
    """Return True when this process moved the run from Scheduled to Pending (False: another process has it)."""
    from prefect.exceptions import Abort
    from prefect.states import Pending
    from prefect.utilities.engine import propose_state_sync

    try:
        return propose_state_sync(client, Pending(), flow_run_id=flow_run.id).is_pending()
    except Abort:
        return False


def skip(client, flow_run, reason: str) -> None:
    """Cancel a scheduled run that will not be made, saying why (the UI shows it)."""
    from prefect.states import Cancelled

    client.set_flow_run_state(flow_run.id, Cancelled(message=reason), force=True)


def run_due(client, flow_, deployment_id) -> None:
    """Make the latest due run (in this process) and cancel the older due ones."""
    from prefect.flow_engine import run_flow

    *older, latest = due_runs(client, deployment_id) or [None]
    for flow_run in older:
        skip(client, flow_run, "skipped: a later scheduled run of the same deployment covers it")
    if latest is None or not claim(client, latest):
        return
    state = run_flow(flow_, flow_run=latest, return_type="state")
    if state.is_completed():
        log.warning(state.result(raise_on_failure=False).render().splitlines()[0])
    else:
        log.warning("scheduled run %s ended %s: %s", latest.name, state.type.value.lower(), state.message or "")


def poll(client, flow_, deployment_id, failures: int) -> int:
    """Make the due runs; return how many polls in a row could not reach the API (raise after MAX_FAILURES: a
    server that stays away is not a hiccup). A run's own failure is its state, recorded in the ledger and the UI."""
    try:
        run_due(client, flow_, deployment_id)
        return 0
    except Exception as exc:
        if failures + 1 >= MAX_FAILURES:
            raise
        log.warning("could not reach the Prefect API (%s: %s); trying again", type(exc).__name__, exc)
        return failures + 1


def serve(flow_, cron: str | None, interval: float | None) -> None:
    """Create (or update and resume) the deployment with its schedule, then make its due runs until Ctrl-C or
    SIGTERM; pause the schedule on the way out."""
    from prefect import get_client

    deployment_id = flow_.to_deployment(name=DEPLOYMENT, cron=cron, interval=interval, paused=False).apply()
    with get_client(sync_client=True) as client:
        try:
            failures = 0
            while not interrupts.requested():
                failures = poll(client, flow_, deployment_id, failures)
                time.sleep(POLL_SECONDS)  # a stop raises KeyboardInterrupt here
            # The stop came during a run, which ended as interrupted (or, past its last checkpoint, finished): Prefect's
            # flow engine (3.8) logs at debug level and drops a BaseException that lands after the flow's body has
            # finished but before run_flow returns, so the loop asks the flag, not the exception.
            raise KeyboardInterrupt
        finally:
            client.pause_deployment(deployment_id)
