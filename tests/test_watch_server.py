"""`watch` and its private Prefect server: paused while nothing happens, continued for the next drop, holding only
the newest flow runs, and gone with a watcher killed while it was paused."""
from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest
from test_flow import STORY
from test_reliability import alive, children, gone
from test_service import start_service, wait_until


def state(pid: int) -> str:
    """Return the process's state letter from /proc ('T': stopped by a signal; '' once it is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def command_line(pid: int) -> str:
    """Return the process's command line, its arguments joined by spaces."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def runs_done(log: Path) -> int:
    """Return how many runs the watcher's log reports."""
    return sum(line.startswith("run ") for line in log.with_suffix(".err").read_text().splitlines())


def prefect_rows(home: Path) -> dict[str, int]:
    """Return the row counts of the flow runs, task runs, stored events and block types in the server's database."""
    with sqlite3.connect(f"file:{home / 'prefect.db'}?mode=ro", uri=True, timeout=30) as con:
        return {table: con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 (fixed names)
                for table in ("flow_run", "task_run", "events", "block_type")}


@pytest.mark.slow
def test_watch_pauses_its_server_serves_the_next_drop_keeps_the_newest_runs_and_dies_with_it(settings, tmp_path):
    home, log = tmp_path / "prefect-home", tmp_path / "watch"
    env = {"WIREHOUSE_SERVER_PAUSE_SECONDS": "1", "WIREHOUSE_SERVER_KEEP_RUNS": "2", "WIREHOUSE_WORKERS": "1"}
    watcher = start_service(["watch", "--quiet-seconds", "60"], settings, home, log, env)
    try:
        assert wait_until(lambda: runs_done(log) == 1, 180), log.with_suffix(".err").read_text()  # start-up run
        server = next(pid for pid in children(watcher.pid) if "uvicorn" in command_line(pid))
        assert wait_until(lambda: state(server) == "T", 30)  # nothing to do: paused
        for n in range(3):
            (settings.inbox / f"one-{n}.txt").write_text(f"One {n}\n\n" + STORY.replace("Acme", f"Paused{n}"))
            assert wait_until(lambda n=n: runs_done(log) == n + 2, 120), log.with_suffix(".err").read_text()
            assert not any(settings.inbox.iterdir())  # loaded through the continued server
            assert wait_until(lambda: state(server) == "T", 30)  # and paused again after it
        rows = prefect_rows(home)
        assert rows["flow_run"] == 2 and rows["task_run"] > 0  # the two newest runs of four, with their task runs
        assert rows["events"] == 0  # a private server stores no event feed
        assert rows["block_type"] == 0  # nor block types: listing them imports every installed Prefect collection
        errors = log.with_suffix(".err").read_text()
        assert "Traceback" not in errors and "ERROR" not in errors
        watcher.send_signal(signal.SIGKILL)  # while its server is stopped: SIGTERM would wait for a SIGCONT
        watcher.wait()
        assert gone([server], 30), state(server)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    assert not alive(watcher.pid)
