"""Report, `wirehouse status`: the latest run, the expectations it failed and what it set aside (sql/reports/last_run*)."""
from __future__ import annotations

import json
from pathlib import Path

from flows.db import has_table
from flows.ingest.discover import discover, refused
from flows.records import display_name
from flows.warehouse.handle import Warehouse
from flows.warehouse.ledger import count_rows
from flows.warehouse.reprocess import count_stale

TEXT_FIELDS = ("mention_text", "metric_text", "quote_text", "trigger_text", "canonical_name", "source_name",
               "full_date", "title")


def locate(row_data: str | None, fallback: str | None) -> str:
    """Return a short pointer to a quarantined row: its text, article and offsets; else the kept file's path."""
    if not row_data:
        return fallback or ""
    row = json.loads(row_data)
    text = next((str(row[f]) for f in TEXT_FIELDS if row.get(f) is not None), "")
    where = f" in article {row['article_id'][:12]}" if row.get("article_id") else ""
    span = f" at {row['char_start']}-{row['char_end']}" if row.get("char_start") is not None else ""
    return f"{text[:60]!r}{where}{span}"


def plural(n: int, noun: str) -> str:
    """Return '1 row', '2 rows'."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render(run: dict, failures: list[dict], quarantined: list[dict]) -> str:
    """Return the status text of one run."""
    took = f", took {(run['finished_at'] - run['started_at']).total_seconds():.1f}s" if run["finished_at"] else ""
    lines = [f"run {run['run_id']}: {run['status']} (started {run['started_at']:%Y-%m-%d %H:%M:%S}{took})"]
    if run["status"] == "running":
        lines.append("  still running, or killed before it could finish")
    if run["error"]:
        lines.append(f"  error: {run['error']}")
    if run["files_seen"] is not None:
        lines.append(f"files: {run['files_seen']} seen, {run['files_loaded']} loaded, "
                     f"{run['files_skipped']} skipped (already loaded), {run['files_quarantined']} quarantined")
    rows = json.loads(run["rows_loaded"]) if run["rows_loaded"] else {}
    if rows:
        lines.append("rows loaded: " + ", ".join(f"{t} {n}" for t, n in rows.items()))
    lines.append(f"failed expectations: {len(failures) or 'none'}")
    lines += [f"  {f['suite']}: {f['expectation']} ({plural(f['unexpected_rows'], 'row')})" for f in failures]
    lines.append(f"quarantined: {len(quarantined) or 'nothing'}")
    for q in quarantined:
        table = f" {q['table_name']}" if q["table_name"] else ""
        lines.append(f"  [{q['stage']}{table}] {q['file_name']}: {q['reason']}")
        lines.append(f"      {locate(q['row_data'], q['quarantined_path'])}")
    return "\n".join(lines)


def render_runs(runs: list[dict]) -> list[str]:
    """Return the lines of the recent-runs table."""
    lines = ["recent runs:", f"  {'run':>4}  {'started':19}  {'took':>7}  {'status':11}  seen  loaded  skipped  quarantined"]
    for r in runs:
        took = f"{r['seconds']:.1f}s" if r["seconds"] is not None else "-"
        counts = [("-" if r[k] is None else r[k]) for k in ("files_seen", "files_loaded", "files_skipped",
                                                           "files_quarantined")]
        lines.append(f"  {r['run_id']:>4}  {r['started_at']:%Y-%m-%d %H:%M:%S}  {took:>7}  {r['status']:11}  "
                     f"{counts[0]:>4}  {counts[1]:>6}  {counts[2]:>7}  {counts[3]:>11}")
    return lines


def render_warehouse(totals: dict[str, int], waiting: int | None, inbox: Path | None, stale: int | None,
                     refusals: list[tuple[Path, str]] = ()) -> list[str]:
    """Return the lines about the warehouse as a whole: its totals, the inbox (files waiting, entries refused),
    the stale articles."""
    lines = ["warehouse: " + ", ".join(f"{t} {n}" for t, n in totals.items())]
    if inbox is not None:
        lines.append(f"inbox: {plural(waiting, 'file')} waiting in {inbox}")
    if refusals:
        lines.append(f"inbox: {len(refusals)} refused, never read (left where they are; move or remove them):")
        lines += [f"  {display_name(path)}: {why}" for path, why in refusals]
    if stale is not None:
        hint = " (extracted by another extractor, model or alias table: wirehouse reprocess --stale)" if stale else ""
        lines.append(f"stale articles: {stale}{hint}")
    return lines


def status(warehouse: Warehouse, inbox: Path | None = None, stamp: str | None = None, runs: int = 5) -> str:
    """Return the status report: the latest run in detail, the recent runs, the warehouse's totals, what waits
    in the inbox and how many articles are stale against the stamp."""
    with warehouse.connect(read_only=True) as con:
        if not has_table(con, "etl_run") or not con.execute("select count(*) from etl_run").fetchone()[0]:
            return f"no runs yet in {warehouse}: start one with `wirehouse run`"
        run = warehouse.query(con, "reports/last_run.sql")[0]
        failures = warehouse.query(con, "reports/last_run_failures.sql")
        quarantined = warehouse.query(con, "reports/last_run_quarantine.sql")
        recent = warehouse.query(con, "reports/recent_runs.sql", runs=runs)
        totals = count_rows(warehouse, con)
        stale = count_stale(warehouse, con, stamp) if stamp else None
    waiting = len(discover(inbox)) if inbox is not None else None
    refusals = refused(inbox) if inbox is not None else []
    return "\n".join([render(run, failures, quarantined), *render_runs(recent),
                      *render_warehouse(totals, waiting, inbox, stale, refusals)])
