"""Ingest, inbox: keeping inbox files once handled: loaded ones in the dated archive, rejected ones in quarantine.
Nothing is deleted, nothing is overwritten (ingest/keep.py), and no input is lost when a write fails.

The order, and why: a batch's inbox files are copied to their archive or quarantine place *before* its load
commits (keep_batch), each copy verified on disk; the originals leave the inbox only *after* the commit
(dispose). So
- a copy that fails (a full or unwritable archive) stops the run before the batch loads: the copies made so far
  are removed, every file of the batch stays in the inbox, and none of its articles is counted as loaded;
- a load that fails (or Ctrl-C) removes the batch's copies (discard) and its files stay for the next run;
- after the commit only removals are left, and an inbox the run could not remove files from is found before
  any copy is made;
- dim_article.stored_as and the quarantine table name the copies as they are on disk.
A kill between the copies and the commit can leave a spare copy in the archive: never a lost file. Copies,
not renames: the kept file belongs to the pipeline's user, whoever dropped it in a shared inbox.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from pathlib import Path

from flows.ingest.keep import (
    REASON,
    copy_verified,
    fitting_name,
    free_path,
    fsync_folder,
    move_new,
    reason_path,
    removable,
    remove,
    write_new,
)
from flows.records import BatchOutcome, Checked, Document, Kept, Quarantined, display_name

log = logging.getLogger("wirehouse")
NOT_LOADED = "nothing of its batch was loaded and its files stay in the inbox"


class KeepFailed(RuntimeError):
    """An inbox file could not be copied to the archive or quarantine (or removed from the inbox afterwards)."""


def plan_archive(docs: list[Document], archive_dir: Path, today: date | None = None) -> list[Document]:
    """Return the documents, each inbox one with the free path in archive/YYYY-MM-DD/ it will be kept at
    (two files of one batch never get the same path; a name that is not UTF-8 is kept under its printable
    form, one too long under a shortened form: keep.fitting_name), each seed with its own path."""
    folder, taken, planned = archive_dir / (today or date.today()).isoformat(), set(), []
    for doc in docs:
        target = doc.path
        if doc.origin == "inbox":
            target = free_path(folder / fitting_name(doc.path), taken)
            taken.add(target)
        planned.append(replace(doc, stored_as=target))
    return planned


def with_targets(records: list[Quarantined], quarantine_dir: Path) -> list[Quarantined]:
    """Return copies of the records with, for each whole inbox file, the free path it will be kept at (two files
    of one batch never get the same path, nor one its reason file's)."""
    taken, placed = set(), []
    for r in records:
        if r.path and r.origin == "inbox" and not r.left_in_place:
            r = replace(r, target=free_path(quarantine_dir / fitting_name(r.path), taken, reason=True))
            taken |= {r.target, reason_path(r.target)}
        placed.append(r)
    return placed


def reason_text(record: Quarantined) -> bytes:
    """Return the content of a quarantined file's reason file."""
    return f"stage: {record.stage}\nreason: {record.reason}\nfile: {record.file_name}\n".encode()


def keep(source: Path, target: Path, reason: Quarantined | None = None, sync_folder: bool = True) -> Kept:
    """Return the verified copy of an inbox file at target, or at the next free name when target was taken since
    it was planned; a quarantined one (reason given) gets its reason file beside it. Without sync_folder the
    caller flushes the folder (once for a batch: fsync_folder)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        target = free_path(target, reason=reason is not None)
        try:
            copy = copy_verified(source, target, sync_folder)
        except FileExistsError:
            continue
        if reason is None:
            return Kept(source, copy)
        try:
            write_new(reason_path(copy), data=reason_text(reason), sync_folder=sync_folder)
            return Kept(source, copy, reason_path(copy))
        except FileExistsError:
            remove(copy)
        except BaseException:
            remove(copy)
            raise


def discard(copies: list[Kept]) -> None:
    """Remove copies made for a batch whose load did not commit (their originals are still in the inbox)."""
    for kept in copies:
        remove(kept.copy)
        remove(kept.reason)


def keep_batch(checked: Checked, present: list[Document], set_aside: list[Quarantined]
               ) -> tuple[Checked, list[Document], list[Quarantined], list[Kept]]:
    """Return the batch with every inbox file copied to its archive or quarantine place (paths updated where a
    planned name was taken meanwhile) and the copies made; raise KeepFailed, with no copy left, when one fails."""
    from flows.frames import with_stored_as

    to_archive = [(a.path, a.stored_as) for a in checked.passed if a.origin == "inbox"] + \
                 [(d.path, d.stored_as) for d in present if d.origin == "inbox"]
    to_quarantine = [r for r in set_aside if r.path and r.origin == "inbox" and not r.left_in_place]
    for path in [p for p, _ in to_archive] + [r.path for r in to_quarantine]:
        why = removable(path)
        if why:
            raise KeepFailed(f"cannot move {display_name(path)} out of the inbox: {why}; {NOT_LOADED}")
    copies, kept_at = [], {}
    try:
        for path, planned in to_archive:
            copies.append(keep_or_fail(path, planned, None))
            kept_at[path] = copies[-1].copy
        for record in to_quarantine:
            copies.append(keep_or_fail(record.path, record.target, record))
            kept_at[record.path] = copies[-1].copy
        for folder in {k.copy.parent for k in copies}:  # the new names too are on disk before the load commits
            sync_or_fail(folder)
    except BaseException:
        discard(copies)
        raise
    passed = [replace(a, stored_as=kept_at.get(a.path, a.stored_as)) for a in checked.passed]
    moved = {a.article_id: str(a.stored_as) for a in passed if a.origin == "inbox"}
    checked = replace(checked, passed=passed, frames=with_stored_as(checked.frames, moved))
    present = [replace(d, stored_as=kept_at.get(d.path, d.stored_as)) for d in present]
    copied = {id(r) for r in to_quarantine}
    set_aside = [replace(r, target=kept_at[r.path]) if id(r) in copied else r for r in set_aside]
    return checked, present, set_aside, copies


def keep_or_fail(source: Path, target: Path, reason: Quarantined | None) -> Kept:
    """Return keep()'s copy (its folder not flushed yet), or raise KeepFailed saying which file could not be
    copied where, and why."""
    try:
        return keep(source, target, reason, sync_folder=False)
    except OSError as exc:
        raise KeepFailed(f"cannot copy {display_name(source)} to {target.parent}: {exc.strerror or exc}; "
                         f"{NOT_LOADED}") from exc


def sync_or_fail(folder: Path) -> None:
    """Flush a folder of new copies to disk, or raise KeepFailed saying why it could not be."""
    try:
        fsync_folder(folder)
    except OSError as exc:
        raise KeepFailed(f"cannot flush {folder} to disk: {exc.strerror or exc}; {NOT_LOADED}") from exc


def dispose(outcome: BatchOutcome, copies: list[Kept]) -> None:
    """Finish keeping a committed batch's inbox files: remove each original whose copy is kept. A file the load
    itself refused has its copy in the archive: it is copied to quarantine and that copy removed. A failure
    here is logged, not raised (the batch is committed), and leaves the original in the inbox."""
    kept = {k.source: k for k in copies}
    for record in outcome.files_quarantined:
        done = kept.get(record.path)
        if record.origin != "inbox" or record.left_in_place or done is None or done.reason is not None:
            continue
        try:
            kept[record.path] = keep(record.path, record.target or done.copy, record)
        except OSError as exc:
            log.warning("could not quarantine %s: %s; it stays in the inbox", record.file_name, exc.strerror or exc)
            del kept[record.path]
        remove(done.copy)
    for source in kept:
        try:
            source.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("kept %s, but could not remove it from the inbox: %s", display_name(source),
                        exc.strerror or exc)


def requeue(names: list[str], quarantine_dir: Path, inbox: Path, archive_dir: Path) -> list[Path]:
    """Return the inbox paths of quarantined files moved back for another run (every one when names is empty);
    each reason file goes to archive/requeued/YYYY-MM-DD/, not to the inbox. Nothing is moved over an existing
    file. Unknown names raise FileNotFoundError."""
    kept = sorted(p for p in quarantine_dir.glob("*") if p.is_file() and not p.is_symlink()
                  and not p.name.endswith(REASON)) if quarantine_dir.is_dir() else []
    chosen = [p for p in kept if p.name in names] if names else kept
    missing = sorted(set(names) - {p.name for p in chosen})
    if missing:
        raise FileNotFoundError(f"not in {quarantine_dir}: {', '.join(missing)}")
    moved, reasons = [], archive_dir / "requeued" / date.today().isoformat()
    for path in chosen:
        reason = reason_path(path)
        if reason.is_file() and not reason.is_symlink():
            move_new(reason, reasons / reason.name)
        moved.append(move_new(path, inbox / path.name))
    return moved
