"""The table registry is the one place a table is declared: its SQL, suite and staging frame all agree with it."""
from __future__ import annotations

import json

import duckdb
import pytest
from samples import story

from flows.frames import to_frames
from flows.settings import PROJECT_ROOT, Settings
from flows.staging import stage_name, view_loaded
from flows.tables import TABLES

SQL = PROJECT_ROOT / "sql"
CONTRACT_TABLES = ["dim_date", "dim_source", "dim_article", "dim_entity", "dim_story", "dim_event",
                   "fact_entity_mention", "fact_metric", "fact_quote", "fact_event"]


def test_the_registry_holds_the_contract_tables_dimensions_first():
    assert [t.name for t in TABLES] == CONTRACT_TABLES


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_each_table_has_its_sql_and_a_suite_saying_what_a_row_is(table):
    for part in ("schema", "load", "checks", "staged"):
        assert table.sql(SQL, part).is_file(), part
    spec = json.loads((PROJECT_ROOT / "expectations" / f"{table.name}.json").read_text())
    assert spec["name"] == table.name and spec["meta"]["description"].startswith("One row is")


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_frames_and_the_loaded_tables_have_the_declared_staging_columns(table):
    assert list(to_frames([story()])[table.name].columns) == table.columns
    con = duckdb.connect(":memory:")
    Settings().store.ensure_schema(con)
    view_loaded(con, table, SQL)
    columns = [c for c, *_ in con.execute(f"describe {stage_name(table)}").fetchall()]
    assert sorted(columns) == sorted([*table.columns, "row_id"])
