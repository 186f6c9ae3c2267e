"""Prefect wiring: one flow whose body calls coarse tasks in order, each wrapping a plain stage function."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows import batch, load, parse, read, report
from flows.extract import extract_batch
from flows.settings import Settings


@task(cache_policy=NO_CACHE)
def plan_files(settings: Settings) -> list[tuple[Path, str]]:
    """Return the seed and inbox files this run looks at."""
    return read.plan_files(settings.seeds, settings.inbox, settings.settle_seconds)


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2)
def start_run(settings: Settings) -> int:
    """Return the id of a new etl_run row."""
    return load.start_run(settings.warehouse, settings.sql_dir, settings.lock_timeout_seconds)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def read_files(files: list[tuple[Path, str]], settings: Settings):
    """Return (documents, rejections) for a batch of files."""
    return read.read_batch(files, settings.extensions)


@task(cache_policy=NO_CACHE)
def parse_documents(docs: list[read.Document]):
    """Return each document with its metadata."""
    return parse.parse_batch(docs)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def skip_known(items, settings: Settings):
    """Return (new items, documents already in the warehouse)."""
    return batch.split_known(items, settings)


@task(cache_policy=NO_CACHE)
def extract(items, settings: Settings):
    """Return (article rows, rejections) for the new articles of a batch."""
    return extract_batch(items, settings.spacy_model, settings.alias_table)


@task(cache_policy=NO_CACHE)
def validate(articles, settings: Settings, batch_number: int) -> batch.Checked:
    """Return the batch after its Great Expectations suites (failed rows and files set aside)."""
    return batch.check(articles, settings, batch_number)


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2)
def load_batch(settings: Settings, run_id: int, checked: batch.Checked, present, rejected) -> batch.BatchOutcome:
    """Return the outcome of loading one batch atomically."""
    return batch.commit(settings, run_id, checked, present, rejected)


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def move_inbox_files(outcome: batch.BatchOutcome, settings: Settings) -> None:
    """Archive or quarantine the inbox files of a batch."""
    batch.dispose(outcome, settings)


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2)
def finish_run(settings: Settings, summary: report.Summary) -> dict[str, int]:
    """Record the run's success and return the warehouse's row counts."""
    load.finish_run(settings.warehouse, summary.run_id, "success", summary.counts, summary.rows, settings.sql_dir,
                    settings.lock_timeout_seconds)
    return load.table_counts(settings.warehouse, settings.sql_dir, settings.lock_timeout_seconds)


@task(cache_policy=NO_CACHE, retries=3, retry_delay_seconds=2)
def fail_run(settings: Settings, summary: report.Summary, error: BaseException) -> None:
    """Record the run as failed with its reason (and the validation results that stopped it)."""
    records = load.RunRecords(results=getattr(error, "results", []), reports=getattr(error, "reports", []))
    load.finish_run(settings.warehouse, summary.run_id, "failed", summary.counts, summary.rows, settings.sql_dir,
                    settings.lock_timeout_seconds, error=f"{type(error).__name__}: {error}", records=records)


def chunks(items: list, size: int) -> list[list]:
    """Return the items cut into consecutive batches of at most `size`."""
    return [items[i:i + size] for i in range(0, len(items), max(size, 1))]


@flow(name="wirehouse-run", log_prints=False, validate_parameters=False)
def wirehouse_run(settings: Settings | None = None, show_progress: bool = False) -> report.Summary:
    """Return the summary of one run over the seeds and the inbox: read -> parse -> extract -> validate -> load."""
    settings = settings or Settings.from_env()
    files = plan_files(settings)
    summary = report.Summary(run_id=start_run(settings), files_seen=len(files))
    try:
        for done, files_batch in enumerate(chunks(files, settings.batch_size), start=1):
            docs, unreadable = read_files(files_batch, settings)
            fresh, present = skip_known(parse_documents(docs), settings)
            extracted, failed = extract(fresh, settings)
            checked = validate(extracted, settings, done)
            outcome = load_batch(settings, summary.run_id, checked, present, unreadable + failed)
            move_inbox_files(outcome, settings)
            summary.add(outcome)
            if show_progress:
                report.progress(min(done * settings.batch_size, len(files)), len(files))
    except Exception as exc:
        fail_run(settings, summary, exc)
        raise
    summary.totals = finish_run(settings, summary)
    return summary


def run(settings: Settings, show_progress: bool = False) -> report.Summary:
    """Return the summary of a flow run with Prefect's per-flow heartbeat turned off (it costs ~1 s a run)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return wirehouse_run(settings=replace(settings), show_progress=show_progress)
