"""The full-text index of a lake: a local DuckDB file holding the searched tables as of one lake snapshot, and
DuckDB's FTS index over them.

DuckDB's FTS builds its index as tables in the database it indexes, and DuckLake refuses one of their columns at
commit ("unsupported type NULL"), so the index cannot live in the lake. The search SQL (sql/search/) reads only
dim_article, dim_date, dim_source and the quote table made from fact_quote and dim_entity, so a file with those
tables copied from the lake answers every search exactly as a DuckDB file warehouse with the same rows does.

The copy is of one snapshot (`at (version => N)`) and records it. It is fresh while no later snapshot touches a
copied table (lake_state.sql reads DuckLake's `snapshots()` change lists): a run's loads make it stale, the
commit that records the run's end does not. A new index is written beside the old one and renamed over it, so a
search holding the old file keeps reading it, and two processes rebuilding at once each rename a whole index.

A stale index is updated rather than copied again when it can be (lake_state.sql again: its snapshot is still in the
lake and no later one created, dropped or altered a copied table): the old file is copied (a local file), the rows
the later snapshots inserted and deleted are applied to it (lake_update.sql, DuckLake's change feed, by lake row id),
and only those rows are read from the lake's Parquet files. DuckDB's FTS index cannot be updated in place: it is
built again over the whole copy either way.
"""
from __future__ import annotations

import contextlib
import os
import random
import shutil
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
    """Return (lake, snapshot_id, snapshot_time, has lake row ids) the index file was built from, or None when there
    is no readable index (none yet, or one left by an older release)."""
    if not path.is_file():
        return None
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            built = con.execute("select lake, snapshot_id, snapshot_time from search.indexed_snapshot").fetchone()
            row_ids = con.execute("select count(*) from duckdb_columns() where table_name = 'dim_article' "
                                  "and column_name = 'lake_rowid'").fetchone()[0]
            return (*built, bool(row_ids))
    except duckdb.Error:
        return None


def is_fresh(warehouse: LakeWarehouse, con: duckdb.DuckDBPyConnection) -> bool:
    """Return True when the index file was built from this lake and no later snapshot of the lake (read through
    `con`) changed a table it copies."""
    built = indexed_snapshot(warehouse.search_index)
    if built is None or built[0] != str(warehouse.lake):
        return False
    changed = warehouse.query(con, "search/lake_state.sql", snapshot_id=built[1], snapshot_time=built[2],
                              tables=COPIED)
    return not changed[0]["changed"]


def updatable_from(warehouse: LakeWarehouse, con: duckdb.DuckDBPyConnection) -> int | None:
    """Return the snapshot of the index file when applying the lake's later changes brings it up to date, else None
    (no index of this lake, one without lake row ids, its snapshot expired, or a copied table created or altered
    since: a full copy is needed)."""
    built = indexed_snapshot(warehouse.search_index)
    if built is None or built[0] != str(warehouse.lake) or not built[3]:
        return None
    found = warehouse.query(con, "search/lake_state.sql", snapshot_id=built[1], snapshot_time=built[2],
                            tables=COPIED)
    return built[1] if found[0]["updatable"] else None


def rebuild(warehouse: LakeWarehouse, con: duckdb.DuckDBPyConnection) -> str:
    """Write a new index file from the lake's latest snapshot (read through `con`, which has the FTS extension
    loaded): the old one updated with the later changes when it can be, else a full copy; rename it over the old
    one. Return how: 'updated' or 'copied'."""
    target = warehouse.search_index
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{random.getrandbits(32):08x}.partial")
    alias = f"search_{partial.name.split('.')[-2]}"  # unique: a PostgreSQL lake's instance is shared by threads
    snapshot = warehouse.query(con, "search/lake_snapshot.sql")[0]["snapshot_id"]
    base = updatable_from(warehouse, con)
    if base is not None:
        shutil.copyfile(target, partial)  # a rename of another process's rebuild in between is fine: same lake
    con.execute(f"attach '{quote(str(partial))}' as {alias}")
    try:
        con.execute(f"use {alias}")
        if base is None:
            warehouse.script(con, "search/lake_copy.sql", lake=str(warehouse.lake), snapshot_id=snapshot)
        elif base < snapshot:
            warehouse.script(con, "search/lake_update.sql", from_snapshot=base + 1, snapshot_id=snapshot)
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
    return "copied" if base is None else "updated"
