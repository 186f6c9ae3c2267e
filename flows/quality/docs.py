"""Data Docs: Great Expectations' HTML pages of the suites and of the latest run's validation results."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from flows.db import connect, has_table, run_script
from flows.quality.suites import load_suite_json, quiet_context, suite_files


def latest_reports(warehouse: Path, sql_dir: Path, timeout: float = 60.0) -> tuple[int | None, list[tuple]]:
    """Return the id of the latest run that validated anything and its (batch, suite, result JSON) rows."""
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        if not has_table(con, "validation_report"):
            return None, []
        rows = run_script(con, sql_dir / "ops" / "latest_reports.sql").fetchall()
    return (rows[0][0] if rows else None), [row[1:] for row in rows]


def build_docs(warehouse: Path, sql_dir: Path, expectations_dir: Path, docs_dir: Path,
               timeout: float = 60.0) -> Path:
    """Return the index.html of freshly built Data Docs: the suites and the latest run's validation results."""
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import expectationSuiteValidationResultSchema
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    run_id, reports = latest_reports(warehouse, sql_dir, timeout)
    ctx = quiet_context()
    for path in suite_files(expectations_dir):
        ctx.suites.add(gx.ExpectationSuite(**load_suite_json(path)))
    shutil.rmtree(docs_dir / "validations", ignore_errors=True)  # the site shows one run: older pages would mislead
    ctx.add_data_docs_site("wirehouse", {
        "class_name": "SiteBuilder", "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())}})
    pages, run = [], RunIdentifier(run_name=f"run-{run_id}")
    for batch_number, suite, result in reports:
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=suite), run, batch_identifier=f"batch-{batch_number}")
        loaded = expectationSuiteValidationResultSchema.load(json.loads(result))
        loaded.meta["run_id"] = run
        ctx.validation_results_store.set(key, loaded)
        pages.append((suite, batch_number, loaded.success, "validations/" + "/".join(key.to_tuple()) + ".html"))
    ctx.build_data_docs(site_names=["wirehouse"])
    index = docs_dir.resolve() / "index.html"
    add_offline_index(index, run_id, pages)
    return index


def add_offline_index(index: Path, run_id: int | None, pages: list[tuple]) -> None:
    """Add a plain-HTML list of the results to GX's index page, shown only when its CDN scripts can't load."""
    items = "".join(f'<tr><td>{suite}</td><td>{batch}</td><td>{"passed" if ok else "FAILED"}</td>'
                    f'<td><a href="{html.escape(link)}">result</a></td></tr>' for suite, batch, ok, link in pages)
    title = f"Validation results of run {run_id}" if pages else "No validation results yet: run `wirehouse run`"
    block = (f'<div id="wirehouse-offline" style="margin:1em"><h3>{html.escape(title)}</h3>'
             f'<table border="1" cellpadding="4"><tr><th>suite</th><th>batch</th><th>outcome</th><th></th></tr>'
             f'{items}</table><p>Suites: ' + " ".join(
                 f'<a href="expectations/{s}.html">{s}</a>' for s in sorted({p[0] for p in pages})) + "</p></div>"
             '<script>if (window.jQuery) document.getElementById("wirehouse-offline").style.display = "none";</script>')
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("</body>", block + "\n</body>", 1), encoding="utf-8")
