"""What an idle `wirehouse watch` costs: the CPU of its process tree while nothing lands, by process and by thread.

A watcher is started on an empty inbox (a new warehouse), its start-up run is let finish, and after a settling
pause each process of its tree (the watcher, its Prefect server, its extraction workers) and each thread of the
watcher is measured over `--seconds` from /proc. The issue's target is under 1% of one core for the whole tree.

    python -m bench.idle --seconds 60
    python -m bench.idle --checkout OTHER --python OTHER/.venv/bin/python   # another checkout (A/B)
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import procmon
from bench.freshness import role, start_watch, stop_watch

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.idle", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60.0, help="how long the idle tree is measured (60)")
    ap.add_argument("--settle", type=float, default=10.0, help="seconds after the start-up run before measuring (10)")
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the wirehouse checkout to measure (this one)")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs it (this one)")
    return ap.parse_args(argv)


def thread_cpu(pid: int) -> dict[int, float]:
    """Return thread id -> CPU seconds of each thread of a process."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(task.name)] = (int(fields[11]) + int(fields[12])) / procmon.TICKS
    return found


def measure(args: argparse.Namespace, work: Path) -> tuple[dict[str, float], dict[int, float]]:
    """Return the idle CPU share of one core by role (all, watcher, server, workers) and by watcher thread."""
    watcher = start_watch(args, work)
    try:
        deadline = time.monotonic() + 300
        while "run 1:" not in (work / "watch.log").read_text():
            if watcher.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bench.idle: no start-up run:\n{(work / 'watch.log').read_text()}")
            time.sleep(0.5)
        time.sleep(args.settle)
        processes, threads = procmon.tree(watcher.pid), thread_cpu(watcher.pid)
        time.sleep(args.seconds)
        by_role = {"all": 0.0, "watcher": 0.0, "server": 0.0, "workers": 0.0}
        for member, cpu in procmon.tree(watcher.pid).items():
            share = (cpu - processes.get(member, 0.0)) / args.seconds
            by_role["all"] += share
            by_role[role(member, watcher.pid)] += share
        by_thread = {tid: (cpu - threads.get(tid, 0.0)) / args.seconds for tid, cpu in thread_cpu(watcher.pid).items()}
    finally:
        stop_watch(watcher)
    return by_role, by_thread


def main(argv: list[str] | None = None) -> int:
    """Measure and print the idle CPU by process role and the busiest threads of the watcher."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirehouse-idle-") as tmp:
        by_role, by_thread = measure(args, Path(tmp))
    load = os.getloadavg()
    print(f"idle CPU over {args.seconds:g}s (share of one core; load average {load[0]:.2f} on {os.cpu_count()} "
          "cores): " + ", ".join(f"{name} {share:.2%}" for name, share in by_role.items()))
    busiest = sorted(by_thread.items(), key=lambda item: -item[1])[:5]
    print("busiest watcher threads: " + ", ".join(f"{tid} {share:.2%}" for tid, share in busiest))
    print(f"idle_cpu_all={by_role['all']:.4f} idle_cpu_watcher={by_role['watcher']:.4f} "
          f"idle_cpu_server={by_role['server']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
