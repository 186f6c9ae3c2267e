"""Running as a service: the watcher's debounce, a watcher loading what lands, a served schedule loading a drop."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

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


@pytest.mark.slow
def test_serve_runs_the_flow_on_its_schedule_and_stops_cleanly(settings):
    drop_three(settings)
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", "--interval", "5", "--port", str(free_port()),
         "--inbox", str(settings.inbox), "--seeds", str(settings.seeds), "--warehouse", str(settings.warehouse)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        loaded = wait_until(lambda: not any(settings.inbox.iterdir()), 150)
        servers = children(process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert loaded, err
    assert process.returncode == 0 and "Traceback" not in err
    assert out.startswith("Prefect UI: http://127.0.0.1:") and "serving deployment 'wirehouse-run/wirehouse'" in out
    assert gone(servers)
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
def test_serve_keeps_its_schedule_while_another_run_holds_the_warehouse(settings, tmp_path):
    drop_three(settings)
    err = tmp_path / "serve.err"
    with runlock.exclusive_run(settings.warehouse, 0), err.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--interval", "10", "--port", str(free_port()),
             "--inbox", str(settings.inbox), "--seeds", str(settings.seeds), "--warehouse", str(settings.warehouse)],
            cwd=PROJECT_ROOT, env={**os.environ, "WIREHOUSE_LOCK_TIMEOUT": "1", "WIREHOUSE_SETTLE_SECONDS": "0"},
            stdout=subprocess.DEVNULL, stderr=stderr, text=True, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        try:
            skipped = wait_until(lambda: "not run now: another run" in err.read_text(), 240)
            time.sleep(2)  # a scheduled run gave up: the service is still up, the files still waiting
            assert skipped and process.poll() is None, err.read_text()
            assert len(list(settings.inbox.iterdir())) == 3
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)  # the serve and the flow runs it started
            raise
    try:
        loaded = wait_until(lambda: not any(settings.inbox.iterdir()), 240)  # a tick after the lock is free
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    assert loaded and process.returncode == 0, err.read_text()
    assert "Traceback" not in err.read_text()
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(3,)]
