"""Ingest, discover: which files of the seeds folder and the inbox a run looks at.

The folders are a boundary: only regular files directly inside them are read. A symbolic link (whatever it points
to, in the folder or outside it, or nowhere), a FIFO, a socket, a device or a subfolder is refused with its
reason and left where it is: never opened, followed or moved. Otherwise anyone who can write to a shared inbox
could make the pipeline load any file its user can read (`ln -s /etc/passwd inbox/`), or hang a run on a FIFO.
"""
from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from flows.records import display_name

log = logging.getLogger("wirehouse")
TEMP_SUFFIXES = (".tmp", ".part", ".crdownload", ".swp")
KINDS = ((stat.S_ISDIR, "a folder: subfolders are not read"),
         (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
         (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def looks_finished(name: str) -> bool:
    """Return True for a visible, finished-looking name (not hidden, temporary or an Office lock)."""
    return not name.startswith((".", "~$")) and not name.endswith("~") and not name.lower().endswith(TEMP_SUFFIXES)


def refusal(mode: int, path: Path) -> str | None:
    """Return why a folder entry of this (lstat) mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        broken = "" if os.path.exists(path) else "broken "
        return f"a {broken}symbolic link: links are not followed, put the file itself in the folder"
    kind = next((text for test, text in KINDS if test(mode)), "not a regular file")
    return kind if kind.startswith("a folder") else f"{kind}: only regular files are read"


def entries(folder: Path) -> list[tuple[Path, str | None]]:
    """Return each finished-looking entry of a folder (sorted) with why it is refused (None: a regular file read).
    Nothing is followed: a path is accepted only when it resolves to itself, directly inside the folder."""
    if not folder.is_dir():
        return []
    root, found = folder.resolve(), []
    for path in sorted(folder.iterdir()):
        if not looks_finished(path.name):
            continue
        try:
            why = refusal(os.lstat(path).st_mode, path)
        except FileNotFoundError:  # gone since the listing
            continue
        if why is None and path.resolve() != root / path.name:
            why = "resolves to a place outside the folder"
        found.append((path, why))
    return found


def is_candidate(path: Path) -> bool:
    """Return True for a regular (not a link), visible, finished-looking file."""
    try:
        return looks_finished(path.name) and stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def discover(folder: Path, settle_seconds: float = 0.0,
             closed: Mapping[str, Sequence[int]] | None = None) -> list[Path]:
    """Return the regular files of a folder (sorted), leaving out files still being written: a file is taken once
    nothing has written to it (size and modification time unchanged) for settle_seconds. The wait is counted from
    the newest file's last write, not from now, so a file that landed a moment before the run costs only the rest
    of the window (a modification time in the future, a clock skew, gets the whole window). A file its writer is
    known to have closed (`closed`: name -> its size and modification time then, from `watch`) and unchanged since
    needs no window: when every file is such a one, nothing is waited for."""
    files = [path for path, why in entries(folder) if why is None]
    if settle_seconds <= 0 or not files:
        return files
    before = {p: written(p) for p in files}
    unsure = [stamp for p, stamp in before.items() if tuple((closed or {}).get(p.name, ())) != stamp]
    if unsure:
        age = time.time() - max(mtime for _, mtime in unsure) / 1e9
        time.sleep(max(0.0, min(settle_seconds, settle_seconds - age)))
    return [p for p in files if is_candidate(p) and written(p) == before[p]]


def written(path: Path) -> tuple[int, int]:
    """Return a file's size and modification time (ns); (-1, -1) once it is gone."""
    try:
        st = path.stat()
    except OSError:
        return -1, -1
    return st.st_size, st.st_mtime_ns


def refused(folder: Path) -> list[tuple[Path, str]]:
    """Return the entries of a folder that are not read (links, FIFOs, sockets, devices, folders) and why."""
    return [(path, why) for path, why in entries(folder) if why is not None]


def tell_refused(*folders: Path) -> None:
    """Log one line per entry of the folders that is refused (see refused), with its reason."""
    for folder in folders:
        for path, why in refused(folder):
            log.warning("refused %s: %s (left where it is)", folder / display_name(path), why)


def plan_files(seeds: Path, inbox: Path, settle_seconds: float,
               closed: Mapping[str, Sequence[int]] | None = None) -> list[tuple[Path, str]]:
    """Return every file this run should look at: the seeds (read in place), then the inbox drops (`closed`: see
    discover); the entries refused are logged and left where they are."""
    tell_refused(seeds, inbox)
    return [(p, "seed") for p in discover(seeds)] + [(p, "inbox") for p in discover(inbox, settle_seconds, closed)]
