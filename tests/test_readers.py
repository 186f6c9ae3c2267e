"""Readers and the loader never wait for each other: analysts read the warehouse's read copy, which each run
publishes when it ends (checkpointed, copied, renamed over the old copy), while the loader writes the file itself.

DuckDB 1.5.5, measured with two processes: while one process holds a file read-write, every other open of it
fails ("Could not set lock"), and while one holds it read-only (an analyst's `duckdb -readonly`), no process
can open it read-write. Both tests use real processes: the duckdb shell the docs give, and a `wirehouse run`
paused inside its load transaction.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest
from samples import query
from test_flow import STORY
from test_reliability import children, start, wait_for

from flows.cli import main
from flows.settings import PROJECT_ROOT


def drop(settings, name: str) -> None:
    """Drop one article named after its company into the inbox."""
    (settings.inbox / f"{name}.txt").write_text(f"{name} agrees Widget deal\n\n" + STORY.replace("Acme", name))


def holds(process: subprocess.Popen, path: Path, timeout: float = 60) -> bool:
    """Return True once the process or its child (the venv's `duckdb` starts the real shell) has the file open."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in [process.pid, *children(process.pid)]:
            if any(os.path.realpath(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").glob("*")):
                return True
        time.sleep(0.1)
    return False


def test_an_analysts_open_shell_never_makes_a_run_wait_and_keeps_its_own_view(prefect_harness, settings, monkeypatch,
                                                                              capsys):
    monkeypatch.setenv("WIREHOUSE_SETTLE_SECONDS", "0")
    monkeypatch.setenv("WIREHOUSE_LOCK_TIMEOUT", "1")
    folders = ["--inbox", str(settings.inbox), "--seeds", str(settings.seeds), "--warehouse", str(settings.warehouse)]
    drop(settings, "Acme")
    assert main(["run", *folders]) == 0
    shell = shlex.split(settings.store.shell())  # the command the docs give analysts, as they would type it
    analyst = subprocess.Popen(shell, cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert holds(analyst, Path(shell[-1]).resolve())
        drop(settings, "Zenith")
        assert main(["run", *folders]) == 0, capsys.readouterr().err  # with a 1 s lock timeout
        assert "waiting for" not in capsys.readouterr().err
        seen, _ = analyst.communicate("select count(*) from dim_article where article_key <> -1;", timeout=30)
    finally:
        analyst.kill()
    assert analyst.returncode == 0 and re.search(r"│ +1 │", seen), seen  # the shell kept the run it opened, whole
    assert query(settings.warehouse, "select count(*) from dim_article where article_key <> -1") == [(2,)]
    assert main(["status", "--warehouse", str(settings.warehouse)]) == 0
    assert capsys.readouterr().out.startswith("run 2: success")  # a new reader sees the last completed run


@pytest.mark.slow
def test_readers_answer_at_once_while_a_run_holds_the_warehouse_in_its_load(prefect_harness, settings, tmp_path,
                                                                             monkeypatch, capsys):
    monkeypatch.setenv("WIREHOUSE_LOCK_TIMEOUT", "1")
    wh = ["--warehouse", str(settings.warehouse)]
    drop(settings, "Acme")
    loaded = start(settings)
    assert loaded.wait(timeout=300) == 0, loaded.communicate()
    drop(settings, "Zenith")
    marker = tmp_path / "paused"
    loader = start(settings, env={"WIREHOUSE_TEST_PAUSE_IN_LOAD": str(marker)})
    try:
        wait_for(marker, loader, timeout=300)  # the run holds the file read-write, inside its transaction
        # with a 1 s lock timeout, a reader that had to wait for the loader's file would fail, saying it waited
        assert main(["status", *wh]) == 0
        said = capsys.readouterr()
        assert said.out.startswith("run 1: success") and "waiting for" not in said.err
        assert main(["report", "recent_runs", *wh, "--format", "csv"]) == 0
        said = capsys.readouterr()
        assert said.out.splitlines()[1].startswith("1,") and "waiting for" not in said.err
        assert main(["search", "Acme", *wh]) == 0
        said = capsys.readouterr()
        assert "Acme agrees Widget deal" in said.out and "waiting for" not in said.err
        assert main(["audit", *wh]) == 0
        said = capsys.readouterr()
        assert said.out.endswith(" 0 failed\n") and "waiting for" not in said.err
        (article_id,) = query(settings.store.readers().path, "select article_id from dim_article where article_key <> -1")[0]
        assert main(["explain", article_id[:8], *wh]) == 0  # an id prefix, looked up in the read copy too
        said = capsys.readouterr()
        assert "Acme agrees Widget deal" in said.out and "waiting for" not in said.err
    finally:
        marker.unlink(missing_ok=True)
    out, err = loader.communicate(timeout=300)
    assert loader.returncode == 0, err
    assert main(["status", *wh]) == 0 and capsys.readouterr().out.startswith("run 2: success")
