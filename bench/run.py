"""`make bench`: the full pipeline against the spaCy floor, on the same texts, model and machine, in one run.

The headline floor reads the same N files and runs `nlp.pipe` on as many processes as the run has extraction
workers (2 on a 2-core machine): the run is compared with what the same cores need for spaCy alone, in wall
time and in CPU seconds of the whole process tree. The one-process floor (on a sample) is the second row.
Then `wirehouse run` again with nothing new and with 1% new files, and profiles of a smaller sample.
Prints the table and ends with one machine-readable line; writes bench/RESULTS.md (keeping its kept part).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench import breakdown, corpus, procmon, report
from bench.results import Row, marginal, per_word, ratios, result_line

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench", description=__doc__)
    ap.add_argument("-n", "--articles", type=int, default=5000, help="articles in the full run (default 5000)")
    ap.add_argument("--corpus", default="mix", choices=["mix", "bbc", "reuters"],
                    help="texts from ../shared/corpus: BBC and Reuters in turn (mix), or one of them")
    # the second row is a rate, not a total: 1000 articles give a stable words/s and keep N=5000 under 20 minutes
    ap.add_argument("--single-articles", type=int, default=1000,
                    help="articles for the one-process floor (default 1000; 0: all N)")
    ap.add_argument("--profile-articles", type=int, default=200, help="articles in the profiled sample runs")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--workdir", type=Path, help="keep inbox, warehouses and logs here (default: a temp folder)")
    return ap.parse_args(argv)


def environment() -> dict[str, str]:
    """Return the subprocesses' environment: this checkout's `flows` first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def say(message: str) -> None:
    """Print a progress line to stderr (stdout ends with the result line)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def checked(usage: procmon.Usage, what: str, log: Path) -> procmon.Usage:
    """Return usage, or stop the benchmark with the log's tail when the command failed."""
    if usage.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        raise SystemExit(f"bench: {what} failed (exit {usage.returncode}), log {log}:\n{tail}")
    return usage


def floor(inbox: Path, n_process: int, work: Path, env: dict) -> tuple[dict, procmon.Usage]:
    """Return the floor's own timings and its process tree's usage."""
    log = work / f"floor{n_process}.log"
    say(f"floor, {n_process} process(es), {inbox}")
    cmd = [sys.executable, "-m", "bench.floor", "--inbox", str(inbox), "--n-process", str(n_process)]
    usage = checked(procmon.measure(cmd, env, log=log), f"floor n_process={n_process}", log)
    last = [line for line in log.read_text().splitlines() if line.startswith("{")][-1]
    return json.loads(last), usage


def wirehouse(name: str, inbox: Path, work: Path, warehouse: Path, env: dict) -> procmon.Usage:
    """Return the usage of one `wirehouse run` subprocess over inbox into warehouse (no seeds)."""
    seeds = work / "no-seeds"
    seeds.mkdir(exist_ok=True)
    inbox.mkdir(exist_ok=True)  # `wirehouse run` refuses an inbox that does not exist
    log = work / f"{name}.log"
    cmd = [str(BIN / "wirehouse"), "run", "--inbox", str(inbox), "--seeds", str(seeds), "--warehouse", str(warehouse)]
    say(f"{name}: {' '.join(cmd[1:])}")
    return checked(procmon.measure(cmd, env, log=log), f"wirehouse run ({name})", log)


def profiled(module: str, inbox: Path, work: Path, env: dict) -> tuple[dict, procmon.Usage]:
    """Return the JSON written by bench.stages or bench.sampler after an in-process run into a fresh warehouse."""
    out, log, seeds = work / f"{module}.json", work / f"{module}.log", work / "no-seeds"
    seeds.mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", f"bench.{module}", "--out", str(out), "run", "--inbox", str(inbox),
           "--seeds", str(seeds), "--warehouse", str(work / f"{module}-wh" / "news.duckdb")]
    # in one process, so the timers and the sampler see the extraction (the full run uses the worker pool)
    usage = checked(procmon.measure(cmd, {**env, "WIREHOUSE_WORKERS": "1"}, log=log), f"bench.{module}", log)
    return json.loads(out.read_text()), usage


def run_workers() -> int:
    """Return how many extraction workers `wirehouse run` starts here (WIREHOUSE_WORKERS, else the cores up to 4)."""
    from flows.settings import Settings

    return max(Settings.from_env().workers, 1)


def bench(args: argparse.Namespace, work: Path) -> dict:
    """Return every measurement of one benchmark run, made in work."""
    env, n = environment(), args.articles
    texts = corpus.texts_for(corpus.load_corpus(args.corpus), 0, n)
    inbox, warehouse, words = work / "inbox", work / "wh" / "news.duckdb", corpus.word_count(texts)
    corpus.write_inbox(texts, inbox)
    single = texts[:args.single_articles or n]
    corpus.write_inbox(single, work / "inbox-single")
    say(f"{n} articles, {words:,} words in {inbox}")
    found = {"n": n, "words": words, "corpus": args.corpus, "loadavg_start": os.getloadavg(),
             "cores": os.cpu_count(), "usable_cores": len(os.sched_getaffinity(0)), "workers": run_workers(),
             "single_n": len(single), "single_words": corpus.word_count(single)}
    # an empty run first: the start-up cost alone, and Prefect's database is warm for the runs that count
    found["startup"] = wirehouse("startup", work / "empty-inbox", work, work / "wh-empty" / "news.duckdb", env)
    # the headline floor right before the full run, on the same files and as many processes as the run's workers
    found["floor"] = floor(inbox, found["workers"], work, env)
    found["full"] = wirehouse("full", inbox, work, warehouse, env)
    found["noop"] = wirehouse("noop", inbox, work, warehouse, env)
    n_new = max(1, n // 100)
    new = corpus.texts_for(corpus.load_corpus(args.corpus), n, n_new)
    corpus.write_inbox(new, inbox, start=n)
    found.update(n_new=n_new, new_words=corpus.word_count(new))
    found["incremental"] = wirehouse("incremental", inbox, work, warehouse, env)
    found["floor1"] = floor(work / "inbox-single", 1, work, env)
    sample = texts[:min(args.profile_articles, n)]
    found.update(sample_n=len(sample), sample_words=corpus.word_count(sample))
    for module in ("stages", "sampler"):
        say(f"profile ({module}) on {len(sample)} articles")
        corpus.write_inbox(sample, work / f"inbox-{module}")
        found[module] = profiled(module, work / f"inbox-{module}", work, env)
    found["loadavg_end"] = os.getloadavg()
    return found


def rows(found: dict) -> tuple[list[Row], dict[str, float]]:
    """Return the table rows and the headline values of the result line."""
    n, words, workers = found["n"], found["words"], found["workers"]
    (f, uf), (f1, u1) = found["floor"], found["floor1"]
    full, noop, inc, start = (found[k] for k in ("full", "noop", "incremental", "startup"))
    floor_row = Row(f"floor: read + nlp.pipe, {workers} processes (the run's workers)", f["articles"], words,
                    f["work_s"], uf.peak_rss_mb, uf.cpu_s, "1.00 (the floor)")
    one = Row("floor: read + nlp.pipe, 1 process", f1["articles"], found["single_words"], f1["work_s"],
              u1.peak_rss_mb, u1.cpu_s)
    full_row = Row("full: wirehouse run, empty warehouse", n, words, full.wall_s, full.peak_rss_mb, full.cpu_s)
    values = ratios(floor_row, full_row, noop.wall_s, inc.wall_s, found["n_new"])
    values["peak_rss_mb"] = full.peak_rss_mb
    one.ratio = (f"{workers}-process floor: {one.wall_s / one.words / (floor_row.wall_s / words):.2f}x its words/s; "
                 f"full/floor1 = {per_word(full.wall_s, words, one.wall_s, one.words):.2f} "
                 f"(CPU: {per_word(full.cpu_s, words, one.cpu_s, one.words):.2f})")
    full_row.ratio = f"**full/floor = {values['full/floor']:.2f}** (CPU s: **{values['full/floor_cpu']:.2f}**)"
    table = [
        floor_row, one,
        Row("start-up: wirehouse run, empty inbox", 0, 0, start.wall_s, start.peak_rss_mb, start.cpu_s),
        full_row,
        Row("no-op: wirehouse run, nothing new", 0, 0, noop.wall_s, noop.peak_rss_mb, noop.cpu_s,
            f"noop/full = {values['noop/full']:.3f}"),
        Row(f"incremental: +{found['n_new']} new (1%)", found["n_new"], found["new_words"], inc.wall_s,
            inc.peak_rss_mb, inc.cpu_s, f"incremental/expected = {values['incremental/expected']:.2f}; beyond the "
            f"start-up: {marginal(inc.wall_s, start.wall_s, full.wall_s, n, found['n_new']):.2f}"),
    ]
    return table, values


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write RESULTS.md, print the result line; return 0."""
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wirehouse-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        found = bench(args, work)
    found["bench_s"] = time.perf_counter() - started
    found["command"] = " ".join(["python -m bench.run", *(sys.argv[1:] if argv is None else argv)])
    table, values = rows(found)
    stages = breakdown.stage_seconds(found["stages"][0], found["stages"][1].wall_s, found["stages"][1].started_at)
    kept = report.kept_part(args.results.read_text(encoding="utf-8")) if args.results.exists() else ""
    args.results.write_text(report.render(found, table, values, stages) + kept, encoding="utf-8")
    print(report.console(table, stages, found))
    print(f"written: {args.results}")
    print(result_line(values))
    return 0


if __name__ == "__main__":
    sys.exit(main())
