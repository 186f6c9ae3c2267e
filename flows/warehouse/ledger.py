"""The run ledger: one etl_run row per run, opened at the start and closed with its counts or its error."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import duckdb

from flows.records import Checked
from flows.tables import TABLES
from flows.transaction import transaction
from flows.warehouse import stories
from flows.warehouse.handle import Warehouse
from flows.warehouse.loader import claim_write, record_outcomes

log = logging.getLogger("wirehouse")


@dataclass
class RunEnd:
    """How a run ended: its status, file counts, rows loaded per table and, for a failed run, why (with the
    validation results and reports that stopped it)."""

    status: str
    counts: dict
    rows: dict
    error: str | None = None
    results: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)


def start_run(warehouse: Warehouse) -> int:
    """Return a new run id after checking that every block of the warehouse reads back (a damaged file is refused,
    not extended: WarehouseDamaged), creating the schema if needed (and the stories of a warehouse loaded before
    them), recording the run as 'running' and, in a single-writer warehouse, any older run still 'running' as
    'abandoned' (the caller holds the run lock, so those were killed; in a lake other runs may be loading, so only
    those whose lease is gone are)."""
    def attempt() -> int:
        with warehouse.connect() as con:
            warehouse.verify(con)  # a damaged file is refused before anything is written to it
            warehouse.ensure_schema(con)
            with transaction(con):
                claim_write(warehouse, con)
                run_id = warehouse.script(con, "ops/next_run_id.sql").fetchone()[0]
                warehouse.script(con, "ops/start_run.sql", run_id=run_id)
                stories.assign_missing(warehouse, con)
                if warehouse.single_writer:
                    warehouse.script(con, "ops/abandon_runs.sql", run_id=run_id)
                else:  # a lake: only the runs whose lease is gone (lake_runs.py)
                    warehouse.abandon_dead_runs(con, run_id)
        return int(run_id)

    return warehouse.retry(attempt)


def finish_run(warehouse: Warehouse, run_id: int, end: RunEnd) -> None:
    """Record the end of a run (see RunEnd), then publish the warehouse as it now is to its readers. A successful
    run whose last batch did not link the stories (it failed to load) links them here (loader.ToLoad)."""
    def attempt() -> None:
        with warehouse.connect() as con:
            with transaction(con):
                claim_write(warehouse, con)
                if end.status == "success":
                    stories.assign_missing(warehouse, con)
                record_outcomes(con, run_id, [], Checked(0, [], {}, results=end.results, reports=end.reports))
                warehouse.script(con, "ops/finish_run.sql", run_id=run_id, status=end.status,
                                 rows_loaded=json.dumps(end.rows), error=end.error, **end.counts)
            publish(warehouse, con)

    warehouse.retry(attempt)


def count_rows(warehouse: Warehouse, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return the number of rows per warehouse table on an open connection (Unknown members left out)."""
    return {t.name: warehouse.script(con, "ops/count_rows.sql", table_name=t.name,
                                     unknown_members=int(t.unknown_key is not None)).fetchone()[0]
            for t in TABLES}


def table_counts(warehouse: Warehouse) -> dict[str, int]:
    """Return the number of rows per warehouse table (Unknown members left out)."""
    with warehouse.connect(read_only=True) as con:
        return count_rows(warehouse, con)


def publish(warehouse: Warehouse, con: duckdb.DuckDBPyConnection) -> None:
    """Publish the warehouse to its readers (Warehouse.publish); a failure is logged, not raised: the run is
    committed, and readers keep the previous run until the next one publishes."""
    try:
        warehouse.publish(con)
    except (OSError, duckdb.Error) as exc:
        log.warning("readers still see the previous run: could not publish %s (%s)", warehouse, exc)
