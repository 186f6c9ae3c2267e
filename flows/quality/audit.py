"""Audit: the suites run again over the loaded warehouse, through the same checks as before a load."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows.db import has_table
from flows.quality.checks import computed
from flows.quality.suites import row_record, run_suite
from flows.staging import view_loaded
from flows.tables import TABLES
from flows.warehouse.handle import Warehouse


@dataclass
class Audit:
    """The suites run over the warehouse's tables: every expectation result, and the failing rows per table."""

    results: list[dict] = field(default_factory=list)
    failures: dict[str, list[dict]] = field(default_factory=dict)  # table -> failing rows (without bodies)

    @property
    def clean(self) -> bool:
        """Return True when every expectation passed."""
        return all(r["success"] for r in self.results)


class NoWarehouse(RuntimeError):
    """The path holds no warehouse tables to audit."""


def audit(warehouse: Warehouse, expectations_dir: Path) -> Audit:
    """Return the suites' verdict on the loaded tables, each read in its staging shape (staged.sql) and given
    the same computed columns as a batch before its load (checks.sql)."""
    found = Audit()
    with warehouse.connect(read_only=True) as con:
        if not all(has_table(con, t.name) for t in TABLES):
            raise NoWarehouse(f"{warehouse} has no warehouse tables yet: load it with `wirehouse run`")
        for table in TABLES:
            view_loaded(con, table, warehouse.sql_dir)
        frames = {table.name: computed(con, table, warehouse.sql_dir) for table in TABLES}
    for name, frame in frames.items():
        results, failed, _ = run_suite(name, frame, expectations_dir)
        found.results += results
        if failed:
            found.failures[name] = [{"row": row_record(frame, i), "expectations": names}
                                    for i, names in sorted(failed.items())]
    return found


