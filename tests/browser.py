"""Headless Debian Chromium for tests: open a local page with no network and return its DOM and console lines."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_chromium = pytest.mark.skipif(
    shutil.which("chromium") is None, reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does)")


def dump_dom(page: Path, profile: Path, budget_ms: int = 5000) -> tuple[str, list[str]]:
    """Return the DOM of a local page after its scripts ran, and the lines its console logged."""
    done = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: the page must not need the network
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         f"--virtual-time-budget={budget_ms}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
