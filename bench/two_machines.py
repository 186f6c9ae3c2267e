"""Two 'machines' load a folder of articles plus the seeds into one lake at once, on a cluster this script brings up
(`wirehouse cluster up`, in a temporary folder, on free ports) and down again; then one local run loads the same
articles into a DuckDB file, and the table counts are compared.

  python -m bench.two_machines                               # the development articles, ../shared/gold/dev/articles
  python -m bench.two_machines --articles DIR --overlap 5 --dask-workers 2

Each machine is a `wirehouse run` in a process tree of its own with its own working folder and inbox (copies of
the articles, made in the temporary folder: the files are read where they are and never kept). Machine a gets the
first articles, machine b the last, `--overlap` of them dropped on both; both read the seeds, so those are
offered twice too. Machine b extracts on the cluster's Dask workers when `--dask-workers` is above 0.
Exit 0 when every table has the same count in the lake as in the file and each article is in the lake once.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "articles"
EXTENSIONS = (".txt", ".md", ".html", ".htm", ".json")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    ap = argparse.ArgumentParser(prog="bench.two_machines", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "gold" / "dev" / "articles",
                    help="folder of articles (default ../shared/gold/dev/articles)")
    ap.add_argument("--overlap", type=int, default=5, help="articles dropped on both machines (default 5)")
    ap.add_argument("--dask-workers", type=int, default=2, help="Dask workers of the cluster, for machine b (default 2)")
    return ap.parse_args(argv)


def wirehouse(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
    """Return `wirehouse ARGS` started in a session of its own, its output in log."""
    with log.open("w") as out:
        return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], env=env, cwd=cwd, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def finished(process: subprocess.Popen, log: Path, timeout: float = 1800) -> None:
    """Wait for a command; raise with its log's end when it failed."""
    if process.wait(timeout=timeout):
        raise RuntimeError(f"{' '.join(map(str, process.args[2:5]))} failed ({process.returncode}):\n"
                           + "\n".join(log.read_text().splitlines()[-15:]))


def inbox(folder: Path, files: list[Path]) -> Path:
    """Return an inbox holding copies of the files."""
    folder.mkdir(parents=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def cluster_env(folder: Path) -> dict[str, str]:
    """Return the settings `cluster up` wrote for the machines."""
    lines = (folder / "cluster.env").read_text().splitlines()
    return {k.removeprefix("export "): v.strip("'") for k, v in (line.split("=", 1) for line in lines if line)}


def load_two_machines(root: Path, files: list[Path], overlap: int, dask_workers: int) -> tuple[dict, float]:
    """Bring a cluster up, load the files on two machines at once into its lake, bring it down; return (the lake's
    table counts and how many articles it holds more than once, the seconds both runs took)."""
    from flows.cli import main as cli
    from flows.server import free_port
    from flows.settings import Settings
    from flows.warehouse.ledger import table_counts

    cluster = root / "cluster"
    ports = ",".join(str(free_port()) for _ in range(4))
    if cli(["cluster", "up", "--dir", str(cluster), "--ports", ports, "--dask-workers", str(dask_workers)]):
        raise RuntimeError("cluster up failed")
    runs = []
    try:
        env = {**os.environ, **cluster_env(cluster), "WIREHOUSE_SETTLE_SECONDS": "0", "WIREHOUSE_LOCK_TIMEOUT": "600"}
        half = (len(files) + overlap) // 2
        shares = {"machine-a": files[:half], "machine-b": files[len(files) - half:]}
        began = time.monotonic()
        for name, share in shares.items():
            home = root / name
            extra = ["--dask", env["WIREHOUSE_DASK"]] if name == "machine-b" and dask_workers else []
            run_env = {**env, "WIREHOUSE_DASK_WORKERS": str(dask_workers)} if extra else env
            command = ["run", "--lake", env["WIREHOUSE_LAKE"], "--inbox", str(inbox(home / "inbox", share)),
                       "--seeds", str(SEEDS), "--warehouse", str(home / "wh" / "news.duckdb"), *extra]
            runs.append((wirehouse(command, run_env, home, home / "run.log"), home / "run.log"))
            print(f"{name}: {len(share)} articles + {len(list(SEEDS.iterdir()))} seeds", flush=True)
        for process, log in runs:
            finished(process, log)
        seconds = time.monotonic() - began
        os.environ.update({k: v for k, v in env.items() if k.startswith(("PG", "AWS_"))})
        lake = replace(Settings(), lake=env["WIREHOUSE_LAKE"], lake_data=env["WIREHOUSE_LAKE_DATA"], cache=root / "cache")
        counts = table_counts(lake.store)
        with lake.store.connect(read_only=True) as con:
            counts["(articles loaded twice)"] = con.execute(
                "select count(*) - count(distinct article_id) from dim_article").fetchone()[0]
            counts["(runs: status)"] = ", ".join(s for (s,) in con.execute("select status from etl_run order by run_id").fetchall())
        return counts, seconds
    finally:
        for process, _ in runs:
            if process.poll() is None:
                os.killpg(process.pid, 9)
        cli(["cluster", "down", "--dir", str(cluster)])


def load_one_machine(root: Path, files: list[Path]) -> tuple[dict, float]:
    """Return (the table counts of one local run of the files and the seeds into a DuckDB file, its seconds)."""
    from flows.settings import Settings
    from flows.warehouse.ledger import table_counts

    home = root / "one-machine"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "WIREHOUSE_"))}
    env["WIREHOUSE_SETTLE_SECONDS"] = "0"
    warehouse = home / "wh" / "news.duckdb"
    began = time.monotonic()
    command = ["run", "--inbox", str(inbox(home / "inbox", files)), "--seeds", str(SEEDS), "--warehouse", str(warehouse)]
    finished(wirehouse(command, env, home, home.parent / "one-machine.log"), home.parent / "one-machine.log")
    seconds = time.monotonic() - began
    counts = table_counts(replace(Settings(), warehouse=warehouse).store)
    counts["(articles loaded twice)"] = 0  # a DuckDB file's primary key: checked by its constraint
    counts["(runs: status)"] = "success"
    return counts, seconds


def main(argv: list[str] | None = None) -> int:
    """Run both loads, print the counts side by side; return 0 when they agree."""
    args = parse_args(argv)
    files = sorted(p for p in args.articles.iterdir() if p.suffix in EXTENSIONS)
    if not files:
        print(f"no articles in {args.articles}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="wirehouse-two-machines-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)  # the cluster's PostgreSQL runs as the postgres user when we are root
        lake, lake_seconds = load_two_machines(root, files, args.overlap, args.dask_workers)
        local, local_seconds = load_one_machine(root, files)
    print(f"\n{len(files)} articles from {args.articles} + seeds; two machines {lake_seconds:.0f} s, "
          f"one machine {local_seconds:.0f} s\n")
    print("| table | two machines, one lake | one machine, DuckDB file |\n|---|---|---|")
    for name in local:
        print(f"| {name} | {lake.get(name)} | {local[name]} |")
    same = all(lake.get(name) == local[name] for name in local if not name.startswith("("))
    clean = lake["(articles loaded twice)"] == 0 and set(lake["(runs: status)"].split(", ")) == {"success"}
    print("\nsame counts" if same and clean else "\nDIFFERENT", flush=True)
    return 0 if same and clean else 1


if __name__ == "__main__":
    sys.exit(main())
