"""Runs loading one lake: their leases, and for a catalog in PostgreSQL (several machines) the run lock.

- **The run lock** (PostgreSQL catalog) is a session-level advisory lock on the run group (by default the inbox's
  path: machines that share an inbox share its runs). PostgreSQL releases it when the holder's session ends, also
  when its process is killed (the socket closes) or its machine is lost (TCP keepalives, set on the connection, end
  the session within about a minute). A SQLite catalog is on one machine (or a shared folder): the inbox's file lock
  is the run lock there.
- **Leases.** A run records its lease (machine, pid, expiry) before its `etl_run` row commits, and renews the expiry
  every third of the lease while it holds the run lock. When a run starts it marks as `abandoned` each `running` run
  whose lease has expired, is missing, or names a process of this machine that is gone; a run of another machine
  (or process) that still renews its lease is left alone. The leases live beside DuckLake's own tables and never in
  a DuckLake table, so renewing one never conflicts with a load: in PostgreSQL, the table `wirehouse_run_lease` of
  the catalog database (expiry on the server's clock); for a SQLite catalog, the SQLite file
  `<catalog>.leases.sqlite` beside it (expiry on the clocks of the machines that share the folder).
"""
from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from flows.procs import process_exists

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
def run_lock(dsn: str, group: str, timeout: float) -> Iterator[None]:
    """Hold the group's run lock for the block, waiting up to timeout seconds for a run on any machine."""
    con = connect(dsn)
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
        try:
            yield
        finally:
            con.execute("select pg_advisory_unlock(hashtextextended(%s, 0))", [lock_key(group)])
    finally:
        con.close()


class PostgresLeases:
    """The leases of a lake whose catalog is in PostgreSQL: a table of the catalog database, the server's clock."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def hold(self, run_id: int, seconds: float) -> None:
        """Record this process's lease on a run."""
        with connect(self.dsn) as con:
            con.execute("insert into wirehouse_run_lease (run_id, host, pid, expires_at) "
                        "values (%s, %s, %s, now() + make_interval(secs => %s)) on conflict (run_id) do update "
                        "set host = excluded.host, pid = excluded.pid, expires_at = excluded.expires_at",
                        [run_id, HOST, os.getpid(), seconds])

    def renew(self, seconds: float) -> None:
        """Push the expiry of this process's leases `seconds` into the future."""
        with connect(self.dsn) as con:
            con.execute("update wirehouse_run_lease set expires_at = now() + make_interval(secs => %s) "
                        "where host = %s and pid = %s", [seconds, HOST, os.getpid()])

    def drop(self) -> None:
        """Delete this process's leases (its runs have recorded how they ended)."""
        with connect(self.dsn) as con:
            con.execute("delete from wirehouse_run_lease where host = %s and pid = %s", [HOST, os.getpid()])

    def read(self, run_ids: list[int]) -> dict[int, tuple[str, int, bool]]:
        """Return {run id: (machine, pid, expired)} of the runs' leases; delete leases that expired a day ago."""
        with connect(self.dsn) as con:
            con.execute("delete from wirehouse_run_lease where expires_at < now() - interval '1 day'")
            return {run_id: (host, pid, expired) for run_id, host, pid, expired in con.execute(
                "select run_id, host, pid, expires_at < now() from wirehouse_run_lease where run_id = any(%s)",
                [run_ids]).fetchall()}


class SqliteLeases:
    """The leases of a lake whose catalog is a SQLite file: a SQLite file of their own beside it (not the catalog,
    whose write lock the loads hold), expiries on this machine's clock."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def connect(self) -> sqlite3.Connection:
        """Return an autocommit connection to the lease file, its table created when missing."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        con.execute("create table if not exists wirehouse_run_lease (run_id integer primary key, "
                    "host text not null, pid integer not null, expires_at real not null)")
        return con

    def hold(self, run_id: int, seconds: float) -> None:
        """Record this process's lease on a run."""
        with closing(self.connect()) as con:
            con.execute("insert into wirehouse_run_lease (run_id, host, pid, expires_at) values (?, ?, ?, ?) "
                        "on conflict (run_id) do update set host = excluded.host, pid = excluded.pid, "
                        "expires_at = excluded.expires_at", [run_id, HOST, os.getpid(), time.time() + seconds])

    def renew(self, seconds: float) -> None:
        """Push the expiry of this process's leases `seconds` into the future."""
        with closing(self.connect()) as con:
            con.execute("update wirehouse_run_lease set expires_at = ? where host = ? and pid = ?",
                        [time.time() + seconds, HOST, os.getpid()])

    def drop(self) -> None:
        """Delete this process's leases (its runs have recorded how they ended)."""
        with closing(self.connect()) as con:
            con.execute("delete from wirehouse_run_lease where host = ? and pid = ?", [HOST, os.getpid()])

    def read(self, run_ids: list[int]) -> dict[int, tuple[str, int, bool]]:
        """Return {run id: (machine, pid, expired)} of the runs' leases; delete leases that expired a day ago."""
        now = time.time()
        with closing(self.connect()) as con:
            con.execute("delete from wirehouse_run_lease where expires_at < ?", [now - 86400])
            marks = ", ".join("?" * len(run_ids))
            rows = con.execute(f"select run_id, host, pid, expires_at < ? from wirehouse_run_lease "
                               f"where run_id in ({marks})", [now, *run_ids]).fetchall()
        return {run_id: (host, pid, bool(expired)) for run_id, host, pid, expired in rows}


@contextmanager
def renewed(leases, lease_seconds: float) -> Iterator[None]:
    """Renew this process's leases every third of a lease for the block (the run holds the run lock); drop them at
    the end (the run has recorded how it ended by then)."""
    stop = threading.Event()
    renewer = threading.Thread(target=renew, args=(leases, lease_seconds, stop), name="wirehouse-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        leases.drop()


def renew(leases, lease_seconds: float, stop: threading.Event) -> None:
    """Push the expiry of this process's leases forward every third of a lease until stop is set (a failed renewal
    is retried at the next turn: the lease has two more turns before it expires)."""
    while not stop.wait(lease_seconds / 3):
        try:
            leases.renew(lease_seconds)
        except Exception as exc:  # the database may be restarting, the file busy: the next turn tries again
            log.warning("could not renew the run's lease: %s", str(exc).splitlines()[0])


def dead_runs(leases, running: list[int]) -> list[int]:
    """Return those of the running runs whose lease has expired, is missing, or names a process of this machine
    that is gone."""
    if not running:
        return []
    found = leases.read(running)
    dead = []
    for run_id in running:
        host, pid, expired = found.get(run_id, (None, None, True))
        if expired or (host == HOST and not process_exists(pid)):
            dead.append(run_id)
    return dead

