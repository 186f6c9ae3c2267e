"""Memory over one `wirehouse run`: each process's resident memory every half second, lined up with the batches.

    python -m bench.memline --articles 5000 [--interval 0.5] [--out DIR]

Writes N texts of the benchmark corpus to a fresh inbox, runs `wirehouse run` into a fresh warehouse (no seeds),
and polls the process tree (bench.procmon) while it goes. Each sample is booked to the batch the run was on: the
run draws one progress line per finished batch on stderr, so a sample taken after k lines belongs to batch k + 1,
and one taken after the last line to the run's end (index refresh, ledger, read copy, exit). Prints, per batch,
the largest RSS of each role (the run's own process, the Prefect server, the extraction workers together) and
of the tree, how busy the cores were (the tree's CPU seconds over the batch's wall time, and the core-seconds
left idle: the start-up, an uneven last part, the last load with the workers stopped), then when the tree
peaked; writes every sample to DIR/samples.csv.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus, procmon

BIN = Path(sys.executable).parent
ROLES = ("run", "server", "workers")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.memline", description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--articles", type=int, default=5000)
    ap.add_argument("--corpus", default="mix", choices=["mix", "bbc", "reuters"])
    ap.add_argument("--interval", type=float, default=0.5, help="seconds between samples (default 0.5)")
    ap.add_argument("--out", type=Path, help="keep inbox, warehouse, log and samples.csv here (default: a temp folder)")
    return ap.parse_args(argv)


def batches_done(log: Path) -> int:
    """Return how many progress lines the run has drawn so far (one per finished batch)."""
    try:
        return sum(1 for line in log.read_text(errors="replace").splitlines() if line.endswith(" files"))
    except OSError:
        return 0


def sample(cmd: list[str], env: dict, log: Path, interval: float) -> tuple[list[dict], float, float]:
    """Return (samples, wall seconds, CPU seconds of the tree) of running cmd; each sample is
    {t, batch, pid -> MB, role -> MB, tree, cpu: the tree's CPU seconds so far}."""
    samples, before, cpu_seen = [], os.times(), {}
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            members = procmon.tree(proc.pid)
            cpu_seen.update(members)  # a process that has exited keeps its last reading
            rss = {pid: procmon.rss_mb(pid) for pid in members}
            row = {"t": round(time.perf_counter() - start, 2), "batch": batches_done(log) + 1,
                   "tree": round(sum(rss.values()), 1), "cpu": round(sum(cpu_seen.values()), 2)}
            for pid, mb in rss.items():
                name = procmon.role(pid, proc.pid, "run")
                row[name] = round(row.get(name, 0.0) + mb, 1)
                row[f"pid{pid}:{name}"] = round(mb, 1)
            samples.append(row)
            time.sleep(interval)
        wall = time.perf_counter() - start
    after = os.times()
    if proc.returncode:
        raise SystemExit(f"bench.memline: the run failed (exit {proc.returncode}), log {log}")
    return samples, wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def by_batch(samples: list[dict], batches: int) -> list[tuple[str, dict]]:
    """Return (batch label, largest MB per role and of the tree) in batch order; past the last batch: 'end'."""
    table: dict[int, dict] = {}
    for s in samples:
        peaks = table.setdefault(s["batch"], {})
        for key in (*ROLES, "tree"):
            peaks[key] = max(peaks.get(key, 0.0), s.get(key, 0.0))
    return [(str(b) if b <= batches else "end", table[b]) for b in sorted(table)]


def busy_by_batch(samples: list[dict], batches: int, cores: int) -> list[tuple[str, float, float, float]]:
    """Return (batch label, seconds, cores busy on average, idle core-seconds) in batch order: each interval
    between two samples (from the start for the first) is booked to the batch of the sample that ends it."""
    table: dict[int, list[float]] = {}
    t, cpu = 0.0, 0.0
    for s in samples:
        spent = table.setdefault(s["batch"], [0.0, 0.0])
        spent[0] += s["t"] - t
        spent[1] += s.get("cpu", cpu) - cpu
        t, cpu = s["t"], s.get("cpu", cpu)
    return [(str(b) if b <= batches else "end", secs, used / secs if secs else 0.0, max(cores * secs - used, 0.0))
            for b, (secs, used) in sorted(table.items())]


def write_csv(samples: list[dict], path: Path) -> None:
    """Write every sample, one row each (a column per role and per process)."""
    columns = ["t", "batch", "tree", "cpu", *ROLES]
    columns += sorted({k for s in samples for k in s if k.startswith("pid")})
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, columns, restval="")
        writer.writeheader()
        writer.writerows(samples)


def report(samples: list[dict], batches: int, wall: float, cpu: float, cores: int = 2) -> str:
    """Return the per-batch table (memory peaks, and how busy the cores were) and the tree's peak as markdown."""
    lines = ["| batch | run MB | server MB | workers MB | tree MB | s | cores busy | idle core-s |",
             "|---|--:|--:|--:|--:|--:|--:|--:|"]
    busy = busy_by_batch(samples, batches, cores)
    for (label, peaks), (_, secs, used, idle) in zip(by_batch(samples, batches), busy):
        lines.append(f"| {label} | " + " | ".join(f"{peaks[k]:,.0f}" for k in (*ROLES, "tree"))
                     + f" | {secs:.1f} | {used:.2f} | {idle:.1f} |")
    top = max(samples, key=lambda s: s["tree"])
    peaks = {k: max(s.get(k, 0.0) for s in samples) for k in ROLES}
    lines += ["", f"tree peak {top['tree']:,.0f} MB at {top['t']:.1f} s (batch {top['batch']}: run "
              f"{top.get('run', 0):,.0f}, server {top.get('server', 0):,.0f}, workers {top.get('workers', 0):,.0f}); "
              f"peaks by role: " + ", ".join(f"{k} {v:,.0f}" for k, v in peaks.items()),
              f"idle core-seconds {sum(b[3] for b in busy):.1f} of {cores} cores x {wall:.1f} s; "
              f"wall {wall:.1f} s, CPU {cpu:.1f} s (tree), load average at the end "
              + ", ".join(f"{x:.2f}" for x in os.getloadavg())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the measured `wirehouse run` and print its memory by batch."""
    args = parse_args(argv)
    work = args.out or Path(tempfile.mkdtemp(prefix="wirehouse-memline-"))
    work.mkdir(parents=True, exist_ok=True)
    inbox, seeds = work / "inbox", work / "no-seeds"
    seeds.mkdir(exist_ok=True)
    corpus.write_inbox(corpus.texts_for(corpus.load_corpus(args.corpus), 0, args.articles), inbox)
    warehouse = work / "wh" / "news.duckdb"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(Path(__file__).resolve().parent.parent),
                                                                     os.environ.get("PYTHONPATH")) if p)}
    cmd = [str(BIN / "wirehouse"), "run", "--inbox", str(inbox), "--seeds", str(seeds), "--warehouse", str(warehouse)]
    print(f"bench.memline: {args.articles} articles, load average at start "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()), file=sys.stderr, flush=True)
    samples, wall, cpu = sample(cmd, env, work / "run.log", args.interval)
    write_csv(samples, work / "samples.csv")
    print(report(samples, batches_done(work / "run.log"), wall, cpu, len(os.sched_getaffinity(0))))
    print(f"samples: {work / 'samples.csv'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
