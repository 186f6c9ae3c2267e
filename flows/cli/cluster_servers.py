"""What `wirehouse cluster` starts, each as a real process with its data and log under one folder:

- PostgreSQL (postgres/): the lake's catalog (database `lake`) and Prefect's tables (database `prefect`);
- an S3-compatible endpoint (moto's server, s3.log): a test double for S3, MinIO or R2, keeping its objects in
  memory (so `down` empties the bucket: a lake's data on it lives as long as the cluster);
- a Prefect server on PostgreSQL, with its UI (prefect/, prefect.log);
- a Dask scheduler (dask.log) and, when asked, Dask workers on this machine (dask-workers.log).

The folder's cluster.json records the addresses, the generated password and keys, and each process's pid;
cluster.env holds the settings other machines need (mode 600: it carries the password).
"""
from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from flows.cli.cluster_postgres import Postgres
from flows.cli.cluster_procs import ClusterError, alive, http_ok, port_open, spawn, stop_group, wait_until

BUCKET = "lake"  # the bucket the test endpoint starts with; the lake's Parquet files go under s3://lake/data/
DEFAULT_PORTS = {"postgres": 5432, "prefect": 4200, "s3": 9000, "dask": 8786}


@dataclass(frozen=True)
class Server:
    """One server the cluster runs as a process group: how to start it and how to tell it is ready."""

    name: str
    marker: str  # a word of its command line, so a pid reused by another program is not taken for it

    def command(self, state: dict) -> list[str]:
        host, port = state["host"], str(state["ports"].get(self.name, 0))
        python = [sys.executable, "-m"]
        return {
            "s3": [*python, "moto.server", "-H", host, "-p", port],
            "prefect": [*python, "prefect", "server", "start", "--host", host, "--port", port],
            "dask": [*python, "distributed.cli.dask_scheduler", "--host", host, "--port", port, "--no-dashboard"],
            "dask-workers": [*python, "distributed.cli.dask_worker", address(state, "dask"), "--nthreads", "1",
                             "--nworkers", str(state["workers"]), "--no-dashboard"],
        }[self.name]

    def ready(self, state: dict) -> bool:
        host, port = state["host"], state["ports"].get(self.name, 0)
        if self.name == "prefect":
            return http_ok(f"http://{host}:{port}/api/health")
        if self.name == "dask-workers":  # each worker connects to the scheduler: wait for one connection each
            return True
        return port_open(host, port)


SERVERS = (Server("s3", "moto.server"), Server("prefect", "prefect"), Server("dask", "dask_scheduler"),
           Server("dask-workers", "dask_worker"))


def address(state: dict, name: str) -> str:
    """Return how clients reach one server of the cluster."""
    host, port = state["host"], state["ports"].get(name)
    return {"postgres": f"postgresql://{host}:{port} (databases lake, prefect)",
            "prefect": f"http://{host}:{port}/api (UI http://{host}:{port})",
            "s3": f"http://{host}:{port} (bucket {BUCKET})",
            "dask": f"tcp://{host}:{port}",
            "dask-workers": f"{state.get('workers', 0)} worker processes of tcp://{host}:{state['ports'].get('dask')}",
            }[name]


def postgres(folder: Path, state: dict) -> Postgres:
    """Return the cluster's PostgreSQL."""
    return Postgres(folder / "postgres", state["host"], state["ports"]["postgres"], state["password"])


def load(folder: Path) -> dict | None:
    """Return the recorded state of the cluster in folder (None when it was never brought up)."""
    path = folder / "cluster.json"
    return json.loads(path.read_text()) if path.exists() else None


def save(folder: Path, state: dict) -> None:
    """Record the state and the settings file other machines use, readable by the owner only (passwords)."""
    for name, text in (("cluster.json", json.dumps(state, indent=2)),
                       ("cluster.env", "".join(f"export {k}='{v}'\n" for k, v in environment(folder, state).items()))):
        path = folder / name
        path.touch(mode=0o600, exist_ok=True)
        path.write_text(text)


def new_state(host: str, ports: dict, workers: int) -> dict:
    """Return the state of a cluster not yet started: addresses, and a fresh password and S3 key."""
    return {"host": host, "ports": {**DEFAULT_PORTS, **ports}, "workers": workers, "pids": {},
            "password": secrets.token_urlsafe(18), "s3_key": "wirehouse", "s3_secret": secrets.token_urlsafe(24)}


def environment(folder: Path, state: dict) -> dict[str, str]:
    """Return the settings that point a machine at the cluster (wirehouse's, libpq's, AWS's and Prefect's)."""
    pg = postgres(folder, state)
    host, ports = state["host"], state["ports"]
    return {"WIREHOUSE_LAKE": f"postgres:{pg.dsn('lake')}", "WIREHOUSE_LAKE_DATA": f"s3://{BUCKET}/data",
            "PGPASSWORD": state["password"], "AWS_ENDPOINT_URL": f"http://{host}:{ports['s3']}",
            "AWS_ACCESS_KEY_ID": state["s3_key"], "AWS_SECRET_ACCESS_KEY": state["s3_secret"],
            "AWS_REGION": "us-east-1", "PREFECT_API_URL": f"http://{host}:{ports['prefect']}/api",
            "WIREHOUSE_DASK": f"tcp://{host}:{ports['dask']}"}


def server_env(folder: Path, state: dict, name: str) -> dict[str, str]:
    """Return the environment one server starts with."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    if name == "prefect":
        env.pop("PREFECT_API_URL", None)
        env.update(PREFECT_HOME=str(folder / "prefect"), PREFECT_LOGGING_LEVEL="WARNING",
                   PREFECT_API_DATABASE_CONNECTION_URL=postgres(folder, state).url("prefect", "postgresql+asyncpg"),
                   PREFECT_UI_API_URL=f"http://{state['host']}:{state['ports']['prefect']}/api")
    if name == "dask-workers":  # the workers run wirehouse's extraction tasks: they report to the cluster's Prefect
        env.update(environment(folder, state))
    return env


def up(folder: Path, host: str, ports: dict, workers: int) -> dict:
    """Start whatever of the cluster is not running (a cluster brought up before keeps its addresses and
    passwords); return its state. On a failure everything is stopped again and ClusterError raised."""
    folder.mkdir(parents=True, exist_ok=True)
    state = load(folder) or new_state(host, ports, workers)
    try:
        pg = postgres(folder, state)
        pg.init()
        pg.start()
        state["pids"]["postgres"] = pg.running()
        save(folder, state)
        if state["workers"] and not state["ports"].get("dask"):
            raise ClusterError("dask workers need the scheduler")
        for server in SERVERS:
            if server.name == "dask-workers" and not state["workers"]:
                continue
            if alive(state["pids"].get(server.name), server.marker):
                continue
            log = folder / f"{server.name}.log"
            pid = spawn(server.command(state), log, server_env(folder, state, server.name), folder)
            state["pids"][server.name] = pid
            save(folder, state)
            wait_until(lambda s=server: s.ready(state), server.name, (pid, server.marker, log), 120)
            if server.name == "s3":
                make_bucket(state)
    except BaseException:
        down(folder)
        raise
    return state


def make_bucket(state: dict) -> None:
    """Create the lake's bucket on the test endpoint (boto3 comes with moto)."""
    import boto3

    s3 = boto3.client("s3", endpoint_url=f"http://{state['host']}:{state['ports']['s3']}", region_name="us-east-1",
                      aws_access_key_id=state["s3_key"], aws_secret_access_key=state["s3_secret"])
    if BUCKET not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=BUCKET)


def down(folder: Path) -> list[str]:
    """Stop every process of the cluster, the last started first; return the names of those that were running."""
    state = load(folder)
    if state is None:
        return []
    stopped = []
    for server in reversed(SERVERS):
        pid = state["pids"].pop(server.name, None)
        if pid and alive(pid, server.marker):
            stopped.append(server.name)
        if pid:
            stop_group(pid, server.marker)
        save(folder, state)
    pg = postgres(folder, state)
    if pg.running() is not None:
        stopped.append("postgres")
        pg.stop()
    state["pids"].pop("postgres", None)
    save(folder, state)
    return stopped


def status(folder: Path) -> list[tuple[str, str, int | None]]:
    """Return (server, address, pid or None when it is not running) for each server of the cluster."""
    state = load(folder)
    if state is None:
        return []
    rows = [("postgres", address(state, "postgres"), postgres(folder, state).running())]
    for server in SERVERS:
        if server.name == "dask-workers" and not state.get("workers"):
            continue
        pid = state["pids"].get(server.name)
        rows.append((server.name, address(state, server.name), pid if alive(pid, server.marker) else None))
    return rows
