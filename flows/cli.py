"""The `wirehouse` command: run the pipeline, show the latest run, check the warehouse, build the Data Docs, run
reports and search.

Exit codes: 0 done, 1 the run or check failed (one line says why), 2 bad input on the command line,
130 interrupted (Ctrl-C or SIGTERM). Tracebacks and Prefect's logs only with --debug.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from flows import commands
from flows.commands import BadInput
from flows.settings import Settings


def positive(text: str) -> int:
    """Return the integer of a command-line value that must be at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="wirehouse", description="News articles -> validated DuckDB star schema.")
    ap.add_argument("--debug", action="store_true", help="show tracebacks and Prefect's own logs")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="load the seed articles and every new inbox file into the warehouse")
    status = sub.add_parser("status", help="the latest run in detail, recent runs, totals, the inbox, stale articles")
    status.add_argument("--runs", type=positive, default=5, help="how many recent runs to list (default 5)")
    status.add_argument("--inbox", type=Path, help="inbox folder to count waiting files in (env WIREHOUSE_INBOX)")
    audit = sub.add_parser("audit", help="re-check every loaded table with the suites in expectations/")
    docs = sub.add_parser("docs", help="build Great Expectations Data Docs of every run's validation results, readable offline")
    docs.add_argument("--out", type=Path, help="folder to write the site to (env WIREHOUSE_DOCS)")
    report = sub.add_parser("report", help="run a report from sql/reports/ (--list shows them), or write all as HTML")
    report.add_argument("name", nargs="?", help="the report to run (a file name in sql/reports/, without .sql)")
    report.add_argument("--list", action="store_true", help="list the reports, what each answers and its parameters")
    report.add_argument("--html", type=Path, metavar="PATH", help="write every report as one offline HTML page")
    report.add_argument("--format", default="table", choices=("table", "csv", "json", "markdown"))
    report.add_argument("--limit", type=positive, metavar="N", help="show at most N rows")
    report.add_argument("--param", action="append", metavar="KEY=VALUE", help="a report parameter (repeatable)")
    search = sub.add_parser("search", help="full-text search (BM25) over article titles and bodies, or quotes")
    search.add_argument("query", help='words to look for; "a phrase" in double quotes must appear as written')
    search.add_argument("--in", dest="scope", default="articles", choices=("articles", "quotes"))
    search.add_argument("--limit", type=positive, default=10, metavar="N", help="show the best N hits (default 10)")
    serve = sub.add_parser("serve", help="run the pipeline on a schedule as a Prefect deployment (Ctrl-C stops it)")
    when = serve.add_mutually_exclusive_group()
    when.add_argument("--cron", default=None, help='cron schedule, e.g. "*/15 * * * *" (the default)')
    when.add_argument("--interval", type=positive, metavar="SECONDS", help="run every SECONDS instead")
    serve.add_argument("--port", type=positive, default=4200, help="port of the local Prefect server and UI (4200)")
    watch = sub.add_parser("watch", help="run the pipeline soon after files land in the inbox (Ctrl-C stops it)")
    watch.add_argument("--quiet-seconds", type=float, default=5.0,
                       help="wait until the inbox has been quiet this long before a run (default 5)")
    again = sub.add_parser("reprocess", help="extract loaded articles again from their stored text")
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every loaded article")
    which.add_argument("--stale", action="store_true", help="articles extracted by another extractor, model or aliases")
    which.add_argument("ids", nargs="*", default=[], metavar="ARTICLE_ID", help="article ids (or their first characters)")
    requeue = sub.add_parser("requeue", help="move quarantined files back to the inbox once they are fixed")
    requeue.add_argument("names", nargs="*", metavar="FILE", help="file names in the quarantine folder")
    requeue.add_argument("--all", action="store_true", help="every quarantined file")
    why = sub.add_parser("explain", help="what one file or loaded article yields, row by row, with its sentences")
    why.add_argument("target", metavar="FILE_OR_ARTICLE_ID", help="an article file, or a loaded article's id (or its start)")
    sql = sub.add_parser("sql", help="print the statements that open the lake read-only in the duckdb shell")
    for command in (run, serve, watch, requeue):
        command.add_argument("--inbox", type=Path, help="folder of dropped article files (env WIREHOUSE_INBOX)")
        command.add_argument("--seeds", type=Path, help="folder of seed articles read in place (env WIREHOUSE_SEEDS)")
        command.add_argument("--batch-size", type=positive,
                             help="articles per task and load transaction (env WIREHOUSE_BATCH_SIZE)")
    for command in (run, again):
        command.add_argument("--dask", metavar="ADDRESS",
                             help="extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' "
                                  "(a cluster of WIREHOUSE_DASK_WORKERS processes started for the run; env WIREHOUSE_DASK)")
    for command in (run, status, audit, docs, report, search, serve, watch, again, requeue, why, sql):
        command.add_argument("--warehouse", type=Path, help="DuckDB file (env WIREHOUSE_WAREHOUSE)")
        command.add_argument("--lake", metavar="CATALOG",
                             help="a DuckLake instead of the file: sqlite:PATH or postgres:DSN (env WIREHOUSE_LAKE)")
    return ap.parse_args(argv)


def settings_from(args: argparse.Namespace) -> Settings:
    """Return the environment's settings with command-line options on top."""
    settings = Settings.from_env()
    names = {"inbox": "inbox", "seeds": "seeds", "warehouse": "warehouse", "out": "docs"}
    overrides = {field: getattr(args, arg).resolve() for arg, field in names.items() if getattr(args, arg, None)}
    if getattr(args, "lake", None):
        overrides["lake"] = args.lake
    if getattr(args, "batch_size", None):
        overrides["batch_size"] = args.batch_size
    if getattr(args, "dask", None):
        overrides["dask"] = args.dask
    return replace(settings, **overrides)


def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    """Return the exit status of the chosen command, after the checks its input needs."""
    if args.command in ("run", "serve", "watch"):
        commands.check_run_input(settings)
    if args.command in ("run", "reprocess"):
        commands.check_dask(settings)
    elif args.command in ("status", "audit", "docs", "report", "search") and settings.store.is_dir():
        raise BadInput(f"warehouse {settings.store} is a directory, not a DuckDB file")
    if args.command in ("run", "audit", "docs", "sql"):
        return getattr(commands, args.command)(settings)
    return getattr(commands, args.command)(args, settings)


class StderrHandler(logging.StreamHandler):
    """A log handler writing to whatever sys.stderr is when a message comes (it may be replaced after start-up)."""

    @property
    def stream(self):
        """Return the current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def quiet(debug: bool) -> None:
    """Send the pipeline's own notices ('waiting for ...') to stderr; keep Prefect's and Dask's logs for --debug."""
    logger = logging.getLogger("wirehouse")
    if not any(isinstance(h, StderrHandler) for h in logger.handlers):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # Prefect puts a handler of its own on the root logger
    for name in ("PREFECT_LOGGING_LEVEL", "PREFECT_INTERNAL_LOGGING_LEVEL", "PREFECT_SERVER_LOGGING_LEVEL"):
        os.environ[name] = "INFO" if debug else "CRITICAL"
    # Dask reads this when it is first imported, in the run and in the workers of a local cluster
    os.environ["DASK_LOGGING__DISTRIBUTED"] = "info" if debug else "error"


def interrupt(signum, frame) -> None:
    """Turn SIGTERM into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit status."""
    args = parse_args(argv)
    quiet(args.debug)
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        return dispatch(args, settings_from(args))
    except BadInput as exc:
        print(f"wirehouse: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopped: a batch in progress was rolled back, its inbox files stay for the next run", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"{args.command} failed: {exc}", file=sys.stderr)
        if args.command == "run":
            print("see: wirehouse status (or run again with --debug for the traceback)", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
