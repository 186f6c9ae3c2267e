"""Load: write a validated batch into the DuckDB star schema in one short transaction."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from flows.db import connect, has_table, run_script
from flows.frames import of_articles
from flows.lake import create_tables, retry_conflicts
from flows.records import ArticleMeta, BatchOutcome, Checked, Document, Handled, Quarantined, article_id
from flows.staging import stage, stage_name
from flows.tables import DIM_ARTICLE, FACTS, TABLES
from flows.transaction import transaction


def schema_scripts(sql_dir: Path) -> list[Path]:
    """Return the schema.sql files that declare every table, in load order, the operations tables last."""
    return [table.sql(sql_dir, "schema") for table in TABLES] + [sql_dir / "ops" / "schema.sql"]


def ensure_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Create every warehouse table and Unknown member that is missing (idempotent), in a DuckDB file or a lake."""
    if is_lake(con):
        create_tables(con, schema_scripts(sql_dir))
        return
    for script in schema_scripts(sql_dir):
        run_script(con, script)


def known_article_ids(warehouse: Path, ids: list[str], timeout: float = 60.0) -> set[str]:
    """Return which of the given article ids the warehouse already holds."""
    if not ids or not warehouse.exists():
        return set()
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        return present_ids(con, ids) if has_table(con, "dim_article") else set()


def split_known(items: list[tuple[Document, ArticleMeta]], warehouse: Path,
                timeout: float = 60.0) -> tuple[list[tuple[Document, ArticleMeta]], list[Document]]:
    """Return the items whose text is new to the warehouse (first copy only) and the documents already there."""
    keys = [article_id(d.text) for d, _ in items]
    known = known_article_ids(warehouse, keys, timeout)
    fresh, present, seen = [], [], set()
    for key, (doc, meta) in zip(keys, items):
        if key in known or key in seen:
            present.append(doc)
        else:
            seen.add(key)
            fresh.append((doc, meta))
    return fresh, present


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """Return True when the connection's warehouse is a DuckLake (attached as `lake`)."""
    return con.execute("select current_database()").fetchone()[0] == "lake"


def claim_write(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Update the one load_token row inside the caller's write transaction, so overlapping lake writers collide."""
    run_script(con, sql_dir / "ops" / "claim_write.sql")


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into an operations table by column name."""
    con.register("record_frame", frame)
    columns = ", ".join(frame.columns)
    con.execute(f"insert into {table} ({columns}) select {columns} from record_frame")
    con.unregister("record_frame")


def record_outcomes(con: duckdb.DuckDBPyConnection, run_id: int, batch_number: int, quarantined: list[Quarantined],
                    results: list[dict], reports: list[dict]) -> None:
    """Insert a batch's quarantine rows, validation results and GX reports."""
    if quarantined:
        _insert_frame(con, "quarantine", pd.DataFrame.from_records([{
            "run_id": run_id, "file_name": q.file_name, "stage": q.stage, "reason": q.reason,
            "quarantined_path": str(q.target or q.path) if (q.target or q.path) else None,
            "quarantined_at": pd.Timestamp.now(), "table_name": q.table_name,
            "row_data": json.dumps(q.row_data) if q.row_data is not None else None} for q in quarantined]))
    if results:
        _insert_frame(con, "validation_result", pd.DataFrame.from_records(results).assign(run_id=run_id))
    if reports:
        _insert_frame(con, "validation_report", pd.DataFrame.from_records([{
            "run_id": run_id, "batch_number": batch_number, "suite": r["suite"], "success": r["success"],
            "result": json.dumps(r["result"])} for r in reports]))


def new_only(frames: dict[str, pd.DataFrame], new_ids: set[str]) -> dict[str, pd.DataFrame]:
    """Return the frames restricted to the articles new to the warehouse, dimensions re-derived from them."""
    return of_articles(frames, new_ids.__contains__)


def present_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Return which of the given article ids the connected warehouse already holds."""
    found = con.execute("select article_id from dim_article where list_contains(?, article_id)", [ids]).fetchall()
    return {row[0] for row in found}


def write_tables(con: duckdb.DuckDBPyConnection, sql_dir: Path, frames: dict[str, pd.DataFrame],
                 run_id: int, replaced_ids: list[str]) -> dict[str, int]:
    """Return rows staged per table after staging each table's frame and running its load.sql, in load order;
    the rows of replaced_ids (articles already loaded, being reprocessed) are replaced."""
    staged = {}
    for table in TABLES:
        staged[table.name] = stage(con, table, frames[table.name])
        run_script(con, table.sql(sql_dir, "load"), run_id=run_id, replaced_ids=replaced_ids)
        con.execute(f"drop table {stage_name(table)}")
    return staged


def pause_for_tests() -> None:
    """Stop inside the load transaction, just before the commit, when the tests ask for it.

    WIREHOUSE_TEST_PAUSE_IN_LOAD=<file> makes the loader create that file and wait until it is deleted: the
    tests kill or interrupt the run there to show that nothing of the batch is left behind. Unset, it costs a
    lookup in the environment.
    """
    marker = os.environ.get("WIREHOUSE_TEST_PAUSE_IN_LOAD")
    if marker:
        Path(marker).touch()
        while Path(marker).exists():
            time.sleep(0.05)


def load_together(warehouse: Path, sql_dir: Path, run_id: int, checked: Checked, set_aside: list[Quarantined],
                  skipped: list[Handled], timeout: float = 60.0, replace_loaded: bool = False) -> BatchOutcome:
    """Return the batch's outcome after writing it atomically: all of it, or (on error) none of it. Articles
    already in the warehouse are skipped, or with replace_loaded (reprocessing) have their rows replaced."""
    staged_ids = list(dict.fromkeys(checked.frames[DIM_ARTICLE.name]["article_id"]))

    def attempt() -> tuple[list[str], dict[str, int]]:
        """Return (ids written, rows staged per table); a lost race to another lake writer rolls back and is retried,
        and the retry sees what that writer committed."""
        with connect(warehouse, timeout=timeout) as con:
            ensure_schema(con, sql_dir)
            with transaction(con):
                claim_write(con, sql_dir)
                present = present_ids(con, staged_ids)
                replaced = [i for i in staged_ids if i in present] if replace_loaded else []
                new_ids = [i for i in staged_ids if i not in present] + replaced
                staged = write_tables(con, sql_dir, new_only(checked.frames, set(new_ids)), run_id, replaced)
                record_outcomes(con, run_id, checked.batch_number, set_aside, checked.results, checked.reports)
                pause_for_tests()
        return new_ids, staged

    new_ids, staged = retry_conflicts(attempt, timeout)
    rows = {DIM_ARTICLE.name: len(new_ids), **{t.name: staged[t.name] for t in FACTS}}
    loaded = set(new_ids)
    return BatchOutcome(loaded=[a.handled for a in checked.passed if a.article_id in loaded],
                        skipped=[a.handled for a in checked.passed if a.article_id not in loaded] + skipped,
                        quarantined=set_aside, rows=rows)


DATA_ERRORS = (duckdb.ConversionException, duckdb.ConstraintException, duckdb.InvalidInputException,
               duckdb.OutOfRangeException)


def load_batch(warehouse: Path, sql_dir: Path, run_id: int, checked: Checked, set_aside: list[Quarantined],
               skipped: list[Handled], timeout: float = 60.0,
               target_for: Callable[[Quarantined], Quarantined] = lambda q: q, replace_loaded: bool = False) -> BatchOutcome:
    """Return the outcome of load_together; when the batch's transaction fails on its data (not on the lock or
    the disk), each article is loaded in its own transaction and the ones that still fail are quarantined
    (target_for says where such a file will be kept)."""
    try:
        return load_together(warehouse, sql_dir, run_id, checked, set_aside, skipped, timeout, replace_loaded)
    except DATA_ERRORS as exc:
        if len(checked.passed) < 2:
            raise
        error = exc
    outcome, refused = BatchOutcome(skipped=list(skipped)), []
    for art in checked.passed:
        alone = Checked(checked.batch_number, [art], new_only(checked.frames, {art.article_id}))
        try:
            done = load_together(warehouse, sql_dir, run_id, alone, [], [], timeout, replace_loaded)
        except DATA_ERRORS as exc:
            refused.append(target_for(Quarantined.file(art.path, art.origin, "load", f"{type(exc).__name__}: {exc}")))
            continue
        outcome.loaded += done.loaded
        outcome.skipped += done.skipped
        outcome.rows = {t: outcome.rows.get(t, 0) + n for t, n in done.rows.items()}
    if len(refused) == len(checked.passed):  # every article fails alone too: the fault is not in one file
        raise error
    records = replace(checked, passed=[], frames=new_only(checked.frames, set()))
    load_together(warehouse, sql_dir, run_id, records, set_aside + refused, [], timeout)
    outcome.quarantined = set_aside + refused
    return outcome
