"""Shared fixtures: a Prefect test harness started once, the project's real settings on temporary folders."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import flows  # noqa: F401  (sets the quiet, offline environment before Prefect is imported)
from flows.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds" / "articles"


@pytest.fixture(scope="session")
def prefect_harness():
    """Run Prefect flows against a throwaway local backend for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Return settings whose warehouse, inbox and seeds live in a temporary folder (no seeds by default)."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "seeds").mkdir()
    return replace(Settings(), warehouse=tmp_path / "wh" / "news.duckdb", inbox=tmp_path / "inbox",
                   seeds=tmp_path / "seeds", settle_seconds=0.0, lock_timeout_seconds=5.0)
