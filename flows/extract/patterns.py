"""spaCy rules, one function per family returning patterns; the words they use are in lexicon.py."""
from __future__ import annotations

import csv
from pathlib import Path

from flows.extract.lexicon import ORG_SUFFIXES


def alias_rows(path: Path) -> list[dict]:
    """Return the rows of the user-editable alias table (alias, canonical_name, entity_type); [] if absent.

    Example row: ``U.S.,United States,GPE`` makes every "U.S." a mention of "United States".
    """
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("alias") or "").strip() and not r["alias"].startswith("#")]
    return [{k: (v or "").strip() for k, v in r.items()} for r in rows]


def alias_patterns(rows: list[dict]) -> list[dict]:
    """Return EntityRuler patterns that tag every alias (and canonical name) of the table with its type.

    ``{"label": "GPE", "pattern": "U.S.", "id": "United States"}`` tags "U.S." in "the U.S. economy".
    """
    patterns = []
    for row in rows:
        for text in {row["alias"], row["canonical_name"]}:
            patterns.append({"label": row["entity_type"], "pattern": text, "id": row["canonical_name"]})
    return patterns


def org_designator_patterns() -> list[dict]:
    """Return EntityRuler patterns for capitalized names ending in a company designator, with one 'and' or '&'
    allowed inside (not 'of': 'Chief Executive of Acme Corp' is a title and a name).

    "Acme Australia Ltd", "Tallow Refining Co", "Widget Farm International Holdings Ltd" -> ORG;
    "Tallow and Finch Banking Corp" -> ORG as one name.
    """
    name = {"IS_TITLE": True, "OP": "+"}
    suffix = {"TEXT": {"IN": sorted(ORG_SUFFIXES)}}
    joiner = {"LOWER": {"IN": ["and", "&"]}}
    first = {"IS_TITLE": True, "TEXT": {"NOT_IN": sorted(ORG_SUFFIXES)}, "OP": "+"}  # 'Zenith Inc and Omega Corp' is two
    return [{"label": "ORG", "pattern": [name, suffix]}, {"label": "ORG", "pattern": [first, joiner, name, suffix]}]
