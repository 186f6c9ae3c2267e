"""The full-text index of a lake: a local DuckDB file holding the searched tables as of one lake snapshot, and
DuckDB's FTS index over them.

DuckDB's FTS builds its index as tables in the database it indexes, and DuckLake refuses one of their columns at
commit ("unsupported type NULL"), so the index cannot live in the lake. The search SQL (sql/search/) reads only
dim_article, dim_date, dim_source and the quote table made from fact_quote and dim_entity, so a file with those
tables copied from the lake answers every search exactly as a DuckDB file warehouse with the same rows does.

The copy is of one snapshot (`at (version => N)`) and records it. It is fresh while no later snapshot touches a
copied table (lake_changed.sql reads DuckLake's `snapshots()` change lists): a run's loads make it stale, the
commit that records the run's end does not. A new index is written beside the old one and renamed over it, so a
search holding the old file keeps reading it, and two processes rebuilding at once each rename a whole index.
"""
from __future__ import annotations

import contextlib
import os
import random
from pathlib import Path

import duckdb

from flows.lake import quote
from flows.warehouse.handle import FileWarehouse, LakeWarehouse

COPIED = ["dim_article", "dim_date", "dim_source", "dim_entity", "fact_quote"]  # what lake_copy.sql copies


def index_store(warehouse: LakeWarehouse) -> FileWarehouse:
    """Return the handle of the lake's index file, which the search SQL runs on like on a warehouse file."""
    path = warehouse.search_index
    return FileWarehouse(sql_dir=warehouse.sql_dir, timeout=warehouse.timeout, run_lock_at=path, path=path)


def indexed_snapshot(path: Path) -> tuple | None:
    """Return (lake, snapshot_id, snapshot_time) the index file was built from, or None when there is no readable
    index (none yet, or one left by an older release)."""
    if not path.is_file():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute("select lake, snapshot_id, snapshot_time from search.indexed_snapshot").fetchone()
    except duckdb.Error:
        return None


def is_fresh(warehouse: LakeWarehouse, con: duckdb.DuckDBPyConnection) -> bool:
    """Return True when the index file was built from this lake and no later snapshot of the lake (read through
    `con`) changed a table it copies."""
    built = indexed_snapshot(warehouse.search_index)
    if built is None or built[0] != str(warehouse.lake):
        return False
    changed = warehouse.query(con, "search/lake_changed.sql", snapshot_id=built[1], snapshot_time=built[2],
                              tables=COPIED)
    return not changed[0]["changed"]


def rebuild(warehouse: LakeWarehouse, con: duckdb.DuckDBPyConnection) -> None:
    """Write a new index file from the lake's latest snapshot (read through `con`, which has the FTS extension
    loaded) and rename it over the old one; return None."""
    target = warehouse.search_index
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{random.getrandbits(32):08x}.partial")
    alias = f"search_{partial.name.split('.')[-2]}"  # unique: a PostgreSQL lake's instance is shared by threads
    snapshot = warehouse.query(con, "search/lake_snapshot.sql")[0]["snapshot_id"]
    con.execute(f"attach '{quote(str(partial))}' as {alias}")
    try:
        con.execute(f"use {alias}")
        warehouse.script(con, "search/lake_copy.sql", lake=str(warehouse.lake), snapshot_id=snapshot)
        warehouse.script(con, "search/quote_table.sql")
        warehouse.script(con, "search/refresh.sql")  # apart: its pragmas are expanded before any statement runs
        con.execute("use lake")
        con.execute(f"checkpoint {alias}")  # everything in the file itself, none in a write-ahead log beside it
        con.execute(f"detach {alias}")
        os.replace(partial, target)
    finally:
        con.execute("use lake")
        with contextlib.suppress(duckdb.Error):
            con.execute(f"detach {alias}")
        for leftover in (partial, partial.with_name(partial.name + ".wal")):
            leftover.unlink(missing_ok=True)
