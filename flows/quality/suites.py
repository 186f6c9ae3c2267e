"""The Great Expectations suites of expectations/, loaded once per process, and one table's frame validated by one."""
from __future__ import annotations

import json
import logging
import os
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
# that holds has no unexpected rows; only the expectations that failed are checked again, one by one, with
# COMPLETE, for their failed rows (the whole suite again cost as much as the first check, for one failure).
QUICK = {"result_format": "BOOLEAN_ONLY"}
COMPLETE = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]}


def run_suite(table: str, frame: pd.DataFrame, expectations_dir: Path) -> tuple[list[dict], dict[int, list[str]], dict]:
    """Return one table's expectation results, its failed rows (position -> expectations) and the GX result JSON
    (each failed expectation's from its COMPLETE check, the others' from the quick one: see QUICK)."""
    suite, batch_def = suites(expectations_dir)[table]
    batch = batch_def.get_batch(batch_parameters={"dataframe": frame.assign(row_id=range(len(frame)))})
    parameters = suite_parameters()
    result = batch.validate(suite, expectation_parameters=parameters, result_format=QUICK)
    result.results = [check if check.success else batch.validate(check.expectation_config.to_domain_obj(),
                                                                 expectation_parameters=parameters,
                                                                 result_format=COMPLETE)
                      for check in result.results]
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
