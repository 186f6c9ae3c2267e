"""The `wirehouse` command. Each sub-command is one function with its options beside it (`@command` in
loading.py, service.py, reading.py, cluster.py and deploy.py); this module builds the parser from them and runs the chosen one.

Exit codes: 0 done, 1 the run or check failed (one line says why), 2 bad input on the command line,
130 interrupted (Ctrl-C or SIGTERM). Tracebacks and Prefect's logs only with --debug.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time

from flows import interrupts
from flows.cli import cluster, deploy, loading, reading, service  # noqa: F401  (each registers its commands)
from flows.cli.options import COMMANDS, BadInput, Command, add_options, flat, settings_from
from flows.settings import SettingError

# The order `wirehouse --help` lists the commands in: loading first, then the service, then reading.
ORDER = ("run", "serve", "watch", "status", "reprocess", "requeue", "report", "search", "explain", "sql", "audit", "docs",
         "cluster", "deploy", "worker")


# What Ctrl-C (or SIGTERM) leaves behind, said per command; the others change nothing.
STOPPED = {
    "run": "stopped: a batch in progress was rolled back, its inbox files stay for the next run",
    "reprocess": "stopped: a batch in progress was rolled back, its articles keep the rows they had",
    "watch": "stopped watching: a run in progress, if any, was rolled back; its inbox files stay for the next run",
}


def version() -> str:
    """Return the installed wirehouse's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("wirehouse")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def parser() -> argparse.ArgumentParser:
    """Return the parser of every command, each sub-parser knowing its Command."""
    ap = argparse.ArgumentParser(prog="wirehouse", description="News articles -> validated DuckDB star schema.")
    ap.add_argument("--debug", action="store_true", help="show tracebacks and Prefect's own logs")
    ap.add_argument("--version", action="version", version=f"wirehouse {version()}")
    sub = ap.add_subparsers(dest="command", required=True)
    for cmd in sorted(COMMANDS, key=lambda c: ORDER.index(c.name) if c.name in ORDER else len(ORDER)):
        one = sub.add_parser(cmd.name, help=cmd.help)
        add_options(one, cmd.options)
        one.set_defaults(chosen=cmd)
    return ap


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
    # Great Expectations logs whole tracebacks of errors the command then reports in one line
    logging.getLogger("great_expectations").setLevel(logging.DEBUG if debug else logging.CRITICAL)


def execute(cmd: Command, args: argparse.Namespace) -> int:
    """Return the exit status of one command, its failures told in one line (a traceback only with --debug)."""
    try:
        return cmd.run(args, settings_from(args, flat(cmd.options)))
    except (BadInput, SettingError) as exc:
        print(f"wirehouse: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(STOPPED.get(cmd.name, "stopped"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`explain ID | head`): stop quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if args.debug:
            raise
        print(f"{cmd.name} failed: {exc}", file=sys.stderr)
        if cmd.name == "run":
            print("see: wirehouse status (or run again with --debug for the traceback)", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit status."""
    started = time.monotonic()
    args = parser().parse_args(argv)
    args.started = started
    quiet(args.debug)
    # SIGTERM stops as Ctrl-C does; both are only noted while a run is under way (interrupts.py)
    previous = {sig: signal.getsignal(sig) for sig in interrupts.SIGNALS}
    interrupts.reset()
    interrupts.install()
    try:
        return execute(args.chosen, args)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
