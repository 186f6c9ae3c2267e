"""The memory of one load's story assignment on a loaded warehouse, under DuckDB memory limits and threads.

    python -m bench.loadmem WAREHOUSE [--limits 0,128,32,16] [--threads 1] [--repeats 2]

Every load recomputes the story links over the whole warehouse (flows/warehouse/stories.py), so its memory grows
with the warehouse. For each limit (MiB; 0: DuckDB's default) this runs stories.assign in one transaction on a
copy of WAREHOUSE (a warehouse left by `bench.memline --out DIR`, say), the way the loader's connection does,
rolls nothing back into the original, and prints this process's RSS before, at its peak (sampled every 10 ms)
and after the connection closed, with the CPU seconds; a limit too small to run prints DuckDB's error instead.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from bench.procmon import rss_mb
from flows.settings import Settings
from flows.transaction import transaction
from flows.warehouse import stories


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.loadmem", description=__doc__.split("\n\n")[0])
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--limits", default="0,128,32,16", help="memory limits in MiB, comma-separated (0: DuckDB's)")
    ap.add_argument("--threads", type=int, default=1, help="DuckDB threads (0: DuckDB's default, every core)")
    ap.add_argument("--repeats", type=int, default=2)
    return ap.parse_args(argv)


def peak_while(work) -> float:
    """Return the largest RSS (MB) of this process seen every 10 ms while work() runs."""
    peak, done = [0.0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(os.getpid()))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        work()
    finally:
        done.set()
        watcher.join()
    return peak[0]


def assign_once(copy: Path, limit: int, threads: int) -> str:
    """Return one line: RSS before, peak and after one stories.assign under the limit, and its CPU seconds."""
    store = Settings(warehouse=copy, duckdb_memory_mb=limit, duckdb_threads=threads).store
    before, cpu = rss_mb(os.getpid()), time.process_time()

    def work() -> None:
        with store.connect() as con, transaction(con):
            stories.assign(store, con)

    try:
        peak = peak_while(work)
    except Exception as exc:  # noqa: BLE001  (a limit too small: DuckDB's own words)
        cause = exc.__cause__ if isinstance(exc.__cause__, duckdb.Error) else exc
        return f"limit {limit or 'default'} MiB: {str(cause).splitlines()[0]}"
    return (f"limit {limit or 'default'} MiB, {threads or 'default'} thread(s): RSS before {before:.0f} MB, "
            f"peak {peak:.0f} MB, after close {rss_mb(os.getpid()):.0f} MB, CPU {time.process_time() - cpu:.2f} s")


def main(argv: list[str] | None = None) -> int:
    """Print one line per limit and repeat."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirehouse-loadmem-") as folder:
        copy = Path(folder) / "news.duckdb"
        for limit in (int(x) for x in args.limits.split(",")):
            for _ in range(args.repeats):
                shutil.copyfile(args.warehouse, copy)  # a fresh copy each time: the original is never written
                print(assign_once(copy, limit, args.threads), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
