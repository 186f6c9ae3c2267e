"""`wirehouse cluster up|down|status`: the servers a team runs for several machines loading one lake (see
cluster_servers.py and docs/scaling.md), started here as processes with their data under one folder."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.cluster_procs import ClusterError
from flows.cli.options import command, opt
from flows.settings import HOME, Settings


def port(text: str) -> int:
    """Return a TCP port number given on the command line."""
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1-65535, got {value}")
    return value


@command("start, stop or show the servers of a multi-machine setup: PostgreSQL, Prefect, S3, Dask",
         opt("action", choices=("up", "down", "status"), help="up: start what is not running; down: stop all"),
         opt("--dir", type=Path, default=HOME / "cluster", help="the cluster's folder: data, logs, pids (./cluster)"),
         opt("--host", default="127.0.0.1", help="the address the servers listen on and other machines use"),
         opt("--ports", metavar="PG,PREFECT,S3,DASK", default="5432,4200,9000,8786",
             help="the four servers' ports (default 5432,4200,9000,8786)"),
         opt("--dask-workers", type=int, default=0, metavar="N", help="also start N Dask worker processes here"))
def cluster(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the cluster up, down, or report on it; return 0, or 1 when a server failed (or none runs: status)."""
    from flows.cli import cluster_servers as servers

    folder = args.dir.resolve()
    try:
        if args.action == "up":
            numbers = [port(p) for p in args.ports.split(",")]
            if len(numbers) != 4:
                raise argparse.ArgumentTypeError("--ports takes four ports: PG,PREFECT,S3,DASK")
            state = servers.up(folder, args.host, dict(zip(servers.DEFAULT_PORTS, numbers)), args.dask_workers)
            show(servers.status(folder))
            print(f"\nsettings for the machines that run wirehouse (also in {folder / 'cluster.env'}):")
            for name, value in servers.environment(folder, state).items():
                print(f"export {name}='{value}'")
            return 0
        if args.action == "down":
            stopped = servers.down(folder)
            print(f"stopped: {', '.join(stopped)}" if stopped else f"nothing of {folder} was running")
            return 0
        rows = servers.status(folder)
        if not rows:
            print(f"no cluster in {folder}: wirehouse cluster up --dir {folder}")
            return 1
        show(rows)
        return 0 if all(pid for _, _, pid in rows) else 1
    except (ClusterError, argparse.ArgumentTypeError, ValueError) as exc:
        print(f"cluster {args.action} failed: {exc}", file=sys.stderr)
        return 1


def show(rows: list[tuple[str, str, int | None]]) -> None:
    """Print one line per server: its name, state and address."""
    for name, where, pid in rows:
        print(f"{name:<13} {'running (pid ' + str(pid) + ')' if pid else 'stopped':<22} {where}")
