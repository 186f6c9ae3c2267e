"""Full-text search on a lake: an index file of its own, built from the lake's latest snapshot, that answers every
search and the articles_matching report exactly as a DuckDB file warehouse of the same articles does."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from conftest import SEEDS, temp_settings
from samples import build_newsroom, story
from test_lake import lake_settings

from flows import cli
from flows.frames import to_frames
from flows.pipeline import run
from flows.records import Checked
from flows.report import lake_index
from flows.report.reports import run_report
from flows.report.search import load_fts, search
from flows.transaction import transaction
from flows.warehouse import ledger, loader
from flows.warehouse.handle import Warehouse

QUERIES = [("acme berlin", "articles"), ('acme "second home"', "articles"), ("robots", "articles"),
           ("doe", "quotes"), ("shareholders deal", "quotes"), ("parcels", "quotes"), ("zeppelin", "articles")]
NO_FILES = {"files_seen": 0, "files_loaded": 0, "files_skipped": 0, "files_quarantined": 0}
SEED_QUERIES = [("olympic games", "articles"), ("alibaba", "articles"), ('"jack ma"', "articles"),
                ("ma", "quotes"), ("company", "quotes"), ("percent", "articles")]


@pytest.fixture(scope="module")
def newsrooms(tmp_path_factory) -> tuple[Warehouse, Warehouse]:
    """Return (file, lake): the same newsroom articles loaded into a DuckDB file and into a SQLite-catalog lake."""
    root = tmp_path_factory.mktemp("lake-search")
    return build_newsroom(temp_settings(root / "file").store), build_newsroom(lake_settings(root / "lake").store)


def index_inode(lake: Warehouse) -> int:
    """Return the inode of the lake's index file: a rebuild renames a new file over it."""
    return lake.search_index.stat().st_ino


@pytest.mark.parametrize("query, scope", QUERIES)
def test_a_lake_answers_a_search_as_the_file_does(newsrooms, query: str, scope: str):
    file, lake = newsrooms
    assert search(lake, query, scope, limit=100) == search(file, query, scope, limit=100)


def test_articles_matching_and_the_cli_give_the_files_answers_on_a_lake(newsrooms, capsys):
    file, lake = newsrooms
    for query in ("acme", "robot widget"):
        assert run_report(lake, "articles_matching", {"query": query}).rows == \
            run_report(file, "articles_matching", {"query": query}).rows
    assert run_report(lake, "articles_matching", {"query": "acme"}).rows  # something was found
    printed = []
    for where in (["--lake", lake.lake.catalog], ["--warehouse", str(file.path)]):
        assert cli.main(["search", "doe", "--in", "quotes", *where]) == 0
        assert cli.main(["report", "articles_matching", "--param", "query=berlin", "--format", "csv", *where]) == 0
        printed.append(capsys.readouterr().out)
    assert printed[0] == printed[1] and "Jane Doe" in printed[0]


def test_the_lake_index_is_rebuilt_after_a_load_but_not_after_a_run_record(tmp_path: Path):
    lake = build_newsroom(lake_settings(tmp_path).store)
    assert not lake.search_index.exists()
    assert [r["file_name"] for r in search(lake, "robot")] == ["robot.txt"]  # no index yet: search builds it
    built = index_inode(lake)
    run_id = ledger.start_run(lake)  # commits that touch only the run's record leave the index fresh
    ledger.finish_run(lake, run_id, ledger.RunEnd("success", NO_FILES, {}))
    search(lake, "robot")
    assert index_inode(lake) == built
    article = story(7)
    loader.load_batch(lake, loader.ToLoad(run_id, Checked(1, [article], to_frames([article]))))
    assert [r["file_name"] for r in search(lake, "story")] == ["story-7.txt"]  # stale: rebuilt before searching
    assert index_inode(lake) != built
    assert sorted(p.name for p in lake.search_index.parent.iterdir() if "search" in p.name) == \
        ["catalog.search.duckdb"]  # the partial file was renamed, nothing left beside it
    with duckdb.connect(str(lake.search_index), read_only=True) as con:
        snapshot = con.execute("select snapshot_id from search.indexed_snapshot").fetchone()[0]
    with lake.connect(read_only=True) as con:
        assert snapshot <= con.execute("select id from lake.current_snapshot()").fetchone()[0]


def test_a_lake_index_of_another_lake_at_the_same_place_is_rebuilt(tmp_path: Path):
    first = build_newsroom(lake_settings(tmp_path / "one").store)
    search(first, "acme")
    other = lake_settings(tmp_path / "two").store
    with other.connect() as con:
        other.ensure_schema(con)
    article = story(3)
    loader.load_batch(other, loader.ToLoad(ledger.start_run(other), Checked(1, [article], to_frames([article]))))
    other.search_index.write_bytes(first.search_index.read_bytes())  # an index left by the lake that was here
    assert [r["file_name"] for r in search(other, "acme")] == ["story-3.txt"]


def test_an_empty_lake_says_so_and_search_on_a_lake_with_only_tables_finds_nothing(tmp_path: Path, capsys):
    lake = lake_settings(tmp_path)
    assert cli.main(["search", "acme", "--lake", lake.lake]) == 2
    assert "load articles first" in capsys.readouterr().err
    with lake.store.connect() as con:
        lake.store.ensure_schema(con)
    assert cli.main(["search", "acme", "--lake", lake.lake]) == 0
    assert capsys.readouterr().out == "no articles match 'acme'\n"


def test_a_run_into_a_lake_leaves_a_fresh_index_that_answers_as_the_seed_file_does(seed_runs, tmp_path: Path):
    file = seed_runs[0].store
    lake = replace(lake_settings(tmp_path), seeds=SEEDS)
    assert run(lake).loaded == len(list(SEEDS.iterdir()))
    built = index_inode(lake.store)  # the run refreshed it after its loads
    for query, scope in SEED_QUERIES:
        found = search(lake.store, query, scope, limit=100)
        assert found == search(file, query, scope, limit=100), (query, scope)
        assert found or query == "percent", (query, scope)
    assert index_inode(lake.store) == built  # still fresh: the run's last commit only recorded the run


def index_rows(path: Path) -> dict[str, list[tuple]]:
    """Return every row of the tables an index file copies, and of its quote table, in order."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {table: con.execute(f"select * from {table} order by all").fetchall()
                for table in [*lake_index.COPIED, "search.quote"]}


def rebuilt(lake: Warehouse) -> str:
    """Return how the lake's index was rebuilt now: 'updated' or 'copied'."""
    with lake.connect(read_only=True) as con:
        load_fts(con)
        return lake_index.rebuild(lake, con)


def test_a_stale_lake_index_is_updated_with_the_later_changes_to_what_a_full_copy_gives(tmp_path: Path):
    lake = build_newsroom(lake_settings(tmp_path).store)
    assert rebuilt(lake) == "copied"  # no index yet
    run_id = ledger.start_run(lake)
    for n in (7, 8):
        article = story(n)
        loader.load_batch(lake, loader.ToLoad(run_id, Checked(1, [article], to_frames([article]))))
    with lake.connect() as con, transaction(con):  # as a reprocess: rows deleted and inserted, one updated in place
        con.execute("delete from fact_quote where article_key = (select min(article_key) from fact_quote)")
        con.execute("update dim_article set title = 'Zeppelin over Acme' "
                    "where article_key = (select max(article_key) from dim_article)")
    assert rebuilt(lake) == "updated"
    assert [r["file_name"] for r in search(lake, "zeppelin")] == ["story-8.txt"]  # fresh: no rebuild
    updated = index_rows(lake.search_index)
    lake.search_index.unlink()
    assert rebuilt(lake) == "copied"
    assert index_rows(lake.search_index) == updated  # the same rows, so the same FTS index and answers


def test_a_lake_index_is_copied_again_when_a_copied_table_was_altered(tmp_path: Path):
    lake = build_newsroom(lake_settings(tmp_path).store)
    assert rebuilt(lake) == "copied"
    with lake.connect() as con:
        con.execute("alter table dim_source add column note varchar")
    assert rebuilt(lake) == "copied"  # the copy's columns would differ from the lake's
    assert "note" in [c for c, *_ in duckdb.connect(str(lake.search_index), read_only=True)
                      .execute("describe dim_source").fetchall()]
