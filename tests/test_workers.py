"""The extraction worker pool: parts go to spawned workers, and a pool that ran its share is replaced whole."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from flows.extract import workers
from flows.ingest.parse import parse_batch
from flows.ingest.read import read_batch

STORY = ("Acme Corp said on Monday it would buy Widget Corp for $5 million. \"It is a good day,\" said Jane Roe, "
         "Acme's chief executive. Story {n}.")


def items(folder, count: int) -> list:
    """Return (document, metadata) pairs of `count` invented articles written to folder."""
    folder.mkdir()
    for n in range(count):
        (folder / f"story{n}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    docs, unreadable = read_batch([(p, "inbox") for p in sorted(folder.iterdir())], (".txt",))
    parsed, unparsed = parse_batch(docs)
    assert not unreadable and not unparsed
    return parsed


def pids() -> set[int]:
    """Return the process ids of the current pool's workers."""
    return {p.pid for p in (workers._pool._processes or {}).values()}


@pytest.mark.slow
def test_a_pool_that_ran_its_share_of_parts_is_replaced_between_extractions_and_no_part_waits_forever(
        settings, tmp_path, monkeypatch):
    # one worker, two parts per worker, five parts queued at once: Python 3.11's max_tasks_per_child left such a
    # backlog with no worker (CPython gh-115634) and the run waited forever
    monkeypatch.setattr(workers, "PARTS_PER_WORKER", 2)
    monkeypatch.setattr(workers, "PART_ARTICLES", 1)
    one = replace(settings, workers=1, parallel_min_articles=1)
    stories, found, seen = items(tmp_path / "in", 7), [], []

    def extract() -> None:
        for batch in (stories[:5], stories[5:]):
            found.append(workers.on_pool(batch, one))
            seen.append(pids())

    try:
        worker = threading.Thread(target=extract, daemon=True)
        worker.start()
        worker.join(180)
        assert not worker.is_alive(), "the pool left parts with no worker"
    finally:
        workers.shutdown()
    assert [len(rows) for rows, refused in found] == [5, 2] and not any(refused for _, refused in found)
    assert [row.meta.title for rows, _ in found for row in rows] == [m.title for _, m in stories]
    assert len(seen[0]) == len(seen[1]) == 1 and seen[0] != seen[1]  # five parts on one worker, then a fresh one


@pytest.mark.slow
def test_a_run_stops_its_workers_before_its_last_load_and_keeps_them_for_the_loads_before(prefect_harness, settings,
                                                                                           monkeypatch):
    # the last load links the whole warehouse, the largest of a run's loads: the idle workers need not sit beside it
    from flows import tasks
    from flows.pipeline import run

    for n in range(4):
        (settings.inbox / f"story{n}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    pool_at_load, load_batch = [], tasks.loader.load_batch

    def noting(*args, **kwargs):
        pool_at_load.append(workers._pool is not None)
        return load_batch(*args, **kwargs)

    monkeypatch.setattr(tasks.loader, "load_batch", noting)
    summary = run(replace(settings, workers=2, parallel_min_articles=2, batch_size=2))
    assert summary.loaded == 4
    assert pool_at_load == [True, False]


@pytest.mark.slow
@pytest.mark.parametrize("files, dask, early", [(1, "", False), (3, "", True), (3, "local", False)],
                         ids=["too few files", "enough files", "dask"])
def test_a_run_starts_its_workers_early_only_when_its_first_batch_will_use_them(settings, tmp_path, files, dask,
                                                                               early):
    two = replace(settings, workers=2, parallel_min_articles=2, dask=dask)
    try:
        assert workers.start_early(two, files) == early
        assert (workers._pool is not None) == early
        if early:  # the same pool extracts the run's first batch, without starting another
            pool = workers._pool
            found, _ = workers.on_pool(items(tmp_path / "in", 3), two)
            assert workers._pool is pool and len(pids()) == 2 and len(found) == 3
    finally:
        workers.shutdown()
