"""A batch of extracted articles as one staging frame per warehouse table: what validate checks and load writes."""
from __future__ import annotations

from datetime import date

import pandas as pd

from flows.records import ArticleRows, Mention
from flows.tables import DIM_ARTICLE, DIM_DATE, DIM_ENTITY, DIM_SOURCE, FACTS, TABLES, Table

TONE = ("tone", "positive_pct", "negative_pct", "polarity")  # an article's tone columns (extract/tone.py)
PLACE = ("geonames_id", "latitude", "longitude", "admin1_code")  # a place entity's columns (extract/places.py)
LISTING = ("ticker", "isin")  # a listed company's identifiers (extract/listings.py)


def mention_row(m: Mention) -> dict:
    """Return a resolved mention as a fact_entity_mention row."""
    return {"entity": m.entity, "sentence_index": m.sentence_index, "char_start": m.start, "char_end": m.end,
            "mention_text": m.text, "ner_label": m.label}


def _fact_records(table: Table, art: ArticleRows) -> list[dict]:
    """Return one article's rows of a fact table, entity references split into their staged columns."""
    records = []
    for item in getattr(art, table.rows):
        row = mention_row(item) if isinstance(item, Mention) else {**dict.fromkeys(table.optional), **item}
        record = {"article_id": art.article_id}
        for ref in table.refs:
            key, kind = row.get(ref) or (None, None)
            record[f"{ref}_match_key"], record[f"{ref}_entity_type"] = key, kind
        record |= dict.fromkeys(table.assigned)  # filled in by the load (fact_event.event_key)
        records.append({c: record[c] if c in record else row[c] for c in table.columns})
    return records


def frame(table: Table, records: list[dict]) -> pd.DataFrame:
    """Return records as the table's staging frame, with exactly its staged columns in order."""
    return pd.DataFrame.from_records(records, columns=table.columns)


def date_row(day: date) -> dict:
    """Return the dim_date row of one calendar day (date_key is YYYYMMDD, day_of_week ISO 1 = Monday)."""
    return {"date_key": day.year * 10000 + day.month * 100 + day.day, "full_date": day, "year": day.year,
            "quarter": (day.month - 1) // 3 + 1, "month": day.month, "month_name": day.strftime("%B"),
            "day": day.day, "day_of_week": day.isoweekday(), "is_weekend": day.isoweekday() >= 6}


def to_frames(articles: list[ArticleRows]) -> dict[str, pd.DataFrame]:
    """Return staging frames per warehouse table for a batch of articles (what GX validates and DuckDB loads)."""
    article = frame(DIM_ARTICLE, [{
        "article_id": a.article_id, "file_name": a.file_name, "title": a.meta.title, "author": a.meta.author,
        "source_name": a.meta.source, "published_date": a.meta.published_date, "dateline": a.meta.dateline,
        "language": a.meta.language, "word_count": a.meta.word_count, "body": a.body,
        "stored_as": str(a.stored_as) if a.stored_as else None, "extracted_with": a.extracted_with,
        **{c: (a.tone or {}).get(c) for c in TONE},
        "story_key": None, "copy_of_id": None}  # assigned by the load, against the articles already loaded
        for a in articles])
    entity = frame(DIM_ENTITY, [{
        "article_id": a.article_id, "match_key": e.match_key, "entity_type": e.entity_type,
        "canonical_name": e.canonical_name, "country_code": e.country_code, "aliases": list(e.aliases),
        **{c: (e.place or {}).get(c) for c in PLACE},
        **{c: (e.listing or {}).get(c) for c in LISTING},
    } for a in articles for e in a.entities])
    facts = {t.name: frame(t, [r for a in articles for r in _fact_records(t, a)]) for t in FACTS}
    derived = {t.name: frame(t, []) for t in TABLES if t.derived}  # computed in the warehouse, never extracted
    return derive_dims({DIM_ARTICLE.name: article, DIM_ENTITY.name: entity, **derived, **facts})


def of_articles(frames: dict[str, pd.DataFrame], keep) -> dict[str, pd.DataFrame]:
    """Return the frames restricted to the rows of the articles whose id `keep` accepts, with dim_source and
    dim_date re-derived from what is left."""
    kept = {name: frame[frame["article_id"].map(keep).astype(bool)].reset_index(drop=True)
            for name, frame in frames.items() if "article_id" in frame.columns}
    return derive_dims({**frames, **kept})


def with_stored_as(frames: dict[str, pd.DataFrame], stored_as: dict[str, str]) -> dict[str, pd.DataFrame]:
    """Return the frames with dim_article.stored_as set for the given article ids (where their files were kept)."""
    article = frames[DIM_ARTICLE.name]
    if not stored_as or article.empty:
        return frames
    paths = [stored_as.get(key, old) for key, old in zip(article["article_id"], article["stored_as"])]
    return {**frames, DIM_ARTICLE.name: article.assign(stored_as=paths)}


def derive_dims(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the frames with dim_source and dim_date rebuilt from the sources and days the other frames use."""
    article, event = frames["dim_article"], frames["fact_event"]
    sources = sorted(set(article["source_name"].dropna()))
    days = sorted(set(article["published_date"].dropna()) | set(event["event_date"].dropna()))
    return {**frames, DIM_SOURCE.name: frame(DIM_SOURCE, [{"source_name": s} for s in sources]),
            DIM_DATE.name: frame(DIM_DATE, [date_row(d) for d in days])}
