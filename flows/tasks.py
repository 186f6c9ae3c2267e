"""Prefect tasks: each wraps one plain stage function of its name (ingest_batch and keep_batch a few steps of one
batch in a row), importable and testable without Prefect. A task run costs about 25 ms of CPU, most of it in Prefect's
server: a batch has a few coarse tasks, not one per step.

Retries: the warehouse connection backs off by itself while another process holds the file lock, so no
task that touches DuckDB is retried (a deterministic SQL error must fail once, loudly). Keeping inbox files is
not retried either: a copy that fails stops the run with its reason (ingest/inbox.py).

Arguments are plain values, never futures: each task hands them to Prefect quoted (stage), so Prefect neither
walks them for futures nor records them as inputs. Walking a batch's documents and rows, object by object, cost
the run's own process about 15 s of CPU per 1,000 articles (bench/RESULTS.md).
"""
from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal
from prefect.utilities.annotations import quote

from flows import interrupts
from flows.ingest import discover, inbox, parse, read
from flows.records import ArticleMeta, ArticleRows, BatchOutcome, Checked, Document, Kept, Quarantined
from flows.report.summary import Summary
from flows.settings import Settings
from flows.warehouse import ledger, loader, reprocess


class Quoted(quote):
    """Prefect's quote, safe to pickle: a plain quote comes back from pickle (a Dask worker) as a quote of a
    1-tuple, since tuple subclasses are rebuilt from tuple(self)."""

    __slots__ = ()

    def __getnewargs__(self):
        return (self.unwrap(),)


class Stage:
    """A Prefect task (`task`, for its options) called, or submitted, with its arguments quoted."""

    def __init__(self, fn):
        self.task = task(cache_policy=NO_CACHE)(fn)
        self.fn, self.__name__, self.__doc__ = fn, fn.__name__, fn.__doc__

    def __call__(self, *args, **kwargs):
        return self.task(*map(Quoted, args), **{k: Quoted(v) for k, v in kwargs.items()})

    def submit(self, *args, **kwargs):
        return self.task.submit(*map(Quoted, args), **{k: Quoted(v) for k, v in kwargs.items()})


@Stage
def plan_files(settings: Settings, closed: dict[str, list[int]] | None = None) -> list[tuple[Path, str]]:
    """Return the seed and inbox files this run looks at (`closed`: inbox files known complete, discover.discover)."""
    return discover.plan_files(settings.seeds, settings.inbox, settings.settle_seconds, closed)


@Stage
def start_run(settings: Settings) -> int:
    """Return the id of a new etl_run row."""
    return ledger.start_run(settings.store)


@Stage
def ingest_batch(files: list[tuple[Path, str]], settings: Settings):
    """Return a batch of files read, parsed and split: (its new articles with their metadata, the documents already
    in the warehouse, the files set aside as unreadable or not English)."""
    docs, unreadable = read.read_batch(files, settings.extensions, settings.max_file_bytes, settings.max_text_chars)
    parsed, unparsed = parse.parse_batch(inbox.plan_archive(docs, settings.archive_dir))
    fresh, present = loader.split_known(parsed, settings.store)
    return fresh, present, unreadable + unparsed


@Stage
def extract_batch(items: list[tuple[Document, ArticleMeta]], settings: Settings):
    """Return (article rows, files whose extraction failed) for the new articles of a batch."""
    from flows.extract.workers import extract_parallel  # spaCy is imported only when there is something to extract

    with interrupts.interruptible():  # in this process (a small batch of `run`) a stop ends it at once
        return extract_parallel(items, settings)


@Stage
def validate_batch(articles: list[ArticleRows], settings: Settings, batch_number: int) -> Checked:
    """Return the batch after its Great Expectations suites (failed rows and files set aside)."""
    from flows.quality.validate import Policy, validate_batch  # GX is imported only when there is something to check

    policy = Policy(settings.sql_dir, settings.expectations_dir, settings.max_invalid_share, settings.abort_min_rows)
    return validate_batch(articles, policy, batch_number)


@Stage
def load_batch(settings: Settings, batch: loader.ToLoad) -> BatchOutcome:
    """Return the outcome of loading one batch atomically."""
    return loader.load_batch(settings.store, batch, target_for=lambda q: inbox.with_targets([q], settings.quarantine_dir)[0])


@Stage
def keep_batch(checked: Checked, present: list[Document], set_aside: list[Quarantined], settings: Settings):
    """Return the batch with its inbox files copied to the archive or quarantine (before its load), and the copies;
    each set-aside inbox file is given the path it is kept at first."""
    set_aside = inbox.with_targets(set_aside, settings.quarantine_dir)
    return inbox.keep_batch(checked, present, set_aside)


@Stage
def dispose(outcome: BatchOutcome, copies: list[Kept]) -> None:
    """Remove from the inbox the files of a committed batch, each kept in the archive or quarantine."""
    inbox.dispose(outcome, copies)


@Stage
def refresh_search_index(settings: Settings) -> None:
    """Rebuild the full-text index over articles and quotes after a run that loaded something."""
    from flows.report import search

    search.refresh_search_index(settings.store)


@Stage
def finish_run(settings: Settings, summary: Summary) -> dict[str, int]:
    """Record the run's success and return the warehouse's row counts."""
    ledger.finish_run(settings.store, summary.run_id, ledger.RunEnd("success", summary.counts, summary.rows))
    return ledger.table_counts(settings.store)


@Stage
def fail_run(settings: Settings, summary: Summary, error: BaseException) -> None:
    """Record the run as interrupted (Ctrl-C, SIGTERM) or failed, with its reason (and the validation results that stopped it)."""
    # Prefect turns a SIGTERM during a flow run into TerminationSignal: a stop asked for, like Ctrl-C
    status = "interrupted" if isinstance(error, (KeyboardInterrupt, TerminationSignal)) else "failed"
    why = "interrupted by the user" if status == "interrupted" else f"{type(error).__name__}: {error}"
    ledger.finish_run(settings.store, summary.run_id, ledger.RunEnd(
        status, summary.counts, summary.rows, why, getattr(error, "results", []), getattr(error, "reports", [])))


@Stage
def stored_articles(settings: Settings, scope: str, ids: list[str]) -> list[tuple[Document, ArticleMeta]]:
    """Return the loaded articles to extract again, as documents whose text is their stored body."""
    from flows.extract.stamp import current_stamp

    return reprocess.stored_articles(settings.store, scope, current_stamp(settings.spacy_model, settings.alias_table), ids)


@Stage
def replace_batch(settings: Settings, run_id: int, checked: Checked, set_aside: list[Quarantined],
                  last: bool) -> BatchOutcome:
    """Return the outcome of replacing the rows of reprocessed articles, one transaction per batch."""
    return loader.load_batch(settings.store, loader.ToLoad(run_id, checked, set_aside, replace_loaded=True, link=last))
