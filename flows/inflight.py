"""Batches handled in order with a bounded number under way: the next batches start while one is finished.

With Dask, a batch's extraction runs on the cluster while the run's process validates and loads the batch
before it (the single DuckDB writer). Starting every batch at once would hold every batch's text and rows in
memory; starting one at a time would leave the cluster idle during each load. `ordered` keeps `limit` batches
started and not yet finished, and hands them back in the order they came.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Started = TypeVar("Started")


def ordered(items: Iterable[Item], start: Callable[[Item], Started], limit: int) -> Iterator[tuple[Item, Started]]:
    """Return an iterator of (item, start(item)) in the items' order, each item started while at most `limit - 1`
    earlier ones are still being finished by the caller (limit 1: start one, finish it, start the next)."""
    under_way: deque[tuple[Item, Started]] = deque()
    for item in items:
        under_way.append((item, start(item)))
        if len(under_way) >= max(limit, 1):
            yield under_way.popleft()
    while under_way:
        yield under_way.popleft()
