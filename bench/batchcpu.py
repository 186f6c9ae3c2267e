"""CPU seconds of validating and loading a batch in-process, and of a Prefect task run, without the workers' noise.

  PYTHONPATH=CHECKOUT python -m bench.batchcpu /tmp/perf/inbox1000 --articles 400 --work /tmp/me/batchcpu
  python -m bench.batchcpu --tasks 100 --work /tmp/me/tasks

The first form extracts the first --articles files of the inbox once (in this process, not timed), then validates
(flows.quality.validate.validate_batch) and loads (flows.warehouse.loader.load_batch) them in batches of
--batch-size into an empty warehouse, printing each batch's process CPU seconds: run it with another checkout first
on PYTHONPATH to compare two versions on the same articles. The second runs a flow of --tasks no-op tasks against
a local Prefect server and prints the CPU seconds this process and the server spent on them.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def batches_cpu(inbox: Path, articles: int, batch_size: int, work: Path) -> dict:
    """Return each batch's validate and load CPU seconds (after extracting the articles, untimed)."""
    from flows.extract.article import extract_batch
    from flows.ingest import parse, read
    from flows.quality.validate import Policy, validate_batch
    from flows.settings import Settings
    from flows.warehouse import ledger, loader

    settings = replace(Settings(), warehouse=work / "news.duckdb")
    files = [(p, "inbox") for p in sorted(inbox.iterdir())[:articles]]
    docs, _ = read.read_batch(files, settings.extensions, settings.max_file_bytes, settings.max_text_chars)
    parsed, _ = parse.parse_batch(docs)
    rows, _ = extract_batch(parsed, settings.spacy_model, Path(settings.alias_table), settings.nlp_chunk_chars)
    policy = Policy(settings.sql_dir, settings.expectations_dir, settings.max_invalid_share, settings.abort_min_rows)
    validate_batch(rows[:2], policy, 0)  # GX's import and the suites, once per process: not a batch's cost
    run_id, found = ledger.start_run(settings.store), {"validate": [], "load": []}
    for number, start in enumerate(range(0, len(rows), batch_size), start=1):
        before = time.process_time()
        checked = validate_batch(rows[start:start + batch_size], policy, number)
        middle = time.process_time()
        loader.load_batch(settings.store, loader.ToLoad(run_id, checked, checked.quarantined))
        found["validate"].append(round(middle - before, 3))
        found["load"].append(round(time.process_time() - middle, 3))
    return found


def server_cpu() -> float:
    """Return the CPU seconds so far of this process's local Prefect server (a uvicorn child)."""
    total = 0.0
    for entry in os.scandir("/proc"):
        try:
            if entry.name.isdigit() and b"uvicorn" in Path(f"/proc/{entry.name}/cmdline").read_bytes():
                fields = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == os.getpid():
                    total += (int(fields[11]) + int(fields[12])) / TICKS
        except OSError:
            continue
    return total


def tasks_cpu(tasks: int, work: Path) -> dict:
    """Return the CPU seconds of this process and of the local Prefect server for a flow of no-op tasks."""
    from prefect import flow

    from flows import pipeline
    from flows.settings import Settings
    from flows.tasks import Stage

    @Stage
    def noop(value):
        return value

    @flow(name="bench-tasks", validate_parameters=False)
    def run_tasks(n: int):
        for i in range(n):
            noop([i])

    settings = replace(Settings(), warehouse=work / "news.duckdb")
    found = {}
    with pipeline.engine(settings):
        run_tasks(2)  # the first flow run warms the client and the server
        for n in (0, tasks):
            time.sleep(3)
            own, server = sum(os.times()[:2]), server_cpu()
            run_tasks(n)
            time.sleep(3)  # the server records the runs' events after the flow returns
            found[n] = {"own_s": round(sum(os.times()[:2]) - own, 2), "server_s": round(server_cpu() - server, 2)}
    return found


def main(argv: list[str] | None = None) -> int:
    """Print the figures of one measurement as JSON."""
    ap = argparse.ArgumentParser(prog="bench.batchcpu", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inbox", type=Path, nargs="?")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--tasks", type=int, help="measure a flow of this many no-op tasks instead")
    ap.add_argument("--work", type=Path, required=True, help="a scratch folder (emptied first)")
    ns = ap.parse_args(argv)
    shutil.rmtree(ns.work, ignore_errors=True)
    ns.work.mkdir(parents=True)
    found = tasks_cpu(ns.tasks, ns.work) if ns.tasks else batches_cpu(ns.inbox, ns.articles, ns.batch_size, ns.work)
    print(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load_average": round(os.getloadavg()[0], 2),
                      "flows": sys.modules["flows"].__file__, **found}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
