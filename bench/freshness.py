"""Freshness under `wirehouse watch`: how long a dropped article takes to become visible to a reader.

A warehouse of N articles is loaded by the watcher's start-up run; then one article at a time is dropped into
the inbox (written and closed, as `cp` does), spaced out, and a reader polls the file an analyst's shell opens
(the read copy a run publishes at its end, news.read.duckdb), read-only, until the article's dim_article row is
there. The time from the file landing (closed) to the row being visible is one sample; p50 and p95 are reported,
with the memory of the watcher's whole process tree (watcher, Prefect server, extraction workers) after each drop,
so that many drops also show whether memory stays flat.

    python -m bench.freshness --articles 100 --drops 20             # this checkout
    python -m bench.freshness --checkout /work/main --python /work/main/.venv/bin/python   # another one (A/B)
"""
from __future__ import annotations

import argparse
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench import corpus, procmon

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- freshness: written by bench.freshness -->", "<!-- /freshness -->"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.freshness", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=100, help="articles in the warehouse first (default 100)")
    ap.add_argument("--drops", type=int, default=20, help="articles dropped one at a time (default 20)")
    ap.add_argument("--gap", type=float, default=3.0, help="seconds between one drop's row and the next drop (3)")
    ap.add_argument("--quiet-seconds", type=float, default=5.0, help="watch's --quiet-seconds (its default, 5)")
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the wirehouse checkout to measure (this one)")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs it (this one)")
    # A reader's open takes DuckDB's file lock for a moment, and a load that meets it backs off (0.2 s, doubling):
    # a reader polling very often would measure its own interference. 0.1 s is an impatient analyst.
    ap.add_argument("--poll", type=float, default=0.1, help="seconds between the reader's looks (0.1)")
    ap.add_argument("--timeout", type=float, default=120.0, help="give up on a drop after this many seconds")
    ap.add_argument("--results", type=Path, help="write the section into this RESULTS.md (e.g. bench/RESULTS.md)")
    ap.add_argument("--workdir", type=Path, help="keep inbox, warehouse and log here (default: a temp folder)")
    return ap.parse_args(argv)


def reader_path(warehouse: Path) -> Path:
    """Return the file an analyst's reader opens: the read copy a run publishes (news.read.duckdb) once there is
    one, else the warehouse itself (FileWarehouse.readers)."""
    from flows.settings import Settings

    return replace(Settings(), warehouse=warehouse).store.readers().path


def visible(warehouse: Path, sql: str, params: list) -> int | None:
    """Return the count the reader's query gives, or None while the warehouse cannot be opened read-only."""
    import duckdb

    try:
        with duckdb.connect(str(reader_path(warehouse)), read_only=True) as con:
            return con.execute(sql, params).fetchone()[0]
    except (duckdb.Error, OSError):  # not created yet, or a load holds it: a reader retries
        return None


def wait_rows(warehouse: Path, query: tuple[str, list, int], args: argparse.Namespace, watcher: subprocess.Popen,
              timeout: float | None = None) -> float:
    """Return the seconds until the query (sql, parameters, the count wanted) counts what it wants, looking every
    args.poll seconds; raise when the watcher dies or the time (args.timeout) runs out."""
    timeout = timeout or args.timeout
    sql, params, want = query
    began = time.perf_counter()
    while (visible(warehouse, sql, params) or 0) < want:
        if watcher.poll() is not None:
            raise SystemExit(f"bench.freshness: the watcher exited (code {watcher.returncode})")
        if time.perf_counter() - began > timeout:
            raise SystemExit(f"bench.freshness: nothing visible after {timeout:.0f}s")
        time.sleep(args.poll)
    return time.perf_counter() - began


def role(pid: int, root: int) -> str:
    """Return what a process of the watcher's tree is: the watcher, the Prefect server or an extraction worker."""
    return procmon.role(pid, root, "watcher")


def tree_rss_mb(pid: int) -> dict[str, float]:
    """Return the resident memory (MB) of a process and its descendants, in all and by role."""
    found = {"all": 0.0, "watcher": 0.0, "server": 0.0, "workers": 0.0}
    for member in procmon.tree(pid):
        mb = procmon.rss_mb(member)
        found["all"] += mb
        found[role(member, pid)] += mb
    return found


def idle_cpu_share(pid: int, seconds: float) -> dict[str, float]:
    """Return the share of one core the process tree used over `seconds` of doing nothing, in all and by role."""
    before = procmon.tree(pid)
    time.sleep(seconds)
    found = {"all": 0.0, "watcher": 0.0, "server": 0.0, "workers": 0.0}
    for member, cpu in procmon.tree(pid).items():
        share = (cpu - before.get(member, 0.0)) / seconds
        found["all"] += share
        found[role(member, pid)] += share
    return found


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values fall (nearest rank)."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, max(0, math.ceil(share * len(ranked)) - 1))]


def start_watch(args: argparse.Namespace, work: Path, options: tuple[str, ...] = ()) -> subprocess.Popen:
    """Return a `wirehouse watch` process (with the extra options) of the checkout on the work folder's inbox and
    warehouse, in a session of its own, its output in work/watch.log."""
    for folder in ("inbox", "seeds"):
        (work / folder).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(args.checkout), "PREFECT_HOME": str(work / "prefect-home")}
    with (work / "watch.log").open("w") as log:
        return subprocess.Popen(
            [args.python, "-m", "flows.cli", "watch", *options, "--inbox", str(work / "inbox"), "--seeds",
             str(work / "seeds"), "--warehouse", str(work / "wh" / "news.duckdb")],
            cwd=args.checkout, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_watch(watcher: subprocess.Popen) -> None:
    """Stop the watch as Ctrl-C does; kill its whole session when it has not ended a minute later."""
    watcher.send_signal(signal.SIGINT)
    try:
        watcher.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(watcher.pid, signal.SIGKILL)


def measure(args: argparse.Namespace, work: Path) -> dict:
    """Return the drops' latencies and the tree's memory after each, with the start-up run's time."""
    texts = corpus.texts_for(corpus.load_corpus("mix"), 0, args.articles + args.drops)
    (work / "seeds").mkdir(parents=True, exist_ok=True)
    corpus.write_inbox(texts[:args.articles], work / "inbox")
    warehouse = work / "wh" / "news.duckdb"
    watcher = start_watch(args, work, ("--quiet-seconds", f"{args.quiet_seconds:g}"))
    try:
        everything = ("select count(*) from dim_article where article_key <> -1", [], args.articles)
        loaded_s = wait_rows(warehouse, everything, args, watcher, max(args.timeout, 30.0 * args.articles))
        time.sleep(args.gap)
        latencies, rss = [], [tree_rss_mb(watcher.pid)]
        for number in range(args.articles, args.articles + args.drops):
            name = f"drop_{number:06d}.txt"
            (work / "inbox" / name).write_text(texts[number], encoding="utf-8")  # landed once closed
            latencies.append(wait_rows(warehouse, ("select count(*) from dim_article where file_name = ?", [name], 1),
                                       args, watcher))
            time.sleep(args.gap)
            rss.append(tree_rss_mb(watcher.pid))
        idle = idle_cpu_share(watcher.pid, 10.0)
    finally:
        stop_watch(watcher)
    return {"latencies": latencies, "rss": rss, "loaded_s": loaded_s, "idle_cpu": idle}


def section(args: argparse.Namespace, found: dict, command: str) -> str:
    """Return the RESULTS.md section of one measurement."""
    lat, rss, idle = found["latencies"], found["rss"], found["idle_cpu"]
    tenth, load = max(1, len(lat) // 10), os.getloadavg()
    return "\n".join([
        BEGIN, "## Freshness under `wirehouse watch`", "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; command: `{command}`",
        f"- {args.drops} single-article drops, {args.gap:g} s apart, into a watched warehouse of {args.articles} "
        f"articles (`--quiet-seconds {args.quiet_seconds:g}`); from the file closed in the inbox to its dim_article "
        f"row seen in the warehouse's read copy (what an analyst's shell opens) by a reader looking every "
        f"{args.poll:g} s",
        f"- load average at the end {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f} on {os.cpu_count()} cores",
        "", "| p50 s | p95 s | min s | max s | tree RSS MB after drop 1 / 10% / last | growth after 10% | idle CPU |",
        "|--:|--:|--:|--:|--:|--:|--:|",
        f"| {percentile(lat, 0.5):.2f} | {percentile(lat, 0.95):.2f} | {min(lat):.2f} | {max(lat):.2f} | "
        f"{rss[1]['all']:,.0f} / {rss[tenth]['all']:,.0f} / {rss[-1]['all']:,.0f} | "
        f"{rss[-1]['all'] - rss[tenth]['all']:+,.0f} MB | {idle['all']:.1%} of a core |", "",
        "By process, after drop 10% / last (MB), and idle CPU: " + "; ".join(
            f"{name} {rss[tenth][name]:,.0f} / {rss[-1][name]:,.0f}, {idle[name]:.1%}"
            for name in ("watcher", "server", "workers")), "",
        "Tree RSS is the watcher, its Prefect server and its extraction workers together, after each drop's row is "
        "visible; idle CPU is the tree's over 10 s with nothing to do.", "", END])


def write_section(results: Path, text: str) -> None:
    """Put the section into RESULTS.md in place of the previous one (at the end when there is none)."""
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    results.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Measure, print the section and a result line, and write RESULTS.md when asked."""
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirehouse-fresh-") as tmp:
        work = args.workdir or Path(tmp)
        found = measure(args, work)
    command = "python -m bench.freshness " + " ".join(argv if argv is not None else sys.argv[1:])
    text = section(args, found, command.strip())
    print(text)
    lat, rss = found["latencies"], found["rss"]
    print(f"freshness_p50_s={percentile(lat, 0.5):.2f} freshness_p95_s={percentile(lat, 0.95):.2f} "
          f"rss_first_mb={rss[1]['all']:.0f} rss_last_mb={rss[-1]['all']:.0f} startup_load_s={found['loaded_s']:.1f}")
    print("latencies: " + " ".join(f"{x:.2f}" for x in lat), file=sys.stderr)
    for name in ("all", "watcher", "server", "workers"):
        print(f"RSS MB {name}: " + " ".join(f"{x[name]:.0f}" for x in rss), file=sys.stderr)
    if args.results:
        write_section(args.results, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
