"""Ingest, keep: the file operations behind the archive and quarantine, none of which ever replaces a file.

- Names always fit: a kept name is the file's printable name, or for one too long to take a suffix, its start
  and extension with a short hash of the whole original name between.
- A name is free when nothing is there, not even a broken link; a quarantined file's `<name>.reason.txt` must be
  free too, and no quarantined file is kept under a name ending in `.reason.txt` (so a user's file is never
  taken for a reason, nor a reason written over it).
- A copy is created new (O_EXCL), flushed to disk with its folder, and read back to the original's size and
  sha256 before anything relies on it; a failed copy is removed.
"""
from __future__ import annotations

import errno
import hashlib
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from flows.ingest.read import OPEN_FLAGS
from flows.records import display_name

NAME_MAX = 255  # bytes: the name limit of nearly every file system
REASON = ".reason.txt"
ROOM = len(".12345") + len(REASON)  # what a kept name may still get: a number when taken, a reason file beside it
CHUNK = 1 << 20


def fitting_name(path: Path) -> str:
    """Return the printable name a file is kept under: its own, or when too long to take a suffix, its start and
    extension with a hash of the whole original name (two long names that start alike stay apart)."""
    name, limit = display_name(path), NAME_MAX - ROOM
    if len(name.encode()) <= limit:
        return name
    digest = hashlib.sha256(os.fsencode(path.name)).hexdigest()[:12]
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 16 else ""
    head = name[:len(name) - len(suffix)].encode()[:limit - len(f"~{digest}{suffix}".encode())]
    return f"{head.decode('utf-8', 'ignore')}~{digest}{suffix}"


def candidates(target: Path) -> Iterator[Path]:
    """Return the names tried for a kept file in order: target, then stem.1.suffix, stem.2.suffix, ..."""
    yield target
    for n in itertools.count(1):
        yield target.with_name(f"{target.stem}.{n}{target.suffix}")


def is_free(candidate: Path, taken=frozenset(), reason: bool = False) -> bool:
    """Return True when nothing is at the path (not even a broken link) and it is not taken; with reason (a
    quarantined file), when its reason file's name is free too and the name is not itself a reason file's."""
    if candidate in taken or os.path.lexists(candidate):
        return False
    return not reason or not (candidate.name.endswith(REASON) or os.path.lexists(reason_path(candidate)))


def free_path(target: Path, taken=frozenset(), reason: bool = False) -> Path:
    """Return the first free name for target (see candidates and is_free)."""
    return next(c for c in candidates(target) if is_free(c, taken, reason))


def reason_path(path: Path) -> Path:
    """Return the reason file kept beside a quarantined file."""
    return path.with_name(path.name + REASON)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of data to the open file (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk, so a new file's name survives a crash."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def checksum(path: Path) -> tuple[int, str]:
    """Return (size, sha256 hex) of a file."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_new(target: Path, source_fd: int | None = None, data: bytes = b"", mode: int = 0o644,
              sync_folder: bool = True) -> tuple[int, str]:
    """Create target (FileExistsError when anything is there), write source_fd's bytes or data into it, flush it
    (and its folder, unless the caller flushes it once for many files); return (size, sha256) of what was
    written. A failed write removes the file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags, mode)
    digest, size = hashlib.sha256(), 0
    try:
        try:
            chunks = iter(lambda: os.read(source_fd, CHUNK), b"") if source_fd is not None else [data]
            for chunk in chunks:
                write_all(fd, chunk)
                digest.update(chunk)
                size += len(chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        if sync_folder:
            fsync_folder(target.parent)
    except BaseException:
        remove(target)
        raise
    return size, digest.hexdigest()


def copy_verified(source: Path, target: Path, sync_folder: bool = True) -> Path:
    """Return target once it is a verified copy of the regular file source: created new, flushed (with its folder
    unless the caller flushes it), read back to the same size and sha256 as the original (keeping its times); a
    failed copy is removed."""
    fd = os.open(source, OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(source))
        written = write_new(target, fd, mode=stat.S_IMODE(info.st_mode) & 0o666 or 0o644, sync_folder=sync_folder)
    finally:
        os.close(fd)
    try:
        os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns), follow_symlinks=False)
        if written[0] != info.st_size or checksum(target) != written:
            raise OSError(errno.EIO, "the copy does not read back as the original", str(target))
    except BaseException:
        remove(target)
        raise
    return target


def remove(path: Path | None) -> None:
    """Remove a file if it is there (a copy being rolled back); an error here must not hide the one being handled."""
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def removable(path: Path) -> str | None:
    """Return why this process cannot remove a file from its folder (read-only, not writable, sticky and not
    ours), or None when it can: checked before a copy is made, so no copy is left beside an original that stays."""
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is not writable"
    info = os.stat(folder)
    if info.st_mode & stat.S_ISVTX and os.geteuid() not in (0, info.st_uid, os.lstat(path).st_uid):
        return f"its folder {folder} is sticky and the file belongs to another user"
    return None


def move_new(source: Path, target: Path) -> Path:
    """Return where a regular file went: target or the next free name, never over an existing file (a hard link
    then the unlink; across file systems, a verified copy then the unlink)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for candidate in candidates(target):
        if os.path.lexists(candidate):
            continue
        try:
            os.link(source, candidate, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            try:
                copy_verified(source, candidate)
            except FileExistsError:
                continue
        os.unlink(source)
        return candidate
    raise AssertionError("unreachable")  # candidates() never ends
