"""What produced an article's rows: the extractor's version, the spaCy model and the alias table.

Stored in dim_article.extracted_with, so `wirehouse reprocess --stale` finds the articles extracted by an
older extractor, another model or a different alias table. Bump EXTRACTOR_VERSION with every change to the
rules that changes their output.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

EXTRACTOR_VERSION = "8"  # 8: events round 3d, divisions located, company identifiers


def model_version(model: str) -> str:
    """Return the installed version of a spaCy model package ('?' when it is a path or not installed)."""
    try:
        return importlib.metadata.version(model)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def alias_fingerprint(alias_table: Path) -> str:
    """Return the first 12 hex digits of the alias table's sha256 ('none' when there is no table)."""
    return hashlib.sha256(alias_table.read_bytes()).hexdigest()[:12] if alias_table.exists() else "none"


def current_stamp(model: str, alias_table: Path) -> str:
    """Return the stamp rows extracted now would carry, e.g. 'extractor 3; model en_core_web_sm 3.8.0; aliases 1a2b...'."""
    return f"extractor {EXTRACTOR_VERSION}; model {model} {model_version(model)}; aliases {alias_fingerprint(alias_table)}"
