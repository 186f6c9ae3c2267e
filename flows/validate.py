"""Stage 4, validate: check each table's staged rows with its Great Expectations suite from expectations/.

Tables are checked dimensions first; a failing row is taken out of the batch (with what depends on it,
see checks.without_failed) and reported, the rest goes on to load. A table where most rows fail stops
the run instead: that is a broken extractor or suite, not bad input.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import pandas as pd

from flows import checks

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
EARLIEST_DATE = datetime(1900, 1, 1)


class SuiteFailed(RuntimeError):
    """Most rows of a table failed its suite: the run stops rather than load garbage."""

    def __init__(self, message: str, results: list[dict], reports: list[dict]):
        super().__init__(message)
        self.results, self.reports = results, reports


@dataclass
class RowFailure:
    """One staged row that broke expectations: which table, which file, the row itself, and why."""

    table: str
    file_name: str
    article_id: str | None
    expectations: list[str]
    row: dict


@dataclass
class Verdict:
    """The outcome of validating one batch."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # what is left to load
    articles: dict[str, list[str]] = field(default_factory=dict)   # article_id -> failed expectations
    rows: list[RowFailure] = field(default_factory=list)           # failed rows of the other tables
    results: list[dict] = field(default_factory=list)              # suite, expectation, success, unexpected_count
    reports: list[dict] = field(default_factory=list)              # suite, success, result (GX JSON, for Data Docs)


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


def run_suite(table: str, frame: pd.DataFrame, expectations_dir: Path) -> tuple[list[dict], dict[int, list[str]], dict]:
    """Return one table's expectation results, its failed rows (position -> expectations) and the GX result JSON."""
    suite, batch_def = suites(expectations_dir)[table]
    batch = batch_def.get_batch(batch_parameters={"dataframe": frame.assign(row_id=range(len(frame)))})
    result = batch.validate(suite, expectation_parameters=suite_parameters(), result_format={
        "result_format": "COMPLETE", "unexpected_index_column_names": ["row_id"]})
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
    plain = {k: None if checks.is_missing(v) else v.tolist() if hasattr(v, "tolist") else v for k, v in row.items()}
    return json.loads(json.dumps(plain, default=str))


def guard(table: str, total: int, failed: int, max_share: float, min_rows: int, verdict: Verdict) -> None:
    """Raise SuiteFailed when more than max_share of a table's rows (and at least min_rows) fail."""
    if failed >= min_rows and failed > max_share * total:
        broken = sorted({r["expectation"] for r in verdict.results if r["suite"] == table and not r["success"]})
        raise SuiteFailed(f"{table}: {failed} of {total} rows failed its suite ({'; '.join(broken)}); "
                          "nothing of this batch was loaded", verdict.results, verdict.reports)


def validate_frames(frames: dict[str, pd.DataFrame], expectations_dir: Path,
                    max_share: float = 0.5, min_rows: int = 10) -> Verdict:
    """Return what is left of a batch after each table's suite, with every failure and expectation result."""
    verdict = Verdict()
    for table in checks.ORDER:
        checked = checks.check_frame(table, frames)
        results, failed, report = run_suite(table, checked, expectations_dir)
        verdict.results += results
        verdict.reports.append({"suite": table, "success": not failed, "result": report})
        guard(table, len(checked), len(failed), max_share, min_rows, verdict)
        for position, names in sorted(failed.items()):
            row = checked.iloc[position]
            if table == "dim_article":
                verdict.articles[row["article_id"]] = [f"{table}: {n}" for n in names]
            else:
                verdict.rows.append(RowFailure(table, checks.files_of(table, row, frames), row.get("article_id"),
                                               names, row_record(checked, position)))
        frames = checks.without_failed(table, frames, checked, set(failed))
    verdict.frames = frames
    return verdict


def split_valid(articles: list, verdict: Verdict) -> tuple[list, list[tuple]]:
    """Return the articles whose dim_article row passed, and (article, reason) for each that did not."""
    passed, failed = [], []
    for art in articles:
        reasons = verdict.articles.get(art.article_id)
        if reasons:
            failed.append((art, "failed expectations: " + "; ".join(reasons)))
        else:
            passed.append(art)
    return passed, failed
