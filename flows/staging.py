"""Staging: one table's frame copied into a typed temporary table `stage_<table>` of a DuckDB connection.

Both the checks before the load (an in-memory database) and the loader (the warehouse) stage frames the
same way, from the column types declared in tables.py, so a value is typed once and identically for both.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from flows.tables import Table


class StagingError(RuntimeError):
    """A frame does not match its table's declared staging columns, or did not arrive whole."""


def stage_name(table: Table) -> str:
    """Return the name of the table's staging relation."""
    return f"stage_{table.name}"


def stage(con: duckdb.DuckDBPyConnection, table: Table, frame: pd.DataFrame, row_ids: bool = False) -> int:
    """Return the number of rows staged after replacing `stage_<table>` with the frame's rows.

    The frame must carry exactly the table's staged columns; with row_ids, a `row_id` column numbers the
    rows 0..n-1 in frame order (how validation maps a failed row back to its frame).
    """
    columns = table.columns
    if list(frame.columns) != columns:
        missing, extra = set(columns) - set(frame.columns), set(frame.columns) - set(columns)
        raise StagingError(f"{table.name}: staged frame columns differ from tables.py "
                           f"(missing {sorted(missing)}, unexpected {sorted(extra)})")
    name = stage_name(table)
    declared = [f"{c} {kind}" for c, kind in table.staged] + (["row_id bigint"] if row_ids else [])
    con.execute(f"create or replace temp table {name} ({', '.join(declared)})")
    if len(frame):
        data = frame.assign(row_id=range(len(frame))) if row_ids else frame
        con.register("frame_to_stage", data)
        try:
            listed = ", ".join(data.columns)
            con.execute(f"insert into {name} ({listed}) select {listed} from frame_to_stage")
        finally:
            con.unregister("frame_to_stage")
    staged = con.execute(f"select count(*) from {name}").fetchone()[0]
    if staged != len(frame):
        raise StagingError(f"{table.name}: {len(frame)} rows in the frame but {staged} staged")
    return staged


def view_loaded(con: duckdb.DuckDBPyConnection, table: Table, sql_dir: Path) -> None:
    """Create `stage_<table>` as a temporary view of the loaded table in its staging shape (its staged.sql, with
    the macros they share)."""
    con.execute((sql_dir / "ops" / "staged_macros.sql").read_text(encoding="utf-8"))
    staged = table.sql(sql_dir, "staged").read_text(encoding="utf-8")
    con.execute(f"create or replace temp view {stage_name(table)} as {staged}")
