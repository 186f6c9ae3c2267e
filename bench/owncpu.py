"""CPU of the run's own process: a `wirehouse run` (through bench.stages) over a copy of an inbox, under procmon.

  python -m bench.owncpu /tmp/perf/inbox1000 --work /tmp/me/owncpu --label base

The run's own process keeps the DuckDB writer, the validation and Prefect's engine while the extraction workers
parse; on two cores each of its CPU seconds costs the run about half a second of wall time. Prints one JSON line:
the CPU seconds of that process, of the Prefect server and of the rest of the tree, wall time, the load average,
and each batch's validate_batch and load_batch seconds (wall, CPU of the calling thread) in batch order, so the
first and the last batch of a long run can be compared.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench import procmon

SERVER = "uvicorn"  # in the command line of the local Prefect server


def summary(each: list[list[float]]) -> dict:
    """Return the first, last and median of per-batch [wall, cpu] pairs, and their total CPU."""
    if not each:
        return {}
    cpu = [c for _, c in each]
    return {"batches": len(each), "first": each[0], "last": each[-1], "median_cpu": round(statistics.median(cpu), 3),
            "cpu_s": round(sum(cpu), 2)}


def measure(inbox: Path, work: Path, label: str) -> dict:
    """Return what one run over a fresh copy of inbox, into an empty warehouse, used."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "seeds").mkdir(parents=True)
    shutil.copytree(inbox, work / "inbox")
    out = work / "stages.json"
    cmd = [sys.executable, "-m", "bench.stages", "--out", str(out), "run", "--inbox", str(work / "inbox"),
           "--seeds", str(work / "seeds"), "--warehouse", str(work / "wh" / "news.duckdb")]
    load = os.getloadavg()
    usage = procmon.measure(cmd, log=work / "log.txt")
    found = json.loads(out.read_text())
    server = sum(cpu for name, cpu in usage.cpu_by_process.items() if SERVER in name)
    own = found["cpu_s"]
    return {"label": label, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "articles": len(list(inbox.iterdir())),
            "status": found["status"], "own_cpu_s": round(own, 1), "server_cpu_s": round(server, 1),
            "other_cpu_s": round(usage.cpu_s - own - server, 1), "tree_cpu_s": round(usage.cpu_s, 1),
            "wall_s": round(usage.wall_s, 1), "load_before": round(load[0], 2), "load_after": round(os.getloadavg()[0], 2),
            **{name: summary(found.get("each", {}).get(name, [])) for name in ("validate_batch", "load_batch")},
            "spent": {k: round(v, 2) for k, v in found["spent"].items()},
            "by_process": {k: round(v, 1) for k, v in usage.cpu_by_process.items()}}


def main(argv: list[str] | None = None) -> int:
    """Measure one run and print its figures as JSON."""
    ap = argparse.ArgumentParser(prog="bench.owncpu", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inbox", type=Path)
    ap.add_argument("--work", type=Path, required=True, help="a scratch folder (emptied first)")
    ap.add_argument("--label", default="run")
    ns = ap.parse_args(argv)
    print(json.dumps(measure(ns.inbox, ns.work, ns.label)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
