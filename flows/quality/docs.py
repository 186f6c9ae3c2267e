"""Data Docs: Great Expectations' HTML pages of the suites and of every run's validation results, readable offline."""
from __future__ import annotations

import json
from pathlib import Path

from flows.db import has_table
from flows.quality.offline import localize_site
from flows.quality.suites import load_suite_json, quiet_context, suite_files
from flows.warehouse.handle import Warehouse

SITE = "wirehouse"
# A docs folder says it is one: the site is written only into a folder that is new, empty, or holds this marker
# (or, built before the marker existed, nothing but what Great Expectations writes), never over anyone's files.
MARKER = ".wirehouse-docs"
SITE_ENTRIES = {"index.html", "static", "expectations", "validations", MARKER}


class DocsFolderTaken(ValueError):
    """The docs folder holds something other than earlier Data Docs."""


def check_folder(docs_dir: Path) -> None:
    """Raise DocsFolderTaken unless docs_dir is free, empty, or earlier Data Docs (see MARKER)."""
    if not docs_dir.exists() and not docs_dir.is_symlink():
        return
    if not docs_dir.is_dir():
        raise DocsFolderTaken(f"{docs_dir} is not a folder: give a folder for the Data Docs")
    names = {p.name for p in docs_dir.iterdir()}
    if names and MARKER not in names and not ("index.html" in names and names <= SITE_ENTRIES):
        raise DocsFolderTaken(f"refusing to write the Data Docs into {docs_dir}: it holds other files and no earlier "
                              "Data Docs (give an empty or new folder with --out)")


def validation_reports(warehouse: Warehouse) -> list[tuple]:
    """Return every run's (run id, start time, batch, suite, result JSON) rows, oldest run first."""
    with warehouse.connect(read_only=True) as con:
        if not has_table(con, "validation_report"):
            return []
        return warehouse.script(con, "ops/validation_reports.sql").fetchall()


def page_of(key) -> str:
    """Return the path, under the docs folder, of the page GX writes for a validation result key."""
    return "validations/" + "/".join(key.to_tuple()) + ".html"


def store_results(ctx, reports: list[tuple]) -> list:
    """Put each stored GX result into the context's results store; return their keys in the same order."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    store, keys = ctx.validation_results_store, []
    for run_id, started_at, batch_number, suite, result in reports:
        # The run's start time, not the build's: the same key (and page path) on every rebuild
        run = RunIdentifier(run_name=f"run-{run_id}", run_time=started_at.astimezone())
        key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=suite), run, batch_identifier=f"batch-{batch_number}")
        stored = json.loads(result)
        stored.setdefault("meta", {})["run_id"] = run.to_json_dict()
        # The JSON goes to the store's backend as it is: store.set would re-serialize each result through
        # marshmallow (~35 ms apiece, 14 s for 400 results); GX reads it back with the same schema either way.
        store._store_backend.set(store.key_to_tuple(key), json.dumps(stored))
        keys.append(key)
    return keys


def build_docs(warehouse: Warehouse, expectations_dir: Path, docs_dir: Path) -> Path:
    """Return the index.html of the Data Docs built in `docs_dir`: the suites and every run's results, offline.
    Raise DocsFolderTaken when docs_dir holds anything else (check_folder)."""
    import great_expectations as gx
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    docs_dir = docs_dir.resolve()
    check_folder(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made fails here, in one line, not in GX
    ctx = quiet_context()
    names = []
    for path in suite_files(expectations_dir):
        names.append(ctx.suites.add(gx.ExpectationSuite(**load_suite_json(path))).name)
    ctx.add_data_docs_site(SITE, {
        "class_name": "SiteBuilder", "show_how_to_buttons": False,   # GX's tutorial banner: links to the web
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)}})
    keys = store_results(ctx, validation_reports(warehouse))
    # Pages already written stay (a run's results never change); only new runs' pages and the suites are rendered.
    # The index still lists every run: GX builds it from the pages on disk whose results are in the store.
    fresh = [k for k in keys if not (docs_dir / page_of(k)).exists()]
    ctx.build_data_docs(site_names=[SITE], resource_identifiers=[ExpectationSuiteIdentifier(n) for n in names] + fresh)
    localize_site(docs_dir)
    (docs_dir / MARKER).write_text("Data Docs written by `wirehouse docs`: it rewrites this folder.\n", encoding="utf-8")
    return docs_dir / "index.html"
