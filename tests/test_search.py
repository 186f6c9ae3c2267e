"""Full-text search: BM25 over articles and quotes, an index that follows the loads, clear messages for bad queries."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from samples import at, build_newsroom, story

from flows import cli
from flows.extensions import extension_path
from flows.frames import to_frames
from flows.records import Checked
from flows.report.search import SearchError, parse_query, refresh_search_index, search
from flows.settings import PROJECT_ROOT
from flows.warehouse import loader

SQL = PROJECT_ROOT / "sql"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    wh = build_newsroom(at(tmp_path_factory.mktemp("search") / "news.duckdb"))
    refresh_search_index(wh)
    return wh


def hits(warehouse: Path, query: str, scope: str = "articles", **kw) -> list[tuple]:
    columns = ("file_name",) if scope == "articles" else ("speaker", "quote")
    return [tuple(row[c] for c in columns) for row in search(warehouse, query, scope, **kw)]


def test_finds_a_quote_by_its_words_and_by_its_speaker(warehouse: Path):
    assert hits(warehouse, "shareholders deal", "quotes") == [("Jane Doe", "It is a good deal for our shareholders,")]
    assert sorted(hits(warehouse, "Doe", "quotes")) == [("Jane Doe", "Berlin is our second home,"),
                                                        ("Jane Doe", "It is a good deal for our shareholders,")]
    assert hits(warehouse, "parcels", "quotes") == [("(unattributed)", "Robots are the future of parcels,")]


def test_articles_ranked_with_title_date_source_and_snippet(warehouse: Path):
    (row,) = search(warehouse, "bought", "articles")
    assert {k: row[k] for k in ("title", "source", "file_name")} == {
        "title": "Acme buys Widget", "source": "Wire", "file_name": "acme-widget.txt"}
    assert str(row["published"]) == "2020-03-03"
    assert row["snippet"].startswith("Acme Corp bought Widget Ltd for $5 million")
    assert hits(warehouse, "robots") == [("robot.txt",)]  # stemmed: "robots" finds "robot"
    assert hits(warehouse, "acme berlin") == [("berlin.txt",), ("acme-widget.txt",)]
    assert hits(warehouse, "acme berlin", limit=1) == [("berlin.txt",)]


def test_a_quoted_phrase_must_appear_as_written(warehouse: Path):
    assert hits(warehouse, 'acme "second home"') == [("berlin.txt",)]
    assert hits(warehouse, '"home second"') == []
    assert parse_query("“good deal” acme") == parse_query('"good deal" acme')


@pytest.mark.parametrize("query, message", [
    ("the of and", "nothing to search for in 'the of and': it has only stopwords"),
    ("2020 !!", "nothing to search for in '2020 !!'"),
    ('"good deal', "unbalanced quote in '\"good deal'"),
    ("   ", "empty query"),
])
def test_a_bad_query_gets_a_clear_message(warehouse: Path, capsys, query: str, message: str):
    with pytest.raises(SearchError, match="^" + message.replace("(", r"\(").replace("?", r"\?")):
        search(warehouse, query)
    assert cli.main(["search", query, "--warehouse", str(warehouse)]) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err.startswith(message) and "Traceback" not in out.err


def test_cli_prints_hits(warehouse: Path, capsys):
    assert cli.main(["search", "doe", "--in", "quotes", "--limit", "1", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1. Jane Doe: \u201c") and len(out) == 2
    assert out[1].startswith("   in 'Acme")
    assert cli.main(["search", "zeppelin", "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out == "no articles match 'zeppelin'\n"


def test_index_is_built_when_missing_and_follows_new_loads(tmp_path: Path):
    wh = build_newsroom(at(tmp_path / "news.duckdb"))
    assert hits(wh, "robot") == [("robot.txt",)]  # no index yet: search builds it
    article = story(7)
    loader.load_batch(wh, loader.ToLoad(1, Checked(1, [article], to_frames([article]))))  # loads with the index present
    assert hits(wh, "story") == [("story-7.txt",)]  # stale index: rebuilt before searching
    refresh_search_index(wh)  # what the pipeline calls after a run's loads; idempotent
    assert hits(wh, "good deal", "quotes")[0] == ("Acme Corp", "It is a good deal,")


def test_the_index_stays_out_of_the_warehouse_tables(warehouse: Path):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        shown = {r[0] for r in con.execute("show tables").fetchall()}
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    assert not any(name.startswith(("fts", "search")) for name in shown)
    assert {"fts_main_dim_article", "fts_search_quote", "search"} <= schemas
    assert extension_path("fts").name == "fts.duckdb_extension"


def test_search_without_a_warehouse_says_so(tmp_path: Path):
    with pytest.raises(SearchError, match="no warehouse at .*: load articles first with `wirehouse run`"):
        search(at(tmp_path / "none.duckdb"), "acme")
