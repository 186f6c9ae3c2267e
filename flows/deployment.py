"""Runs on any machine: the pipeline flow as a Prefect deployment on a work pool, and the workers that take its runs.

`wirehouse deploy` registers `wirehouse-run` from this checkout's own files (`flow.from_source` with a local path:
the deployment's pull step only changes into that folder, so nothing is cloned or downloaded), on a work pool of
the `process` type that it creates when missing, with a cron or interval schedule. `wirehouse worker` starts
`prefect worker start` for the pool on a machine: each run it takes is a process of its own that reads the
WIREHOUSE_* settings the worker was started with (its inbox, its lake), so every machine needs the checkout at the
same path and its own settings. Both talk to the Prefect server of PREFECT_API_URL (a cluster's: a deployment needs
a server that outlives the command, and a schedule needs the server's scheduler).

The worker runs under a wrapper process that is a child subreaper (Linux): the flow runs Prefect starts in
sessions of their own stay its descendants even when the worker dies, so stopping the wrapper (Ctrl-C, SIGTERM)
stops the worker and then whatever it left running; a SIGKILL of the wrapper ends the worker (parent-death signal).
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from flows.procs import live_processes
from flows.server import die_with_parent
from flows.settings import PROJECT_ROOT, Settings

FLOW = "wirehouse-run"  # the flow's name: a deployment is known as FLOW/NAME
ENTRYPOINT = "flows/pipeline.py:wirehouse_run"
DEFAULT_CRON = "*/15 * * * *"  # as `wirehouse serve`
PR_SET_CHILD_SUBREAPER = 36


class NoServer(RuntimeError):
    """No Prefect server to register with or take runs from (PREFECT_API_URL unset)."""


def api_url() -> str:
    """Return PREFECT_API_URL; raise NoServer when it is unset (a deployment must outlive the command)."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        raise NoServer("set PREFECT_API_URL to the team's Prefect server (`wirehouse cluster up` prints it): "
                       "a deployment and its workers need a server that keeps running")
    return url


def ensure_pool(name: str) -> bool:
    """Create the work pool of the process type with Prefect's default job template when missing; return True when
    it was created. A pool of another type is refused (its workers would not run this checkout's files)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            pool = client.read_work_pool(name)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=name, type=ProcessWorker.type,
                                                   base_job_template=ProcessWorker.get_default_base_job_template()))
            return True
    if pool.type != ProcessWorker.type:
        raise ValueError(f"work pool {name!r} is of type {pool.type!r}: wirehouse deploys to a 'process' pool")
    return False


def deploy(name: str, pool: str, cron: str | None, interval: float | None, queue: str | None) -> str:
    """Register the flow from this checkout as the deployment FLOW/name on the pool with its schedule (an existing
    deployment of that name is updated); return the deployment's id."""
    from prefect import flow

    api_url()
    ensure_pool(pool)
    source = flow.from_source(source=str(PROJECT_ROOT), entrypoint=ENTRYPOINT)
    deployment_id = source.deploy(name=name, work_pool_name=pool, work_queue_name=queue, cron=cron, interval=interval,
                                  description="wirehouse: the seeds and the inbox of the machine whose worker takes "
                                              "the run, into its warehouse or lake (WIREHOUSE_* of that worker)",
                                  print_next_steps=False, ignore_warnings=True)
    return str(deployment_id)


def worker_command(pool: str, name: str, queues: list[str], limit: int | None) -> list[str]:
    """Return the `prefect worker start` command of a process worker for the pool."""
    command = [sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--type", "process", "--name", name]
    for queue in queues:
        command += ["--work-queue", queue]
    return command + (["--limit", str(limit)] if limit else [])


def worker_env(settings: Settings, debug: bool) -> dict[str, str]:
    """Return the environment of a worker and of the runs it starts: this machine's WIREHOUSE_* settings, the Prefect
    server, and the worker's log lines (which runs it took) unless Prefect's are asked for (--debug)."""
    from flows.lake import parse_catalog

    if settings.lake:  # the runs start in the checkout's folder: a relative catalog or data path would move
        data = settings.lake_data
        settings = replace(settings, lake=parse_catalog(settings.lake),
                           lake_data=data if not data or "://" in data else str(Path(data).expanduser().resolve()))
    env = {**os.environ, **settings.to_env(), "PREFECT_API_URL": api_url()}
    env["PREFECT_LOGGING_LEVEL"] = "DEBUG" if debug else "INFO"
    return env


def default_name() -> str:
    """Return a worker name that says which machine and process it is."""
    return f"wirehouse-{socket.gethostname()}-{os.getpid()}"


def become_subreaper() -> None:
    """Make this process the one orphaned descendants are re-parented to (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)
    except OSError:
        pass


def descendants(root: int) -> list[int]:
    """Return the live processes below root (children first), found through their parent pids."""
    children: dict[int, list[int]] = {}
    for pid, parent, _ in live_processes():
        children.setdefault(parent, []).append(pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop(0)
        found.append(pid)
        todo += children.get(pid, [])
    return found


def stop_tree(process: subprocess.Popen, grace: float = 30.0) -> None:
    """Stop the worker and everything it started: SIGTERM (Prefect's worker then takes no new run), a wait of up to
    grace seconds for the runs in progress to finish, then SIGKILL for the whole tree. SIGKILL because Prefect 3.8.8's
    worker, told to stop, stopped polling but did not exit (measured: still there a minute after SIGINT, idle); a run
    killed in a load is rolled back, marked abandoned by the next run, and its files stay in the inbox."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    while process.poll() is None and set(descendants(os.getpid())) - {process.pid} and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in descendants(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while descendants(os.getpid()) and time.monotonic() < deadline:
        reap()
        time.sleep(0.05)
    reap()


def reap() -> None:
    """Collect the exit statuses of ended children (the worker's orphans are re-parented to this subreaper)."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def run_worker(command: list[str], env: dict[str, str]) -> int:
    """Run the worker until it ends or this process is stopped (Ctrl-C, SIGTERM); return its exit status (130 when
    stopped). Nothing it started outlives the call."""
    become_subreaper()
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL,
                               preexec_fn=die_with_parent)
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        stop_tree(process)
