"""Leases of runs on a lake whose catalog is a SQLite file (lake_runs.SqliteLeases, beside the catalog): a killed run
is marked abandoned by the next run, a live one is left running (the same rules as a PostgreSQL catalog's, tested
on the cluster in test_cluster_runs.py)."""
from __future__ import annotations

import subprocess
import time
from contextlib import closing
from dataclasses import replace

import pytest
from conftest import temp_settings
from test_cluster_runs import holder, kill, statuses

from flows.lake_runs import HOST, SqliteLeases, dead_runs, renewed
from flows.warehouse.ledger import start_run


def ended_pid() -> int:
    """Return the pid of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_lease_is_dead_when_expired_missing_or_its_process_here_is_gone(tmp_path):
    leases = SqliteLeases(tmp_path / "catalog.leases.sqlite")
    leases.hold(1, 60)  # this process, alive
    with closing(leases.connect()) as con:
        con.executemany("insert into wirehouse_run_lease values (?, ?, ?, ?)",
                        [(2, "far-away", 1, time.time() - 1), (3, "far-away", 1, time.time() + 60),
                         (4, HOST, ended_pid(), time.time() + 60)])
    assert dead_runs(leases, [1, 2, 3, 4, 5]) == [2, 4, 5]  # 5 holds no lease at all
    assert dead_runs(leases, []) == []


def test_a_renewed_lease_outlives_its_first_expiry_and_is_dropped_at_the_end(tmp_path):
    leases = SqliteLeases(tmp_path / "catalog.leases.sqlite")
    with closing(leases.connect()) as con:  # as if held by a process of another machine: only renewal keeps it
        con.execute("insert into wirehouse_run_lease values (7, ?, 1, ?)", ["elsewhere", time.time() + 0.6])
    with renewed(leases, 0.6):
        leases.hold(8, 0.6)
        time.sleep(1.2)
        assert dead_runs(leases, [7, 8]) == [7]
    assert dead_runs(leases, [8]) == [8]  # dropped: the run has recorded how it ended


@pytest.mark.slow
def test_the_next_run_marks_a_killed_run_on_a_sqlite_lake_abandoned_and_leaves_a_live_one(tmp_path):
    settings = replace(temp_settings(tmp_path), lake=f"sqlite:{tmp_path / 'lake' / 'catalog.sqlite'}",
                       cache=tmp_path / "cache", lock_timeout_seconds=60.0)
    with settings.store.connect() as con:
        settings.store.ensure_schema(con)
    killed, killed_id = holder(settings, "machine-a")  # each holder: a process of its own, with its own inbox
    live, live_id = holder(settings, "machine-b")
    try:
        kill(killed)  # SIGKILL: it never records how it ended
        with settings.store.run_lock():
            new_id = start_run(settings.store)
        assert statuses(settings) == {killed_id: "abandoned", live_id: "running", new_id: "running"}
        assert (tmp_path / "lake" / "catalog.leases.sqlite").is_file()
    finally:
        kill(live)
