"""The memory of a running `wirehouse watch` tree over time: a line every `--every` seconds with the runs its log
reports so far and the resident memory (MB) of the tree, the watcher, its Prefect server and its extraction
workers. bench.freshness reports memory only once it ends; beside a long run (1,000 drops) this shows the trend
while it goes, and what was reached if it is stopped. With `--archive` (the warehouse's archive folder) each line
also gives p50 / p95 of the drops archived so far, from the file written (its mtime) to its move into the archive
(its ctime: the watcher moves a file only after its load committed): a lower bound of bench.freshness's latency,
which adds the reader's next look (every 0.1 s).

    python -m bench.treewatch WATCHER_PID WORKDIR/watch.log --every 60 --archive WORKDIR/wh/archive
"""
from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from bench.freshness import percentile, tree_rss_mb


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.treewatch", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pid", type=int, help="the watcher's process id")
    ap.add_argument("log", type=Path, help="the watcher's log (its 'run N:' lines are counted)")
    ap.add_argument("--every", type=float, default=60.0, help="seconds between lines (60)")
    ap.add_argument("--archive", type=Path, help="the archive folder, for the drops' landing-to-archived seconds")
    return ap.parse_args(argv)


def archived(archive: Path) -> str:
    """Return how many drops were archived and p50 / p95 of their seconds from written to archived."""
    seconds = []
    for path in archive.rglob("drop_*"):
        stat = path.stat()
        seconds.append(stat.st_ctime - stat.st_mtime)
    if not seconds:
        return "archived 0"
    return f"archived {len(seconds)} p50 {percentile(seconds, 0.5):.2f}s p95 {percentile(seconds, 0.95):.2f}s"


def main(argv: list[str] | None = None) -> int:
    """Print a line every args.every seconds until the watcher is gone."""
    args = parse_args(argv)
    while Path(f"/proc/{args.pid}").exists():
        rss = tree_rss_mb(args.pid)
        runs = len(re.findall(r"^run \d+:", args.log.read_text(errors="replace"), re.M))
        print(time.strftime("%H:%M:%S", time.gmtime()), "runs", runs,
              " ".join(f"{name} {mb:.0f}" for name, mb in rss.items()), archived(args.archive) if args.archive else "",
              flush=True)
        time.sleep(args.every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
