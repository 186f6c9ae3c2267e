"""`wirehouse deploy` and `wirehouse worker` on the cluster's Prefect server (on PostgreSQL): the flow deployed from
this checkout, two workers as two 'machines' (process trees, folders and inboxes of their own) loading one lake on
the cluster, a manual run and a scheduled run each taken by a worker, and no process left afterwards."""
from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_cluster_lake import cluster_env, new_lake  # noqa: F401
from test_cluster_machines import machine

from flows.cli import main
from flows.cli.cluster_procs import alive
from flows.deployment import DEFAULT_CRON, descendants

FINAL = ("COMPLETED", "FAILED", "CRASHED", "CANCELLED")


def with_marker(marker: str) -> list[int]:
    """Return the processes whose environment holds marker (every process a worker of this test started has the
    test's lake in WIREHOUSE_LAKE, a flow run as much as the worker)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                found += [int(entry.name)] if state not in ("Z", "X") else []
        except OSError:
            continue
    return found


@contextmanager
def workers(lake, pool: str, homes: dict[str, Path], api: str):
    """Run `wirehouse worker` for each machine (queue name -> working folder) in a session of its own, reporting to
    the cluster's Prefect; stop them with SIGTERM on the way out (SIGKILL for anything left) and check that no process
    of theirs is left."""
    started = []
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_WORKER_QUERY_SECONDS": "2", "WIREHOUSE_SETTLE_SECONDS": "0",
           "WIREHOUSE_LAKE_DATA": lake.lake_data}
    try:
        for queue, home in homes.items():
            (home / "seeds").mkdir(exist_ok=True)
            command = [sys.executable, "-m", "flows.cli", "worker", "--pool", pool, "--queue", queue, "--name", queue,
                       "--inbox", str(home / "inbox"), "--seeds", str(home / "seeds"), "--lake", lake.lake,
                       "--warehouse", str(home / "wh" / "news.duckdb")]
            with (home / "worker.log").open("w") as log:
                started.append(subprocess.Popen(command, env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT,
                                                start_new_session=True))
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        marker = lake.lake.split("dbname=")[1].split()[0]
        left = with_marker(marker)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"processes left after the workers stopped: {left}"


def wait_for_run(client, deployment_id, timeout: float = 300, manual_id=None):
    """Return the first flow run of the deployment (the given one, or one the schedule made) once it has ended."""
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if manual_id:
            runs = [client.read_flow_run(manual_id)]
        else:
            runs = client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])))
            runs = [r for r in runs if r.auto_scheduled and r.state_type and r.state_type.value in FINAL]
        if runs and runs[0].state_type and runs[0].state_type.value in FINAL:
            return runs[0]
        time.sleep(1)
    raise AssertionError("no run of the deployment ended in time")


def wait_idle(client, pool: str, timeout: float = 180) -> None:
    """Wait until no flow run of the pool is pending or running (a worker may have taken a second scheduled run)."""
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
        WorkPoolFilter,
        WorkPoolFilterName,
    )

    busy = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=["PENDING", "RUNNING"])))
    deadline = time.monotonic() + timeout
    while client.read_flow_runs(flow_run_filter=busy, work_pool_filter=WorkPoolFilter(name=WorkPoolFilterName(any_=[pool]))):
        assert time.monotonic() < deadline, "a run of the pool never ended"
        time.sleep(1)


@pytest.mark.slow
def test_two_machines_take_a_manual_and_a_scheduled_run_of_the_deployment(cluster, cluster_env, tmp_path, capsys):  # noqa: F811
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    lake, api = new_lake(cluster, tmp_path), cluster_env["PREFECT_API_URL"]
    pool = f"pool-{secrets.token_hex(3)}"
    homes = {"machine-a": machine(tmp_path, "machine-a", [0, 1]), "machine-b": machine(tmp_path, "machine-b", [2, 3, 4])}
    with temporary_settings(updates={PREFECT_API_URL: api}):  # not a test harness's server of this session
        assert main(["deploy", "--pool", pool, "--name", "machine-a", "--queue", "machine-a"]) == 0
        assert main(["deploy", "--pool", pool, "--name", "machine-b", "--queue", "machine-b", "--interval", "20"]) == 0
        assert f"on work pool '{pool}', cron '{DEFAULT_CRON}'" in capsys.readouterr().out
        with get_client(sync_client=True) as client, workers(lake, pool, homes, api) as started:
            assert client.read_work_pool(pool).type == "process"
            by_hand, on_schedule = (client.read_deployment_by_name(f"wirehouse-run/{name}") for name in homes)
            assert [s.schedule.cron for s in by_hand.schedules] == [DEFAULT_CRON]
            assert by_hand.pull_steps == [{"prefect.deployments.steps.set_working_directory": {
                "directory": str(Path(__file__).resolve().parents[1])}}]  # this checkout: nothing is cloned
            manual = client.create_flow_run_from_deployment(by_hand.id)
            assert wait_for_run(client, by_hand.id, manual_id=manual.id).state_type.value == "COMPLETED"
            assert not list((homes["machine-a"] / "inbox").glob("story-*"))  # machine a's worker loaded its inbox
            scheduled = wait_for_run(client, on_schedule.id)
            assert scheduled.state_type.value == "COMPLETED" and scheduled.auto_scheduled
            for deployment in (by_hand, on_schedule):
                client.delete_deployment(deployment.id)  # and its scheduled runs
            wait_idle(client, pool)
            assert all(p.poll() is None for p in started)
            tree = [pid for p in started for pid in [p.pid, *descendants(p.pid)]]
        assert all(p.returncode == 130 for p in started), [p.returncode for p in started]  # stopped by SIGTERM
        assert not [pid for pid in tree if alive(pid)]
    assert not list((homes["machine-b"] / "inbox").glob("story-*"))
    with lake.store.connect(read_only=True) as con:
        assert con.execute("select count(*), count(distinct article_id) from dim_article "
                           "where article_key <> -1").fetchone() == (5, 5)
        statuses = {s for (s,) in con.execute("select status from etl_run").fetchall()}
        assert statuses == {"success"}


def test_deploy_and_worker_need_a_prefect_server(monkeypatch, tmp_path, capsys):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: ""}):
        assert main(["deploy"]) == 2
        assert "set PREFECT_API_URL" in capsys.readouterr().err
        assert main(["worker", "--inbox", str(tmp_path), "--seeds", str(tmp_path)]) == 2
        assert "set PREFECT_API_URL" in capsys.readouterr().err
