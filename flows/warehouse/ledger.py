"""The run ledger: one etl_run row per run, opened at the start and closed with its counts or its error."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

from flows.db import connect, run_script
from flows.lake import Lake, retry_conflicts
from flows.records import Quarantined
from flows.tables import TABLES
from flows.transaction import transaction
from flows.warehouse.loader import claim_write, ensure_schema, record_outcomes


def start_run(warehouse: Path | Lake, sql_dir: Path, timeout: float = 60.0) -> int:
    """Return a new run id after creating the schema if needed, recording the run as 'running' and, in a DuckDB
    file, any older run still 'running' as 'abandoned' (the caller holds the run lock, so those were killed; in a
    lake other runs may be loading, so they are left as they are)."""
    def attempt() -> int:
        with connect(warehouse, timeout=timeout) as con:
            ensure_schema(con, sql_dir)
            with transaction(con):
                claim_write(con, sql_dir)
                run_id = run_script(con, sql_dir / "ops" / "next_run_id.sql").fetchone()[0]
                run_script(con, sql_dir / "ops" / "start_run.sql", run_id=run_id)
                if not isinstance(warehouse, Lake):
                    run_script(con, sql_dir / "ops" / "abandon_runs.sql", run_id=run_id)
        return int(run_id)

    return retry_conflicts(attempt, timeout)


def finish_run(warehouse: Path, sql_dir: Path, run_id: int, status: str, counts: dict, rows: dict,
               timeout: float = 60.0, error: str | None = None, results: list[dict] | None = None,
               reports: list[dict] | None = None) -> None:
    """Record the end of a run with its file counts, rows loaded per table and, for a failed run, why
    (with the validation results that stopped it)."""
    quarantined: list[Quarantined] = []

    def attempt() -> None:
        with connect(warehouse, timeout=timeout) as con:
            with transaction(con):
                claim_write(con, sql_dir)
                record_outcomes(con, run_id, 0, quarantined, results or [], reports or [])
                run_script(con, sql_dir / "ops" / "finish_run.sql", run_id=run_id, status=status,
                           rows_loaded=json.dumps(rows), error=error, **counts)

    retry_conflicts(attempt, timeout)


def count_rows(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> dict[str, int]:
    """Return the number of rows per warehouse table on an open connection (Unknown members left out)."""
    return {t.name: run_script(con, sql_dir / "ops" / "count_rows.sql", table_name=t.name,
                               unknown_members=int(t.unknown_key is not None)).fetchone()[0]
            for t in TABLES}


def table_counts(warehouse: Path, sql_dir: Path, timeout: float = 60.0) -> dict[str, int]:
    """Return the number of rows per warehouse table (Unknown members left out)."""
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        return count_rows(con, sql_dir)
