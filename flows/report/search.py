"""Full-text search over articles and quotes (DuckDB's FTS extension, BM25): `wirehouse search` and its index.

The index is a snapshot: `refresh_search_index` rebuilds it after a run's loads, and a search rebuilds it
first when it is missing or holds fewer articles or quotes than the warehouse (someone loaded without
refreshing). A lake keeps its index in a DuckDB file of its own (lake_index.py), rebuilt when a later snapshot of
the lake changed what it copies. SQL is in sql/search/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from flows.db import has_table
from flows.extensions import ExtensionMissing, load_extension
from flows.report import lake_index
from flows.transaction import transaction
from flows.warehouse.handle import Warehouse

SCOPES = ("articles", "quotes")
QUOTE_WIDTH = 200  # characters of a quote shown in results
# Typographic quote marks count as phrase delimiters too: people paste queries from articles.
QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


class SearchError(ValueError):
    """A query that cannot be searched, or a warehouse with nothing to search; the message says why."""


@dataclass(frozen=True)
class Query:
    """A parsed query: its words for BM25, and the quoted phrases every hit must contain."""

    words: str
    phrases: tuple[str, ...]


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the FTS extension into a connection by path (`install fts` would need the network)."""
    try:
        load_extension(con, "fts")
    except ExtensionMissing as exc:
        raise SearchError(f"full-text search needs the FTS extension: {exc}") from exc


def refresh_search_index(warehouse: Warehouse) -> None:
    """Rebuild the article and quote indexes from the loaded tables, in one transaction; return None.

    A lake's index is a DuckDB file of its own, built from the lake's latest snapshot (see lake_index.py)."""
    if warehouse.search_index is not None:
        with warehouse.connect(read_only=True) as con:
            load_fts(con)
            lake_index.rebuild(warehouse, con)
        return

    def rebuild() -> None:
        with warehouse.connect() as con:
            load_fts(con)
            with transaction(con):
                warehouse.script(con, "search/quote_table.sql")
                warehouse.script(con, "search/refresh.sql")  # apart: its pragmas are expanded before any statement runs

    warehouse.retry(rebuild)


def index_is_fresh(warehouse: Warehouse, con: duckdb.DuckDBPyConnection) -> bool:
    """Return True when both indexes exist and cover every article and quote of the warehouse (a lake's: when no
    commit since its snapshot changed what it copies)."""
    if warehouse.search_index is not None:
        return lake_index.is_fresh(warehouse, con)
    if not warehouse.query(con, "search/index_state.sql")[0]["indexed"]:
        return False
    return bool(warehouse.query(con, "search/index_fresh.sql")[0]["fresh"])


def ensure_index(warehouse: Warehouse) -> Warehouse:
    """Build or rebuild the indexes when they are missing or stale; return the store that holds them, which the
    search SQL runs on (raise SearchError if nothing is loaded)."""
    if not warehouse.exists():
        raise SearchError(f"no warehouse at {warehouse}: load articles first with `wirehouse run`")
    with warehouse.connect(read_only=True) as con:
        if not has_table(con, "dim_article") or not has_table(con, "fact_quote"):
            raise SearchError(f"{warehouse} has no articles yet: load some with `wirehouse run`")
        load_fts(con)
        fresh = index_is_fresh(warehouse, con)
        if not fresh and warehouse.search_index is not None:  # built from this very connection's snapshot
            lake_index.rebuild(warehouse, con)
            fresh = True
    if not fresh:
        refresh_search_index(warehouse)
    return lake_index.index_store(warehouse) if warehouse.search_index is not None else warehouse


def parse_query(text: str) -> Query:
    """Return the query's words and quoted phrases; raise SearchError on an empty query or an unbalanced quote."""
    text = text.translate(QUOTE_MARKS).strip()
    if not text:
        raise SearchError("empty query: give the words to look for, e.g. wirehouse search \"jack ma\"")
    if text.count('"') % 2:
        raise SearchError(f"unbalanced quote in {text!r}: close the phrase with a second \" (or drop the quote mark)")
    phrases = tuple(" ".join(p.split()) for p in re.findall(r'"([^"]*)"', text) if p.strip())
    return Query(words=text.replace('"', " "), phrases=phrases)


def search(warehouse: Warehouse, text: str, scope: str = "articles", limit: int = 10) -> list[dict]:
    """Return the best `limit` matches of a query in articles or quotes, as dicts (column -> value), best first."""
    if scope not in SCOPES:
        raise SearchError(f"cannot search {scope!r}: choose one of {', '.join(SCOPES)}")
    parsed = parse_query(text)
    index = ensure_index(warehouse)
    with index.connect(read_only=True) as con:
        load_fts(con)
        terms = [row["term"] for row in index.query(con, "search/terms.sql", query=parsed.words)]
        if not terms:
            raise SearchError(f"nothing to search for in {text!r}: it has only stopwords (the, and, of...) "
                              "or no letters; numbers are not indexed")
        cursor = index.script(con, f"search/{scope}.sql", query=parsed.words, terms=terms,
                              phrases=list(parsed.phrases) or None)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchmany(limit)]


def _where(row: dict) -> str:
    """Return '(date, source)' for a hit, leaving out what the article does not state."""
    known = [str(v) for v in (row["published"], row["source"]) if v is not None and v != "Unknown"]
    return f" ({', '.join(known)})" if known else ""


def render(rows: list[dict], scope: str, text: str) -> str:
    """Return search results as text: title, date, source and snippet (articles), or speaker and quote (quotes)."""
    if not rows:
        return f"no {scope} match {text!r}"
    lines = []
    for n, row in enumerate(rows, 1):
        if scope == "articles":
            lines.append(f"{n}. {row['title'] or row['file_name']}{_where(row)}  score {row['score']}")
            lines.append(f"   {row['snippet']}")
        else:
            quote = row["quote"] if len(row["quote"]) <= QUOTE_WIDTH else row["quote"][:QUOTE_WIDTH - 1] + "\u2026"
            lines.append(f"{n}. {row['speaker']}: \u201c{quote}\u201d  score {row['score']}")
            lines.append(f"   in {row['title']!r}{_where(row)}")
    return "\n".join(lines)
