"""One batch end to end as plain functions: dedupe, validate, load, then move inbox files. No Prefect here."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from flows import inbox, load, validate
from flows.parse import ArticleMeta, article_id
from flows.read import Document, Rejection
from flows.rows import ArticleRows, to_frames
from flows.settings import Settings


@dataclass
class BatchOutcome:
    """What happened to every file of a batch."""

    loaded: list[tuple[Path, str]] = field(default_factory=list)   # (path, origin)
    present: list[tuple[Path, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    targets: dict[Path, Path] = field(default_factory=dict)         # quarantined inbox file -> where it goes
    rows: dict[str, int] = field(default_factory=dict)
    rows_quarantined: int = 0                                       # single rows set aside by validation


def split_known(items: list[tuple[Document, ArticleMeta]], settings: Settings) -> tuple[list, list[Document]]:
    """Return the items whose text is new to the warehouse (first copy only) and the documents already present."""
    keys = [article_id(d.text) for d, _ in items]
    known = load.known_article_ids(settings.warehouse, keys, settings.lock_timeout_seconds)
    fresh, present, seen = [], [], set()
    for key, (doc, meta) in zip(keys, items):
        if key in known or key in seen:
            present.append(doc)
        else:
            seen.add(key)
            fresh.append((doc, meta))
    return fresh, present


@dataclass
class Checked:
    """A validated batch: the articles that go on, the frames to load, and what was set aside."""

    passed: list[ArticleRows]
    frames: dict
    rejected: list[Rejection]   # whole files (their dim_article row failed)
    records: load.RunRecords    # failed rows, every expectation result, the GX reports


def check(articles: list[ArticleRows], settings: Settings, batch_number: int = 0) -> Checked:
    """Return the batch after its GX suites: failed articles become Rejections, failed rows quarantine records."""
    if not articles:  # nothing new: no rows to check, no results to keep
        return Checked([], to_frames([]), [], load.RunRecords(batch_number))
    verdict = validate.validate_frames(to_frames(articles), settings.expectations_dir,
                                       settings.max_invalid_share, settings.abort_min_rows)
    passed, failed = validate.split_valid(articles, verdict)
    rows = [{"file_name": f.file_name, "stage": "validate", "table_name": f.table, "row_data": f.row,
             "reason": "failed expectations: " + "; ".join(f.expectations)} for f in verdict.rows]
    return Checked(passed, verdict.frames, [Rejection(a.path, a.origin, "validate", reason) for a, reason in failed],
                   load.RunRecords(batch_number, rows, verdict.results, verdict.reports))


def commit(settings: Settings, run_id: int, checked: Checked, present: list[Document],
           rejected: list[Rejection]) -> BatchOutcome:
    """Return the batch outcome after loading it in one transaction (quarantine rows and results included)."""
    rejected = rejected + checked.rejected
    targets = {r.path: inbox.quarantine_path(r.path, settings.quarantine_dir) for r in rejected if r.origin == "inbox"}
    files = [{"file_name": r.file_name, "stage": r.stage, "reason": r.reason,
              "quarantined_path": str(targets.get(r.path, r.path))} for r in rejected]
    records = replace(checked.records, quarantined=files + checked.records.quarantined)  # a retry starts afresh
    result = load.load_batch(settings.warehouse, settings.sql_dir, run_id, checked.frames, records,
                             settings.lock_timeout_seconds)
    new = set(result.loaded)
    outcome = BatchOutcome(rejected=rejected, targets=targets, rows=result.rows)
    outcome.loaded = [(a.path, a.origin) for a in checked.passed if a.article_id in new]
    outcome.present = [(a.path, a.origin) for a in checked.passed if a.article_id not in new]
    outcome.present += [(d.path, d.origin) for d in present]
    outcome.rows_quarantined = len(checked.records.quarantined)
    return outcome


def dispose(outcome: BatchOutcome, settings: Settings) -> None:
    """Move the batch's inbox files: loaded or present ones to the dated archive, rejected ones to quarantine."""
    for path, origin in outcome.loaded + outcome.present:
        if origin == "inbox" and path.exists():
            inbox.archive_file(path, settings.archive_dir)
    for rejection in outcome.rejected:
        if rejection.origin == "inbox" and rejection.path.exists():
            inbox.quarantine_file(rejection.path, outcome.targets[rejection.path], rejection.stage, rejection.reason)
