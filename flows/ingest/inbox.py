"""Ingest, inbox: moving inbox files once handled: loaded ones to the dated archive, rejected ones to quarantine. Nothing is deleted."""
from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from flows.records import BatchOutcome, Document, Quarantined, display_name


def free_path(target: Path, taken: set[Path] = frozenset()) -> Path:
    """Return target, or target with a numeric suffix when a file of that name is already there (or taken)."""
    candidate, n = target, 1
    while candidate.exists() or candidate in taken:
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        n += 1
    return candidate


def plan_archive(docs: list[Document], archive_dir: Path, today: date | None = None) -> list[Document]:
    """Return the documents, each inbox one with the free path in archive/YYYY-MM-DD/ it will be kept at
    (two files of one batch never get the same path; a name that is not UTF-8 is kept under its printable
    form), each seed with its own path."""
    folder, taken, planned = archive_dir / (today or date.today()).isoformat(), set(), []
    for doc in docs:
        target = doc.path
        if doc.origin == "inbox":
            target = free_path(folder / display_name(doc.path), taken)
            taken.add(target)
        planned.append(replace(doc, stored_as=target))
    return planned


def archive_file(path: Path, target: Path) -> Path:
    """Return the new place of an inbox file after moving it to its planned archive path (a free one if taken)."""
    target = free_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target)
    return target


def quarantine_file(path: Path, target: Path, stage: str, reason: str) -> Path:
    """Return the quarantined file's path after moving it there with a <name>.reason.txt beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), target)
    target.with_name(target.name + ".reason.txt").write_text(f"stage: {stage}\nreason: {reason}\n", encoding="utf-8")
    return target


def with_targets(records: list[Quarantined], quarantine_dir: Path) -> list[Quarantined]:
    """Return copies of the records with, for each whole inbox file, the free path it will be kept at."""
    return [replace(r, target=free_path(quarantine_dir / display_name(r.path))) if r.path and r.origin == "inbox"
            else r for r in records]


def dispose(outcome: BatchOutcome, archive_dir: Path) -> None:
    """Move the batch's inbox files: loaded or skipped ones to the dated archive, refused ones to quarantine."""
    for path, origin, stored_as in outcome.loaded + outcome.skipped:
        if origin == "inbox" and path.exists():
            archive_file(path, stored_as or archive_dir / date.today().isoformat() / path.name)
    for record in outcome.files_quarantined:
        if record.origin == "inbox" and record.path.exists():
            quarantine_file(record.path, record.target, record.stage, record.reason)


def requeue(names: list[str], quarantine_dir: Path, inbox: Path, archive_dir: Path) -> list[Path]:
    """Return the inbox paths of quarantined files moved back for another run (every one when names is empty);
    each reason file goes to archive/requeued/YYYY-MM-DD/, not to the inbox. Unknown names raise FileNotFoundError."""
    kept = sorted(p for p in quarantine_dir.glob("*") if p.is_file() and not p.name.endswith(".reason.txt")) \
        if quarantine_dir.is_dir() else []
    chosen = [p for p in kept if p.name in names] if names else kept
    missing = sorted(set(names) - {p.name for p in chosen})
    if missing:
        raise FileNotFoundError(f"not in {quarantine_dir}: {', '.join(missing)}")
    moved, reasons = [], archive_dir / "requeued" / date.today().isoformat()
    for path in chosen:
        reason = path.with_name(path.name + ".reason.txt")
        if reason.exists():
            reasons.mkdir(parents=True, exist_ok=True)
            shutil.move(str(reason), free_path(reasons / reason.name))
        target = free_path(inbox / path.name)
        shutil.move(str(path), target)
        moved.append(target)
    return moved
