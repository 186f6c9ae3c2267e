"""A run with nothing new is recorded without Prefect; anything new, or a busy run lock, goes to the flow."""
from __future__ import annotations

from dataclasses import replace

import pytest

from flows import idle
from flows.warehouse import runlock
from tests.samples import build_newsroom, newsroom, query


@pytest.fixture
def loaded(settings):
    """Return settings whose seeds folder holds the newsroom articles, all of them already in the warehouse."""
    build_newsroom(settings.store)
    for article in newsroom():
        (settings.seeds / article.path.name).write_text(article.body, encoding="utf-8")
    return settings


def runs(settings) -> list[tuple]:
    """Return (run id, status, seen, loaded, skipped, quarantined) per recorded run."""
    return query(settings.warehouse, "select run_id, status, files_seen, files_loaded, files_skipped, "
                                     "files_quarantined from etl_run order by run_id")


def test_nothing_new_is_recorded_as_a_run_that_skipped_every_seed(loaded):
    summary = idle.record_if_idle(loaded)
    assert (summary.run_id, summary.files_seen, summary.loaded, summary.skipped) == (2, 3, 0, 3)
    assert summary.totals["dim_article"] == 3
    assert runs(loaded) == [(1, "success", 3, 3, 0, 0), (2, "success", 3, 0, 3, 0)]


@pytest.mark.parametrize("change", ["inbox file", "new seed", "unreadable seed", "no warehouse"])
def test_anything_new_goes_to_the_flow(loaded, change):
    if change == "inbox file":  # even a copy of a loaded article: the flow archives it
        (loaded.inbox / "again.txt").write_text(newsroom()[0].body, encoding="utf-8")
    elif change == "new seed":
        (loaded.seeds / "new.txt").write_text("A new article about a new company and its new plans.", encoding="utf-8")
    elif change == "unreadable seed":
        (loaded.seeds / "empty.txt").write_text("", encoding="utf-8")
    else:
        loaded = replace(loaded, warehouse=loaded.warehouse.with_name("other.duckdb"))
    assert idle.record_if_idle(loaded) is None
    if change != "no warehouse":
        assert runs(loaded) == [(1, "success", 3, 3, 0, 0)]


def test_a_run_holding_the_lock_makes_this_one_queue_in_the_flow(loaded):
    with runlock.exclusive_run(loaded.warehouse, timeout=1):
        assert idle.record_if_idle(loaded) is None
    assert runs(loaded) == [(1, "success", 3, 3, 0, 0)]
