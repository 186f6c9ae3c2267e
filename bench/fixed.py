"""What a run cannot shed: the resident memory and CPU of the parts the fixed stack brings, each measured alone in a
fresh process on this machine, then set against the memory target.

    python -m bench.fixed [--workers 2] [--target-mb 1200] [--record bench/RESULTS.md]

- the run's own process: RSS after each import it needs (the CLI, pandas, DuckDB, Prefect with the flow, Great
  Expectations), then after building the GX context with the project's suites;
- the run's private Prefect server, started as a run starts it (flows.server.start): RSS once it answers, and the
  CPU its start took;
- one extraction worker, prepared as the pool prepares one (workers._start_worker: the rules' modules, the spaCy
  pipeline, the gazetteer).

The sum for a run with W workers is what the tree holds before it reads one article; what the target leaves above
it is all the working memory of the batches (pipe batches in the workers, rows, frames and DuckDB in the run).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import procmon

ROOT = Path(__file__).resolve().parent.parent

# Each step is imported (or run) in order in one fresh interpreter; the RSS after it is printed as a JSON line.
RUN_STEPS = [
    ("interpreter", ""),
    ("the CLI (flows.cli)", "import flows.cli"),
    ("pandas", "import pandas"),
    ("DuckDB", "import duckdb"),
    ("Prefect and the flow (flows.pipeline)", "import flows.pipeline"),
    ("Great Expectations", "import great_expectations"),
    ("GX context and the project's suites", "from flows.quality.suites import suites\n"
                                             "from flows.settings import Settings\n"
                                             "suites(Settings().expectations_dir)"),
]
WORKER_STEP = ("from flows.extract.workers import _start_worker\n"
               "from flows.settings import Settings\n"
               "s = Settings()\n"
               "_start_worker(s.spacy_model, str(s.alias_table))")
PROBE = ("import json, os\n"
         "from bench.procmon import rss_mb\n"
         "def report(name):\n"
         "    t = os.times()\n"
         "    print(json.dumps({'step': name, 'rss_mb': round(rss_mb(os.getpid()), 1),"
         " 'cpu_s': round(t.user + t.system, 2)}), flush=True)\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.fixed", description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2, help="extraction workers of the run (default 2)")
    ap.add_argument("--target-mb", type=float, default=1200.0, help="the tree's memory target (default 1,200 MB)")
    ap.add_argument("--record", type=Path, help="append the result to this file (e.g. bench/RESULTS.md)")
    return ap.parse_args(argv)


def script(steps: list[tuple[str, str]]) -> str:
    """Return a Python program that runs the steps in order and reports RSS and CPU after each."""
    body = [PROBE]
    for name, code in steps:
        body += [code, f"report({name!r})"]
    return "\n".join(body) + "\n"


def steps_in_fresh_process(steps: list[tuple[str, str]]) -> list[dict]:
    """Return [{step, rss_mb, cpu_s}] of running the steps in a fresh interpreter with this checkout first on the
    path (the working folder is a temporary one, so nothing of the caller's is imported by accident)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    with tempfile.TemporaryDirectory() as cwd:
        out = subprocess.run([sys.executable, "-c", script(steps)], env=env, cwd=cwd, capture_output=True,
                             text=True, check=False)
    if out.returncode:
        raise SystemExit(f"bench.fixed: a measuring process failed:\n{out.stderr[-2000:]}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def server_usage() -> dict:
    """Return the RSS and CPU of a run's private Prefect server once it answers (started and stopped here)."""
    from flows import server

    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "prefect-server.log"
        process, url = server.start(log)
        try:
            server.wait_healthy(process, url, log, timeout=120)
            cpu = procmon.tree(process.pid).get(process.pid, 0.0)
            return {"step": "Prefect server, answering", "rss_mb": round(procmon.rss_mb(process.pid), 1),
                    "cpu_s": round(cpu, 2)}
        finally:
            server.stop(process)


def measure(workers: int) -> dict:
    """Return the three parts' measurements: {'run': [steps], 'server': step, 'worker': step}."""
    run = steps_in_fresh_process(RUN_STEPS)
    worker = steps_in_fresh_process([("interpreter", ""), ("an extraction worker, ready", WORKER_STEP)])[-1]
    return {"run": run, "server": server_usage(), "worker": worker, "workers": workers}


def fixed_mb(found: dict) -> float:
    """Return the memory a run with found['workers'] workers holds before it reads an article."""
    return found["run"][-1]["rss_mb"] + found["server"]["rss_mb"] + found["workers"] * found["worker"]["rss_mb"]


def render(found: dict, target_mb: float) -> str:
    """Return the Markdown report: each step of the run's process, the server, a worker, and the budget."""
    lines = ["| part | RSS MB | + MB | CPU s so far |", "|---|--:|--:|--:|"]
    before = 0.0
    for step in found["run"]:
        lines.append(f"| run: {step['step']} | {step['rss_mb']:,.0f} | {step['rss_mb'] - before:+,.0f} | "
                     f"{step['cpu_s']:.2f} |")
        before = step["rss_mb"]
    for part in ("server", "worker"):
        step = found[part]
        lines.append(f"| {step['step']} | {step['rss_mb']:,.0f} | | {step['cpu_s']:.2f} |")
    fixed, workers = fixed_mb(found), found["workers"]
    lines += ["", f"Fixed memory of a run with {workers} worker{'s' * (workers != 1)}: the run's process "
              f"{found['run'][-1]['rss_mb']:,.0f} + the server {found['server']['rss_mb']:,.0f} + {workers} x "
              f"{found['worker']['rss_mb']:,.0f} = **{fixed:,.0f} MB**; the target of {target_mb:,.0f} MB leaves "
              f"**{target_mb - fixed:,.0f} MB** for all the batches' working memory."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the report (and append it to --record); return 0."""
    args = parse_args(argv)
    found = measure(args.workers)
    text = render(found, args.target_mb)
    print(text)
    if args.record:
        with args.record.open("a") as out:
            out.write(f"\n### Fixed parts (`python -m bench.fixed`, {os.cpu_count()} cores)\n\n{text}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
