"""Where a run's time goes: the real flow run in-process, each stage function wrapped with a timer.

The pipeline's stage functions are looked up through their modules at call time, so wrapping the module
attributes times them without touching flows/. Run as a subprocess by bench.run; prints one JSON object.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections import defaultdict
from functools import wraps
from pathlib import Path

LOADED_AT = time.time()  # when the interpreter got to this module: start-up before it is Python's own

# (module, attribute) of every timed function; nested ones are subtracted in bench.breakdown
TIMED = [
    ("flows.ingest.discover", "plan_files"), ("flows.ingest.read", "read_batch"),
    ("flows.ingest.parse", "parse_batch"), ("flows.warehouse.loader", "split_known"),
    ("flows.extract.article", "extract_batch"), ("flows.extract.article", "load_nlp"),
    ("flows.extract.article", "extract_article"), ("flows.extract.entities.gazetteer", "places"),
    ("flows.quality.validate", "validate_batch"),
    ("flows.quality.validate", "to_frames"), ("flows.quality.checks", "Staged.check_frame"),
    ("flows.quality.validate", "run_suite"), ("flows.quality.suites", "_suites"),
    ("flows.ingest.inbox", "with_targets"), ("flows.ingest.inbox", "keep_batch"), ("flows.ingest.inbox", "dispose"),
    ("flows.warehouse.loader", "load_batch"), ("flows.warehouse.ledger", "start_run"),
    ("flows.warehouse.ledger", "finish_run"), ("flows.warehouse.ledger", "table_counts"),
    ("flows.report.search", "refresh_search_index"), ("flows.server", "wait_healthy"),
]
IMPORTS = [("prefect", "flows.pipeline"), ("spacy", "flows.extract.article"),
           ("great_expectations", "great_expectations"), ("flows.quality", "flows.quality.validate")]


EACH = ("validate_batch", "load_batch")  # kept call by call too: is the last batch slower than the first?


def timed(fn, name: str, spent: dict[str, float], calls: dict[str, int], each: dict[str, list] | None = None):
    """Return fn wrapped to add its inclusive wall time and call count under name (and for the EACH functions,
    each call's wall and CPU seconds of its thread, to `each`)."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
            calls[name] += 1
            if each is not None and name in EACH:
                each[name].append([round(time.perf_counter() - start, 4), round(time.thread_time() - cpu, 4)])
    return wrapper


def import_times() -> dict[str, float]:
    """Return the seconds each heavy package adds when imported, in the order the run would import them."""
    found = {}
    for label, module in IMPORTS:
        start = time.perf_counter()
        importlib.import_module(module)
        found[label] = time.perf_counter() - start
    return found


def install(spent: dict[str, float], calls: dict[str, int], each: dict[str, list] | None = None) -> None:
    """Wrap every TIMED function in place."""
    for module_name, attr in TIMED:
        owner = importlib.import_module(module_name)
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, timed(getattr(owner, name), attr, spent, calls, each))


def run(argv: list[str]) -> dict:
    """Return import times, the flow's wall time and each timed function's seconds and calls for one CLI run."""
    imports = import_times()
    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    each: dict[str, list] = defaultdict(list)
    install(spent, calls, each)
    from flows import cli

    start = time.perf_counter()
    status = cli.main(argv)
    return {"status": status, "imports": imports, "flow_s": time.perf_counter() - start,
            "spent": dict(spent), "calls": dict(calls),
            "each": dict(each), "cpu_s": sum(os.times()[:2])}


def main(argv: list[str] | None = None) -> int:
    """Run `wirehouse run` in-process with timers, write the timings as JSON to --out and return its status."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("args", nargs=argparse.REMAINDER, help="the `wirehouse` arguments, e.g. run --inbox DIR ...")
    ns = ap.parse_args(argv)
    found = run(ns.args)
    found.update(loaded_at=LOADED_AT, done_at=time.time())
    ns.out.write_text(json.dumps(found, indent=1))
    return found["status"]


if __name__ == "__main__":
    sys.exit(main())
