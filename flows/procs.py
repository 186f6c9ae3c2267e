"""This machine's processes as /proc lists them (Linux): which run, and who started them.

A zombie (an ended process whose parent has not collected it) counts as gone everywhere: it runs nothing.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

GONE = ("Z", "X")  # zombie, dead


def _stat(pid: int | str) -> list[str] | None:
    """Return the fields of /proc/PID/stat after the command name (state, ppid, pgrp, ...), or None when the process
    is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def process_exists(pid: int) -> bool:
    """Return True when a process with this pid runs on this machine."""
    fields = _stat(pid)
    return fields is not None and fields[0] not in GONE


def live_processes() -> Iterator[tuple[int, int, int]]:
    """Yield (pid, parent pid, process group) of every process that runs now."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields is not None and fields[0] not in GONE:
                yield int(entry.name), int(fields[1]), int(fields[2])
