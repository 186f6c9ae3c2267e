"""Stage 5, report: the run summary users see at the end of `wirehouse run`."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

from flows.records import BatchOutcome


@dataclass
class Summary:
    """Counts of one run, accumulated batch by batch."""

    run_id: int = 0
    files_seen: int = 0
    loaded: int = 0
    skipped: int = 0
    quarantined: int = 0
    rows_quarantined: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    started: float = field(default_factory=time.monotonic)
    totals: dict[str, int] = field(default_factory=dict)  # warehouse row counts after the run

    def add(self, outcome: BatchOutcome) -> None:
        """Add one batch's outcome."""
        files = outcome.files_quarantined
        self.loaded += len(outcome.loaded)
        self.skipped += len(outcome.skipped)
        self.quarantined += len(files)
        self.rows_quarantined += len(outcome.quarantined) - len(files)
        self.reasons.extend((r.file_name, f"{r.stage}: {r.reason}") for r in files)
        for table, n in outcome.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n

    @property
    def counts(self) -> dict[str, int]:
        """Return the file counts as etl_run stores them."""
        return {"files_seen": self.files_seen, "files_loaded": self.loaded,
                "files_skipped": self.skipped, "files_quarantined": self.quarantined}

    def render(self, totals: dict[str, int] | None = None) -> str:
        """Return the human summary printed at the end of a run."""
        elapsed = time.monotonic() - self.started
        lines = [f"run {self.run_id}: {self.files_seen} files seen, {self.loaded} articles loaded, "
                 f"{self.skipped} skipped (already loaded), {self.quarantined} quarantined ({elapsed:.1f}s)"]
        for name, reason in self.reasons:
            lines.append(f"  quarantined {name}: {reason}")
        if self.rows_quarantined:
            lines.append(f"  {self.rows_quarantined} rows failed validation and were set aside: wirehouse status")
        if self.rows:
            lines.append("rows loaded: " + ", ".join(f"{t} {n}" for t, n in self.rows.items()))
        if totals:
            lines.append("warehouse now: " + ", ".join(f"{t} {n}" for t, n in totals.items()))
        return "\n".join(lines)


def progress(done: int, total: int, width: int = 30) -> None:
    """Draw a progress bar on stderr (one line per update when stderr is not a terminal)."""
    filled = int(width * done / total) if total else width
    bar = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files"
    if sys.stderr.isatty():
        print("\r" + bar, end="\n" if done >= total else "", file=sys.stderr, flush=True)
    else:
        print(bar, file=sys.stderr, flush=True)
