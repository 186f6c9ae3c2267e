"""Prefect wiring: the flows, whose bodies call coarse tasks (tasks.py) in order, and how they are run. With
tasks.py, schedule.py (serve's runs) and deployment.py, the only modules that import Prefect.

With a Dask task runner (`--dask`, see on_runner) only extraction leaves this process: each batch's new articles
go to the cluster as one extract_batch task per worker, two batches are under way at once (inflight.ordered),
and this process validates, loads and disposes of them in batch order, the single DuckDB writer.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from prefect import flow
from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

from flows import busy, inflight, interrupts, server
from flows.extract.workers import parts, uses_pool
from flows.extract.workers import release as release_workers  # not a service's (workers.kept)
from flows.ingest.inbox import discard
from flows.records import ArticleMeta, ArticleRows, Document, Quarantined
from flows.report.summary import Summary, progress
from flows.settings import Settings
from flows.tasks import (
    dispose,
    extract_batch,
    fail_run,
    finish_run,
    ingest_batch,
    keep_batch,
    load_batch,
    plan_files,
    refresh_search_index,
    replace_batch,
    start_run,
    stored_articles,
    validate_batch,
)
from flows.warehouse.loader import ToLoad


def chunks(items: list, size: int) -> list[list]:
    """Return the items cut into consecutive batches of at most `size`."""
    return [items[i:i + size] for i in range(0, len(items), max(size, 1))]


def start_extraction(items: list[tuple[Document, ArticleMeta]], settings: Settings) -> list:
    """Return the extraction of the items, started: [(article rows, failed files)] done here for a small batch,
    a task future for a batch on the worker pool, or with a Dask task runner one per worker's part of it."""
    if not items:
        return []  # spaCy only when needed
    if not settings.dask:
        # on the pool, the batch is extracted while this process validates and loads the batch before it
        if uses_pool(len(items), settings.workers, settings.parallel_min_articles):
            return [extract_batch.submit(items, settings)]
        return [extract_batch(items, settings)]
    on_worker = replace(settings, workers=1)  # a Dask worker is one process: no pool of its own inside it
    return [extract_batch.submit(part, on_worker) for part in parts(items, settings.dask_workers)]


def extraction_result(started: list) -> tuple[list[ArticleRows], list[Quarantined]]:
    """Return (article rows, failed files) of a started extraction, waiting for its task futures in order. A stop
    ends the wait at once, and the workers with it: the task thread waiting on them then ends too (the flow's
    task runner waits for its threads on the way out)."""
    from flows.extract import workers

    extracted, failed = [], []
    for part in started:
        if not isinstance(part, tuple):
            try:
                with interrupts.interruptible():
                    part.wait()
            except KeyboardInterrupt:
                workers.shutdown()
                raise
        rows, refused = part if isinstance(part, tuple) else part.result()
        extracted += rows
        failed += refused
    return extracted, failed


def stop_extracting(settings: Settings) -> Settings:
    """Stop the run's extraction workers (a service keeps its own: workers.kept) and return the settings for the
    rest of the run, whose DuckDB writer has their cores (Settings.extraction_done)."""
    release_workers()
    return settings.extraction_done()


def in_flight(settings: Settings) -> int:
    """Return how many batches are under way at once: two with Dask or a worker pool, so the next batch is
    extracted while this process validates and loads one; one otherwise (the run is then sequential)."""
    return 2 if settings.dask or settings.workers > 1 else 1


def begin_batch(files: list[tuple[Path, str]], settings: Settings) -> tuple[list, list[Document], list[Quarantined]]:
    """Return a batch read, parsed and split: (its new articles' extraction, started; the documents already in the
    warehouse; the files set aside)."""
    fresh, present, refused = ingest_batch(files, settings)
    return start_extraction(fresh, settings), present, refused


def finish_batch(settings: Settings, summary: Summary, number: int, begun: tuple, last: bool) -> None:
    """Validate, load and dispose of a begun batch (this process is the single DuckDB writer); add its outcome.
    The run's last batch links the stories and events of all of them (loader.ToLoad)."""
    started, present, refused = begun
    extracted, failed = extraction_result(started)
    if last:  # nothing is left to extract: the workers' memory and cores go back before the load that links
        settings = stop_extracting(settings)
    checked = validate_batch(extracted, settings, number)
    interrupts.checkpoint()  # a stop noted so far ends the run here: nothing of this batch is kept or loaded yet
    # inbox files are copied before the load commits and leave the inbox after it (why: flows/ingest/inbox.py)
    checked, present, set_aside, copies = keep_batch(checked, present, refused + failed + checked.quarantined, settings)
    try:
        outcome = load_batch(settings, ToLoad(summary.run_id, checked, set_aside, [d.handled for d in present],
                                              link=last))
    except BaseException:
        discard(copies)
        raise
    summary.add(outcome)
    dispose(outcome, copies)


@flow(name="wirehouse-run", log_prints=False, validate_parameters=False)
def wirehouse_run(settings: Settings | None = None, show_progress: bool = False,
                  files: list[tuple[Path, str]] | None = None, closed: dict[str, list[int]] | None = None) -> Summary:
    """Return the summary of one run over the seeds and the inbox: ingest -> extract -> validate -> load -> report.

    Without settings (a scheduled run of `wirehouse serve`) they come from the WIREHOUSE_* environment, without
    Dask: such a run has Prefect's default task runner (on_runner applies the Dask one per call). The run holds
    the warehouse's run lock throughout, so runs started by hand, by the schedule or by the watcher queue; a
    scheduled run that finds the warehouse held past the lock timeout leaves the files for the next tick (busy.py).
    `files` ((path, origin) pairs) replaces the seeds and inbox: a rebuild reads the archive in place. `closed`
    (inbox file name -> [size, modification time ns] when its writer closed it, from `watch`) spares such files,
    unchanged since, the settle window (ingest/discover.py).
    """
    scheduled, summary = settings is None, Summary()
    settings = settings or replace(Settings.from_env(), dask="")
    # Ctrl-C or SIGTERM ends the run only where nothing is half done, never inside a DuckDB call (interrupts.py)
    with interrupts.held(), busy.later("at the next scheduled run", service=scheduled), settings.store.run_lock():
        files = plan_files(settings, closed) if files is None else files
        summary = Summary(run_id=start_run(settings), files_seen=len(files))
        after = settings.extraction_done()  # the index refresh and the ledger come once the workers are done
        try:
            batches = list(enumerate(chunks(files, settings.batch_size), start=1))
            for (number, _), begun in inflight.ordered(batches, lambda b: begin_batch(b[1], settings), in_flight(settings)):
                finish_batch(settings, summary, number, begun, last=number == len(batches))
                if show_progress:
                    progress(min(number * settings.batch_size, len(files)), len(files))
            if summary.loaded:
                refresh_search_index(after)
        except BaseException as exc:  # Ctrl-C included: the run is recorded as interrupted, then stops
            fail_run(settings, summary, exc)
            raise
        summary.totals = finish_run(after, summary)
    return summary


@flow(name="wirehouse-reprocess", log_prints=False, validate_parameters=False)
def wirehouse_reprocess(settings: Settings, scope: str = "stale", ids: list[str] | None = None) -> Summary:
    """Return the summary of extracting loaded articles again from their stored body: extract -> validate ->
    replace their rows, one batch per transaction. An article that fails keeps the rows it had."""
    with interrupts.held(), settings.store.run_lock():
        summary = Summary(run_id=start_run(settings))
        items = stored_articles(settings, scope, ids or [])
        summary.files_seen = len(items)
        after = settings.extraction_done()  # as in wirehouse_run
        try:
            batches = list(enumerate(chunks(items, settings.batch_size), start=1))
            for (number, _), started in inflight.ordered(batches, lambda b: start_extraction(b[1], settings),
                                                         in_flight(settings)):
                extracted, failed = extraction_result(started)
                last = number == len(batches)
                writer = stop_extracting(settings) if last else settings  # as in finish_batch
                checked = validate_batch(extracted, settings, number)
                interrupts.checkpoint()
                summary.add(replace_batch(writer, summary.run_id, checked, failed + checked.quarantined, last))
            if summary.loaded:
                refresh_search_index(after)
        except BaseException as exc:
            fail_run(settings, summary, exc)
            raise
        summary.totals = finish_run(after, summary)
    return summary


@contextmanager
def prefect_api(settings: Settings, ui: bool = False, port: int | None = None, started=None):
    """Yield the Prefect API flows report to, as server.Api: PREFECT_API_URL when configured, else a local server's,
    started for the block (or already started: `started` from server.start) and stopped after it."""
    configured = PREFECT_API_URL.value()
    if configured:
        if started:  # a Prefect profile names a server the environment did not: the early one is not needed
            server.stop(started[0])
        yield server.Api(configured)
        return
    with server.local_server(settings.logs_dir / "prefect-server.log", ui, port, started=started) as local:
        with temporary_settings(updates={PREFECT_API_URL: local.api_url}):
            yield server.Api(local.api_url, local)


@contextmanager
def engine(settings: Settings, started=None):
    """Run the block's flow against a Prefect API (see prefect_api) with the per-flow heartbeat off (it costs
    ~1 s a run), and stop the extraction workers afterwards (unless a service keeps them warm: workers.kept)."""
    try:
        with prefect_api(settings, started=started), temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield
    finally:
        release_workers()


def on_runner(flow_, settings: Settings):
    """Return the flow as it is, or with settings.dask a copy whose submitted tasks run on that Dask cluster
    ("local": a cluster of dask_workers processes, one thread each, started when the first task is submitted)."""
    if not settings.dask:
        return flow_
    from prefect_dask import DaskTaskRunner  # Dask is imported only for a run that uses it

    if settings.dask == "local":
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1,
                                                "processes": True, "dashboard_address": ":0"})
    else:
        runner = DaskTaskRunner(address=settings.dask)
    return flow_.with_options(task_runner=runner)


def run(settings: Settings, show_progress: bool = False, started=None,
        files: list[tuple[Path, str]] | None = None, closed: dict[str, list[int]] | None = None) -> Summary:
    """Return the summary of one flow run over the seeds and the inbox, or the given files (`started`: see
    prefect_api; `closed`: see wirehouse_run)."""
    with engine(settings, started):
        return on_runner(wirehouse_run, settings)(settings=replace(settings), show_progress=show_progress, files=files,
                                                  closed=closed)


def reprocess_articles(settings: Settings, scope: str, ids: list[str] | None = None) -> Summary:
    """Return the summary of a reprocessing flow run (see wirehouse_reprocess)."""
    with engine(settings):
        return on_runner(wirehouse_reprocess, settings)(settings=replace(settings), scope=scope, ids=ids)


def serve(settings: Settings, cron: str | None = None, interval: float | None = None, port: int = 4200) -> None:
    """Serve the flow as the Prefect deployment 'wirehouse' on a cron or interval schedule until Ctrl-C or SIGTERM,
    against PREFECT_API_URL or a local server with its UI (started here, stopped on the way out); the runs are
    made in this process through warm workers (schedule.py). Raise schedule.AlreadyServed when another serve
    holds the deployment, before starting anything."""
    from flows import schedule
    from flows.extract import workers

    os.environ.update(settings.to_env())  # scheduled runs take their settings from the environment
    configured = PREFECT_API_URL.value()
    where = f"UI {configured.removesuffix('/api')}" if configured else f"UI on port {port}"
    with schedule.only_serve(configured, f"{where}, warehouse {settings.warehouse}"), \
            prefect_api(settings, ui=True, port=port) as api, \
            temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}), workers.kept(settings):
        print(f"Prefect UI: {api.url.removesuffix('/api')}  (flow runs appear under Runs)", flush=True)
        when = f"cron '{cron}'" if cron else f"every {interval:g}s"
        print(f"serving deployment 'wirehouse-run/wirehouse' on {when}; Ctrl-C stops it", flush=True)
        schedule.serve(wirehouse_run, cron, interval)
