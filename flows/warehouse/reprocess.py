"""Reprocessing: loaded articles read back from the warehouse, to be extracted again from their stored body."""
from __future__ import annotations

from pathlib import Path

import duckdb

from flows.db import connect, has_table, query
from flows.records import ArticleMeta, Document
from flows.staging import view_loaded
from flows.tables import DIM_ARTICLE


def stored_articles(warehouse: Path, sql_dir: Path, scope: str, stamp: str, ids: list[str],
                    timeout: float = 60.0) -> list[tuple[Document, ArticleMeta]]:
    """Return (document, metadata) of the loaded articles in scope ('all', 'stale' against stamp, or 'ids':
    article ids or their first characters), each document's text its stored body."""
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        if not has_table(con, "dim_article"):
            return []
        view_loaded(con, DIM_ARTICLE, sql_dir)
        rows = query(con, sql_dir / "ops" / "articles_to_reprocess.sql", scope=scope, stamp=stamp, ids=ids)
    return [(Document(Path(r["file_name"] or r["article_id"]), "warehouse", r["body"],
                      stored_as=Path(r["stored_as"]) if r["stored_as"] else None),
             ArticleMeta(r["title"], r["published_date"], r["author"],
                         r["source_name"], r["dateline"], r["language"] or "en", r["word_count"] or 0))
            for r in rows]


def count_stale(con: duckdb.DuckDBPyConnection, sql_dir: Path, stamp: str) -> int:
    """Return, on an open connection, how many loaded articles were extracted by something other than the stamp."""
    return query(con, sql_dir / "ops" / "stale_count.sql", stamp=stamp)[0]["stale"]


def stale_count(warehouse: Path, sql_dir: Path, stamp: str, timeout: float = 60.0) -> int:
    """Return how many loaded articles were extracted by something other than what the stamp names."""
    with connect(warehouse, read_only=True, timeout=timeout) as con:
        if not has_table(con, "dim_article"):
            return 0
        return count_stale(con, sql_dir, stamp)
