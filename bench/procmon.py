"""Run a command and watch its whole process tree: wall time, peak resident memory (children included), CPU time.

Reads /proc directly (no psutil in the project's dependencies). The peak is the largest *sum* of the
tree's RSS seen at one poll: Prefect's local server and spaCy's worker processes are separate processes,
so the parent's own peak would under-count. Pages shared after a fork are counted once per process.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Usage:
    """What one measured command used."""

    wall_s: float = 0.0
    peak_rss_mb: float = 0.0
    cpu_s: float = 0.0
    returncode: int = 0
    started_at: float = 0.0  # epoch seconds, to line up with timestamps taken inside the process
    ended_at: float = 0.0
    peak_by_process: dict[str, float] = field(default_factory=dict)  # short command line -> its own peak MB
    cpu_by_process: dict[str, float] = field(default_factory=dict)  # short command line -> CPU seconds


def _stat(pid: int) -> tuple[int, float] | None:
    """Return (parent pid, CPU seconds so far) of a live process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB (0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except (OSError, IndexError):
        return 0.0


def label(pid: int) -> str:
    """Return a short name for a process: its command line's program and first argument."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return str(pid)
    words = [os.path.basename(a.decode(errors="replace")) for a in argv[:4] if a]
    return " ".join(words)[:60] or str(pid)


def role(pid: int, root: int, root_name: str) -> str:
    """Return what a process of a wirehouse tree is: the root (named root_name: the run, the watcher), the local
    Prefect server or an extraction worker."""
    if pid == root:
        return root_name
    return "server" if "uvicorn" in label(pid) else "workers"


def tree(root: int) -> dict[int, float]:
    """Return pid -> CPU seconds for root and all its descendants alive now."""
    parents, cpu = {}, {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (found := _stat(int(entry.name))):
            parents[int(entry.name)], cpu[int(entry.name)] = found
    members, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in members]
        members.update(children)
        frontier += children
    return {pid: cpu[pid] for pid in members if pid in cpu}


def _watch(proc: subprocess.Popen, usage: Usage, interval: float, stop: threading.Event) -> None:
    """Poll the process tree until stop is set, keeping peaks and each process's latest CPU time in usage."""
    labels: dict[int, str] = {}
    while not stop.is_set():
        members = tree(proc.pid)
        rss = {pid: rss_mb(pid) for pid in members}
        usage.peak_rss_mb = max(usage.peak_rss_mb, sum(rss.values()))
        for pid, mb in rss.items():
            name = labels.setdefault(pid, f"{label(pid)} [{pid}]")
            usage.peak_by_process[name] = max(usage.peak_by_process.get(name, 0.0), mb)
            usage.cpu_by_process[name] = members[pid]
        stop.wait(interval)


def measure(cmd: list[str], env: dict | None = None, interval: float = 0.2, log: Path | None = None) -> Usage:
    """Return the Usage of running cmd to completion (stdout and stderr go to log, or are discarded)."""
    usage, stop = Usage(), threading.Event()
    before = os.times()
    out = open(log, "w") if log else subprocess.DEVNULL
    try:
        start, usage.started_at = time.perf_counter(), time.time()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        watcher = threading.Thread(target=_watch, args=(proc, usage, interval, stop), daemon=True)
        watcher.start()
        usage.returncode = proc.wait()
        usage.wall_s, usage.ended_at = time.perf_counter() - start, time.time()
        stop.set()
        watcher.join()
    finally:
        if log:
            out.close()
    after = os.times()
    # every descendant is reaped by the time the command exits, so the children's times are the tree's CPU
    usage.cpu_s = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return usage
