"""Stage 4a, checks: the computed columns the GX suites read, and what a failed row takes down with it.

The suites in expectations/ see each staging frame plus a few computed columns: foreign keys found in
their dimension (`*_found`), the provenance round trip (`offsets_ok`), `body_length`. The warehouse audit
(sql/audit/) computes the same columns in SQL, so one suite checks both a batch and the loaded tables.
"""
from __future__ import annotations

import pandas as pd

from flows.parse import article_id
from flows.rows import derive_dims

ORDER = ("dim_article", "dim_source", "dim_date", "dim_entity",
         "fact_entity_mention", "fact_metric", "fact_quote", "fact_event")  # dimensions before the facts they key
TEXT = {"fact_entity_mention": "mention_text", "fact_metric": "metric_text",
        "fact_quote": "quote_text", "fact_event": "trigger_text"}
REFS = {"fact_entity_mention": ("entity",), "fact_metric": ("entity",),
        "fact_quote": ("speaker",), "fact_event": ("actor1", "actor2")}
FALLBACK = {"dim_source": [("dim_article", "source_name", "source_name")],  # failed dim row -> Unknown member
            "dim_date": [("dim_article", "published_date", "full_date"), ("fact_event", "event_date", "full_date")]}


def is_missing(value) -> bool:
    """Return True for None/NaN (pandas 3 stores a missing string as NaN)."""
    return value is None or (pd.api.types.is_scalar(value) and pd.isna(value))


def _fact_columns(table: str, frame: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return a fact frame with its foreign-key and provenance columns."""
    article = frames["dim_article"]
    bodies = dict(zip(article["article_id"], article["body"]))
    entity = frames["dim_entity"]
    known = set(zip(entity["article_id"], entity["match_key"], entity["entity_type"]))
    frame["article_found"] = frame["article_id"].isin(bodies.keys())
    frame["body_length"] = [len(bodies.get(a, "")) for a in frame["article_id"]]
    text = TEXT[table]
    frame["offsets_ok"] = [
        0 <= s < e <= len(bodies.get(a, "")) and bodies[a][s:e] == t
        for a, s, e, t in zip(frame["article_id"], frame["char_start"], frame["char_end"], frame[text])]
    for ref in REFS[table]:
        frame[f"{ref}_found"] = [is_missing(k) or (a, k, t) in known for a, k, t in
                                 zip(frame["article_id"], frame[f"{ref}_match_key"], frame[f"{ref}_entity_type"])]
    if table == "fact_quote":
        frame["body_share"] = (frame["char_end"] - frame["char_start"]) / frame["body_length"].clip(lower=1)
    return frame


def check_frame(table: str, frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return the table's staging frame, renumbered from 0, with the computed columns its suite reads."""
    frame = frames[table].reset_index(drop=True).copy()
    if table == "dim_article":
        frame["id_matches_body"] = [article_id(b) == i for i, b in zip(frame["article_id"], frame["body"])]
    elif table == "dim_date":
        frame["full_date"] = pd.to_datetime(frame["full_date"])  # GX compares dates as datetimes
        frame["key_matches_date"] = frame["date_key"] == (
            frame["full_date"].dt.year * 10000 + frame["full_date"].dt.month * 100 + frame["full_date"].dt.day)
    elif table in TEXT:
        frame = _fact_columns(table, frame, frames)
    return frame


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
        kept = {name: frame[~frame["article_id"].isin(gone)].reset_index(drop=True)
                for name, frame in frames.items() if "article_id" in frame.columns}
        return derive_dims({**frames, **kept})
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
