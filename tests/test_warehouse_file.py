"""The warehouse file itself: a folder the loader cannot write, a damaged file, and rebuilding it from the archive.

The unwritable folder is a read-only bind mount in a user and mount namespace of the test's own (root would
write through any chmod); the damaged files are real warehouses with real bytes overwritten or cut off.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_archive import namespaces_allowed

from flows.settings import PROJECT_ROOT

READ_ONLY = r"""
mount --bind "$FOLDER" "$FOLDER" && mount -o remount,ro,bind "$FOLDER" || exit 91
"$PYTHON" -c 'import sys; from flows.cli import main; sys.exit(main(sys.argv[1:]))' "$@"
"""


def in_read_only(folder: Path, *argv: str) -> subprocess.CompletedProcess:
    """Return the result of main(argv) run while `folder` is mounted read-only (for that process only)."""
    return subprocess.run(["unshare", "-rm", "sh", "-c", READ_ONLY, "sh", *argv], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "FOLDER": str(folder), "PYTHON": sys.executable},
                          cwd=PROJECT_ROOT, timeout=120)


@pytest.mark.skipif(not namespaces_allowed(), reason="no user and mount namespaces here to make a read-only folder")
@pytest.mark.parametrize("command", [["run"], ["reprocess", "--all"], ["watch"]])
def test_an_unwritable_warehouse_folder_stops_a_writing_command_at_once_with_one_line(settings, command):
    folder = settings.warehouse.parent
    folder.mkdir()
    folders = [] if command[0] == "reprocess" else ["--inbox", str(settings.inbox), "--seeds", str(settings.seeds)]
    done = in_read_only(folder, *command, "--warehouse", str(settings.warehouse), *folders)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"wirehouse: cannot write the warehouse {settings.warehouse}: its folder {folder} is not "
                           "writable (Read-only file system); fix the folder's permissions or give another "
                           "--warehouse\n")
    assert list(folder.iterdir()) == []  # no run lock, no logs: nothing was started
