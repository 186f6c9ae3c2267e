"""A local Prefect API server as a child process that cannot outlive the command that started it.

Prefect's own temporary server shares the terminal's process group (so Ctrl-C kills it under a running
flow, which then waits on a dead API) and survives a SIGKILL of its parent. This one runs in its own
session (Ctrl-C reaches only us; we stop it), gets SIGTERM from the kernel when its parent dies, and
writes its log to a file, not to the user's terminal. pipeline.py uses it only when no PREFECT_API_URL is set.

A service's private server can be paused between runs (LocalServer.pause: SIGSTOP, resumed by SIGCONT before the
next run): idle, Prefect's server still polls its background worker's queue several times a second (about 1.2% of
a core), and no setting of Prefect 3.8 turns that off. A stopped process does not act on SIGTERM, so a private
server's parent-death signal is SIGKILL: it must not outlive a watcher killed while it was paused.
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple
from urllib.error import URLError
from urllib.request import urlopen

PR_SET_PDEATHSIG = 1
STARTS = 3  # a server that exits while starting is started again, up to this many times in all


class ServerFailed(RuntimeError):
    """The local Prefect server did not come up."""


class ServerExited(ServerFailed):
    """The local Prefect server exited while starting (two servers creating one new Prefect database at once:
    the second finds it locked)."""


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask the kernel to send `sig` to this (child) process when its parent dies (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, sig)
    except OSError:
        pass


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_port(port: int) -> None:
    """Raise ServerFailed, saying what holds it, when nothing can listen on 127.0.0.1:port (uvicorn would exit with
    code 3 and an empty log, or a Prefect server already there would be taken for the one we start)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a port in TIME_WAIT is free
        try:
            sock.bind(("127.0.0.1", port))
            return
        except OSError as exc:
            why = exc.strerror
    holder = ("a Prefect server answers there (another `wirehouse serve`?)" if healthy(f"http://127.0.0.1:{port}/api")
              else "another program listens there")
    raise ServerFailed(f"port {port} is taken ({why}): {holder}; stop it or give another --port")


def healthy(api_url: str) -> bool:
    """Return True when the Prefect API at api_url answers its health check."""
    try:
        with urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (URLError, OSError):
        return False


def app_dir() -> str:
    """Return the folder uvicorn imports the installed prefect package from (without importing it here)."""
    return str(Path(importlib.util.find_spec("prefect").origin).parent.parent)


def start(log_file: Path, port: int | None = None, ui: bool = False) -> tuple[subprocess.Popen, str]:
    """Return (process, API URL) of a Prefect server started in the background: without UI and background
    services it is a run's private API; with ui=True it is a full server (scheduler included) for `serve`."""
    if port:
        check_port(port)
    port = port or free_port()
    env = {**os.environ, "PREFECT_UI_ENABLED": "1" if ui else "0", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    if not ui:
        env["PREFECT__SERVER_EPHEMERAL"] = "1"  # no scheduler or other services: a single run needs none
        # nor its event feed, which only a UI shows and which grows by some 16 rows a run (trim.py); flow and task
        # runs are still recorded (from the events in memory)
        env["PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED"] = "false"
        # nor block types, which no run uses: checking them imports every installed Prefect collection (Dask's
        # among them), some 27 MB and 0.5 s of CPU a run; `serve`'s server, whose UI lists them, still registers
        env["PREFECT_SERVER_REGISTER_BLOCKS_ON_START"] = "false"
        env["PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION"] = "false"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", app_dir(), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
            preexec_fn=die_with_parent if ui else partial(die_with_parent, signal.SIGKILL))  # private: may be paused
    return process, f"http://127.0.0.1:{port}/api"


def wait_healthy(process: subprocess.Popen, api_url: str, log_file: Path, timeout: float) -> None:
    """Return once the server answers; raise ServerFailed if it exits or stays silent for `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not healthy(api_url):
        if process.poll() is not None:
            raise ServerExited(f"the local Prefect server exited while starting (code {process.returncode}; "
                               f"log: {log_file})")
        if time.monotonic() > deadline:
            stop(process)
            raise ServerFailed(f"the local Prefect server did not start within {timeout:.0f}s (log: {log_file})")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """Stop the server: SIGTERM, then SIGKILL after 5 s (a paused one is continued to act on the SIGTERM)."""
    if process.poll() is None:
        process.terminate()
        try:
            os.kill(process.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class LocalServer:
    """A local server started here: its process, API URL and log; a service pauses it while nothing happens."""

    process: subprocess.Popen
    api_url: str
    log_file: Path
    paused: bool = False

    def pause(self) -> None:
        """Stop the server's process (SIGSTOP): it takes no CPU until resume(); memory, sockets and database stay."""
        if not self.paused and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGSTOP)
            self.paused = True

    def resume(self, timeout: float = 90.0) -> None:
        """Continue a paused server (SIGCONT) and return once it answers: by then it has also closed the
        connections whose keep-alive ran out while it was stopped, so no client reuses a dead one."""
        if self.paused:
            os.kill(self.process.pid, signal.SIGCONT)
            self.paused = False
            wait_healthy(self.process, self.api_url, self.log_file, timeout)


class Api(NamedTuple):
    """The Prefect API a block reports to: its URL, and the local server behind it when one was started here."""

    url: str
    local: LocalServer | None = None


class Rest:
    """Pause a local server once it has not been used for `after` seconds (0: never), resume it before the next
    use; without a local server (PREFECT_API_URL names one) it does nothing. `before_pause`, if given, is called
    just before the pause: work best done while nothing else happens."""

    def __init__(self, local: LocalServer | None, after: float, before_pause=None) -> None:
        self.local, self.after, self.since, self.before_pause = local, after, time.monotonic(), before_pause

    def tick(self) -> None:
        """Pause the server when it has been unused long enough (calling before_pause first, while it still runs)."""
        if self.local and self.after and not self.local.paused and time.monotonic() - self.since >= self.after:
            if self.before_pause:
                self.before_pause()
            self.local.pause()

    @contextmanager
    def using(self):
        """Resume the server for the block; its unused time counts from the block's end."""
        if self.local:
            self.local.resume()
        try:
            yield
        finally:
            self.since = time.monotonic()


@contextmanager
def local_server(log_file: Path, ui: bool = False, port: int | None = None, timeout: float = 90.0,
                 started: tuple[subprocess.Popen, str] | None = None):
    """Yield the LocalServer of a Prefect server started here (or the one `start` already began: its ~3 s of
    start-up then overlap the caller's imports) and stopped on the way out (Ctrl-C included)."""
    process, api_url = started or start(log_file, port, ui)
    try:
        for attempt in range(1, STARTS + 1):
            try:
                wait_healthy(process, api_url, log_file, timeout)
                break
            except ServerExited:
                if attempt == STARTS:
                    raise
                time.sleep(attempt * random.uniform(0.5, 1.5))  # let the other server finish creating the database
                process, api_url = start(log_file, port, ui)
        yield LocalServer(process, api_url, log_file)
    finally:
        stop(process)
