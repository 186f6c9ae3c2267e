"""Moving inbox files once handled: loaded ones to the dated archive, rejected ones to quarantine. Nothing is deleted."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path


def free_path(target: Path) -> Path:
    """Return target, or target with a numeric suffix when a file of that name is already there."""
    candidate, n = target, 1
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        n += 1
    return candidate


def quarantine_path(path: Path, quarantine_dir: Path) -> Path:
    """Return where a rejected inbox file will be kept."""
    return free_path(quarantine_dir / path.name)


def archive_file(path: Path, archive_dir: Path, today: date | None = None) -> Path:
    """Return the new place of an inbox file after moving it to archive/YYYY-MM-DD/."""
    folder = archive_dir / (today or date.today()).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    target = free_path(folder / path.name)
    shutil.move(str(path), target)
    return target


def quarantine_file(path: Path, target: Path, stage: str, reason: str) -> Path:
    """Return the quarantined file's path after moving it there with a <name>.reason.txt beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target)
    target.with_name(target.name + ".reason.txt").write_text(f"stage: {stage}\nreason: {reason}\n", encoding="utf-8")
    return target
