"""`wirehouse cluster up|down|status` against the real servers: PostgreSQL (Debian's postgresql-15), Prefect on
PostgreSQL, moto's S3 server and a Dask scheduler, each a process this test starts through the CLI and stops."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.cli import main
from flows.cli.cluster_postgres import bin_dir
from flows.cli.cluster_procs import alive, group_members
from flows.server import free_port


def cluster_folder() -> Path:
    """Return a new folder the postgres user can reach (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="wirehouse-cluster-"))
    folder.chmod(0o755)
    return folder


def ports() -> str:
    return ",".join(str(free_port()) for _ in range(4))


def cluster_pids(folder: Path) -> list[int]:
    """Return the pids the cluster recorded, and PostgreSQL's."""
    state = json.loads((folder / "cluster.json").read_text())
    pids = list(state["pids"].values())
    pid_file = folder / "postgres" / "data" / "postmaster.pid"
    return pids + ([int(pid_file.read_text().split()[0])] if pid_file.exists() else [])


@contextmanager
def running_cluster():
    """Bring a cluster (with two Dask workers) up through the CLI for the block, then down, checking that no process
    of it is left (the session's `cluster` fixture, in conftest.py)."""
    folder = cluster_folder()
    pids = []
    try:
        assert main(["cluster", "up", "--dir", str(folder), "--ports", ports(), "--dask-workers", "2"]) == 0
        pids = cluster_pids(folder)
        yield folder
    finally:
        main(["cluster", "down", "--dir", str(folder)])
        shutil.rmtree(folder, ignore_errors=True)
    assert not [pid for pid in pids if alive(pid) or group_members(pid)]


def env_of(folder: Path) -> dict[str, str]:
    """Return the settings `cluster up` wrote for other machines."""
    lines = (folder / "cluster.env").read_text().splitlines()
    return dict(line.removeprefix("export ").split("=", 1) for line in lines if line)


def unquoted(env: dict[str, str]) -> dict[str, str]:
    return {k: v.strip("'") for k, v in env.items()}


@pytest.mark.slow
def test_up_starts_every_server_and_prints_the_settings(cluster, capsys):
    assert main(["cluster", "status", "--dir", str(cluster)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["postgres", "s3", "prefect", "dask", "dask-workers"]
    assert all("running (pid" in line for line in lines)
    env = unquoted(env_of(cluster))
    assert set(env) >= {"WIREHOUSE_LAKE", "WIREHOUSE_LAKE_DATA", "PGPASSWORD", "AWS_ENDPOINT_URL",
                        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "PREFECT_API_URL", "WIREHOUSE_DASK"}
    assert oct((cluster / "cluster.env").stat().st_mode)[-3:] == "600"


@pytest.mark.slow
def test_postgres_holds_the_lake_and_prefect_databases(cluster):
    env = unquoted(env_of(cluster))
    dsn = env["WIREHOUSE_LAKE"].removeprefix("postgres:").replace("dbname=lake", "dbname=prefect")
    tables = subprocess.run([str(bin_dir() / "psql"), dsn, "-tAc",
                             "select table_name from information_schema.tables where table_schema = 'public'"],
                            capture_output=True, text=True, env={"PGPASSWORD": env["PGPASSWORD"]}, check=True)
    assert {"flow_run", "deployment", "work_pool"} <= set(tables.stdout.split())  # Prefect made its tables there


@pytest.mark.slow
def test_prefect_answers_and_s3_has_the_bucket(cluster):
    env = unquoted(env_of(cluster))
    with urllib.request.urlopen(env["PREFECT_API_URL"] + "/health", timeout=5) as answer:
        assert answer.status == 200
    import boto3

    s3 = boto3.client("s3", endpoint_url=env["AWS_ENDPOINT_URL"], region_name="us-east-1",
                      aws_access_key_id=env["AWS_ACCESS_KEY_ID"], aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"])
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["lake"]


@pytest.mark.slow
def test_dask_scheduler_has_the_two_workers(cluster):
    from distributed import Client

    with Client(unquoted(env_of(cluster))["WIREHOUSE_DASK"], timeout=30) as client:
        client.wait_for_workers(2, timeout=60)
        assert len(client.scheduler_info()["workers"]) == 2
        assert client.submit(sum, [1, 2, 3]).result(timeout=30) == 6


@pytest.mark.slow
def test_up_again_keeps_the_running_servers(cluster, capsys):
    before = cluster_pids(cluster)
    assert main(["cluster", "up", "--dir", str(cluster)]) == 0
    assert cluster_pids(cluster) == before


@pytest.mark.slow
def test_a_failed_up_leaves_no_process(capsys):
    folder = cluster_folder()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    pg, _, s3, dask = ports().split(",")
    try:  # Prefect cannot listen on a port that is taken: up fails and stops what it had started
        code = main(["cluster", "up", "--dir", str(folder), "--ports", f"{pg},{taken.getsockname()[1]},{s3},{dask}"])
        assert code == 1
        assert "prefect" in capsys.readouterr().err
        state = json.loads((folder / "cluster.json").read_text())
        assert state["pids"] == {}
        assert not (folder / "postgres" / "data" / "postmaster.pid").exists()
        assert main(["cluster", "status", "--dir", str(folder)]) == 1
    finally:
        taken.close()
        main(["cluster", "down", "--dir", str(folder)])
        shutil.rmtree(folder, ignore_errors=True)


def test_status_of_a_folder_without_a_cluster(tmp_path, capsys):
    assert main(["cluster", "status", "--dir", str(tmp_path)]) == 1
    assert "no cluster in" in capsys.readouterr().out
