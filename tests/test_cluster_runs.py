"""Runs on several machines: the run lock and the runs' leases in the lake's PostgreSQL catalog, with real
processes killed by SIGKILL (a 'machine' here is a process of its own)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace

import pytest
from test_cluster_lake import cluster_env, new_lake  # noqa: F401

from flows import lake_runs
from flows.settings import PROJECT_ROOT
from flows.warehouse.ledger import start_run

pytestmark = pytest.mark.slow

# A run on another 'machine': takes the run lock of its group, records its run, says so, then waits to be killed.
HOLDER = textwrap.dedent("""
    import sys, time
    from dataclasses import replace
    from flows.settings import Settings
    from flows.warehouse.ledger import start_run
    settings = replace(Settings.from_env(), lease_seconds=float(sys.argv[1]))
    with settings.store.run_lock():
        print(start_run(settings.store), flush=True)
        time.sleep(600)
""")


def holder(settings, group: str, lease: float = 60.0) -> tuple[subprocess.Popen, int]:
    """Return a process holding a run of the settings' lake (its own process tree and inbox), and that run's id."""
    inbox = settings.inbox.parent / f"inbox-{group}"
    inbox.mkdir(exist_ok=True)
    env = {**os.environ, **settings.to_env(), "WIREHOUSE_RUN_GROUP": group, "WIREHOUSE_INBOX": str(inbox)}
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(lease)], env=env, cwd=PROJECT_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    line = process.stdout.readline()
    assert line.strip().isdigit(), process.stderr.read() if process.poll() is not None else line
    return process, int(line)


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def statuses(settings) -> dict[int, str]:
    with settings.store.connect(read_only=True) as con:
        return dict(con.execute("select run_id, status from etl_run").fetchall())


def test_one_run_per_group_on_any_machine_and_a_killed_holder_frees_it(cluster, cluster_env, tmp_path):  # noqa: F811
    settings = replace(new_lake(cluster, tmp_path), lock_timeout_seconds=1.0, run_group="team-inbox")
    process, _ = holder(settings, "team-inbox")
    try:
        with pytest.raises(lake_runs.RunInProgress, match="another run of team-inbox"):
            with settings.store.run_lock():
                pass
        with replace(settings, run_group="other-inbox").store.run_lock():
            pass  # another group runs at once
    finally:
        kill(process)
    began = time.monotonic()
    with replace(settings, lock_timeout_seconds=30.0).store.run_lock():  # the killed holder's session ended
        assert time.monotonic() - began < 10


def test_the_next_run_marks_a_killed_run_abandoned_and_leaves_a_live_one(cluster, cluster_env, tmp_path):  # noqa: F811
    settings = new_lake(cluster, tmp_path)
    with settings.store.connect() as con:
        settings.store.ensure_schema(con)
    killed, killed_id = holder(settings, "machine-a")
    live, live_id = holder(settings, "machine-b")
    try:
        kill(killed)
        with replace(settings, run_group="machine-c").store.run_lock():
            new_id = start_run(replace(settings, run_group="machine-c").store)
        found = statuses(settings)
        assert found[killed_id] == "abandoned"
        assert found[live_id] == "running"  # its lease is renewed: another machine may still be loading
        assert found[new_id] == "running"
    finally:
        kill(live)


def test_a_lease_that_expired_on_another_machine_is_dead_and_a_renewed_one_is_not(cluster, cluster_env, tmp_path):  # noqa: F811
    dsn = new_lake(cluster, tmp_path).store.dsn
    with lake_runs.connect(dsn) as con:
        con.execute("insert into wirehouse_run_lease values (901, 'far-away', 1, now() - interval '1 second'), "
                    "(902, 'far-away', 1, now() + interval '1 minute')")
    assert lake_runs.dead_runs(lake_runs.PostgresLeases(dsn), [901, 902, 903]) == [901, 903]  # 903 holds no lease at all
    with lake_runs.connect(dsn) as con:
        con.execute("delete from wirehouse_run_lease where run_id in (901, 902)")


def test_a_lease_is_renewed_while_its_run_holds_the_lock(cluster, cluster_env, tmp_path):  # noqa: F811
    settings = replace(new_lake(cluster, tmp_path), lease_seconds=3.0)
    process, run_id = holder(settings, "renewing", lease=3.0)
    try:
        time.sleep(5)  # longer than the lease: only renewal keeps it alive
        assert lake_runs.dead_runs(settings.store.leases, [run_id]) == []
    finally:
        kill(process)
    time.sleep(3.5)  # the pid is gone (this machine) and the lease has expired (any machine)
    assert lake_runs.dead_runs(settings.store.leases, [run_id]) == [run_id]
