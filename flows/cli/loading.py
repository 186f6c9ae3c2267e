"""Commands that load: `run`, `reprocess` and `requeue`."""
from __future__ import annotations

import argparse
import os
import tempfile
from urllib.parse import urlsplit

from flows.cli.options import DASK, FOLDERS, WAREHOUSE, BadInput, article_ids, command, one_of, opt, store_of
from flows.settings import HOME, Settings


def check_run_input(settings: Settings) -> None:
    """Raise BadInput for folders and paths a run cannot use; create the default inbox when it is missing."""
    if settings.inbox == HOME / "inbox":
        settings.inbox.mkdir(parents=True, exist_ok=True)
    for name, folder in (("inbox", settings.inbox), ("seeds", settings.seeds)):
        if not folder.is_dir():
            raise BadInput(f"{name} folder {folder} does not exist" if not folder.exists()
                           else f"{name} {folder} is not a folder")
    if not settings.alias_table.is_file():  # a typo would silently drop every name the table teaches
        raise BadInput(f"alias table {settings.alias_table} is not a file (WIREHOUSE_ALIAS_TABLE)")
    store_of(settings)
    check_writable(settings)


def check_writable(settings: Settings) -> None:
    """Raise BadInput when a command that writes the warehouse could not: its folder (or the nearest one that
    exists, where it would be created) takes no new file, or the file itself is read-only. Tried by creating and
    removing a file there before anything else (the run lock, logs) is made, so the reason is the system's own."""
    if settings.lake:
        return  # a lake's catalog and data folder say what is wrong when attached
    path = settings.warehouse
    folder = next(p for p in path.parents if p.exists())
    try:
        fd, probe = tempfile.mkstemp(prefix=".wirehouse-probe-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BadInput(f"cannot write the warehouse {path}: its folder {folder} is not writable ({exc.strerror}); "
                       "fix the folder's permissions or give another --warehouse") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise BadInput(f"cannot write the warehouse {path}: the file is read-only; fix its permissions or give "
                       "another --warehouse")


def check_dask(settings: Settings) -> None:
    """Raise BadInput for a Dask setting that cannot work: not 'local' nor a host:port address, or an existing
    cluster while no PREFECT_API_URL names the server its workers report to (the run's private server listens on
    127.0.0.1 and stops with the run, while a cluster's workers outlive it and keep reporting to the first one)."""
    if settings.dask in ("", "local"):
        return
    address = urlsplit(settings.dask if "://" in settings.dask else f"tcp://{settings.dask}")
    if not address.hostname or ":" not in address.netloc:
        raise BadInput(f"--dask takes 'local' or a scheduler address such as tcp://host:8786, got {settings.dask!r}")
    if not os.environ.get("PREFECT_API_URL"):
        raise BadInput(f"the Dask workers at {settings.dask} report to Prefect: set PREFECT_API_URL to a Prefect "
                       "server they reach and that outlives the run (the run's own server stops with it)")


@command("load the seed articles and every new inbox file into the warehouse", FOLDERS, DASK, WAREHOUSE)
def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the flow, print its summary and return 0 (a failed run raises, and main says why)."""
    from flows import idle, server
    from flows.extract import workers
    from flows.ingest import discover

    check_run_input(settings)
    check_dask(settings)
    summary = idle.record_if_idle(settings)
    if summary is None:
        # the run's private Prefect server and, for a large enough inbox, the extraction workers start now, so
        # that their start-up overlaps importing Prefect
        started = None if os.environ.get("PREFECT_API_URL") else server.start(settings.logs_dir / "prefect-server.log")
        workers.start_early(settings, len(discover.discover(settings.inbox)))
        try:
            from flows import pipeline  # imports Prefect: only when there is something to do

            summary = pipeline.run(settings, show_progress=True, started=started)
            summary.started = args.started  # the time the command took, start-up and waits included
        finally:
            workers.release()
            if started:
                server.stop(started[0])
    print(summary.render(summary.totals))
    print(f"warehouse: {settings.store}")
    return 0


@command("extract loaded articles again from their stored text", DASK, WAREHOUSE,
         one_of(opt("--all", action="store_true", help="every loaded article"),
                opt("--stale", action="store_true", help="articles extracted by another extractor, model or aliases"),
                opt("ids", nargs="*", default=[], metavar="ARTICLE_ID", help="article ids (or their first characters)"),
                opt("--rebuild", action="store_true",
                    help="build the warehouse again from the archived and seed files (a damaged file), the old file "
                         "kept aside"),
                required=True),
         FOLDERS[1])
def reprocess(args: argparse.Namespace, settings: Settings) -> int:
    """Extract the chosen loaded articles again, or rebuild the warehouse; print the summary and return 0."""
    from flows import pipeline

    if args.rebuild:
        return rebuild(settings)
    if not (args.all or args.stale or args.ids):
        raise BadInput("say which articles: --all, --stale, ARTICLE_ID... or --rebuild")
    store_of(settings)
    check_writable(settings)
    check_dask(settings)
    scope = "all" if args.all else "stale" if args.stale else "ids"
    summary = pipeline.reprocess_articles(settings, scope, article_ids(store_of(settings), args.ids) if args.ids else [])
    print(summary.render(summary.totals).replace("files seen", "articles read back", 1)
          .replace("articles loaded", "reprocessed", 1))
    return 0


def rebuild(settings: Settings) -> int:
    """Rebuild a DuckDB file warehouse from the archive and the seeds; print the summary and where the old file went."""
    from flows import pipeline
    from flows.db import a_folder
    from flows.warehouse.rebuild import NothingToRebuild, rebuild

    if settings.lake:
        raise BadInput("--rebuild rebuilds a DuckDB file warehouse; a lake keeps its data in Parquet files")
    if settings.warehouse.is_dir():
        raise BadInput(str(a_folder(settings.warehouse)))
    check_writable(settings)  # the file itself may be anything: damaged, cut short, garbage
    check_dask(settings)
    try:
        summary, aside = rebuild(settings, lambda building, files: pipeline.run(building, files=files))
    except NothingToRebuild as exc:
        raise BadInput(str(exc)) from None
    print(summary.render(summary.totals).replace("files seen", "archived and seed files read", 1))
    print(f"rebuilt {settings.warehouse}" + (f"; the old file is kept as {aside}" if aside else ""))
    return 0


@command("move quarantined files back to the inbox once they are fixed", FOLDERS, WAREHOUSE,
         opt("names", nargs="*", metavar="FILE", help="file names in the quarantine folder"),
         opt("--all", action="store_true", help="every quarantined file"))
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
