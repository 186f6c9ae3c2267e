"""Ingest, discover: which files of the seeds folder and the inbox a run looks at."""
from __future__ import annotations

import time
from pathlib import Path

TEMP_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp")


def is_candidate(path: Path) -> bool:
    """Return True for a regular, visible, finished-looking file (not hidden, temporary or an Office lock)."""
    name = path.name
    return (path.is_file() and not name.startswith((".", "~$"))
            and not name.endswith("~") and not name.lower().endswith(TEMP_SUFFIXES))


def discover(folder: Path, settle_seconds: float = 0.0) -> list[Path]:
    """Return the candidate files of a folder (sorted), leaving out files whose size is still changing."""
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if is_candidate(p))
    if settle_seconds <= 0 or not files:
        return files
    sizes = {p: p.stat().st_size for p in files}
    time.sleep(settle_seconds)
    return [p for p in files if p.exists() and p.stat().st_size == sizes[p]]


def plan_files(seeds: Path, inbox: Path, settle_seconds: float) -> list[tuple[Path, str]]:
    """Return every file this run should look at: the seeds (read in place), then the inbox drops."""
    return [(p, "seed") for p in discover(seeds)] + [(p, "inbox") for p in discover(inbox, settle_seconds)]
