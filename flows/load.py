"""Stage 5, load: write a validated batch into the DuckDB star schema in one short transaction."""
from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

STAGES = {  # staging table <- frame produced by rows.to_frames
    "stage_article": "dim_article", "stage_date": "dim_date", "stage_entity": "dim_entity", "stage_mention": "fact_entity_mention",
    "stage_metric": "fact_metric", "stage_quote": "fact_quote", "stage_event": "fact_event",
}
FACTS = ("fact_entity_mention", "fact_metric", "fact_quote", "fact_event")


class WarehouseLocked(RuntimeError):
    """The warehouse file stayed locked by another process for longer than the configured timeout."""


@dataclass
class LoadResult:
    """What one load transaction did: articles added, articles already present, rows per table."""

    loaded: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class RunRecords:
    """What a batch adds to the operations tables: quarantine rows, expectation results, GX result JSON."""

    batch_number: int = 0
    quarantined: list[dict] = field(default_factory=list)  # file_name, stage, reason, [quarantined_path, table_name, row_data]
    results: list[dict] = field(default_factory=list)      # suite, expectation, success, unexpected_count
    reports: list[dict] = field(default_factory=list)      # suite, success, result


@contextmanager
def connect(path: Path, read_only: bool = False, timeout: float = 60.0):
    """Yield a DuckDB connection, retrying with back-off while another process holds the file lock."""
    if read_only and not path.exists():
        con = duckdb.connect(":memory:")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        deadline, delay = time.monotonic() + timeout, 0.2
        while True:
            try:
                con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise WarehouseLocked(
                        f"{path} is locked by another process (a DuckDB shell or another run?) "
                        f"for more than {timeout:.0f}s: close it and run again") from exc
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
    try:
        yield con
    finally:
        con.close()


def run_script(con: duckdb.DuckDBPyConnection, path: Path) -> duckdb.DuckDBPyConnection:
    """Execute every statement of one .sql file; return the connection, holding the last statement's result."""
    return con.execute(path.read_text(encoding="utf-8"))


def ensure_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Create every warehouse table, sequence and Unknown member that is missing (idempotent)."""
    for path in sorted((sql_dir / "schema").glob("*.sql")):
        run_script(con, path)


def set_variables(con: duckdb.DuckDBPyConnection, **values) -> None:
    """Set DuckDB session variables read by the .sql files through getvariable()."""
    for name, value in values.items():
        con.execute(f"set variable {name} = ?", [value])


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Return True when the connected database has the table (an old or missing warehouse may not)."""
    return con.execute("select count(*) from information_schema.tables where table_name = ?", [name]).fetchone()[0] > 0


def known_article_ids(warehouse: Path, ids: list[str], timeout: float = 60.0) -> set[str]:
    """Return which of the given article ids the warehouse already holds."""
    if not ids or not warehouse.exists():
        return set()
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        if not has_table(con, "dim_article"):
            return set()
        found = con.execute("select article_id from dim_article where list_contains(?, article_id)", [ids]).fetchall()
    return {row[0] for row in found}


def start_run(warehouse: Path, sql_dir: Path, timeout: float = 60.0) -> int:
    """Return a new run id after creating the schema if needed and recording the run as 'running'."""
    with connect(warehouse, timeout=timeout) as con:
        ensure_schema(con, sql_dir)
        run_id = con.execute("select nextval('seq_run')").fetchone()[0]
        set_variables(con, run_id=run_id)
        run_script(con, sql_dir / "ops" / "start_run.sql")
    return int(run_id)


def _stage(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> None:
    """Copy each frame into its typed staging table (only the columns the table declares)."""
    for stage, table in STAGES.items():
        frame = frames.get(table)
        if frame is None or frame.empty:
            continue
        columns = [c for c, *_ in con.execute(f"describe {stage}").fetchall() if c in frame.columns]
        _insert_frame(con, stage, frame[columns])


def _new_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Return how many rows this transaction added per table (articles and facts)."""
    counts = {"dim_article": con.execute("select count(*) from new_article").fetchone()[0]}
    for stage, table in STAGES.items():
        if table in FACTS:
            counts[table] = con.execute(f"select count(*) from {stage} semi join new_article using (article_id)").fetchone()[0]
    return counts


def _insert_frame(con, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into a table by column name."""
    con.register("record_frame", frame)
    columns = ", ".join(frame.columns)
    con.execute(f"insert into {table} ({columns}) select {columns} from record_frame")
    con.unregister("record_frame")


def record_outcomes(con, run_id: int, records: RunRecords) -> None:
    """Insert a batch's quarantine rows, validation results and GX reports."""
    if records.quarantined:
        frame = pd.DataFrame.from_records([{
            "run_id": run_id, "file_name": q["file_name"], "stage": q["stage"], "reason": q["reason"],
            "quarantined_path": q.get("quarantined_path"), "quarantined_at": pd.Timestamp.now(),
            "table_name": q.get("table_name"),
            "row_data": json.dumps(q["row_data"]) if q.get("row_data") is not None else None,
        } for q in records.quarantined])
        _insert_frame(con, "quarantine", frame)
    if records.results:
        _insert_frame(con, "validation_result", pd.DataFrame.from_records(records.results).assign(run_id=run_id))
    if records.reports:
        _insert_frame(con, "validation_report", pd.DataFrame.from_records([{
            "run_id": run_id, "batch_number": records.batch_number, "suite": r["suite"], "success": r["success"],
            "result": json.dumps(r["result"])} for r in records.reports]))


def load_batch(warehouse: Path, sql_dir: Path, run_id: int, frames: dict[str, pd.DataFrame],
               records: RunRecords, timeout: float = 60.0) -> LoadResult:
    """Return what was loaded after writing one batch atomically: all of it, or (on error) none of it."""
    staged_ids = list(dict.fromkeys(frames["dim_article"]["article_id"])) if len(frames["dim_article"]) else []
    with connect(warehouse, timeout=timeout) as con:
        ensure_schema(con, sql_dir)
        con.execute("begin transaction")
        try:
            set_variables(con, run_id=run_id)
            for path in sorted((sql_dir / "load").glob("*.sql")):
                if path.name == "01_new_articles.sql":
                    _stage(con, frames)
                run_script(con, path)
            rows = _new_rows(con)
            new = {r[0] for r in con.execute("select article_id from new_article").fetchall()}
            record_outcomes(con, run_id, records)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return LoadResult(loaded=[i for i in staged_ids if i in new], present=[i for i in staged_ids if i not in new], rows=rows)


def finish_run(warehouse: Path, run_id: int, status: str, counts: dict, rows: dict, sql_dir: Path,
               timeout: float = 60.0, error: str | None = None, records: RunRecords | None = None) -> None:
    """Record the end of a run with its file counts, rows loaded per table and, for a failed run, why."""
    with connect(warehouse, timeout=timeout) as con:
        con.execute("begin transaction")
        if records:
            record_outcomes(con, run_id, records)
        set_variables(con, run_id=run_id, status=status, rows_loaded=json.dumps(rows), error=error, **counts)
        run_script(con, sql_dir / "ops" / "finish_run.sql")
        con.execute("commit")


def table_counts(warehouse: Path, sql_dir: Path, timeout: float = 60.0) -> dict[str, int]:
    """Return the number of rows per warehouse table (Unknown members left out)."""
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        return dict(run_script(con, sql_dir / "ops" / "table_counts.sql").fetchall())
