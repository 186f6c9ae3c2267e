"""Data quality after the fact: re-check the loaded warehouse with the suites, and render GX Data Docs."""
from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from flows import checks, load, validate


@dataclass
class Audit:
    """The suites run over the warehouse's tables: every expectation result, and the failing rows per table."""

    results: list[dict] = field(default_factory=list)
    failures: dict[str, list[dict]] = field(default_factory=dict)  # table -> failing rows (without bodies)

    @property
    def clean(self) -> bool:
        """Return True when every expectation passed."""
        return all(r["success"] for r in self.results)


def audit(warehouse: Path, sql_dir: Path, expectations_dir: Path, timeout: float = 60.0) -> Audit:
    """Return the suites' verdict on the loaded tables (read through sql/audit/, in the shape the suites expect)."""
    found = Audit()
    with load.connect(warehouse, read_only=True, timeout=timeout) as con:
        frames = {table: load.run_script(con, sql_dir / "audit" / f"{table}.sql").df() for table in checks.ORDER}
    for table, frame in frames.items():
        results, failed, _ = validate.run_suite(table, frame, expectations_dir)
        found.results += results
        if failed:
            found.failures[table] = [{"row": validate.row_record(frame, i), "expectations": names}
                                     for i, names in sorted(failed.items())]
    return found


def latest_reports(warehouse: Path, sql_dir: Path, timeout: float = 60.0) -> tuple[int | None, list[tuple]]:
    """Return the id of the latest run that validated anything and its (batch, suite, result JSON) rows."""
    with load.connect(warehouse, read_only=True, timeout=timeout) as con:
        if not load.has_table(con, "validation_report"):
            return None, []
        rows = load.run_script(con, sql_dir / "ops" / "latest_reports.sql").fetchall()
    return (rows[0][0] if rows else None), [row[1:] for row in rows]


def build_docs(warehouse: Path, sql_dir: Path, expectations_dir: Path, docs_dir: Path,
               timeout: float = 60.0) -> Path:
    """Return the index.html of freshly built Data Docs: the suites and the latest run's validation results."""
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import expectationSuiteValidationResultSchema
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier, ValidationResultIdentifier)

    run_id, reports = latest_reports(warehouse, sql_dir, timeout)
    ctx = validate.quiet_context()
    for path in validate.suite_files(expectations_dir):
        ctx.suites.add(gx.ExpectationSuite(**validate.load_suite_json(path)))
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
