"""A DuckLake warehouse: the same tables, with the catalog in SQLite (or PostgreSQL) and the data as Parquet files.

Several runs may write one lake, and analysts may read it while they do. DuckLake has no primary keys, unique
constraints, sequences or `on conflict`, so the load SQL keeps keys and uniqueness itself (max(key) +
row_number(), anti joins), and writers must never commit from overlapping snapshots (both would insert the same
article). Measured with DuckLake 1.5.5 and a SQLite catalog:

- overlapping write transactions cannot both commit, but the loser's failed commit leaves the catalog file
  locked by its process (even after closing the connection), so every later writer times out: writers must
  not overlap at all. A write connection to a SQLite catalog therefore holds `<catalog>.write.lock` (flock),
  taken before the attach and released after the close; writers queue, each for one transaction.
- with SQLite's default journal, a reader inside a transaction makes a writer's commit fail after 5 s (and
  leak the lock as above); in WAL mode it does not, and the reader keeps its snapshot. A new catalog is created
  in WAL mode.
Measured with DuckLake 1.5.5 and a PostgreSQL 15 catalog (`wirehouse cluster up`, tests/test_cluster_lake.py):

- every write transaction also updates the one row of `load_token`, so DuckLake's conflict check refuses the later
  of two overlapping commits ("Transaction conflict - ... another transaction has deleted inlined data": DuckLake
  keeps small tables inlined in the catalog), and `retry_conflicts` runs the loser again from the start on a new
  connection; the retry re-reads what the winner committed. The loser's connection stays usable, so PostgreSQL
  writers need no lock of their own: each machine loads at once and only a commit may have to be repeated.
- a reader inside a transaction keeps its snapshot while writers commit.
- the data may be on object storage (`s3://bucket/prefix`, through httpfs): the S3 secret is made from the
  standard AWS_* variables when AWS_ACCESS_KEY_ID is set (see s3_secret_sql), else DuckDB's own secrets apply
  (`create persistent secret`, kept under ~/.duckdb).

The tables are created from the same schema.sql files as a DuckDB file: they run in an in-memory database,
and each table is copied to the lake without its constraints (`create table as ... limit 0` plus the rows the
script seeds: the Unknown members and the load token).
"""
from __future__ import annotations

import fcntl
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb

from flows import filelock
from flows.extensions import load_extension
from flows.transaction import transaction

log = logging.getLogger("wirehouse")
T = TypeVar("T")
# What a lost race looks like: DuckLake's own conflict check, the SQLite catalog's lock, or PostgreSQL refusing
# the second of two machines creating DuckLake's metadata tables in a new catalog at once (measured: the attach
# fails with "duplicate key value violates unique constraint"; attached again, it finds the tables made).
CONFLICT_WORDS = ("conflict", "database is locked", "database is busy", "duplicate key value violates unique constraint")


@dataclass(frozen=True)
class Lake:
    """Where a DuckLake lives: its catalog (`sqlite:/path/catalog.sqlite` or `postgres:dbname=...`) and data."""

    catalog: str
    data_path: Path | str  # a folder, or a URL such as s3://bucket/prefix
    cache: Path  # where the sqlite extension is copied under its entry-point name

    @property
    def kind(self) -> str:
        """Return the catalog's database kind: 'sqlite' or 'postgres'."""
        return self.catalog.split(":", 1)[0]

    def exists(self) -> bool:
        """Return True unless the lake is a SQLite catalog file that was never created."""
        return self.kind != "sqlite" or Path(self.catalog.split(":", 1)[1]).exists()

    @property
    def remote(self) -> bool:
        """Return True when the data is on object storage (a URL) rather than in a folder."""
        return "://" in str(self.data_path)

    @property
    def extensions(self) -> list[str]:
        """Return the DuckDB extensions the lake needs: DuckLake, its catalog's scanner, httpfs for object storage."""
        return ["ducklake", "sqlite" if self.kind == "sqlite" else "postgres_scanner"] + (["httpfs"] if self.remote else [])

    def __str__(self) -> str:
        return f"ducklake:{self.catalog} (data {self.data_path})"

    def attach_sql(self, read_only: bool = False) -> str:
        """Return the statement that attaches the lake as `lake`."""
        options = f"data_path '{quote(str(self.data_path).rstrip('/') + '/')}'" + (", read_only" if read_only else "")
        return f"attach 'ducklake:{quote(self.catalog)}' as lake ({options})"


def quote(text: str) -> str:
    """Return text with its single quotes doubled, for a SQL string literal."""
    return text.replace("'", "''")


def s3_secret_sql(environ: dict[str, str]) -> str | None:
    """Return the `create secret` statement for object storage from the standard AWS_* variables (key, secret,
    session token, region, and AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL for S3-compatible servers such as MinIO or
    R2, addressed path-style), or None when AWS_ACCESS_KEY_ID is unset (DuckDB's own secrets then apply)."""
    key = environ.get("AWS_ACCESS_KEY_ID")
    if not key:
        return None
    options = {"key_id": key, "secret": environ.get("AWS_SECRET_ACCESS_KEY", ""),
               "region": environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION") or "us-east-1"}
    if environ.get("AWS_SESSION_TOKEN"):
        options["session_token"] = environ["AWS_SESSION_TOKEN"]
    endpoint = environ.get("AWS_ENDPOINT_URL_S3") or environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        scheme, _, address = endpoint.partition("://")
        options.update(endpoint=address.rstrip("/") or scheme, url_style="path")
        extra = f", use_ssl {'false' if scheme == 'http' else 'true'}"
    else:
        extra = ""
    listed = ", ".join(f"{name} '{quote(value)}'" for name, value in options.items())
    return f"create or replace secret wirehouse_lake_s3 (type s3, {listed}{extra})"


def parse_catalog(value: str) -> str:
    """Return the catalog spec with an absolute SQLite path; a value without a kind is a SQLite file path."""
    kind, _, rest = value.partition(":")
    if kind == "postgres" and rest:
        return value
    path = rest if kind == "sqlite" else value
    return f"sqlite:{Path(path).expanduser().resolve()}"


class LakeBusy(RuntimeError):
    """Another process kept the lake's write lock for longer than the configured timeout."""


def catalog_file(lake: Lake) -> Path | None:
    """Return the SQLite catalog file of a lake (None for a PostgreSQL catalog)."""
    return Path(lake.catalog.split(":", 1)[1]) if lake.kind == "sqlite" else None


@contextmanager
def write_turn(lake: Lake, timeout: float):
    """Hold the lake's write lock for the block (a SQLite catalog: see the module's notes), waiting up to timeout
    seconds; a new SQLite catalog is created in WAL mode first."""
    path = catalog_file(lake)
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".write.lock").open("a") as handle:
        if not filelock.acquire(handle, timeout, 0.05):
            raise LakeBusy(f"another writer held {lake} for more than {timeout:.0f}s")
        try:
            if not path.exists():
                with sqlite3.connect(path) as con:  # WAL: readers in a transaction do not block a writer's commit
                    con.execute("pragma journal_mode=wal")
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# A PostgreSQL lake's DuckDB instance is kept for the process: loading its three extensions takes about 2.4 s
# (measured), which every transaction would pay. Its connections are cursors: each has its own transaction and temp
# tables. A SQLite lake gets a new instance each time (its loser's lock outlives the connection: see above).
INSTANCES: dict[tuple[str, str | None], duckdb.DuckDBPyConnection] = {}
INSTANCES_LOCK = threading.Lock()


def open_lake(lake: Lake, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Return a DuckDB connection with the lake attached as `lake` and in use (temp tables stay local).
    The caller of a write connection holds write_turn."""
    if lake.kind != "postgres":
        return attached(lake, read_only, timeout)
    key = (lake.attach_sql(read_only), s3_secret_sql(dict(os.environ)) if lake.remote else None)
    with INSTANCES_LOCK:
        if key not in INSTANCES:
            INSTANCES[key] = attached(lake, read_only, timeout)
        con = INSTANCES[key].cursor()
    con.execute("use lake")
    return con


def attached(lake: Lake, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Return a new in-memory DuckDB instance with the lake's extensions loaded and the lake attached and in use."""
    con = duckdb.connect(":memory:")
    try:
        for name in lake.extensions:
            load_extension(con, name, lake.cache)
        secret = s3_secret_sql(dict(os.environ)) if lake.remote else None
        if secret:
            con.execute(secret)
        if not read_only and not lake.remote:
            Path(lake.data_path).mkdir(parents=True, exist_ok=True)
        with attach_turn(lake):
            retry_conflicts(lambda: con.execute(lake.attach_sql(read_only)), timeout)
        con.execute("use lake")
        return con
    except BaseException:
        con.close()
        raise


@contextmanager
def attach_turn(lake: Lake):
    """Hold, for a PostgreSQL catalog, the database's advisory lock that makes attaches take turns: the first
    attach creates DuckLake's metadata tables, and two machines doing it at once fail ("duplicate key value" or
    "relation ... already exists", measured). Attaches are once per process (see INSTANCES), so turns cost little."""
    if lake.kind != "postgres":
        yield
        return
    from flows import lake_runs

    with lake_runs.connect(lake.catalog.split(":", 1)[1]) as pg:
        pg.execute("select pg_advisory_lock(hashtextextended('wirehouse: ducklake attach', 0))")
        yield


def shell_statements(lake: Lake) -> str:
    """Return the statements that load the extensions by path (copying sqlite under its entry-point name) and
    attach the lake read-only as the current database, for the duckdb shell."""
    con = duckdb.connect(":memory:")
    try:
        paths = [load_extension(con, name, lake.cache) for name in lake.extensions]
    finally:
        con.close()
    loads = [f"load '{quote(str(path))}';" for path in paths]
    secret = s3_secret_sql(dict(os.environ)) if lake.remote else None  # the shell does not read AWS_* itself
    return " ".join([*loads, *([secret + ";"] if secret else []), lake.attach_sql(read_only=True) + ";", "use lake;"])


def is_conflict(exc: Exception) -> bool:
    """Return True when a DuckDB error says another writer won the race (so trying again may succeed)."""
    return isinstance(exc, duckdb.Error) and any(w in str(exc).lower() for w in CONFLICT_WORDS)


def retry_conflicts(work: Callable[[], T], timeout: float, first_delay: float = 0.05) -> T:
    """Return work()'s result, running it again (with a growing, jittered pause) while it loses a race to
    another writer, for up to `timeout` seconds; any other error is raised at once."""
    deadline, delay = time.monotonic() + timeout, first_delay
    while True:
        try:
            return work()
        except duckdb.Error as exc:
            if not is_conflict(exc) or time.monotonic() > deadline:
                raise
            log.info("another writer committed first (%s): trying again", str(exc).splitlines()[-1][:120])
        time.sleep(delay * (0.5 + random.random()))
        delay = min(delay * 2, 1.0)


def create_tables(con: duckdb.DuckDBPyConnection, scripts: list[Path]) -> None:
    """Create the lake's missing tables, with their Unknown members, from the DuckDB schema.sql files: they run in
    an in-memory database and each table is copied without its constraints (DuckLake has none)."""
    con.execute("attach ':memory:' as declared")
    try:
        con.execute("use declared")
        for script in scripts:
            con.execute(script.read_text(encoding="utf-8"))
        con.execute("use lake")
        listed = "select table_name from duckdb_tables() where database_name = ? order by table_name"
        present = {r[0] for r in con.execute(listed, ["lake"]).fetchall()}
        missing = [r[0] for r in con.execute(listed, ["declared"]).fetchall() if r[0] not in present]
        if missing:
            with transaction(con):
                for name in missing:  # the rows schema.sql seeds (Unknown members, the load token) come along
                    con.execute(f"create table lake.{name} as from declared.{name}")
    finally:
        con.execute("use lake")
        con.execute("detach declared")
