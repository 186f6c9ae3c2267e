"""The warehouse handle: one object that says where the warehouse is, how to open it, where its SQL lives, how long
to wait for a lock and what the store can do. A DuckDB file and a DuckLake are its two kinds; code that reads or
writes the warehouse takes a handle and never asks which kind it holds.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

import duckdb

from flows import db
from flows.lake import Lake, catalog_file, create_tables, open_lake, retry_conflicts, shell_statements, write_turn
from flows.warehouse import runlock

T = TypeVar("T")
log = logging.getLogger("wirehouse")
# True while work that outgrew the writer's memory limit is done again without it (FileWarehouse.retry)
_unbounded: ContextVar[bool] = ContextVar("wirehouse_unbounded", default=False)


@dataclass(frozen=True)
class Warehouse:
    """What every kind of warehouse shares: its SQL folder and how long to wait for another process's lock."""

    sql_dir: Path
    timeout: float
    # The run lock: one run at a time per file warehouse, one per inbox for a lake (see runlock).
    run_lock_at: Path

    single_writer = True       # only the run holding the run lock writes, so a 'running' run left over was killed

    def sql(self, name: str) -> Path:
        """Return the path of a .sql file under the SQL folder ('ops/start_run.sql')."""
        return self.sql_dir / name

    def script(self, con: duckdb.DuckDBPyConnection, name: str, **variables) -> duckdb.DuckDBPyConnection:
        """Run one .sql file of the SQL folder on an open connection; return the connection (its last result)."""
        return db.run_script(con, self.sql(name), **variables)

    def query(self, con: duckdb.DuckDBPyConnection, name: str, **variables) -> list[dict]:
        """Return the rows of one .sql file of the SQL folder as dicts."""
        return db.query(con, self.sql(name), **variables)

    def retry(self, work: Callable[[], T]) -> T:
        """Return work()'s result, run again while it loses a race to another writer, up to the timeout."""
        return retry_conflicts(work, self.timeout)

    def run_lock(self):
        """Return the context that holds the run lock, waiting up to the timeout for another run."""
        return runlock.exclusive_run(self.run_lock_at, self.timeout)

    def schema_scripts(self) -> list[Path]:
        """Return the schema.sql files that declare every table, in load order, then what story assignment keeps
        per article and the operations tables."""
        from flows.tables import TABLES

        return ([table.sql(self.sql_dir, "schema") for table in TABLES]
                + [self.sql("stories/schema.sql"), self.sql("ops/schema.sql")])

    def ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create every warehouse table and Unknown member that is missing (idempotent)."""
        for script in self.schema_scripts():
            db.run_script(con, script)

    @property
    def search_index(self) -> Path | None:
        """Return the local DuckDB file that holds the full-text index when the store cannot hold it (a lake), or
        None: DuckDB's FTS index lives in the store itself."""
        return None

    def readers(self) -> Warehouse:
        """Return the handle analysts' commands read through (this one: a store whose readers never block its
        writers)."""
        return self

    def publish(self, con: duckdb.DuckDBPyConnection) -> None:
        """Make what the writing connection `con` has committed visible to readers (nothing to do here)."""

    def verify(self, con: duckdb.DuckDBPyConnection) -> None:
        """Raise WarehouseDamaged when the store is damaged (a lake's Parquet files are checked as they are read)."""


@dataclass(frozen=True)
class FileWarehouse(Warehouse):
    """A DuckDB file: one writer at a time, held only for a transaction."""

    path: Path = Path()
    # The writing connection's DuckDB memory limit (MB) and threads; 0: DuckDB's own default (settings.py says why).
    writer_memory_mb: int = 0
    writer_threads: int = 0

    def __str__(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        """Return True once the file has been created."""
        return self.path.exists()

    def check(self) -> None:
        """Raise WarehouseError when the path cannot be a warehouse: a folder, or a file that is not DuckDB's
        (checked before anything, such as the run lock beside it, is created)."""
        if self.path.is_dir():
            raise db.a_folder(self.path)
        if self.path.is_file() and self.path.stat().st_size and not is_duckdb_file(self.path):
            raise db.not_duckdb(self.path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a connection (an empty in-memory one when a read-only warehouse does not exist yet)."""
        con = duckdb.connect(":memory:") if read_only and not self.exists() else db.open_file(self.path, read_only,
                                                                                                 self.timeout)
        try:
            if not read_only:
                db.bound(con, 0 if _unbounded.get() else self.writer_memory_mb, self.writer_threads)
            yield con
        except duckdb.Error as exc:
            if db.is_damage(exc):  # a damaged block met by any query: say which file, and what to do
                raise db.damaged(self.path, exc) from exc
            raise
        finally:
            con.close()

    def retry(self, work: Callable[[], T]) -> T:
        """Return work()'s result. Work that outgrows the writer's memory limit is done once more without it: part
        of DuckDB's memory cannot spill to disk and grows with the warehouse, and a limit chosen to keep a run's
        memory low must not stop a large warehouse from loading (the failed transaction wrote nothing)."""
        try:
            return super().retry(work)
        except duckdb.OutOfMemoryException as exc:
            if not self.writer_memory_mb or _unbounded.get():
                raise
            log.warning("DuckDB needed more than WIREHOUSE_DUCKDB_MEMORY_MB (%s MiB) for %s (%s): doing it again "
                        "without that limit; raise the setting to keep this from recurring", self.writer_memory_mb,
                        self.path, str(exc).splitlines()[0])
            token = _unbounded.set(True)
            try:
                return super().retry(work)
            finally:
                _unbounded.reset(token)

    def verify(self, con: duckdb.DuckDBPyConnection) -> None:
        """Raise WarehouseDamaged unless every table's blocks pass DuckDB's checksums (db.verify)."""
        db.verify(con, self.path)

    @property
    def read_copy(self) -> Path:
        """Return the path of the copy readers use: news.duckdb -> news.read.duckdb, beside it."""
        suffix = self.path.suffix
        return self.path.with_name(f"{self.path.name.removesuffix(suffix)}.read{suffix}")

    def readers(self) -> FileWarehouse:
        """Return the handle of the read copy (the last completed run) once a run has published one, else this one
        (a warehouse loaded before read copies existed, or none yet). DuckDB lets no process open a file that
        another holds read-write, nor write one that another holds open: analysts who read the copy never hold the
        loader's file, and a loader never holds theirs."""
        return replace(self, path=self.read_copy) if self.read_copy.is_file() else self

    def publish(self, con: duckdb.DuckDBPyConnection) -> None:
        """Replace the read copy with the file as `con` (the only writer) has it: checkpointed into the file, copied
        while `con` still holds it (no other process can write meanwhile), then renamed over the old copy. A reader
        holding the old copy keeps reading it; the next open gets the new one."""
        con.execute("checkpoint")
        db.copy_atomically(self.path, self.read_copy)

    def shell(self) -> str:
        """Return the command that opens the warehouse's read copy in the duckdb shell (no run waits for it)."""
        return f".venv/bin/duckdb -readonly {self.readers().path}"


def is_duckdb_file(path: Path) -> bool:
    """Return True when the file starts with DuckDB's header (its magic bytes follow an 8-byte checksum)."""
    with path.open("rb") as handle:
        return handle.read(12)[8:12] == b"DUCK"


@dataclass(frozen=True)
class LakeWarehouse(Warehouse):
    """A DuckLake: several runs may write it at once, each transaction under the lake's write turn (see lake.py)."""

    lake: Lake = None  # type: ignore[assignment]
    # A PostgreSQL catalog also holds the run lock of this group (runs of one group never overlap, on any machine);
    # the runs' leases are renewed this often (seconds) times three (see lake_runs.py).
    run_group: str = ""
    lease_seconds: float = 60.0

    single_writer = False  # other runs may be loading: a 'running' run is not necessarily dead

    @property
    def search_index(self) -> Path:
        """Return the DuckDB file of the lake's full-text index (DuckLake tables take no FTS index; see
        report/lake_index.py): beside a SQLite catalog (catalog.sqlite -> catalog.search.duckdb), else in this
        machine's cache folder, one file per catalog and data path."""
        path = catalog_file(self.lake)
        if path is not None:
            return path.with_name(f"{path.stem}.search.duckdb")
        return self.lake.cache / "search" / f"{hashlib.sha256(str(self.lake).encode()).hexdigest()[:16]}.duckdb"

    @property
    def dsn(self) -> str | None:
        """Return the libpq connection string of a PostgreSQL catalog (None for SQLite)."""
        return self.lake.catalog.split(":", 1)[1] if self.lake.kind == "postgres" else None

    @property
    def leases(self):
        """Return where the runs' leases are kept: the PostgreSQL catalog's database, or a SQLite file beside a SQLite
        catalog (catalog.sqlite -> catalog.leases.sqlite); see lake_runs.py."""
        from flows import lake_runs

        if self.dsn:
            return lake_runs.PostgresLeases(self.dsn)
        path = catalog_file(self.lake)
        return lake_runs.SqliteLeases(path.with_name(f"{path.stem}.leases.sqlite"))

    @contextmanager
    def run_lock(self) -> Iterator[None]:
        """Hold the inbox's run lock on this machine and, with a PostgreSQL catalog, the run group's on every
        machine, renewing this process's run leases meanwhile."""
        from flows import lake_runs

        with ExitStack() as stack:
            stack.enter_context(super().run_lock())
            if self.dsn:
                stack.enter_context(lake_runs.run_lock(self.dsn, self.run_group or str(self.run_lock_at.parent),
                                                       self.timeout))
            stack.enter_context(lake_runs.renewed(self.leases, self.lease_seconds))
            yield

    def abandon_dead_runs(self, con: duckdb.DuckDBPyConnection, run_id: int) -> None:
        """Inside the transaction that records a new run: lease the run and mark as abandoned the 'running' runs
        whose lease is gone (expired, missing, or its process gone from this machine)."""
        from flows import lake_runs

        leases = self.leases
        leases.hold(run_id, self.lease_seconds)
        running = [r[0] for r in self.script(con, "ops/running_runs.sql", run_id=run_id).fetchall()]
        dead = lake_runs.dead_runs(leases, running)
        if dead:
            self.script(con, "ops/abandon_dead_runs.sql", run_id=run_id, dead_runs=dead)

    def __str__(self) -> str:
        return str(self.lake)

    def exists(self) -> bool:
        """Return True unless the lake is a SQLite catalog file that was never created."""
        return self.lake.exists()

    def check(self) -> None:
        """Nothing to check before opening: a lake's catalog says what is wrong when attached."""

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a connection with the lake attached as `lake` and in use; a writer holds the lake's write turn
        until the connection is closed (see lake.py)."""
        with ExitStack() as stack:
            if read_only and not self.exists():
                con = duckdb.connect(":memory:")
            else:
                if not read_only:
                    stack.enter_context(write_turn(self.lake, self.timeout))
                con = open_lake(self.lake, read_only, self.timeout)
            stack.callback(con.close)
            yield con

    def ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create the lake's missing tables from the same schema.sql files as a DuckDB file."""
        create_tables(con, self.schema_scripts())

    def shell(self) -> str:
        """Return the statements that open the lake read-only in the duckdb shell."""
        return shell_statements(self.lake)
