"""What continuing a paused private Prefect server costs the next run: `watch` pauses its server (SIGSTOP) when idle
and continues it (SIGCONT, then the health check) before a run (flows/server.py, LocalServer and Rest).

A private server is started as `watch` starts it, a small flow (four tasks) runs once against it to open the
client's connections and its events websocket, and then, alternately, the server is left running or paused for
`--idle` seconds before the flow runs again: the time from the end of the idle spell to the flow's end (resume
included, and whatever the server catches up on and the client reconnects afterwards) is one sample. Before
each pause, the watcher's trim of old runs (flows/trim.py; keeping one here, so each trim deletes one) is timed
after `--settle` seconds idle, and once right after a flow run: what a trim after every run would cost.

    python -m bench.pause --rounds 5 --idle 8
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.pause", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="samples of each kind, alternated (5)")
    ap.add_argument("--idle", type=float, default=8.0, help="seconds the server is left alone before a call (8)")
    ap.add_argument("--settle", type=float, default=5.0, help="idle seconds before the trim and the pause (5)")
    return ap.parse_args(argv)


def call() -> None:
    """Run a small flow of four tasks, as a watched run's flow does with its batch."""
    from prefect import flow, task

    @task
    def step(n: int) -> int:
        return n + 1

    @flow(name="bench-pause")
    def small() -> list[int]:
        return [step(n) for n in range(4)]

    small()


def timed(work) -> float:
    """Return the seconds work() takes."""
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def sample(local, args: argparse.Namespace, paused: bool, trims: dict[str, list[float]]) -> float:
    """Return the seconds from the end of an idle spell (paused or not) to the end of the next flow run; time the
    trims (right after a run, or settled and before the pause) into `trims`."""
    from flows import trim

    if paused:
        time.sleep(args.settle)
        trims["idle"].append(timed(lambda: trim.old_flow_runs(1)))
        local.pause()
    else:
        trims["after a run"].append(timed(lambda: trim.old_flow_runs(1)))
    time.sleep(args.idle)
    began = time.perf_counter()
    local.resume()
    call()
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    """Measure and print both kinds of samples and their medians."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirehouse-pause-") as tmp:
        os.environ["PREFECT_HOME"] = str(Path(tmp) / "prefect-home")
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
        from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        from flows import server

        with server.local_server(Path(tmp) / "server.log") as local, \
                temporary_settings(updates={PREFECT_API_URL: local.api_url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            call()
            found, trims = {"running": [], "paused": []}, {"after a run": [], "idle": []}
            for _ in range(args.rounds):
                for kind in found:
                    found[kind].append(sample(local, args, kind == "paused", trims))
    load = os.getloadavg()
    for kind, values in found.items():
        print(f"{kind}: median {statistics.median(values):.3f}s, max {max(values):.3f}s "
              f"({' '.join(f'{v:.3f}' for v in values)})")
    for when, values in trims.items():
        print(f"trim of the oldest run, {when}: median {statistics.median(values):.3f}s, max {max(values):.3f}s")
    print(f"load average {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} on {os.cpu_count()} cores", file=sys.stderr)
    print(f"resume_cost_s={statistics.median(found['paused']) - statistics.median(found['running']):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
