"""How far an event row can be trusted: each rule family's precision as measured, in one table.

`fact_event.confidence` is the measured precision of the family that made the row (families.py): correct rows /
judged rows, pooled over the sources in MEASURED. A family judged on fewer than MIN_ROWS rows is too small to
trust on its own, so it takes its group's figure (`verb:*`, `noun:*`, ...), and a group never measured takes
DEFAULT. Re-measure after a rule change (docs/audits/README.md says how) and update the rows here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """One family's precision as judged: `correct` of `rows`, on the day and the sample named."""

    correct: int
    rows: int
    measured: str  # ISO date of the measurement
    source: str    # what was judged: 'dev' (gold of the 33 dev articles), 'audit-1' (100 BBC business rows), ...

    @property
    def precision(self) -> float:
        """Return correct / rows."""
        return self.correct / self.rows


MIN_ROWS = 5
DEFAULT = 0.5  # a family nobody has measured: as likely wrong as right

DAY = "2026-12-04"
# rule family (or group `<family>:*`) -> its measurement, of the rules as they are now. 'dev': the rows of the 33
# dev articles scored against their gold (both halves); 'audit-2': 100 rows of a run over BBC business articles
# judged by hand (docs/audits/events-2026-12-04.csv; audit 1 measured the rules before this table existed).
# Families judged on fewer than MIN_ROWS rows are left out: their group counts.
MEASURED: dict[str, Measure] = {
    "verb:*": Measure(58, 71, DAY, "dev+audit-2"),
    "noun:*": Measure(17, 32, DAY, "dev+audit-2"),
    "headline:*": Measure(10, 12, DAY, "dev+audit-2"),
    "role:*": Measure(4, 5, DAY, "dev+audit-2"),
    "verb:buy": Measure(27, 31, DAY, "dev+audit-2"),
    "verb:sign": Measure(8, 8, DAY, "audit-2"),
    "verb:launch": Measure(6, 7, DAY, "dev+audit-2"),
    "noun:stake-in": Measure(5, 8, DAY, "dev+audit-2"),
    "headline:deal": Measure(5, 5, DAY, "dev+audit-2"),
}


def group(rule: str) -> str:
    """Return the group a rule family belongs to: 'verb:acquire' -> 'verb:*'."""
    return rule.split(":", 1)[0] + ":*"


def confidence(rule: str) -> float:
    """Return the confidence of a row made by a rule family: its measured precision, its group's when the family
    itself was judged on fewer than MIN_ROWS rows, else DEFAULT; rounded to 2 places."""
    for key in (rule, group(rule)):
        if (m := MEASURED.get(key)) is not None and m.rows >= MIN_ROWS:
            return round(m.precision, 2)
    return DEFAULT
