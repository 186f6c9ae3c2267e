"""No input is lost when keeping a file fails: a full or unwritable archive, an inbox files cannot leave.

The archive copy is made (and verified) before the batch's load commits, the original removed after it: see
flows/ingest/inbox.py. One test injects ENOSPC into the copy; the slow one puts the archive on a real 64 KB tmpfs
and the inbox on a read-only bind mount, in a user and mount namespace of their own (skipped where the machine
does not allow one).
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from samples import query
from test_flow import STORY

from flows.pipeline import run
from flows.settings import PROJECT_ROOT


def drop(inbox: Path, n: int) -> dict[str, bytes]:
    """Drop n distinct articles; return their names and bytes."""
    files = {f"story-{i}.txt": (f"Story {i}\n\n" + STORY.replace("Acme", f"Acme{i}")).encode() for i in range(n)}
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    return files


def test_a_full_disk_while_archiving_stops_the_run_before_the_load_and_loses_nothing(prefect_harness, settings,
                                                                                      monkeypatch):
    from flows.ingest import keep
    from flows.ingest.inbox import KeepFailed

    settings = replace(settings, batch_size=2)
    files = drop(settings.inbox, 4)
    copies, write_all = [], keep.write_all

    def disk_fills_up(fd: int, data: bytes) -> None:
        """Write the first two copies (batch 1), then half of the next one and fail as a full disk does."""
        copies.append(fd)
        if len(copies) <= 2:
            return write_all(fd, data)
        os.write(fd, data[:len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(keep, "write_all", disk_fills_up)
    with pytest.raises(KeepFailed, match=r"cannot copy story-2.txt to .*: No space left on device; nothing of its "
                                         r"batch was loaded and its files stay in the inbox"):
        run(settings)
    day = settings.archive_dir / date.today().isoformat()
    assert sorted(p.name for p in day.iterdir()) == ["story-0.txt", "story-1.txt"]  # no partial copy of story-2
    assert sorted(p.name for p in settings.inbox.iterdir()) == ["story-2.txt", "story-3.txt"]
    [(status, loaded, error)] = query(settings.warehouse, "select status, files_loaded, error from etl_run")
    assert (status, loaded) == ("failed", 2) and "No space left on device" in error
    monkeypatch.undo()  # space is freed
    assert run(settings).loaded == 2
    stored = query(settings.warehouse, "select file_name, stored_as from dim_article where article_key <> -1")
    assert sorted(n for n, _ in stored) == sorted(files) and list(settings.inbox.iterdir()) == []
    assert all(Path(path).read_bytes() == files[name] and Path(path).parent == day for name, path in stored)
    # the failed run's first batch was not its last, so it left its stories to the next run
    assert query(settings.warehouse, "select count(*) from dim_article where article_key > 0 and story_key = -1") == [(0,)]


def test_a_copy_that_does_not_read_back_as_the_original_is_refused_and_removed(tmp_path, monkeypatch):
    from flows.ingest import keep

    source = tmp_path / "a.txt"
    source.write_text("the original")
    monkeypatch.setattr(keep, "checksum", lambda path: (12, "0" * 64))  # what a bad disk would read back
    with pytest.raises(OSError, match="does not read back as the original"):
        keep.copy_verified(source, tmp_path / "kept.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def namespaces_allowed() -> bool:
    """Return True when this machine lets a process mount a tmpfs in user and mount namespaces of its own."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


SCRIPT = r"""
set -u
run() {  # $1: the phase's name
    "$PYTHON" -m flows.cli run --inbox "$INBOX" --seeds "$SEEDS" --warehouse "$WAREHOUSE" >"$OUT/$1.out" 2>"$OUT/$1.err"
    echo $? >"$OUT/$1.rc"
    (cd "$ARCHIVE" && find . -type f | sort) >"$OUT/$1.archive"
}
mount -t tmpfs -o size=64k tmpfs "$ARCHIVE" || exit 90
head -c 1000000 /dev/zero >"$ARCHIVE/filler" 2>/dev/null  # the archive is full
run full
rm "$ARCHIVE/filler"
mount --bind "$INBOX" "$INBOX" && mount -o remount,ro,bind "$INBOX" || exit 91
run readonly
umount "$INBOX"
run free
cp -r "$ARCHIVE" "$OUT/archive"
"""


@pytest.mark.slow
@pytest.mark.skipif(not namespaces_allowed(), reason="no user and mount namespaces here: see the ENOSPC test above")
def test_a_full_archive_and_a_read_only_inbox_lose_nothing_and_load_nothing_twice(settings, tmp_path):
    files = drop(settings.inbox, 3)
    archive, out = settings.archive_dir, tmp_path / "out"
    archive.mkdir(parents=True)
    out.mkdir()
    env = {**os.environ, "PYTHON": sys.executable, "INBOX": str(settings.inbox), "SEEDS": str(settings.seeds),
           "WAREHOUSE": str(settings.warehouse), "ARCHIVE": str(archive), "OUT": str(out),
           "WIREHOUSE_ARCHIVE": str(archive), "WIREHOUSE_SETTLE_SECONDS": "0"}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT], env=env, cwd=PROJECT_ROOT, timeout=600)
    assert done.returncode == 0
    result = {phase: ((out / f"{phase}.rc").read_text().strip(), (out / f"{phase}.err").read_text(),
                      (out / f"{phase}.archive").read_text().split()) for phase in ("full", "readonly", "free")}
    rc, err, kept = result["full"]
    assert rc == "1" and "run failed: cannot copy story-0.txt to" in err and "No space left on device" in err
    assert kept == ["./filler"]  # no empty or truncated copy left behind
    rc, err, kept = result["readonly"]
    assert rc == "1" and "cannot move story-0.txt out of the inbox: its folder" in err and kept == []
    rc, err, kept = result["free"]
    day = date.today().isoformat()
    assert rc == "0" and kept == [f"./{day}/{name}" for name in sorted(files)], err
    assert query(settings.warehouse, "select status, files_loaded from etl_run order by run_id") == [
        ("failed", 0), ("failed", 0), ("success", 3)]
    stored = query(settings.warehouse, "select file_name, stored_as from dim_article where article_key <> -1")
    assert sorted(stored) == [(name, str(archive / day / name)) for name in sorted(files)]
    assert all((out / "archive" / day / name).read_bytes() == data for name, data in files.items())
    assert list(settings.inbox.iterdir()) == []
