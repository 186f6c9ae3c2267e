"""Starting, finding and stopping the cluster's server processes, each in its own session (process group) so that
`cluster down` stops a server together with every process it started, and nothing else.

A process is known by the pid recorded when it was started and the words its command line must contain: a pid
that the system has since given to another program is not taken for the server.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from flows.procs import live_processes, process_exists


class ClusterError(RuntimeError):
    """A server of the cluster could not be started or stopped; the message says which and where its log is."""


def alive(pid: int | None, marker: str = "") -> bool:
    """Return True when the process runs (not a zombie) and its command line contains marker."""
    if not pid:
        return False
    reap(pid)
    if not process_exists(pid):
        return False
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # it ended meanwhile
        return False
    return marker in command


def reap(pid: int) -> None:
    """Collect the exit status of a server this process started and that has ended (it would stay a zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def spawn(command: list[str], log: Path, env: dict[str, str], cwd: Path) -> int:
    """Return the pid of a server started in a session of its own, its output appended to log."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   env=env, cwd=cwd, start_new_session=True)
    return process.pid


def group_members(pgid: int) -> list[int]:
    """Return the live processes of a process group (a server and whatever it started)."""
    return [pid for pid, _, group in live_processes() if group == pgid]


def stop_group(pid: int, marker: str, grace: float = 15.0) -> None:
    """Stop the process group a server leads: SIGTERM, then SIGKILL for what is left after grace seconds."""
    if not alive(pid, marker) and not group_members(pid):
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            reap(pid)
            if not group_members(pid):
                return
            time.sleep(0.1)
    raise ClusterError(f"process group {pid} ({marker}) did not stop")


def port_open(host: str, port: int) -> bool:
    """Return True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def http_ok(url: str) -> bool:
    """Return True when url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except OSError:
        return False


def wait_until(ready, what: str, started: tuple[int, str, Path], timeout: float) -> None:
    """Wait until ready() holds; raise ClusterError naming the log when the server (started: its pid, command-line
    marker and log) ends or the time is up."""
    pid, marker, log = started
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not alive(pid, marker):
            raise ClusterError(f"{what} stopped while starting: see {log}\n{tail(log)}")
        time.sleep(0.25)
    raise ClusterError(f"{what} was not ready after {timeout:.0f}s: see {log}\n{tail(log)}")


def tail(log: Path, lines: int = 8) -> str:
    """Return the last lines of a log file (empty when there is none)."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""

