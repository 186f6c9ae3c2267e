"""The rows one article yields: what extract produces, validate checks and load writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from flows.parse import ArticleMeta

# (match_key, entity_type) identifies a dim_entity row across the corpus; None means "no entity" (key -1).
EntityRef = tuple[str, str] | None

FACT_FIELDS = {  # the keys of each fact row an ArticleRows list holds
    "mentions": ("entity", "sentence_index", "char_start", "char_end", "mention_text", "ner_label"),
    "metrics": ("entity", "metric_text", "value", "unit", "metric_kind", "sentence_index", "char_start", "char_end"),
    "quotes": ("speaker", "speaker_text", "quote_text", "char_start", "char_end"),
    "events": ("event_type", "actor1", "actor2", "event_date", "trigger_text", "char_start", "char_end"),
}


@dataclass
class Entity:
    """One canonical entity of an article, with every surface form the article used."""

    match_key: str
    entity_type: str
    canonical_name: str
    country_code: str | None = None
    aliases: list[str] = field(default_factory=list)

    @property
    def ref(self) -> tuple[str, str]:
        """Return the corpus-wide identity of this entity."""
        return (self.match_key, self.entity_type)


@dataclass
class ArticleRows:
    """Everything extracted from one article, ready to validate and load."""

    article_id: str
    path: Path
    origin: str
    body: str
    meta: ArticleMeta
    entities: list[Entity] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)  # keys: FACT_FIELDS["mentions"], and so on
    metrics: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """Return the base name of the article's file."""
        return self.path.name


def _ref_columns(prefix: str, ref: EntityRef) -> dict:
    """Return the match_key/entity_type columns of an entity reference, None for 'no entity'."""
    key, kind = ref if ref else (None, None)
    return {f"{prefix}_match_key": key, f"{prefix}_entity_type": kind}


def _fact_frame(articles: list[ArticleRows], attr: str, refs: tuple[str, ...]) -> pd.DataFrame:
    """Return one fact list of every article as a frame keyed by article_id, entity refs split into columns."""
    records = []
    for art in articles:
        for row in getattr(art, attr):
            record = {"article_id": art.article_id, **{k: v for k, v in row.items() if k not in refs}}
            for ref in refs:
                record.update(_ref_columns(ref, row.get(ref)))
            records.append(record)
    columns = ["article_id", *[f for f in FACT_FIELDS[attr] if f not in refs],
               *[f"{r}_{c}" for r in refs for c in ("match_key", "entity_type")]]
    return pd.DataFrame.from_records(records, columns=columns)


def date_row(day: date) -> dict:
    """Return the dim_date row of one calendar day (date_key is YYYYMMDD, day_of_week ISO 1 = Monday)."""
    return {"date_key": day.year * 10000 + day.month * 100 + day.day, "full_date": day, "year": day.year,
            "quarter": (day.month - 1) // 3 + 1, "month": day.month, "month_name": day.strftime("%B"),
            "day": day.day, "day_of_week": day.isoweekday(), "is_weekend": day.isoweekday() >= 6}


def to_frames(articles: list[ArticleRows]) -> dict[str, pd.DataFrame]:
    """Return staging frames per warehouse table for a batch of articles (what GX validates and DuckDB loads)."""
    article = pd.DataFrame.from_records([{
        "article_id": a.article_id, "file_name": a.file_name, "title": a.meta.title, "author": a.meta.author,
        "source_name": a.meta.source, "published_date": a.meta.published_date, "dateline": a.meta.dateline,
        "language": a.meta.language, "word_count": a.meta.word_count, "body": a.body,
    } for a in articles], columns=["article_id", "file_name", "title", "author", "source_name", "published_date",
                                   "dateline", "language", "word_count", "body"])
    entity = pd.DataFrame.from_records([{
        "article_id": a.article_id, "match_key": e.match_key, "entity_type": e.entity_type,
        "canonical_name": e.canonical_name, "country_code": e.country_code, "aliases": list(e.aliases),
    } for a in articles for e in a.entities], columns=["article_id", "match_key", "entity_type", "canonical_name",
                                                      "country_code", "aliases"])
    return derive_dims({
        "dim_article": article,
        "dim_entity": entity,
        "fact_entity_mention": _fact_frame(articles, "mentions", ("entity",)),
        "fact_metric": _fact_frame(articles, "metrics", ("entity",)),
        "fact_quote": _fact_frame(articles, "quotes", ("speaker",)),
        "fact_event": _fact_frame(articles, "events", ("actor1", "actor2")),
    })


def derive_dims(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the frames with dim_source and dim_date rebuilt from the sources and days the other frames use."""
    article, event = frames["dim_article"], frames["fact_event"]
    sources = sorted(set(article["source_name"].dropna()))
    days = sorted(set(article["published_date"].dropna()) | set(event["event_date"].dropna()))
    return {**frames, "dim_source": pd.DataFrame({"source_name": pd.Series(sources, dtype=object)}),
            "dim_date": pd.DataFrame.from_records([date_row(d) for d in days], columns=list(date_row(date.min)))}
