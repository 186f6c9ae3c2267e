"""The records that flow between stages: a file's text, its metadata, what extraction found, what was set aside.

They live below every stage (ingest -> extract -> validate -> load -> report) so that no stage borrows
another's types sideways.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd


def display_name(path: Path) -> str:
    """Return a file's base name as text that can be printed and stored: bytes that are not UTF-8 become '\ufffd'."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def article_id(text: str) -> str:
    """Return the natural key of an article: sha256 hex of its normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Document:
    """One article file turned into normalized text, with any metadata its format carried."""

    path: Path
    origin: str  # "seed" or "inbox"
    text: str = ""
    hints: dict = field(default_factory=dict)  # title/date/author/source from HTML meta or JSON fields
    stored_as: Path | None = None  # where the file is kept once handled: a seed where it is, an inbox file archived

    @property
    def handled(self) -> "Handled":
        """Return the file's reference for the inbox moves."""
        return Handled(self.path, self.origin, self.stored_as)

    @property
    def file_name(self) -> str:
        """Return the base name of the file as dropped in (printable)."""
        return display_name(self.path)


@dataclass
class Quarantined:
    """Something that was not loaded, with the stage that refused it and why.

    A whole file has its path and origin (inbox files are moved to quarantine); a single row set aside by
    validation has the table it was staged for and its values, and names the file(s) it came from.
    """

    file_name: str
    stage: str                     # read, parse, extract, validate, load
    reason: str
    path: Path | None = None       # a whole file: where it was found
    origin: str | None = None      # a whole file: "seed" or "inbox"
    table_name: str | None = None  # a row: the table it was staged for
    row_data: dict | None = None   # a row: its staged values (article_id, offsets, text...)
    target: Path | None = None     # an inbox file: where it is kept once quarantined
    left_in_place: bool = False    # not a regular file (a link, a FIFO...): never opened, moved or followed

    @classmethod
    def file(cls, path: Path, origin: str, stage: str, reason: str, left_in_place: bool = False) -> "Quarantined":
        """Return the record of a whole file refused at a stage."""
        return cls(display_name(path), stage, reason, path=path, origin=origin, left_in_place=left_in_place)


@dataclass(frozen=True)
class ArticleMeta:
    """The metadata of one article: what the text states, None where it does not."""

    title: str | None
    published_date: date | None
    author: str | None
    source: str | None
    dateline: str | None
    language: str
    word_count: int


class Handled(NamedTuple):
    """A file a batch loaded or skipped: where it was found and where it is kept afterwards."""

    path: Path
    origin: str
    stored_as: Path | None


class Kept(NamedTuple):
    """A verified copy of an inbox file made before its batch's load commits: in the archive, or in quarantine
    with its reason file beside it. The inbox file is removed only once the load has committed."""

    source: Path
    copy: Path
    reason: Path | None = None  # a quarantined copy's <name>.reason.txt


class EntityRef(NamedTuple):
    """The corpus-wide identity of an entity: the dim_entity natural key."""

    match_key: str
    entity_type: str


@dataclass
class Entity:
    """One canonical entity of an article, with every surface form the article used."""

    match_key: str
    entity_type: str
    canonical_name: str
    country_code: str | None = None
    aliases: list[str] = field(default_factory=list)
    place: dict | None = None  # a place's geonames_id, latitude, longitude, admin1_code (extract/places.py)
    listing: dict | None = None  # a listed company's ticker and isin (extract/listings.py)

    @property
    def ref(self) -> EntityRef:
        """Return the corpus-wide identity of this entity."""
        return EntityRef(self.match_key, self.entity_type)


@dataclass
class Mention:
    """One entity mention: offsets into the body, surface text, label, and (once resolved) its entity."""

    start: int
    end: int
    text: str
    label: str
    sentence_index: int
    titled: bool = False          # preceded by an honorific or office title ("Minister Rudiantara")
    entity: EntityRef | None = None

    @property
    def entity_type(self) -> str | None:
        """Return the type of the entity the mention resolved to (None before resolution)."""
        return self.entity.entity_type if self.entity else None


@dataclass
class ArticleRows:
    """Everything extracted from one article, ready to validate and load."""

    article_id: str
    path: Path
    origin: str
    body: str
    meta: ArticleMeta
    stored_as: Path | None = None  # where its file is kept (see Document.stored_as)
    extracted_with: str | None = None  # what produced the rows (extract/stamp.py)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)  # keys: the fact_metric staging columns (tables.py)
    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    tone: dict | None = None  # the body's tone, positive_pct, negative_pct and polarity (extract/tone.py)

    @property
    def file_name(self) -> str:
        """Return the base name of the article's file (printable)."""
        return display_name(self.path)

    @property
    def handled(self) -> Handled:
        """Return the file's reference for the inbox moves."""
        return Handled(self.path, self.origin, self.stored_as)


@dataclass
class Checked:
    """A validated batch: the articles that go on, their frames to load, and what validation set aside or measured."""

    batch_number: int
    passed: list[ArticleRows]
    frames: dict[str, "pd.DataFrame"]
    quarantined: list[Quarantined] = field(default_factory=list)  # files whose article row failed, and single rows
    results: list[dict] = field(default_factory=list)  # one per expectation: suite, expectation, success, unexpected_count
    reports: list[dict] = field(default_factory=list)  # one per suite: suite, success, result (GX JSON for Data Docs)


@dataclass
class BatchOutcome:
    """What happened to every file of a batch, and the rows it added per table."""

    loaded: list[Handled] = field(default_factory=list)
    skipped: list[Handled] = field(default_factory=list)  # already in the warehouse
    quarantined: list[Quarantined] = field(default_factory=list)   # whole files, and single rows
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def files_quarantined(self) -> list[Quarantined]:
        """Return the records of whole files set aside (not single rows)."""
        return [q for q in self.quarantined if q.path is not None]
