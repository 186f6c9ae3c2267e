"""Shared fixtures: a Prefect test harness started once, temporary settings, and the seed warehouse built once."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import flows  # noqa: F401  (sets the quiet, offline environment before Prefect is imported)
from flows.settings import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds" / "articles"


def temp_settings(root: Path) -> Settings:
    """Return settings whose warehouse, inbox and seeds (empty) live under root."""
    (root / "inbox").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    return replace(Settings(), warehouse=root / "wh" / "news.duckdb", inbox=root / "inbox", seeds=root / "seeds",
                   settle_seconds=0.0, lock_timeout_seconds=5.0)


@pytest.fixture(scope="session")
def prefect_harness():
    """Run Prefect flows against a throwaway local backend for the whole test session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Return settings whose warehouse, inbox and seeds live in a temporary folder (no seeds by default)."""
    return temp_settings(tmp_path)


@pytest.fixture(scope="session")
def seed_runs(prefect_harness, tmp_path_factory):
    """Return (settings, first summary, second summary) of two flow runs over the seed articles, built once."""
    from flows.pipeline import run

    settings = replace(temp_settings(tmp_path_factory.mktemp("seeds")), seeds=SEEDS)
    return settings, run(settings), run(settings)


@pytest.fixture(scope="session")
def cluster():
    """Return the folder of a `wirehouse cluster up` (PostgreSQL, Prefect, S3, Dask), up once for the session."""
    from test_cluster import running_cluster

    with running_cluster() as folder:
        yield folder
