"""Rebuilding a DuckDB file warehouse from the files it was loaded from (`wirehouse reprocess --rebuild`).

Every loaded inbox file is kept in the archive (dim_article.stored_as names it) and every seed stays in the seeds
folder, so a damaged warehouse file loses nothing: a run over those files, read in place as seeds are, builds a
new file beside it, which is then renamed over the old one (one atomic rename) after the old one got a second
name of its own. The old file is kept, never deleted. The whole rebuild holds the warehouse's run lock: no run
writes the old file meanwhile, and none starts on it between the build and the swap.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from flows.ingest.discover import discover, is_candidate
from flows.report.summary import Summary
from flows.settings import Settings

REQUEUED = "requeued"  # archive/requeued/ keeps the reasons of requeued quarantined files: not articles


class NothingToRebuild(RuntimeError):
    """Neither the archive nor the seeds folder holds a file to rebuild from."""


def archived_files(archive: Path) -> list[Path]:
    """Return every article file kept in the archive, day folders in order: regular, finished-looking files only
    (never a link), archive/requeued/ left out."""
    found = []
    for folder, subfolders, names in os.walk(archive):  # os.walk does not follow links to folders
        subfolders[:] = sorted(d for d in subfolders if not (Path(folder) == archive and d == REQUEUED))
        found += [Path(folder) / name for name in sorted(names) if is_candidate(Path(folder) / name)]
    return found


def files_to_rebuild(settings: Settings) -> list[tuple[Path, str]]:
    """Return the seeds, then the archived files, each to be read in place (as a seed is: never moved)."""
    return [(path, "seed") for path in discover(settings.seeds) + archived_files(settings.archive_dir)]


def beside(path: Path, tag: str) -> Path:
    """Return news.<tag>.duckdb for news.duckdb: a file of the rebuild, in the same folder."""
    return path.with_name(f"{path.name.removesuffix(path.suffix)}.{tag}{path.suffix}")


def aside_name(path: Path) -> Path:
    """Return a name no file has yet for the old warehouse: news.duckdb.before-rebuild-20261204T181500."""
    stamp, n = time.strftime("%Y%m%dT%H%M%S"), 0
    while True:
        aside = path.with_name(f"{path.name}.before-rebuild-{stamp}" + (f".{n}" if n else ""))
        if not os.path.lexists(aside):
            return aside
        n += 1


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(new: Path, path: Path) -> Path | None:
    """Rename `new` over `path`; return the second name the old file was given first (None when there was no old
    file). Its write-ahead log, if any, goes aside with it: left in place it would be replayed into the new file."""
    aside = None
    if os.path.lexists(path):
        aside = aside_name(path)
        os.link(path, aside)  # the old file has a name of its own before its place is taken
    wal = path.with_name(path.name + ".wal")
    if os.path.lexists(wal):
        kept = aside or aside_name(path)
        os.replace(wal, kept.with_name(kept.name + ".wal"))
    os.replace(new, path)
    fsync_folder(path.parent)
    return aside


def remove_leftovers(temp: Path) -> None:
    """Remove the files of a rebuild that was stopped before its swap (they are this module's own)."""
    for leftover in (temp, temp.with_name(temp.name + ".wal"), beside(temp, "read"),
                     temp.with_name(temp.name + ".run.lock")):
        leftover.unlink(missing_ok=True)


def rebuild(settings: Settings, run: Callable[[Settings, list[tuple[Path, str]]], Summary]) -> tuple[Summary, Path | None]:
    """Return (the rebuild run's summary, where the old file was kept) after building a new warehouse from the
    seeds and the archive with `run` (a flow run over the given files) and swapping it in; its read copy is
    published with it."""
    store = settings.store
    temp = beside(settings.warehouse, "rebuild")
    with store.run_lock():
        remove_leftovers(temp)
        files = files_to_rebuild(settings)
        if not files:
            raise NothingToRebuild(f"nothing to rebuild {settings.warehouse} from: {settings.archive_dir} and "
                                   f"{settings.seeds} hold no article file")
        building = replace(settings, warehouse=temp)
        summary = run(building, files)
        with building.store.connect() as con:
            con.execute("checkpoint")  # everything in the file itself: no log of the new file is left behind
        aside = swap_in(temp, settings.warehouse)
        with store.connect() as con:
            store.publish(con)
        remove_leftovers(temp)
    return summary, aside
