"""Stage 3, validate: check each table's staged rows with its Great Expectations suite from expectations/.

Tables are checked in load order, dimensions first; a failing row is taken out of the batch (with what
depends on it, see checks.without_failed) and set aside, the rest goes on to load. A table where most rows
fail stops the run instead: that is a broken extractor or suite, not bad input.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from flows.frames import derive_dims, to_frames
from flows.quality import checks
from flows.quality.suites import row_record, run_suite
from flows.records import ArticleRows, Checked, Quarantined
from flows.tables import DIM_ARTICLE, STAGED, Table


@dataclass(frozen=True)
class Policy:
    """What a batch is checked with (the staging SQL and the suites) and when its failures stop the run: more than
    max_share of a table's rows, and at least min_rows of them."""

    sql_dir: Path
    expectations_dir: Path
    max_share: float = 0.5
    min_rows: int = 10


class SuiteFailed(RuntimeError):
    """Most rows of a table failed its suite: the run stops rather than load garbage."""

    def __init__(self, message: str, results: list[dict], reports: list[dict]):
        super().__init__(message)
        self.results, self.reports = results, reports


def guard(table: str, total: int, failed: int, policy: Policy, checked: Checked) -> None:
    """Raise SuiteFailed when more than the policy's share of a table's rows (and at least its minimum) fail."""
    if failed >= policy.min_rows and failed > policy.max_share * total:
        broken = sorted({r["expectation"] for r in checked.results if r["suite"] == table and not r["success"]})
        raise SuiteFailed(f"{table}: {failed} of {total} rows failed its suite ({'; '.join(broken)}); "
                          "nothing of this batch was loaded", checked.results, checked.reports)


def set_aside(table: Table, computed: pd.DataFrame, failed: dict[int, list[str]], frames: dict[str, pd.DataFrame],
              checked: Checked) -> dict[str, list[str]]:
    """Record a table's failed rows: any row but an article's as a quarantine record with its values and file(s);
    return the failed articles' ids with their broken expectations (their files are set aside later)."""
    failed_articles = {}
    for position, names in sorted(failed.items()):
        row = computed.iloc[position]
        if table is DIM_ARTICLE:
            failed_articles[row["article_id"]] = [f"{table.name}: {n}" for n in names]
        else:
            checked.quarantined.append(Quarantined(
                checks.files_of(table.name, row, frames), "validate", "failed expectations: " + "; ".join(names),
                table_name=table.name, row_data=row_record(computed, position)))
    return failed_articles


def validate_together(articles: list[ArticleRows], policy: Policy, batch_number: int = 0) -> Checked:
    """Return what is left of a batch after each table's suite: the articles and frames that go on, and a
    quarantine record for each article whose dim_article row failed and for each other failed row."""
    checked = Checked(batch_number, [], to_frames(articles))
    if not articles:  # nothing new: no rows to check, no results to keep
        return checked
    failed_articles: dict[str, list[str]] = {}
    staged = checks.Staged()
    try:
        for table in STAGED:  # a derived table has no rows before the load: the audit checks it
            frames = checked.frames
            computed = staged.check_frame(table, frames, policy.sql_dir)
            results, failed, report = run_suite(table.name, computed, policy.expectations_dir)
            checked.results += results
            checked.reports.append({"suite": table.name, "success": not failed, "result": report})
            guard(table.name, len(computed), len(failed), policy, checked)
            failed_articles |= set_aside(table, computed, failed, frames, checked)
            checked.frames = checks.without_failed(table.name, frames, computed, set(failed))
    finally:
        staged.close()
    for art in articles:
        if art.article_id in failed_articles:
            reason = "failed expectations: " + "; ".join(failed_articles[art.article_id])
            checked.quarantined.append(Quarantined.file(art.path, art.origin, "validate", reason))
        else:
            checked.passed.append(art)
    return checked


def validate_batch(articles: list[ArticleRows], policy: Policy, batch_number: int = 0) -> Checked:
    """Return validate_together of the articles; when it fails on something other than a failing suite (a value
    that cannot be staged, say), each article is validated alone and the ones that still fail are quarantined."""
    try:
        return validate_together(articles, policy, batch_number)
    except SuiteFailed:
        raise
    except Exception as exc:
        if len(articles) < 2:
            raise
        error = exc
    merged = Checked(batch_number, [], {})
    for art in articles:
        try:
            alone = validate_together([art], policy, batch_number)
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            merged.quarantined.append(Quarantined.file(art.path, art.origin, "validate", reason))
            continue
        merged.passed += alone.passed
        merged.quarantined += alone.quarantined
        merged.results += alone.results
        merged.reports += alone.reports
        merged.frames = {t: pd.concat([merged.frames[t], f], ignore_index=True) if t in merged.frames else f
                         for t, f in alone.frames.items()}
    if not merged.frames:  # every article failed alone too: the fault is not in one file
        raise error
    merged.frames = derive_dims(merged.frames)
    return merged
