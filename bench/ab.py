"""A/B: `wirehouse run` of the same N articles under two variants (bench/ab_run.py), runs alternated.

  python -m bench.ab default one-batch-at-a-time --articles 400 --repeats 3
  python -m bench.ab default pipe-batch-32 --articles 400 --repeats 3
  python -m bench.ab default dask-local --articles 100 --repeats 3

Every run gets a fresh inbox with the same texts and an empty warehouse; the order alternates (A B, B A, ...)
so a machine getting busier does not favour one side. One empty run first warms Prefect's database.
Prints the medians of wall time, CPU seconds of the process tree, peak RSS of the tree and of its largest
extraction worker, and B/A; with --record, appends the same Markdown to bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus, procmon
from bench.ab_run import ENV, VARIANTS

ROOT = Path(__file__).resolve().parent.parent
WORKER = "spawn_main"  # in the command line of a spawned extraction worker


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.ab", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a", choices=sorted(VARIANTS))
    ap.add_argument("b", choices=sorted(VARIANTS))
    ap.add_argument("-n", "--articles", type=int, default=400)
    ap.add_argument("--repeats", type=int, default=3, help="runs of each variant (default 3)")
    ap.add_argument("--corpus", default="mix", choices=["mix", "bbc", "reuters"])
    ap.add_argument("--record", type=Path, help="append the result to this file (e.g. bench/RESULTS.md)")
    return ap.parse_args(argv)


def run_once(name: str, texts: list[str], work: Path) -> procmon.Usage:
    """Return the usage of one run of variant `name` over a fresh inbox of texts into an empty warehouse; a failed
    run is tried again from scratch once (on a shared machine, Prefect's server can miss its start-up timeout)."""
    try:
        return _run(name, texts, work / "try-1")
    except RunFailed as exc:
        print(f"[bench.ab] {exc}\n[bench.ab] trying {name} again", file=sys.stderr, flush=True)
    try:
        return _run(name, texts, work / "try-2")
    except RunFailed as exc:
        raise SystemExit(str(exc)) from None


class RunFailed(RuntimeError):
    """One run exited with an error."""


def _run(name: str, texts: list[str], work: Path) -> procmon.Usage:
    """Return the usage of one run of variant `name` over a fresh inbox of texts into an empty warehouse."""
    inbox, seeds = work / "inbox", work / "no-seeds"
    corpus.write_inbox(texts, inbox)
    seeds.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **VARIANTS[name].env, ENV: name,
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    cmd = [sys.executable, "-m", "bench.ab_run", "run", "--inbox", str(inbox), "--seeds", str(seeds),
           "--warehouse", str(work / "wh" / "news.duckdb")]
    usage = procmon.measure(cmd, env, log=work / "run.log")
    if usage.returncode != 0:
        tail = (work / "run.log").read_text(errors="replace")[-3000:]
        raise RunFailed(f"bench.ab: {name} failed (exit {usage.returncode}):\n{tail}")
    return usage


def worker_peak(usage: procmon.Usage) -> float | None:
    """Return the largest peak RSS of one extraction worker of a run, None when it had none."""
    peaks = [mb for label, mb in usage.peak_by_process.items() if WORKER in label]
    return max(peaks) if peaks else None


def summary(runs: dict[str, list[procmon.Usage]]) -> dict[str, dict[str, float | None]]:
    """Return variant -> median wall s, CPU s, tree peak MB and worker peak MB over its runs."""
    out = {}
    for name, usages in runs.items():
        workers = [p for p in map(worker_peak, usages) if p is not None]
        out[name] = {"wall_s": statistics.median(u.wall_s for u in usages),
                     "cpu_s": statistics.median(u.cpu_s for u in usages),
                     "peak_mb": statistics.median(u.peak_rss_mb for u in usages),
                     "worker_peak_mb": statistics.median(workers) if workers else None}
    return out


def markdown(a: str, b: str, medians: dict, runs: dict, header: str) -> str:
    """Return the A/B result as a Markdown section: medians of each variant, B/A, and every run's wall time."""
    cell = lambda v: "–" if v is None else f"{v:,.1f}"  # noqa: E731
    ratio = lambda k: "–" if None in (medians[a][k], medians[b][k]) else f"{medians[b][k] / medians[a][k]:.3f}"  # noqa: E731
    lines = [header, "", "| variant | wall s | CPU s | peak RSS MB (tree) | peak RSS MB (largest worker) | wall s of each run |",
             "|---|--:|--:|--:|--:|---|"]
    for name in (a, b):
        m = medians[name]
        lines.append(f"| {name}: {VARIANTS[name].what} | {cell(m['wall_s'])} | {cell(m['cpu_s'])} | {cell(m['peak_mb'])} | "
                     f"{cell(m['worker_peak_mb'])} | {', '.join(f'{u.wall_s:.1f}' for u in runs[name])} |")
    lines.append(f"| **{b} / {a}** | {ratio('wall_s')} | {ratio('cpu_s')} | {ratio('peak_mb')} | {ratio('worker_peak_mb')} | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the A/B, print the Markdown result (and append it to --record); return 0."""
    args = parse_args(argv)
    texts = corpus.texts_for(corpus.load_corpus(args.corpus), 0, args.articles)
    runs: dict[str, list[procmon.Usage]] = {args.a: [], args.b: []}
    load_start, started = os.getloadavg(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wirehouse-ab-") as tmp:
        run_once(args.a, [], Path(tmp) / "warm-up")
        for repeat in range(args.repeats):
            for name in (args.a, args.b) if repeat % 2 == 0 else (args.b, args.a):
                usage = run_once(name, texts, Path(tmp) / f"{repeat}-{name}")
                runs[name].append(usage)
                print(f"[bench.ab] {name}: {usage.wall_s:.1f} s wall, {usage.cpu_s:.1f} s CPU", file=sys.stderr, flush=True)
    load = ", ".join(f"{x:.2f}" for x in (*load_start, *os.getloadavg()))
    claim = VARIANTS[args.b].claim or VARIANTS[args.a].claim
    command = " ".join(sys.argv[1:] if argv is None else argv)
    header = "\n".join([
        f"### A/B: {args.a} against {args.b}, N = {args.articles:,} ({corpus.word_count(texts):,} words), "
        f"medians of {args.repeats}", "",
        *([f"- claim tested: {claim}"] if claim else []),
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; command: `python -m bench.ab {command}`; {os.cpu_count()} cores; "
        f"load average at start and end {load}; took {(time.perf_counter() - started) / 60:.1f} min"])
    text = markdown(args.a, args.b, summary(runs), runs, header)
    print(text)
    if args.record:
        with args.record.open("a", encoding="utf-8") as f:
            f.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
