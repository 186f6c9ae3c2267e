"""The warehouse's tables, each declared once: what a row is, its staged columns, keys, references and SQL.

Everything that handles tables (building the staging frames, the checks before the load, the loader, the
audit, the row counts, the tests) iterates over TABLES, in load order: the dimensions before the facts
that point at them. Each table's SQL is in sql/tables/<name>/:

- schema.sql   the table (and its sequence and Unknown member), created if missing;
- load.sql     insert/upsert from `stage_<name>`, the batch's validated rows of that table;
- checks.sql   `stage_<name>` plus the computed columns its suite reads (foreign keys found, offsets...);
- staged.sql   the loaded table in the staging shape, so the audit can run checks.sql and the suite on it.

The suite is expectations/<name>.json. Adding a column to a fact table is three edits: its entry here,
its SQL (schema, load and staged) and, if it needs checking, its suite.

A derived table (dim_story, dim_event) is not extracted: nothing is staged for it before the load (its frame is empty, so
validation has no rows to check), and its rows are computed in the warehouse after every staged table of the
batch, in the same transaction (flows/warehouse/stories.py and events.py, then its load.sql). The audit checks it
like any other.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Table:
    """One warehouse table as the pipeline stages, checks, loads and audits it."""

    name: str
    grain: str                           # what one row is
    staged: tuple[tuple[str, str], ...]  # staging columns (name, DuckDB type) the extractor's frame carries
    key: tuple[str, ...]                 # natural key of a staged row
    refs: tuple[str, ...] = ()           # entity references, staged as <ref>_match_key and <ref>_entity_type
    text: str | None = None              # a fact's extracted text, which its offsets reproduce from the body
    rows: str | None = None              # the ArticleRows list a fact's rows come from
    unknown_key: str | None = None       # a dimension's surrogate key, whose Unknown member is -1
    reads: tuple[str, ...] = ()          # other tables whose stage_* relation its checks.sql reads
    derived: bool = False                # computed in the warehouse at load time, never staged from extraction
    assigned: tuple[str, ...] = ()       # a fact's staged columns the load fills in (NULL in an extracted batch)
    optional: tuple[str, ...] = ()       # a fact's staged columns an extracted row may leave out (NULL)

    @property
    def columns(self) -> list[str]:
        """Return the staging column names, in order."""
        return [name for name, _ in self.staged]

    @property
    def is_fact(self) -> bool:
        """Return True for a fact table (one with provenance offsets into an article body)."""
        return self.text is not None

    def sql(self, sql_dir: Path, part: str) -> Path:
        """Return the path of one of the table's SQL files (schema, load, checks, staged)."""
        return sql_dir / "tables" / self.name / f"{part}.sql"


def _ref(*names: str) -> tuple[tuple[str, str], ...]:
    """Return the staged columns of entity references: <ref>_match_key and <ref>_entity_type each."""
    return tuple((f"{n}_{c}", "varchar") for n in names for c in ("match_key", "entity_type"))


DIM_DATE = Table(
    "dim_date", "one calendar day that an article or event refers to",
    (("date_key", "integer"), ("full_date", "date"), ("year", "integer"), ("quarter", "integer"),
     ("month", "integer"), ("month_name", "varchar"), ("day", "integer"), ("day_of_week", "integer"),
     ("is_weekend", "boolean")),
    key=("date_key",), unknown_key="date_key")
DIM_SOURCE = Table(
    "dim_source", "one publisher or wire service, named as printed",
    (("source_name", "varchar"),), key=("source_name",), unknown_key="source_key")
DIM_ARTICLE = Table(
    "dim_article", "one distinct article text, with its metadata",
    (("article_id", "varchar"), ("file_name", "varchar"), ("title", "varchar"), ("author", "varchar"),
     ("source_name", "varchar"), ("published_date", "date"), ("dateline", "varchar"), ("language", "varchar"),
     ("word_count", "integer"), ("body", "varchar"), ("stored_as", "varchar"),
     ("extracted_with", "varchar"),
     # GDELT-style tone of the body (flows/extract/tone.py)
     ("tone", "double"), ("positive_pct", "double"), ("negative_pct", "double"), ("polarity", "double"),
     # assigned by the load (NULL in an extracted batch): its story, and the article_id of the one it copies
     ("story_key", "bigint"), ("copy_of_id", "varchar")),
    key=("article_id",), unknown_key="article_key", reads=("dim_story",))
DIM_ENTITY = Table(
    "dim_entity", "one real-world person, organization or place across the corpus (staged once per article)",
    (("article_id", "varchar"), ("match_key", "varchar"), ("entity_type", "varchar"),
     ("canonical_name", "varchar"), ("country_code", "varchar"), ("aliases", "varchar[]"),
     # a place's GeoNames id, coordinates and first-level division (flows/extract/places.py)
     ("geonames_id", "bigint"), ("latitude", "double"), ("longitude", "double"), ("admin1_code", "varchar"),
     # a listed company's ticker and ISIN (flows/extract/listings.py)
     ("ticker", "varchar"), ("isin", "varchar")),
    key=("article_id", "match_key", "entity_type"), unknown_key="entity_key")
DIM_STORY = Table(
    "dim_story", "one story: the articles that report the same news, however many outlets ran it",
    (("story_key", "bigint"), ("headline", "varchar"), ("first_published_date", "date"), ("article_count", "integer"),
     ("source_count", "integer")),
    key=("story_key",), unknown_key="story_key", reads=("dim_article",), derived=True)
DIM_EVENT = Table(
    "dim_event", "one event however many articles mention it: its type, actors, first day and how widely it ran",
    (("event_key", "bigint"), ("event_type", "varchar"), *_ref("actor1", "actor2"), ("first_date", "date"),
     ("mention_count", "integer"), ("article_count", "integer"), ("source_count", "integer")),
    key=("event_key",), unknown_key="event_key", reads=("fact_event", "dim_article", "dim_entity"), derived=True)
FACT_ENTITY_MENTION = Table(
    "fact_entity_mention", "one mention of a named entity in an article",
    (("article_id", "varchar"), ("sentence_index", "integer"), ("char_start", "integer"), ("char_end", "integer"),
     ("mention_text", "varchar"), ("ner_label", "varchar"), *_ref("entity")),
    key=("article_id", "char_start", "char_end"), refs=("entity",), text="mention_text", rows="mentions")
FACT_METRIC = Table(
    "fact_metric", "one quantity stated in an article",
    (("article_id", "varchar"), ("metric_text", "varchar"), ("value", "double"), ("unit", "varchar"),
     ("metric_kind", "varchar"), ("sentence_index", "integer"), ("char_start", "integer"), ("char_end", "integer"),
     *_ref("entity")),
    key=("article_id", "char_start", "char_end"), refs=("entity",), text="metric_text", rows="metrics")
FACT_QUOTE = Table(
    "fact_quote", "one direct quotation, with its speaker",
    (("article_id", "varchar"), ("speaker_text", "varchar"), ("quote_text", "varchar"), ("char_start", "integer"),
     ("char_end", "integer"), ("speaker_char_start", "integer"), ("speaker_char_end", "integer"), ("rule", "varchar"),
     *_ref("speaker"), ("tone", "double")),
    key=("article_id", "char_start", "char_end"), refs=("speaker",), text="quote_text", rows="quotes",
    optional=("tone",))
FACT_EVENT = Table(
    "fact_event", "one business event between actors",
    (("article_id", "varchar"), ("event_type", "varchar"), ("event_date", "date"), ("event_date_source", "varchar"),
     ("trigger_text", "varchar"),
     ("char_start", "integer"), ("char_end", "integer"), ("rule", "varchar"), ("confidence", "double"),
     *_ref("actor1", "actor2"), ("tone", "double"), ("event_key", "bigint")),
    key=("article_id", "char_start", "char_end", "event_type", "actor1_match_key", "actor2_match_key"),
    refs=("actor1", "actor2"), text="trigger_text", rows="events", reads=("dim_event",), assigned=("event_key",),
    optional=("tone",))

TABLES = (DIM_DATE, DIM_SOURCE, DIM_ARTICLE, DIM_ENTITY, DIM_STORY, DIM_EVENT, FACT_ENTITY_MENTION, FACT_METRIC,
          FACT_QUOTE, FACT_EVENT)
BY_NAME = {t.name: t for t in TABLES}
FACTS = tuple(t for t in TABLES if t.is_fact)
STAGED = tuple(t for t in TABLES if not t.derived)  # what extraction stages and the loader writes, in load order


def table(name: str) -> Table:
    """Return the declaration of a warehouse table by name."""
    return BY_NAME[name]
