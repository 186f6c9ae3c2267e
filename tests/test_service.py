"""Running as a service: the watcher's debounce, a watcher loading what lands through warm workers, a served
schedule loading a drop, stopping cleanly, and refusing a second serve of the same deployment."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from samples import query
from test_flow import STORY
from test_reliability import children, gone

from flows.server import free_port
from flows.settings import PROJECT_ROOT
from flows.warehouse import runlock
from flows.watch import Burst, watch


def test_a_burst_settles_once_after_a_quiet_spell():
    burst = Burst()
    assert not burst.settled(0.0)  # nothing happened yet
    burst.touch()
    assert not burst.settled(10.0)  # still within the quiet spell
    time.sleep(0.05)
    burst.touch()  # a second file of the same burst
    time.sleep(0.1)
    assert burst.settled(0.1) and not burst.settled(0.1)  # one run per burst


def test_a_finished_file_settles_a_burst_at_once():
    burst = Burst()
    burst.touch()  # a file being written: wait for the quiet spell
    assert not burst.settled(60.0)
    burst.touch(finished=True)  # its writer closed it (or it was moved in whole): no need to wait
    assert burst.settled(60.0) and not burst.settled(60.0)


def test_a_burst_remembers_each_closed_file_as_it_was_until_it_is_gone(tmp_path):
    from watchdog.events import FileClosedEvent, FileModifiedEvent

    from flows.ingest.discover import written
    from flows.watch import handler

    burst = Burst()
    events = handler(burst)
    done, growing = tmp_path / "acme.txt", tmp_path / "widget.txt"
    done.write_text("Acme Corp said on Monday it bought Widget Ltd.")
    growing.write_text("Widget Ltd said")
    events.on_any_event(FileClosedEvent(str(done)))
    events.on_any_event(FileModifiedEvent(str(growing)))  # still being written: not known complete
    assert burst.closed(tmp_path) == {"acme.txt": list(written(done))}
    done.unlink()  # run and archived
    assert burst.closed(tmp_path) == {}


def wait_until(condition, timeout: float) -> bool:
    """Return True as soon as condition() holds, False after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def drop_three(settings) -> None:
    """Drop three distinct articles at once."""
    for n in range(3):
        (settings.inbox / f"drop-{n}.txt").write_text(f"Drop {n}\n\n" + STORY.replace("Acme", f"Acme{n}"))


def test_watch_loads_a_burst_of_files_in_one_run(prefect_harness, settings):
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(settings, 0.5, stop))
    watcher.start()
    try:
        assert wait_until(lambda: settings.warehouse.exists(), 60)  # the start-up run over what was there
        drop_three(settings)
        assert wait_until(lambda: not any(settings.inbox.iterdir()), 90)
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert query(settings.warehouse, "select files_seen, files_loaded from etl_run order by run_id") == [(0, 0), (3, 3)]


def test_watch_starts_on_a_finished_file_and_keeps_its_workers_between_runs(prefect_harness, settings):
    from flows.extract import workers

    settings = replace(settings, workers=1)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(settings, 600.0, stop))  # a quiet spell no drop should wait for
    watcher.start()
    try:
        assert wait_until(lambda: settings.warehouse.exists(), 120)  # the start-up run
        pids = []
        for n in range(4):
            (settings.inbox / f"one-{n}.txt").write_text(f"One {n}\n\n" + STORY.replace("Acme", f"Solo{n}"))
            assert wait_until(lambda: not any(settings.inbox.iterdir()), 120), n
            pids.append(sorted(workers._pool._processes))
            if n == 1:  # a worker that dies is replaced, and the next drop still loads
                os.kill(pids[-1][0], signal.SIGKILL)
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert pids[0] == pids[1] and pids[2] != pids[1]  # one warm worker for both drops; a fresh one after the kill
    assert pids[3] == pids[2]  # which stays (started by a run's task thread, it outlives the thread)
    assert workers._pool is None  # stopped with the watcher
    assert query(settings.warehouse, "select files_loaded from etl_run order by run_id") == [(0,), (1,), (1,), (1,),
                                                                                          (1,)]


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory):
    """Return a PREFECT_HOME of this test session's own: serve's deployment lives in its database, and a serve of
    another session (another user's tests) must neither see nor pause it."""
    return tmp_path_factory.mktemp("prefect-home")


def start_service(argv: list[str], settings, prefect_home, log, env: dict | None = None) -> subprocess.Popen:
    """Return a `wirehouse <argv>` process on the settings' folders, in a process group of its own, its standard
    output and error written to log (.out and .err)."""
    with log.with_suffix(".out").open("w") as out, log.with_suffix(".err").open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "flows.cli", *argv,
             "--inbox", str(settings.inbox), "--seeds", str(settings.seeds), "--warehouse", str(settings.warehouse)],
            cwd=PROJECT_ROOT, env={**os.environ, "PREFECT_HOME": str(prefect_home), **(env or {})},
            stdout=out, stderr=err, text=True, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def start_serve(settings, prefect_home, log, *extra: str, env: dict | None = None) -> subprocess.Popen:
    """Return a `wirehouse serve` process every 5 s on a free port (see start_service)."""
    return start_service(["serve", "--interval", "5", "--port", str(free_port()), *extra], settings, prefect_home,
                         log, env)


def runs_logged(log) -> int:
    """Return how many scheduled runs the serve's log reports."""
    return sum(line.startswith("run ") for line in log.with_suffix(".err").read_text().splitlines())


def stopped(process: subprocess.Popen, how: int) -> float | None:
    """Send the signal to the serve; return the seconds it took to exit (None: still there after 120 s, its stacks
    printed to its log, killed)."""
    began = time.monotonic()
    process.send_signal(how)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGUSR1)  # every thread's stack to its log, for the failure message
        time.sleep(2)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    return time.monotonic() - began


PROMPT = 45  # seconds: a stop pauses the schedule and stops workers and server, on a machine other jobs may load


@pytest.mark.slow
def test_serve_runs_the_flow_on_its_schedule_and_stops_cleanly_on_sigterm(settings, prefect_home, tmp_path):
    drop_three(settings)
    log = tmp_path / "serve"
    process = start_serve(settings, prefect_home, log)
    try:
        loaded = wait_until(lambda: not any(settings.inbox.iterdir()), 300)  # a cold server, then a cold run
        ticked = wait_until(lambda: runs_logged(log) >= 3, 120)  # some more scheduled runs, warm ones
        servers = children(process.pid)  # the Prefect server and the extraction worker
    finally:
        took = stopped(process, signal.SIGTERM)
    err = log.with_suffix(".err").read_text()
    assert loaded and ticked, err
    assert took is not None and took < PROMPT and process.returncode == 0, (took, err)
    assert "Traceback" not in err and "Warning" not in err and "never awaited" not in err
    assert "stopped: the schedule is paused and the local Prefect server is down" in err
    out = log.with_suffix(".out").read_text()
    assert out.startswith("Prefect UI: http://127.0.0.1:") and "serving deployment 'wirehouse-run/wirehouse'" in out
    assert len(servers) >= 2 and gone(servers)
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(3,)]
    # runs one at a time, each one finished: at most the run the SIGTERM met is recorded as interrupted
    ended = dict(query(settings.warehouse, "select status, count(*) from etl_run group by status"))
    assert ended["success"] >= 3 and set(ended) <= {"success", "interrupted"} and ended.get("interrupted", 0) <= 1


@pytest.mark.slow
def test_a_second_serve_is_refused_and_leaves_the_first_ones_schedule_running(settings, prefect_home, tmp_path):
    first = start_serve(settings, prefect_home, tmp_path / "first")
    try:
        assert wait_until(lambda: runs_logged(tmp_path / "first") >= 1, 300), (tmp_path / "first.err").read_text()
        second = start_serve(settings, prefect_home, tmp_path / "second")
        try:
            second.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
        refusal = (tmp_path / "second.err").read_text()
        assert second.returncode == 1, refusal
        assert f"deployment 'wirehouse-run/wirehouse' is already served by PID {first.pid}" in refusal
        drop_three(settings)  # the first serve still makes its scheduled runs
        assert wait_until(lambda: not any(settings.inbox.iterdir()), 120), (tmp_path / "first.err").read_text()
    finally:
        took = stopped(first, signal.SIGINT)
    err = (tmp_path / "first.err").read_text()
    assert took is not None and took < PROMPT and first.returncode == 0 and "Traceback" not in err, (took, err)
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(3,)]


@pytest.mark.parametrize("argv, message", [
    (["serve", "--cron", "* * * * *", "--interval", "5"], "not allowed with argument"),
    (["watch", "--inbox", "/nonexistent/inbox"], "inbox folder /nonexistent/inbox does not exist"),
])
def test_service_commands_check_their_input(argv, message):
    done = subprocess.run([sys.executable, "-m", "flows.cli", *argv], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr


def test_watch_waits_out_a_run_that_holds_the_warehouse_and_loads_after_it(prefect_harness, settings):
    settings = replace(settings, lock_timeout_seconds=1.0)
    drop_three(settings)
    lines, handler = [], logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    logging.getLogger("wirehouse").addHandler(handler)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(settings, 0.5, stop))
    try:
        with runlock.exclusive_run(settings.warehouse, 0):  # a long manual run holds the warehouse
            watcher.start()
            assert wait_until(lambda: sum("not run now: another run" in line for line in lines) >= 2, 60), lines
            assert watcher.is_alive() and len(list(settings.inbox.iterdir())) == 3  # still watching, files kept
        assert wait_until(lambda: not any(settings.inbox.iterdir()), 90)  # the next try loads them
        assert watcher.is_alive()
    finally:
        stop.set()
        watcher.join(timeout=60)
        logging.getLogger("wirehouse").removeHandler(handler)
    assert query(settings.warehouse, "select files_seen, files_loaded from etl_run") == [(3, 3)]


@pytest.mark.slow
def test_serve_keeps_its_schedule_while_another_run_holds_the_warehouse(settings, prefect_home, tmp_path):
    drop_three(settings)
    log = tmp_path / "serve"
    with runlock.exclusive_run(settings.warehouse, 0):  # a long manual run holds the warehouse
        process = start_serve(settings, prefect_home, log, env={"WIREHOUSE_LOCK_TIMEOUT": "1",
                                                                "WIREHOUSE_SETTLE_SECONDS": "0"})
        try:
            skipped = wait_until(lambda: "not run now: another run" in log.with_suffix(".err").read_text(), 300)
            time.sleep(2)  # a scheduled run gave up: the service is still up, the files still waiting
            assert skipped and process.poll() is None, log.with_suffix(".err").read_text()
            assert len(list(settings.inbox.iterdir())) == 3
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)  # the serve and its workers and server
            raise
    try:
        loaded = wait_until(lambda: not any(settings.inbox.iterdir()), 240)  # a tick after the lock is free
    finally:
        took = stopped(process, signal.SIGINT)
    err = log.with_suffix(".err").read_text()
    assert loaded and took is not None and took < PROMPT and process.returncode == 0, (took, err)
    assert "Traceback" not in err
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(3,)]


def test_due_scheduled_runs_are_made_once_here_and_older_ones_skipped(prefect_harness):
    from datetime import datetime, timedelta, timezone

    from prefect import flow, get_client
    from prefect.states import Scheduled

    from flows import schedule
    from flows.report.summary import Summary

    made = []

    @flow(name="wirehouse-test-due")
    def due_flow() -> Summary:
        made.append(1)
        return Summary()

    deployment_id = due_flow.to_deployment(name="due").apply()
    now = datetime.now(timezone.utc)
    with get_client(sync_client=True) as client:
        runs = [client.create_flow_run_from_deployment(deployment_id, state=Scheduled(scheduled_time=now - timedelta(
            seconds=s))) for s in (30, 20, 10)]
        future = client.create_flow_run_from_deployment(deployment_id, state=Scheduled(
            scheduled_time=now + timedelta(hours=1)))
        schedule.run_due(client, due_flow, deployment_id)
        schedule.run_due(client, due_flow, deployment_id)  # nothing is due any more
        states = [client.read_flow_run(r.id).state for r in (*runs, future)]
    assert made == [1]  # one run for three due ticks, in this process
    assert [s.type.value for s in states] == ["CANCELLED", "CANCELLED", "COMPLETED", "SCHEDULED"]
    assert states[0].message.startswith("skipped: a later scheduled run")


def extraction_workers(pid: int) -> list[int]:
    """Return the extraction workers among a service's child processes (spawned by multiprocessing)."""
    return [p for p in children(pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


def run_statuses(warehouse) -> list[str] | None:
    """Return the etl_run statuses in run order, or None while a load holds the file."""
    try:
        return [status for (status,) in query(warehouse, "select status from etl_run order by run_id")]
    except duckdb.Error:
        return None


@pytest.mark.slow
@pytest.mark.parametrize("case", [(["watch", "--quiet-seconds", "60"], signal.SIGTERM, 130),
                                  (["serve", "--interval", "5"], signal.SIGINT, 0)], ids=["watch", "serve"])
def test_a_stop_mid_run_ends_the_service_while_its_worker_hangs_and_the_files_wait(case, prefect_harness, settings,
                                                                                   prefect_home, tmp_path):
    argv, how, code = case  # the command, the stop it gets, and its exit status
    log = tmp_path / argv[0]
    if argv[0] == "serve":
        argv = [*argv, "--port", str(free_port())]
    process = start_service(argv, settings, prefect_home, log, env={"WIREHOUSE_WORKERS": "1"})
    try:
        assert wait_until(lambda: runs_logged(log) >= 1, 300), log.with_suffix(".err").read_text()
        (worker,) = extraction_workers(process.pid)
        os.kill(worker, signal.SIGSTOP)  # a worker that no longer answers
        drop_three(settings)
        # the next run has started, and waits for the worker with the files still in the inbox
        assert wait_until(lambda: (run_statuses(settings.warehouse) or [])[-1:] == ["running"], 120)
        time.sleep(2)
        servers = children(process.pid)
    finally:
        took = stopped(process, how)
    err = log.with_suffix(".err").read_text()
    assert took is not None and took < PROMPT and process.returncode == code, (took, err)
    assert "Traceback" not in err and "Warning" not in err and "still not stopped" not in err, err
    assert gone(servers)  # the hung worker too
    assert sorted(p.name for p in settings.inbox.iterdir()) == ["drop-0.txt", "drop-1.txt", "drop-2.txt"]
    assert run_statuses(settings.warehouse)[-1] == "interrupted"
    from flows.pipeline import run

    assert run(settings).loaded == 3 and not any(settings.inbox.iterdir())  # the next run loads them
