"""Reprocessing: loaded articles read back from the warehouse, to be extracted again from their stored body."""
from __future__ import annotations

from pathlib import Path

import duckdb

from flows.db import has_table
from flows.records import ArticleMeta, Document
from flows.staging import view_loaded
from flows.tables import DIM_ARTICLE
from flows.warehouse.handle import Warehouse


def stored_articles(warehouse: Warehouse, scope: str, stamp: str, ids: list[str]) -> list[tuple[Document, ArticleMeta]]:
    """Return (document, metadata) of the loaded articles in scope ('all', 'stale' against stamp, or 'ids':
    article ids or their first characters), each document's text its stored body."""
    with warehouse.connect(read_only=True) as con:
        if not has_table(con, "dim_article"):
            return []
        view_loaded(con, DIM_ARTICLE, warehouse.sql_dir)
        rows = warehouse.query(con, "ops/articles_to_reprocess.sql", scope=scope, stamp=stamp, ids=ids)
    return [(Document(Path(r["file_name"] or r["article_id"]), "warehouse", r["body"],
                      stored_as=Path(r["stored_as"]) if r["stored_as"] else None),
             ArticleMeta(r["title"], r["published_date"], r["author"],
                         r["source_name"], r["dateline"], r["language"] or "en", r["word_count"] or 0))
            for r in rows]


def count_stale(warehouse: Warehouse, con: duckdb.DuckDBPyConnection, stamp: str) -> int:
    """Return, on an open connection, how many loaded articles were extracted by something other than the stamp."""
    return warehouse.query(con, "ops/stale_count.sql", stamp=stamp)[0]["stale"]


def stale_count(warehouse: Warehouse, stamp: str) -> int:
    """Return how many loaded articles were extracted by something other than what the stamp names."""
    with warehouse.connect(read_only=True) as con:
        if not has_table(con, "dim_article"):
            return 0
        return count_stale(warehouse, con, stamp)


def matching_ids(warehouse: Warehouse, prefixes: list[str]) -> dict[str, list[str]]:
    """Return, for each article id or id prefix, the ids of the loaded articles it names (none: an empty list)."""
    found: dict[str, list[str]] = {p: [] for p in prefixes}
    with warehouse.connect(read_only=True) as con:
        if has_table(con, "dim_article"):
            for row in warehouse.query(con, "ops/match_ids.sql", ids=prefixes):
                found[row["prefix"]].append(row["article_id"])
    return found
