"""Runs on several machines loading one lake whose catalog is in PostgreSQL: the run lock and the runs' leases live
in that database, beside DuckLake's own tables.

- **The run lock** is a session-level advisory lock on the run group (by default the inbox's path: machines that
  share an inbox share its runs). PostgreSQL releases it when the holder's session ends, also when its process is
  killed (the socket closes) or its machine is lost (TCP keepalives, set on the connection, end the session
  within about a minute).
- **Leases.** A run inserts its row in `wirehouse_run_lease` (machine, pid, expiry on the server's clock) before
  its `etl_run` row commits, and renews the expiry every third of the lease while it holds the run lock. When a
  run starts it marks as `abandoned` each `running` run whose lease has expired, is missing, or names a process of
  this machine that is gone; a run of another machine that still renews its lease is left alone.

The lease table is a plain PostgreSQL table (not a DuckLake one), so renewing it never conflicts with a load.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("wirehouse")
HOST = socket.gethostname()
LEASES = """create table if not exists wirehouse_run_lease (
    run_id bigint primary key,
    host text not null,
    pid integer not null,
    expires_at timestamptz not null
)"""


class RunInProgress(RuntimeError):
    """Another run of the same group, on some machine, did not finish within the wait."""


def connect(dsn: str):
    """Return an autocommit connection to the catalog database (the password from PGPASSWORD or ~/.pgpass, as for
    psql), with keepalives so that the server ends the session of a lost machine, and its lock, within a minute."""
    import psycopg

    con = psycopg.connect(dsn, autocommit=True, connect_timeout=10, keepalives=1, keepalives_idle=20,
                          keepalives_interval=10, keepalives_count=3, application_name="wirehouse")
    try:
        con.execute(LEASES)
    except psycopg.errors.UniqueViolation:  # another machine created it at the same moment
        pass
    return con


def lock_key(group: str) -> str:
    """Return the advisory lock's text key of a run group."""
    return f"wirehouse run {group}"


@contextmanager
def run_lock(dsn: str, group: str, timeout: float, lease_seconds: float) -> Iterator[None]:
    """Hold the group's run lock for the block, waiting up to timeout seconds for a run on any machine, and renew
    the leases of this process's runs while it is held; the leases are dropped at the end (the run has recorded
    how it ended by then)."""
    con = connect(dsn)
    stop = threading.Event()
    try:
        deadline, told = time.monotonic() + timeout, False
        while not con.execute("select pg_try_advisory_lock(hashtextextended(%s, 0))", [lock_key(group)]).fetchone()[0]:
            if time.monotonic() > deadline:
                raise RunInProgress(f"another run of {group} (on some machine: see `wirehouse status`) was still "
                                    f"going after {timeout:.0f}s: try again when it has finished")
            if not told:
                log.warning("waiting for another run of %s to finish (on any machine)", group)
                told = True
            time.sleep(0.5)
        renewer = threading.Thread(target=renew, args=(dsn, lease_seconds, stop), name="wirehouse-lease", daemon=True)
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()
            con.execute("delete from wirehouse_run_lease where host = %s and pid = %s", [HOST, os.getpid()])
            con.execute("select pg_advisory_unlock(hashtextextended(%s, 0))", [lock_key(group)])
    finally:
        con.close()


def renew(dsn: str, lease_seconds: float, stop: threading.Event) -> None:
    """Push the expiry of this process's leases forward every third of a lease until stop is set (a failed renewal
    is retried at the next turn: the lease has two more turns before it expires)."""
    con = None
    while not stop.wait(lease_seconds / 3):
        try:
            con = con or connect(dsn)
            con.execute("update wirehouse_run_lease set expires_at = now() + make_interval(secs => %s) "
                        "where host = %s and pid = %s", [lease_seconds, HOST, os.getpid()])
        except Exception as exc:  # the database may be restarting: the next turn tries again
            log.warning("could not renew the run's lease: %s", str(exc).splitlines()[0])
            con = None
    if con is not None:
        con.close()


def hold_lease(dsn: str, run_id: int, lease_seconds: float) -> None:
    """Record this process's lease on a run (before the run's etl_run row commits)."""
    with connect(dsn) as con:
        con.execute("insert into wirehouse_run_lease (run_id, host, pid, expires_at) "
                    "values (%s, %s, %s, now() + make_interval(secs => %s)) on conflict (run_id) do update "
                    "set host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at",
                    [run_id, HOST, os.getpid(), lease_seconds])


def dead_runs(dsn: str, running: list[int]) -> list[int]:
    """Return those of the running runs whose lease has expired, is missing, or names a process of this machine
    that is gone; leases that expired a day ago are deleted."""
    if not running:
        return []
    with connect(dsn) as con:
        con.execute("delete from wirehouse_run_lease where expires_at < now() - interval '1 day'")
        leases = {run_id: (host, pid, expired) for run_id, host, pid, expired in con.execute(
            "select run_id, host, pid, expires_at < now() from wirehouse_run_lease where run_id = any(%s)",
            [running]).fetchall()}
    dead = []
    for run_id in running:
        host, pid, expired = leases.get(run_id, (None, None, True))
        if expired or (host == HOST and not process_exists(pid)):
            dead.append(run_id)
    return dead


def process_exists(pid: int) -> bool:
    """Return True when a process with this pid runs on this machine (a zombie counts as gone)."""
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
