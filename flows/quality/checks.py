"""Checks: the computed columns the GX suites read, and what a failed row takes down with it.

The suites in expectations/ see each table's staged rows plus a few computed columns: foreign keys found
(`*_found`), the provenance round trip (`offsets_ok`), `body_length`, `id_matches_body`... Those columns are
defined once, in sql/tables/<table>/checks.sql over the `stage_<table>` relations. Before a load they run on
the batch's frames staged in an in-memory DuckDB; `wirehouse audit` runs the same file on the loaded tables
(sql/tables/<table>/staged.sql), so one suite means the same thing before and after loading.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from flows.frames import of_articles
from flows.staging import stage
from flows.tables import BY_NAME, DIM_ARTICLE, DIM_ENTITY, Table

FALLBACK = {"dim_source": [("dim_article", "source_name", "source_name")],  # failed dim row -> Unknown member
            "dim_date": [("dim_article", "published_date", "full_date"), ("fact_event", "event_date", "full_date")]}


def is_missing(value) -> bool:
    """Return True for None/NaN (pandas 3 stores a missing string as NaN)."""
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def inputs(table: Table) -> list[Table]:
    """Return the tables whose staged rows the table's checks.sql reads: itself, for a fact the articles and
    entities it points at, and the tables it names in `reads`."""
    return ([table, DIM_ARTICLE, DIM_ENTITY] if table.is_fact else [table]) + [BY_NAME[name] for name in table.reads]


def computed(con: duckdb.DuckDBPyConnection, table: Table, sql_dir: Path) -> pd.DataFrame:
    """Return checks.sql of a table over the `stage_*` relations of the connection, one row per staged row."""
    con.execute((sql_dir / "ops" / "check_macros.sql").read_text(encoding="utf-8"))
    frame = con.execute(table.sql(sql_dir, "checks").read_text(encoding="utf-8")).df()
    return frame.drop(columns=["row_id"]).reset_index(drop=True)


class Staged:
    """An in-memory DuckDB holding a batch's frames as `stage_*` tables, each restaged only when it changed."""

    def __init__(self) -> None:
        self.con, self._frames = duckdb.connect(":memory:"), {}

    def check_frame(self, table: Table, frames: dict[str, pd.DataFrame], sql_dir: Path) -> pd.DataFrame:
        """Return the table's staged frame, renumbered from 0, with the computed columns its suite reads."""
        for needed in inputs(table):
            frame = frames[needed.name]
            if self._frames.get(needed.name) is not frame:  # the articles' bodies are staged once, not per fact
                stage(self.con, needed, frame, row_ids=True)
                self._frames[needed.name] = frame
        return computed(self.con, table, sql_dir)

    def close(self) -> None:
        """Drop the in-memory database."""
        self.con.close()


def _without_rows(frame: pd.DataFrame, rows: set[int]) -> pd.DataFrame:
    """Return the frame without the given positional rows."""
    return frame.reset_index(drop=True).drop(index=sorted(rows)).reset_index(drop=True)


def _fall_back(frames: dict, table: str, failed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Return frames whose references to failed dim_source/dim_date rows are cleared (they load as Unknown, -1)."""
    frames = dict(frames)
    for target, column, key in FALLBACK[table]:
        bad = set(failed[key].dt.date if key == "full_date" else failed[key])
        frame = frames[target].copy()
        frame[column] = frame[column].astype(object).where(~frame[column].isin(bad), None)
        frames[target] = frame
    return frames


def without_failed(table: str, frames: dict[str, pd.DataFrame], checked: pd.DataFrame,
                   rows: set[int]) -> dict[str, pd.DataFrame]:
    """Return the batch's frames once the table's failed rows are taken out, with what depends on them.

    A failed article takes all its rows with it; a failed source or day leaves its articles and events
    pointing at the Unknown member; a failed entity makes the facts naming it fail their `*_found` check.
    """
    if not rows:
        return frames
    if table == "dim_article":
        gone = set(checked.loc[sorted(rows), "article_id"])
        return of_articles(frames, lambda article: article not in gone)
    if table in FALLBACK:
        frames = _fall_back(frames, table, checked.loc[sorted(rows)])
    return {**frames, table: _without_rows(frames[table], rows)}


def files_of(table: str, row: pd.Series, frames: dict[str, pd.DataFrame]) -> str:
    """Return the file name(s) of the article(s) a checked row came from, for the quarantine record."""
    article = frames["dim_article"]
    if "article_id" in row.index:
        names = article.loc[article["article_id"] == row["article_id"], "file_name"]
    elif table == "dim_source":
        names = article.loc[article["source_name"] == row["source_name"], "file_name"]
    else:
        day = row["full_date"].date()
        event_ids = set(frames["fact_event"].loc[frames["fact_event"]["event_date"] == day, "article_id"])
        names = article.loc[(article["published_date"] == day) | article["article_id"].isin(event_ids), "file_name"]
    return ", ".join(sorted(set(names))) or "(none)"
