"""Stage 4, validate: check each table's staged rows with its Great Expectations suite from expectations/."""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@dataclass
class Verdict:
    """The outcome of validating one batch: failing articles with reasons, and one result per expectation."""

    failed: dict[str, list[str]] = field(default_factory=dict)  # article_id -> failed expectations
    results: list[dict] = field(default_factory=list)           # suite, expectation, success, unexpected_count


def load_suite_json(path: Path) -> dict:
    """Return the suite stored as JSON at path (GX's own to_json_dict format)."""
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _context(expectations_dir: str):
    """Return an ephemeral GX context with one dataframe asset and one suite per stored suite file."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)  # it announces its temp docs dir at INFO
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = ctx.data_sources.add_pandas("wirehouse")
    checks = {}
    for path in sorted(Path(expectations_dir).glob("*.json")):
        suite = ctx.suites.add(gx.ExpectationSuite(**load_suite_json(path)))
        batch_def = source.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe("batch")
        checks[suite.name] = (suite, batch_def)
    return checks


def describe(config) -> str:
    """Return a short readable name for one expectation, e.g. 'expect_column_values_to_not_be_null(body)'."""
    column = config.kwargs.get("column")
    return f"{config.type}({column})" if column else config.type


def validate_frames(frames: dict[str, pd.DataFrame], expectations_dir: Path) -> Verdict:
    """Return which articles fail which table suites; every evaluated expectation is recorded."""
    verdict = Verdict()
    for table, (suite, batch_def) in _context(str(expectations_dir)).items():
        frame = frames.get(table)
        if frame is None or frame.empty:
            continue
        batch = batch_def.get_batch(batch_parameters={"dataframe": frame.reset_index(drop=True)})
        result = batch.validate(suite, result_format={
            "result_format": "COMPLETE", "unexpected_index_column_names": ["article_id"]})
        for check in result.results:
            name = describe(check.expectation_config)
            unexpected = check.result.get("unexpected_index_list") or []
            verdict.results.append({"suite": table, "expectation": name, "success": bool(check.success),
                                    "unexpected_count": int(check.result.get("unexpected_count") or 0)})
            for row in unexpected:
                reasons = verdict.failed.setdefault(str(row["article_id"]), [])
                if f"{table}: {name}" not in reasons:
                    reasons.append(f"{table}: {name}")
    return verdict


def split_valid(articles: list, verdict: Verdict) -> tuple[list, list[tuple]]:
    """Return the articles that passed every suite, and (article, reason) for each that did not."""
    passed, failed = [], []
    for art in articles:
        reasons = verdict.failed.get(art.article_id)
        if reasons:
            failed.append((art, "failed expectations: " + "; ".join(reasons)))
        else:
            passed.append(art)
    return passed, failed
