"""The DuckLake warehouse: same tables and figures as the DuckDB file, and concurrent runs that load once."""
from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from conftest import SEEDS, temp_settings
from test_flow import STORY

from flows import cli
from flows.db import run_script
from flows.extensions import ExtensionMissing, extension_path, load_extension
from flows.lake import LakeBusy, catalog_file, retry_conflicts
from flows.pipeline import run
from flows.report.search import search
from flows.settings import PROJECT_ROOT, Settings
from flows.tables import TABLES
from flows.warehouse.ledger import table_counts
from flows.warehouse.loader import claim_write

SQL = PROJECT_ROOT / "sql"
SCORER = Path(__file__).parents[1] / ".." / "shared" / "eval" / "score.py"
GOLD = Path(__file__).parents[1] / ".." / "shared" / "gold" / "seeds"
WIREHOUSE = [sys.executable, "-m", "flows.cli"]


def lake_settings(root: Path) -> Settings:
    """Return temporary settings whose warehouse is a lake with a SQLite catalog under root."""
    return replace(temp_settings(root), lake=f"sqlite:{root / 'lake' / 'catalog.sqlite'}", cache=root / "cache")


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """Return a table's (column, type) pairs in order."""
    return [(r[0], r[1]) for r in con.execute(f"describe {table}").fetchall()]


def test_load_extension_copies_sqlite_under_its_entry_point_and_loads_it(tmp_path):
    con = duckdb.connect()
    loaded = load_extension(con, "sqlite", tmp_path)
    assert loaded == tmp_path / f"v{duckdb.__version__}" / "sqlite_scanner.duckdb_extension"
    assert loaded.read_bytes() == extension_path("sqlite").read_bytes()
    assert load_extension(con, "fts") == extension_path("fts")  # no copy needed: loaded from the package
    names = {r[0] for r in con.execute("select extension_name from duckdb_extensions() where loaded").fetchall()}
    assert {"sqlite_scanner", "fts"} <= names
    with pytest.raises(ExtensionMissing, match="pip install duckdb-extension-nosuch"):
        load_extension(con, "nosuch")


def test_retry_conflicts_runs_again_only_after_a_lost_race():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise duckdb.TransactionException("Failed to commit DuckLake transaction: database is locked")
        return "done"

    assert retry_conflicts(flaky, timeout=5, first_delay=0.001) == "done" and len(calls) == 3

    def broken():
        calls.append(1)
        raise duckdb.CatalogException("Table with name nowhere does not exist")

    calls.clear()
    with pytest.raises(duckdb.CatalogException):
        retry_conflicts(broken, timeout=5)
    assert len(calls) == 1

    def always_locked():
        raise duckdb.TransactionException("database is locked")

    with pytest.raises(duckdb.TransactionException):
        retry_conflicts(always_locked, timeout=0.05, first_delay=0.001)


def test_the_lake_has_the_file_tables_columns_and_unknown_members(tmp_path):
    lake = lake_settings(tmp_path).store
    file = temp_settings(tmp_path).store
    with file.connect() as file_con, lake.connect() as lake_con:
        file.ensure_schema(file_con)
        lake.ensure_schema(lake_con)
        lake.ensure_schema(lake_con)  # idempotent: nothing is created twice
        for name in [t.name for t in TABLES] + ["etl_run", "quarantine", "validation_result", "load_token"]:
            assert columns(lake_con, name) == columns(file_con, name), name
            assert lake_con.execute(f"select count(*) from {name}").fetchone() == \
                file_con.execute(f"select count(*) from {name}").fetchone(), name


def test_lake_writers_take_turns_while_readers_keep_reading(tmp_path):
    lake = lake_settings(tmp_path).store
    add = ("insert into dim_source (source_key, source_name) select 1, 'Wire' "
           "where not exists (select 1 from dim_source where source_name = 'Wire')")
    wire = "select count(*) from dim_source where source_name = 'Wire'"
    with lake.connect() as first:
        lake.ensure_schema(first)
        with lake.connect(read_only=True) as reader:
            reader.execute("begin transaction")  # an analyst's open transaction does not hold the writer up
            assert reader.execute(wire).fetchone() == (0,)
            first.execute("begin transaction")
            claim_write(lake, first)
            first.execute(add)
            with pytest.raises(LakeBusy), replace(lake, timeout=0.3).connect():
                pass  # a second writer waits for its turn (here: gives up at once)
            first.execute("commit")
            assert reader.execute(wire).fetchone() == (0,)  # the reader keeps its snapshot
            reader.execute("commit")
    with lake.connect() as second:  # the next writer's turn: it sees the first one's row and adds none
        second.execute(add)
        assert second.execute(wire).fetchone() == (1,)
    assert sqlite3.connect(catalog_file(lake.lake)).execute("pragma journal_mode").fetchone() == ("wal",)


def test_wirehouse_sql_prints_what_opens_the_lake(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lake = lake_settings(tmp_path)
    with lake.store.connect() as con:
        lake.store.ensure_schema(con)
    assert cli.main(["sql", "--lake", lake.lake]) == 0
    statements = capsys.readouterr().out
    shell = duckdb.connect()
    shell.execute(statements)
    assert shell.execute("select count(*) from dim_article").fetchone() == (1,)  # the Unknown member
    with pytest.raises(duckdb.Error, match="read-only"):
        shell.execute("delete from dim_article")
    assert cli.main(["sql"]) == 2  # no lake: nothing to print


def load_scorer():
    """Return the shared scorer module, or skip when the shared folder is not beside the repository."""
    if not SCORER.exists() or not GOLD.is_dir():
        pytest.skip(f"the shared scorer or gold is missing ({SCORER.resolve()})")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_the_scorer_gives_the_same_figures_from_the_lake_as_from_the_file(seed_runs, tmp_path):
    score = load_scorer()
    file_settings = seed_runs[0]
    lake = replace(lake_settings(tmp_path), seeds=SEEDS)
    assert run(lake).loaded == len(list(SEEDS.iterdir()))
    assert table_counts(lake.store) == table_counts(file_settings.store)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    with file_settings.store.connect(read_only=True) as file_con, lake.store.connect(read_only=True) as lake_con:
        for gold in golds:
            from_file, from_lake = score.score_article(file_con, gold), score.score_article(lake_con, gold)
            assert from_lake == from_file, gold["file"]
            assert from_file[1] is None and from_file[0].entities.tp > 0  # the article is there and scored


def start(settings: Settings) -> subprocess.Popen:
    """Return a `wirehouse run --lake` process on the settings' folders."""
    return subprocess.Popen(
        [*WIREHOUSE, "run", "--lake", settings.lake, "--inbox", str(settings.inbox), "--seeds", str(settings.seeds),
         "--warehouse", str(settings.warehouse)],
        env={**os.environ, "WIREHOUSE_SETTLE_SECONDS": "0", "WIREHOUSE_LOCK_TIMEOUT": "300"},
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def drop_stories(inbox: Path) -> None:
    """Write the same three articles into an inbox."""
    inbox.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        (inbox / f"story-{i}.txt").write_text(f"Story {i}\n\n" + STORY.replace("Acme", f"Acme{i}"))


@pytest.mark.slow
def test_two_runs_loading_one_lake_at_once_give_one_runs_totals(prefect_harness, tmp_path):
    shared = lake_settings(tmp_path)
    runs = [replace(shared, inbox=tmp_path / name, seeds=SEEDS) for name in ("inbox-a", "inbox-b")]
    for settings in runs:
        drop_stories(settings.inbox)
    processes = [start(s) for s in runs]  # both extract the same 8 articles; their loads take turns
    try:
        results = [p.communicate(timeout=400) for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    assert [p.returncode for p in processes] == [0, 0], results
    assert not any("Traceback" in err for _, err in results)
    reference = replace(temp_settings(tmp_path / "file"), seeds=SEEDS)
    drop_stories(reference.inbox)
    assert run(reference).loaded == 8
    assert table_counts(shared.store) == table_counts(reference.store)
    with shared.store.connect(read_only=True) as con:
        assert con.execute("select count(*) - count(distinct article_id) from dim_article").fetchone() == (0,)
        assert con.execute("select count(*) - count(distinct (match_key, entity_type)) from dim_entity").fetchone() == (0,)
        loaded = run_script(con, SQL / "ops" / "count_rows.sql", table_name="dim_article", unknown_members=1)
        assert loaded.fetchone() == (8,)
        assert con.execute("select sum(files_loaded), sum(files_skipped), count(*) filter (where status = 'success') "
                           "from etl_run").fetchone() == (8, 8, 2)
    assert all(not any(s.inbox.glob("story-*")) for s in runs)  # each run archived its own inbox's files
    index = shared.store.search_index  # both runs rebuilt it at once: each renamed a whole file over it
    assert sorted(p.name for p in index.parent.glob("*search*")) == [index.name]
    assert [r["score"] for r in search(shared.store, "acme widget", limit=100)] == \
        [r["score"] for r in search(reference.store, "acme widget", limit=100)]
