"""The rows one article yields: what extract produces, validate checks and load writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from flows.parse import ArticleMeta

# (match_key, entity_type) identifies a dim_entity row across the corpus; None means "no entity" (key -1).
EntityRef = tuple[str, str] | None


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
    mentions: list[dict] = field(default_factory=list)  # entity, sentence_index, char_start, char_end, mention_text, ner_label
    metrics: list[dict] = field(default_factory=list)   # entity, metric_text, value, unit, metric_kind, sentence_index, char_start, char_end
    quotes: list[dict] = field(default_factory=list)    # speaker, speaker_text, quote_text, char_start, char_end
    events: list[dict] = field(default_factory=list)    # event_type, actor1, actor2, event_date, trigger_text, char_start, char_end

    @property
    def file_name(self) -> str:
        """Return the base name of the article's file."""
        return self.path.name


def _ref_columns(prefix: str, ref: EntityRef) -> dict:
    """Return the match_key/entity_type columns of an entity reference, None for 'no entity'."""
    key, kind = ref if ref else (None, None)
    return {f"{prefix}_match_key": key, f"{prefix}_entity_type": kind}


def _offsets_ok(body: str, row: dict, text_column: str) -> bool:
    """Return True when body[char_start:char_end] is exactly the row's text (the provenance contract)."""
    return 0 <= row["char_start"] < row["char_end"] <= len(body) and body[row["char_start"]:row["char_end"]] == row[text_column]


def _fact_frame(articles: list[ArticleRows], attr: str, text_column: str, refs: tuple[str, ...]) -> pd.DataFrame:
    """Return one fact list of every article as a frame keyed by article_id, entity refs split into columns."""
    records = []
    for art in articles:
        for row in getattr(art, attr):
            record = {"article_id": art.article_id, **{k: v for k, v in row.items() if k not in refs}}
            for ref in refs:
                record.update(_ref_columns(ref, row.get(ref)))
            record["offsets_ok"] = _offsets_ok(art.body, row, text_column)
            records.append(record)
    return pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["article_id", "offsets_ok"])


def _year(d: date | None) -> int | None:
    """Return the year of a date, or None."""
    return d.year if d else None


def to_frames(articles: list[ArticleRows]) -> dict[str, pd.DataFrame]:
    """Return staging frames per warehouse table for a batch of articles (what GX validates and DuckDB loads)."""
    article = pd.DataFrame.from_records([{
        "article_id": a.article_id, "file_name": a.file_name, "title": a.meta.title, "author": a.meta.author,
        "source_name": a.meta.source, "published_date": a.meta.published_date,
        "published_year": _year(a.meta.published_date), "dateline": a.meta.dateline,
        "language": a.meta.language, "word_count": a.meta.word_count, "body": a.body,
    } for a in articles], columns=["article_id", "file_name", "title", "author", "source_name", "published_date",
                                   "published_year", "dateline", "language", "word_count", "body"])
    entity = pd.DataFrame.from_records([{
        "article_id": a.article_id, "match_key": e.match_key, "entity_type": e.entity_type,
        "canonical_name": e.canonical_name, "country_code": e.country_code, "aliases": list(e.aliases),
    } for a in articles for e in a.entities], columns=["article_id", "match_key", "entity_type", "canonical_name",
                                                      "country_code", "aliases"])
    mention = _fact_frame(articles, "mentions", "mention_text", ("entity",))
    by_ref = {(a.article_id, e.ref): e for a in articles for e in a.entities}
    if len(mention):
        mention["canonical_name"] = [by_ref[(aid, (k, t))].canonical_name for aid, k, t in
                                     zip(mention["article_id"], mention["entity_match_key"], mention["entity_entity_type"])]
        mention["entity_type"] = mention["entity_entity_type"]
    event = _fact_frame(articles, "events", "trigger_text", ("actor1", "actor2"))
    if len(event):
        event["actor1_name"] = event["actor1_match_key"]
    return {
        "dim_article": article,
        "dim_entity": entity,
        "fact_entity_mention": mention,
        "fact_metric": _fact_frame(articles, "metrics", "metric_text", ("entity",)),
        "fact_quote": _fact_frame(articles, "quotes", "quote_text", ("speaker",)),
        "fact_event": event,
    }
