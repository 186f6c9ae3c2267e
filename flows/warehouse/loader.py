"""Load: write a validated batch into the DuckDB star schema in one short transaction."""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from flows import interrupts
from flows.db import has_table, run_script
from flows.frames import of_articles
from flows.records import ArticleMeta, ArticleRows, BatchOutcome, Checked, Document, Handled, Quarantined, article_id
from flows.staging import stage, stage_name
from flows.tables import DIM_ARTICLE, FACTS, STAGED
from flows.transaction import transaction
from flows.warehouse import stories
from flows.warehouse.handle import Warehouse


def known_article_ids(warehouse: Warehouse, ids: list[str]) -> set[str]:
    """Return which of the given article ids the warehouse already holds."""
    if not ids or not warehouse.exists():
        return set()
    with warehouse.connect(read_only=True) as con:
        return present_ids(con, ids) if has_table(con, "dim_article") else set()


def split_known(items: list[tuple[Document, ArticleMeta]],
                warehouse: Warehouse) -> tuple[list[tuple[Document, ArticleMeta]], list[Document]]:
    """Return the items whose text is new to the warehouse (first copy only) and the documents already there."""
    keys = [article_id(d.text) for d, _ in items]
    known = known_article_ids(warehouse, keys)
    fresh, present, seen = [], [], set()
    for key, (doc, meta) in zip(keys, items):
        if key in known or key in seen:
            present.append(doc)
        else:
            seen.add(key)
            fresh.append((doc, meta))
    return fresh, present


def claim_write(warehouse: Warehouse, con: duckdb.DuckDBPyConnection) -> None:
    """Update the one load_token row inside the caller's write transaction, so overlapping lake writers collide."""
    warehouse.script(con, "ops/claim_write.sql")


def _insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame into an operations table by column name."""
    con.register("record_frame", frame)
    columns = ", ".join(frame.columns)
    con.execute(f"insert into {table} ({columns}) select {columns} from record_frame")
    con.unregister("record_frame")


def record_outcomes(con: duckdb.DuckDBPyConnection, run_id: int, quarantined: list[Quarantined], checked: Checked) -> None:
    """Insert a batch's quarantine rows, and its validation results and GX reports (those of `checked`)."""
    results, reports = checked.results, checked.reports
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
            "run_id": run_id, "batch_number": checked.batch_number, "suite": r["suite"], "success": r["success"],
            "result": json.dumps(r["result"])} for r in reports]))


def new_only(frames: dict[str, pd.DataFrame], new_ids: set[str]) -> dict[str, pd.DataFrame]:
    """Return the frames restricted to the articles new to the warehouse, dimensions re-derived from them."""
    return of_articles(frames, new_ids.__contains__)


def present_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Return which of the given article ids the connected warehouse already holds."""
    found = con.execute("select article_id from dim_article where list_contains(?, article_id)", [ids]).fetchall()
    return {row[0] for row in found}


def write_tables(warehouse: Warehouse, con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame],
                 run_id: int, replaced_ids: list[str]) -> dict[str, int]:
    """Return rows staged per table after staging each table's frame and running its load.sql, in load order;
    the rows of replaced_ids (articles already loaded, being reprocessed) are replaced."""
    staged = {}
    for table in STAGED:
        staged[table.name] = stage(con, table, frames[table.name])
        run_script(con, table.sql(warehouse.sql_dir, "load"), run_id=run_id, replaced_ids=replaced_ids)
        con.execute(f"drop table {stage_name(table)}")
    return staged


def pause_for_tests() -> None:
    """Stop inside the load transaction, just before the commit, when the tests ask for it.

    WIREHOUSE_TEST_PAUSE_IN_LOAD=<file> makes the loader create that file and wait until it is deleted: the
    tests kill or interrupt the run there to show that nothing of the batch is left behind. The wait is
    interruptible: a stop that lands in it raises inside the transaction, between two DuckDB calls, and the
    transaction rolls back (a stop is otherwise held until the load is done, interrupts.py). Unset, it costs a
    lookup in the environment.
    """
    marker = os.environ.get("WIREHOUSE_TEST_PAUSE_IN_LOAD")
    if marker:
        Path(marker).touch()
        with interrupts.interruptible():
            while Path(marker).exists():
                time.sleep(0.05)


@dataclass
class ToLoad:
    """A validated batch on its way into the warehouse: its run, its rows, the records set aside before the load,
    the files already loaded, whether loaded articles' rows are replaced (reprocessing) or skipped, and whether
    the load links the stories and events (stories.assign).

    Linking reads the whole warehouse, so a run of many batches links once, in its last batch's transaction
    (`link` False for the others); a single-batch run, what `watch` makes of a drop, commits its articles with
    their stories. A batch that does not link notes it (links_pending): if the last batch fails, the run's end
    links what its earlier batches loaded (ledger.finish_run), and a run that stopped or failed before that leaves
    it to the next run's start."""

    run_id: int
    checked: Checked
    set_aside: list[Quarantined] = field(default_factory=list)
    skipped: list[Handled] = field(default_factory=list)
    replace_loaded: bool = False
    link: bool = True

    def alone(self, art: ArticleRows) -> ToLoad:
        """Return the same load for one article of the batch (nothing set aside, nothing skipped, no linking: the
        batch's closing load links them all once)."""
        checked = Checked(self.checked.batch_number, [art], new_only(self.checked.frames, {art.article_id}))
        return ToLoad(self.run_id, checked, replace_loaded=self.replace_loaded, link=False)


def load_together(warehouse: Warehouse, batch: ToLoad) -> BatchOutcome:
    """Return the batch's outcome after writing it atomically: all of it, or (on error) none of it. Articles
    already in the warehouse are skipped, or with replace_loaded (reprocessing) have their rows replaced."""
    checked = batch.checked
    staged_ids = list(dict.fromkeys(checked.frames[DIM_ARTICLE.name]["article_id"]))

    def attempt() -> tuple[list[str], dict[str, int]]:
        """Return (ids written, rows staged per table); a lost race to another lake writer rolls back and is retried,
        and the retry sees what that writer committed."""
        with warehouse.connect() as con:
            warehouse.ensure_schema(con)
            with transaction(con):
                claim_write(warehouse, con)
                present = present_ids(con, staged_ids)
                replaced = [i for i in staged_ids if i in present] if batch.replace_loaded else []
                new_ids = [i for i in staged_ids if i not in present] + replaced
                staged = write_tables(warehouse, con, new_only(checked.frames, set(new_ids)), batch.run_id, replaced)
                if batch.link:  # every loaded article gets its story and copy_of link, in the same transaction
                    stories.assign(warehouse, con)
                else:
                    stories.sketch(warehouse, con, batch.run_id)
                record_outcomes(con, batch.run_id, batch.set_aside, checked)
                pause_for_tests()
        return new_ids, staged

    new_ids, staged = warehouse.retry(attempt)
    rows = {DIM_ARTICLE.name: len(new_ids), **{t.name: staged[t.name] for t in FACTS}}
    loaded = set(new_ids)
    return BatchOutcome(loaded=[a.handled for a in checked.passed if a.article_id in loaded],
                        skipped=[a.handled for a in checked.passed if a.article_id not in loaded] + batch.skipped,
                        quarantined=batch.set_aside, rows=rows)


DATA_ERRORS = (duckdb.ConversionException, duckdb.ConstraintException, duckdb.InvalidInputException,
               duckdb.OutOfRangeException)


def load_batch(warehouse: Warehouse, batch: ToLoad,
               target_for: Callable[[Quarantined], Quarantined] = lambda q: q) -> BatchOutcome:
    """Return the outcome of load_together; when the batch's transaction fails on its data (not on the lock or
    the disk), each article is loaded in its own transaction and the ones that still fail are quarantined
    (target_for says where such a file will be kept)."""
    try:
        return load_together(warehouse, batch)
    except DATA_ERRORS as exc:
        if len(batch.checked.passed) < 2:
            raise
        error = exc
    outcome, refused = BatchOutcome(skipped=list(batch.skipped)), []
    for art in batch.checked.passed:
        try:
            done = load_together(warehouse, batch.alone(art))
        except DATA_ERRORS as exc:
            refused.append(target_for(Quarantined.file(art.path, art.origin, "load", f"{type(exc).__name__}: {exc}")))
            continue
        outcome.loaded += done.loaded
        outcome.skipped += done.skipped
        outcome.rows = {t: outcome.rows.get(t, 0) + n for t, n in done.rows.items()}
    if len(refused) == len(batch.checked.passed):  # every article fails alone too: the fault is not in one file
        raise error
    records = replace(batch.checked, passed=[], frames=new_only(batch.checked.frames, set()))
    load_together(warehouse, ToLoad(batch.run_id, records, batch.set_aside + refused, link=batch.link))
    outcome.quarantined = batch.set_aside + refused
    return outcome
