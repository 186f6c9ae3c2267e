"""Two 'machines' loading one lake at once on the cluster's servers: each a separate process tree with its own
working folder and inbox, reporting to the cluster's Prefect, one extracting on the cluster's two Dask workers. One of
them is killed (SIGKILL) inside a load; the lake ends up with the same answers as one DuckDB file of the same
articles."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEEDS, temp_settings
from test_cluster_lake import cluster_env, new_lake  # noqa: F401
from test_flow import STORY

from flows.cli import main
from flows.pipeline import run
from flows.warehouse.ledger import table_counts

pytestmark = pytest.mark.slow
# Reports about the articles (the others are about runs, which differ by construction: several here, one there).
CONTENT_REPORTS = ("articles_by_source_month", "entity_pairs", "events_timeline", "metrics_by_entity",
                   "money_by_article", "quotes_by_speaker", "top_entities")


def story(i: int) -> str:
    return f"Story {i}\n\n" + STORY.replace("Acme", f"Acme{i}").replace("Jane Roe", f"Jane Roe{i}")


def machine(root: Path, name: str, stories: list[int]) -> Path:
    """Return the working folder of a 'machine', with its inbox holding the given stories."""
    home = root / name
    (home / "inbox").mkdir(parents=True)
    for i in stories:
        (home / "inbox" / f"story-{i}.txt").write_text(story(i))
    return home


def start(home: Path, lake, *extra: str, env: dict | None = None) -> subprocess.Popen:
    """Return `wirehouse run` on a machine's folders into the lake, in a process tree of its own."""
    command = [sys.executable, "-m", "flows.cli", "run", "--lake", lake.lake, "--inbox", str(home / "inbox"),
               "--seeds", str(SEEDS), "--warehouse", str(home / "wh" / "news.duckdb"), "--batch-size", "3", *extra]
    return subprocess.Popen(command, env={**os.environ, "WIREHOUSE_LAKE_DATA": lake.lake_data,
                                          "WIREHOUSE_SETTLE_SECONDS": "0", "WIREHOUSE_LOCK_TIMEOUT": "300",
                                          **(env or {})},
                            cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def wait_for(marker: Path, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the run never reached its load"
        time.sleep(0.1)


def articles_extracted(address: str) -> dict[str, int]:
    """Return how many articles each worker of the Dask cluster has extracted so far (each one asks for the spaCy
    pipeline once: the calls of its cache)."""
    from distributed import Client

    def calls() -> int:
        from flows.extract.nlp import load_nlp

        info = load_nlp.cache_info()
        return info.hits + info.misses

    with Client(address, timeout=30) as client:
        client.wait_for_workers(2, timeout=60)
        return client.run(calls)


def unordered_pair(line: str) -> str:
    """Return an entity_pairs row with its two entities in name order (the report puts the lower key first, and
    keys follow the order articles were loaded in)."""
    fields = line.split(",")
    if len(fields) != 6:
        return line
    first, second = sorted([tuple(fields[0:2]), tuple(fields[2:4])])
    return ",".join([*first, *second, *fields[4:]])


def answers(argv: list[str], capsys) -> dict[str, list[str]]:
    """Return the lines each content report prints (CSV) for a warehouse, sorted; check that audit passes."""
    found = {}
    for name in CONTENT_REPORTS:
        assert main(["report", name, "--format", "csv", "--limit", "1000", *argv]) == 0
        found[name] = sorted(map(unordered_pair if name == "entity_pairs" else str,
                                 capsys.readouterr().out.splitlines()))  # ties keep the order of keys, which differ
    for query, scope in (("acme widget", "articles"), ("ma", "quotes")):  # full-text search, from the lake's index
        assert main(["search", query, "--in", scope, "--limit", "100", *argv]) == 0
        hits = capsys.readouterr().out.splitlines()  # without their rank: equal scores are ranked by key
        found[f"search {scope}"] = sorted(re.sub(r"^\d+\. ", "", line) for line in hits)
    assert main(["report", "articles_matching", "--param", "query=acme", "--format", "csv", *argv]) == 0
    found["articles_matching"] = sorted(capsys.readouterr().out.splitlines())
    assert main(["audit", *argv]) == 0
    capsys.readouterr()
    return found


@pytest.fixture
def shared_lake(cluster, cluster_env, tmp_path):  # noqa: F811
    """Return a new lake on the cluster and the settings that point at the cluster."""
    return new_lake(cluster, tmp_path), cluster_env


def test_two_machines_load_one_lake_at_once_and_a_killed_one_loses_nothing(
        prefect_harness, shared_lake, tmp_path, capsys, monkeypatch):
    lake, env = shared_lake
    monkeypatch.setenv("PREFECT_API_URL", env["PREFECT_API_URL"])
    a = machine(tmp_path, "machine-a", [0, 1, 2, 3, 4, 5, 6])  # 3 to 6 are dropped on both machines
    b = machine(tmp_path, "machine-b", [3, 4, 5, 6, 7, 8])
    marker = tmp_path / "a-paused"
    killed = start(a, lake, env={"WIREHOUSE_TEST_PAUSE_IN_LOAD": str(marker),
                                 "PREFECT_API_URL": env["PREFECT_API_URL"]})
    extracted_before = articles_extracted(env["WIREHOUSE_DASK"])
    other = start(b, lake, "--dask", env["WIREHOUSE_DASK"], env={"PREFECT_API_URL": env["PREFECT_API_URL"],
                                                                  "WIREHOUSE_DASK_WORKERS": "2"})
    try:
        wait_for(marker, killed)
        marker.unlink()  # the first batch commits ...
        wait_for(marker, killed)
        os.killpg(killed.pid, signal.SIGKILL)  # ... and the run dies inside a later one
        killed.wait(timeout=30)
        out, err = other.communicate(timeout=600)
        assert other.returncode == 0, err
        extracted = articles_extracted(env["WIREHOUSE_DASK"])  # each batch was cut in two parts, one per worker
        assert len(extracted) == 2 and all(extracted[w] > extracted_before.get(w, 0) for w in extracted), extracted
        again = start(a, lake, env={"PREFECT_API_URL": env["PREFECT_API_URL"]})
        out_a, err_a = again.communicate(timeout=600)
        assert again.returncode == 0, err_a
    finally:
        for process in (killed, other):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    with lake.store.connect(read_only=True) as con:
        runs = con.execute("select status, files_loaded from etl_run order by run_id").fetchall()
        assert sorted(s for s, _ in runs) == ["abandoned", "success", "success"], runs
        assert con.execute("select count(*) - count(distinct article_id) from dim_article").fetchone() == (0,)
        assert con.execute("select count(*) from dim_article where article_key <> -1").fetchone() == (5 + 9,)
    assert not [p for home in (a, b) for p in (home / "inbox").glob("story-*")]  # every file was handled

    reference = replace(temp_settings(tmp_path / "one-machine"), seeds=SEEDS)
    for i in range(9):
        (reference.inbox / f"story-{i}.txt").write_text(story(i))
    monkeypatch.delenv("PREFECT_API_URL")
    assert run(reference).loaded == 5 + 9
    assert table_counts(lake.store) == table_counts(reference.store)
    monkeypatch.setenv("WIREHOUSE_LAKE_DATA", lake.lake_data)
    from_lake, from_file = answers(["--lake", lake.lake], capsys), answers(["--warehouse", str(reference.warehouse)], capsys)
    for name in from_file:
        assert from_lake[name] == from_file[name], (name, set(from_lake[name]) ^ set(from_file[name]))
