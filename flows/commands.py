"""What each `wirehouse` command does once its arguments are parsed (flows/cli.py parses and dispatches)."""
from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import urlsplit

from flows.settings import Settings


class BadInput(ValueError):
    """A command-line value that cannot work; the message says which and why."""


def check_run_input(settings: Settings) -> None:
    """Raise BadInput for folders and paths a run cannot use; create the default inbox when it is missing."""
    if settings.batch_size < 1:
        raise BadInput(f"batch size must be at least 1, got {settings.batch_size} (WIREHOUSE_BATCH_SIZE)")
    if settings.inbox == Settings().inbox:
        settings.inbox.mkdir(parents=True, exist_ok=True)
    for name, folder in (("inbox", settings.inbox), ("seeds", settings.seeds)):
        if not folder.is_dir():
            raise BadInput(f"{name} folder {folder} does not exist" if not folder.exists()
                           else f"{name} {folder} is not a folder")
    if settings.warehouse.is_dir():
        raise BadInput(f"warehouse {settings.warehouse} is a directory: give a file path such as "
                       f"{settings.warehouse / 'news.duckdb'}")


def check_dask(settings: Settings) -> None:
    """Raise BadInput for a Dask setting that cannot work: not 'local' nor a host:port address, or an existing
    cluster while no PREFECT_API_URL names the server its workers report to (the run's private server listens on
    127.0.0.1 and stops with the run, while a cluster's workers outlive it and keep reporting to the first one)."""
    if settings.dask_workers < 1:
        raise BadInput(f"Dask workers must be at least 1, got {settings.dask_workers} (WIREHOUSE_DASK_WORKERS)")
    if settings.dask in ("", "local"):
        return
    address = urlsplit(settings.dask if "://" in settings.dask else f"tcp://{settings.dask}")
    if not address.hostname or ":" not in address.netloc:
        raise BadInput(f"--dask takes 'local' or a scheduler address such as tcp://host:8786, got {settings.dask!r}")
    if not os.environ.get("PREFECT_API_URL"):
        raise BadInput(f"the Dask workers at {settings.dask} report to Prefect: set PREFECT_API_URL to a Prefect "
                       "server they reach and that outlives the run (the run's own server stops with it)")


def run(settings: Settings) -> int:
    """Run the flow, print its summary and return 0, or 1 with the reason when the run failed."""
    from flows import idle, server

    summary = idle.record_if_idle(settings)
    if summary is None:
        # the run's private Prefect server starts now, so that its start-up overlaps importing Prefect and spaCy
        started = None if os.environ.get("PREFECT_API_URL") else server.start(settings.logs_dir / "prefect-server.log")
        try:
            from flows import pipeline  # imports Prefect: only when there is something to do

            summary = pipeline.run(settings, show_progress=True, started=started)
        finally:
            if started:
                server.stop(started[0])
    print(summary.render(summary.totals))
    print(f"warehouse: {settings.store}")
    return 0


def audit(settings: Settings) -> int:
    """Print the suites' verdict on the loaded tables; return 1 when any expectation fails."""
    from flows.quality.audit import audit
    from flows.report.status import plural

    found = audit(settings.store, settings.sql_dir, settings.expectations_dir, settings.lock_timeout_seconds)
    suites = sorted({r["suite"] for r in found.results})
    print(f"{len(found.results)} expectations in {len(suites)} suites: "
          f"{sum(not r['success'] for r in found.results)} failed")
    for result in found.results:
        if not result["success"]:
            print(f"  {result['suite']}: {result['expectation']} ({plural(result['unexpected_count'], 'row')})")
    return 0 if found.clean else 1


def report(args: argparse.Namespace, settings: Settings) -> int:
    """List the reports, run one, or write them all as HTML; return 0, or 2 with the reason for a bad request."""
    from flows.db import WarehouseLocked
    from flows.report import formats, reports

    if args.list:
        print(reports.listing(settings.sql_dir))
        return 0
    if not args.html and not args.name:
        print("name a report to run (wirehouse report --list shows them), or give --html PATH", file=sys.stderr)
        return 2
    try:
        if args.html:
            from flows.report.html import write_html

            print(write_html(settings.store, settings.sql_dir, args.html.resolve(), settings.lock_timeout_seconds))
            return 0
        result = reports.run_report(settings.store, settings.sql_dir, args.name, reports.parse_params(args.param),
                                    args.limit, settings.lock_timeout_seconds)
    except (reports.ReportError, ValueError, WarehouseLocked) as exc:  # SearchError is a ValueError (articles_matching)
        print(exc, file=sys.stderr)
        return 2
    print(formats.render(result, args.format))
    return 0


def search(args: argparse.Namespace, settings: Settings) -> int:
    """Print the best hits of a full-text query; return 0, or 2 with the reason when the query cannot be searched."""
    from flows.db import WarehouseLocked
    from flows.report.search import SearchError, render, search

    try:
        rows = search(settings.store, settings.sql_dir, args.query, args.scope, args.limit,
                      settings.lock_timeout_seconds)
    except (SearchError, WarehouseLocked) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(render(rows, args.scope, args.query))
    return 0


def reprocess(args: argparse.Namespace, settings: Settings) -> int:
    """Extract the chosen loaded articles again; print the summary and return 0."""
    from flows import pipeline

    if not (args.all or args.stale or args.ids):
        raise BadInput("say which articles: --all, --stale or ARTICLE_ID...")
    scope = "all" if args.all else "stale" if args.stale else "ids"
    summary = pipeline.reprocess_articles(settings, scope, args.ids)
    print(summary.render(summary.totals).replace("files seen", "articles read back", 1)
          .replace("articles loaded", "reprocessed", 1))
    return 0


def requeue(args: argparse.Namespace, settings: Settings) -> int:
    """Move quarantined files back to the inbox; print where each went and return 0."""
    from flows.ingest.inbox import requeue

    if not args.names and not args.all:
        raise BadInput("name the quarantined files to requeue, or give --all")
    try:
        moved = requeue(args.names, settings.quarantine_dir, settings.inbox, settings.archive_dir)
    except FileNotFoundError as exc:
        raise BadInput(str(exc)) from None
    for path in moved:
        print(f"requeued {path}")
    print(f"{len(moved)} file(s) back in the inbox: the next run reads them")
    return 0


def serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the flow on its schedule until Ctrl-C; return 0."""
    from flows import pipeline

    pipeline.serve(settings, cron=args.cron or (None if args.interval else "*/15 * * * *"),
                   interval=args.interval, port=args.port)
    print("stopped: the schedule is paused and the local Prefect server is down", file=sys.stderr)
    return 0


def watch(args: argparse.Namespace, settings: Settings) -> int:
    """Run the flow after each burst of inbox files until Ctrl-C; return 0."""
    from flows import watch

    watch.watch(settings, args.quiet_seconds)
    return 0


def explain(args: argparse.Namespace, settings: Settings) -> int:
    """Print what one file or loaded article yields; return 0."""
    from flows.report.explain import NothingToExplain, explain

    try:
        print(explain(args.target, settings))
    except NothingToExplain as exc:
        raise BadInput(str(exc)) from None
    return 0


def status(args: argparse.Namespace, settings: Settings) -> int:
    """Print the status report; return 0."""
    from flows.extract.stamp import current_stamp
    from flows.report.status import status

    print(status(settings.store, settings.sql_dir, settings.lock_timeout_seconds, settings.inbox,
                 current_stamp(settings.spacy_model, settings.alias_table), args.runs))
    return 0


def docs(settings: Settings) -> int:
    """Build the Data Docs and print the page to open; return 0."""
    from flows.quality.docs import DocsFolderTaken, build_docs

    try:
        print(build_docs(settings.store, settings.sql_dir, settings.expectations_dir, settings.docs_dir,
                         settings.lock_timeout_seconds))
    except DocsFolderTaken as exc:
        raise BadInput(str(exc)) from None
    return 0


def sql(settings: Settings) -> int:
    """Print the statements that open the lake read-only in `.venv/bin/duckdb -cmd "..."`; return 0 (2 without a lake)."""
    from flows.lake import shell_statements

    if not settings.lake:
        raise BadInput("no lake is set (--lake or WIREHOUSE_LAKE): a DuckDB file opens as it is, "
                       f".venv/bin/duckdb -readonly {settings.warehouse}")
    print(shell_statements(settings.store))
    return 0
