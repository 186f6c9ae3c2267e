"""The Great Expectations suites of expectations/, loaded once per process, and one table's frame validated by one."""
from __future__ import annotations

import json
import logging
import os
import threading
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import pandas as pd

from flows.quality.checks import is_missing

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
EARLIEST_DATE = datetime(1900, 1, 1)


def suite_files(expectations_dir: Path) -> list[Path]:
    """Return the suite files, one per table."""
    return sorted(Path(expectations_dir).glob("*.json"))


def load_suite_json(path: Path) -> dict:
    """Return the suite stored as JSON at path (GX's own to_json_dict format)."""
    return json.loads(path.read_text(encoding="utf-8"))


def suite_parameters(today: date | None = None) -> dict[str, datetime]:
    """Return the values of the suites' $PARAMETERs: the date range news can have."""
    tomorrow = (today or date.today()) + timedelta(days=1)
    return {"earliest_date": EARLIEST_DATE, "tomorrow": datetime.combine(tomorrow, time())}


def quiet_context():
    """Return an ephemeral GX context with progress bars and INFO chatter off."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # GX sets this module's logger to INFO on import, then announces its temporary docs folder on it
    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.WARNING)
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


@lru_cache(maxsize=4)
def _suites(expectations_dir: str, fingerprint: tuple) -> dict:
    """Return table -> (suite, batch definition) in one GX context; rebuilt only when a suite file changes."""
    import great_expectations as gx

    ctx = quiet_context()
    source = ctx.data_sources.add_pandas("wirehouse")
    found = {}
    for path in suite_files(Path(expectations_dir)):
        suite = ctx.suites.add(gx.ExpectationSuite(**load_suite_json(path)))
        found[suite.name] = (suite, source.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe("batch"))
    return found


def suites(expectations_dir: Path) -> dict:
    """Return the GX suites of expectations_dir, created once per process and again after an edit."""
    fingerprint = tuple((p.name, p.stat().st_mtime_ns) for p in suite_files(expectations_dir))
    return _suites(str(expectations_dir), fingerprint)


def describe(config) -> str:
    """Return a short readable name for one expectation, e.g. 'expect_column_values_to_not_be_null(body)'."""
    kw = config.kwargs
    columns = kw.get("column_list") or [c for c in (kw.get("column"), kw.get("column_A"), kw.get("column_B")) if c]
    name = f"{config.type}({', '.join(columns)})" if columns else config.type
    if kw.get("row_condition"):
        from great_expectations.expectations.row_conditions import deserialize_row_condition

        return f"{name} where {deserialize_row_condition(kw['row_condition'])!r}"
    return name


# What a suite is checked with first: only whether each expectation holds. GX's cost per batch is per expectation
# (its metric graph), not per row, and the COMPLETE format (failed rows' indices, values and counts) about doubles
# it (measured: 0.41 s against 0.75-1.0 s for all suites on one article). No suite uses `mostly`, so an expectation
# that holds has no unexpected rows; a suite with a failure is checked again with COMPLETE, for its failed rows.
QUICK = {"result_format": "BOOLEAN_ONLY"}
COMPLETE = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]}


_kept = threading.local()  # .configurations: expectation id -> (expectation, its configuration), inside a block


@lru_cache(maxsize=1)
def _keep_configurations() -> None:
    """Give GX's Expectation a `configuration` that, inside configurations_kept in this thread, is built once."""
    from great_expectations.expectations.expectation import Expectation

    build = Expectation.configuration.fget

    def configuration(self):
        kept = getattr(_kept, "configurations", None)
        if kept is None:
            return build(self)
        found = kept.get(id(self))
        if found is None or found[0] is not self:  # the object held in `kept` keeps its id from being reused
            found = kept[id(self)] = (self, build(self))
        return found[1]

    Expectation.configuration = property(configuration, doc=Expectation.configuration.__doc__)


@contextmanager
def configurations_kept():
    """Make each GX expectation object build its `configuration` once in the block instead of at every read.

    GX 1.24 rebuilds an expectation's configuration from its fields (pydantic's dict(), a class-name conversion
    by regular expression) each time the property is read, and a validation reads it about 80 times per
    expectation while working out its metrics and judging them: about a third of GX's CPU per suite run (measured:
    bench/RESULTS.md). The objects GX validates with are created for one validation and not changed during it, so
    within the block the first configuration each one built is the one it returns. One block per validation:
    GX fills the suite's parameters into the configurations it reads from the suite, once per configuration.
    Outside a block, and in other threads, the property builds a new configuration at every read, as GX's does.
    """
    _keep_configurations()
    _kept.configurations = {}
    try:
        yield
    finally:
        _kept.configurations = None


def run_suite(table: str, frame: pd.DataFrame, expectations_dir: Path) -> tuple[list[dict], dict[int, list[str]], dict]:
    """Return one table's expectation results, its failed rows (position -> expectations) and the GX result JSON
    (of the COMPLETE check when an expectation failed, of the quick one otherwise: see QUICK)."""
    suite, batch_def = suites(expectations_dir)[table]
    batch = batch_def.get_batch(batch_parameters={"dataframe": frame.assign(row_id=range(len(frame)))})
    with configurations_kept():
        result = batch.validate(suite, expectation_parameters=suite_parameters(), result_format=QUICK)
    if not result.success:
        with configurations_kept():
            result = batch.validate(suite, expectation_parameters=suite_parameters(), result_format=COMPLETE)
    results, failed = [], {}
    for check in result.results:
        name = describe(check.expectation_config)
        if check.exception_info and check.exception_info.get("raised_exception"):
            raise RuntimeError(f"{table}: {name} could not run: {check.exception_info.get('exception_message')}")
        results.append({"suite": table, "expectation": name, "success": bool(check.success),
                        "unexpected_count": int(check.result.get("unexpected_count") or 0)})
        for hit in check.result.get("unexpected_index_list") or []:
            failed.setdefault(int(hit["row_id"]), []).append(name)
    return results, failed, result.to_json_dict()


def row_record(frame: pd.DataFrame, position: int) -> dict:
    """Return a failed row as JSON-ready values, without the article body (the article_id finds it)."""
    row = frame.iloc[position].drop(labels=["body"], errors="ignore")
    plain = {k: None if is_missing(v) else v.tolist() if hasattr(v, "tolist") else v for k, v in row.items()}
    return json.loads(json.dumps(plain, default=str))
