"""`serve` on a port something already listens on: one line saying what holds it, before any server starts."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from flows.settings import PROJECT_ROOT


class Health(BaseHTTPRequestHandler):
    """Answers /api/health as a running Prefect server does."""

    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args) -> None:
        pass


def serve_on(port: int, settings) -> subprocess.CompletedProcess:
    """Return the finished `wirehouse serve --port PORT` (main(argv) in a process of its own, no PREFECT_API_URL)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return subprocess.run([sys.executable, "-m", "flows.cli", "serve", "--port", str(port), "--inbox",
                           str(settings.inbox), "--seeds", str(settings.seeds), "--warehouse", str(settings.warehouse)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("holder, said", [("socket", "another program listens there"),
                                          ("prefect", "a Prefect server answers there (another `wirehouse serve`?)")])
def test_serve_on_a_busy_port_says_what_holds_it_in_one_line(settings, holder, said):
    if holder == "socket":
        busy = socket.create_server(("127.0.0.1", 0))
        port, close = busy.getsockname()[1], busy.close
    else:
        busy = HTTPServer(("127.0.0.1", 0), Health)
        threading.Thread(target=busy.serve_forever, daemon=True).start()
        port, close = busy.server_address[1], lambda: (busy.shutdown(), busy.server_close())
    try:
        done = serve_on(port, settings)
    finally:
        close()
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"serve failed: port {port} is taken (Address already in use): {said}; stop it or give " \
                          "another --port\n"
