"""A drop becomes visible soon: the settle window counted from a file's last write, and the freshness benchmark's
arithmetic."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from bench import freshness
from flows.ingest.discover import discover


def test_a_file_nothing_wrote_to_for_the_window_is_taken_without_waiting(tmp_path: Path):
    path = tmp_path / "old.txt"
    path.write_text("Acme Corp said on Monday it bought Widget Ltd.")
    os.utime(path, (time.time() - 30, time.time() - 30))
    began = time.monotonic()
    assert discover(tmp_path, settle_seconds=10.0) == [path]
    assert time.monotonic() - began < 2.0  # the window had passed before the run looked


def test_a_file_written_a_moment_ago_waits_only_the_rest_of_the_window(tmp_path: Path):
    path = tmp_path / "new.txt"
    path.write_text("Acme Corp said on Monday it bought Widget Ltd.")
    time.sleep(0.6)
    began = time.monotonic()
    assert discover(tmp_path, settle_seconds=1.0) == [path]
    assert time.monotonic() - began < 0.9  # at most the 0.4 s left of the window (plus slack), not a full second


@pytest.mark.parametrize("future", [False, True])
def test_a_file_still_being_written_is_left_for_the_next_run(tmp_path: Path, future: bool):
    growing, done = tmp_path / "growing.txt", tmp_path / "done.txt"
    done.write_text("Widget Ltd said on Monday it sold its plant.")
    os.utime(done, (time.time() - 30, time.time() - 30))
    growing.write_text("Acme Corp said")
    if future:  # a clock skew: the whole window is waited, and the write inside it still counts
        os.utime(growing, (time.time() + 3600, time.time() + 3600))
    stop = threading.Event()

    def write_on() -> None:
        while not stop.wait(0.05):
            with growing.open("a") as f:
                f.write(" more")

    writer = threading.Thread(target=write_on)
    writer.start()
    try:
        assert discover(tmp_path, settle_seconds=0.5) == [done]
    finally:
        stop.set()
        writer.join()


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 21)]  # 20 drops
    assert freshness.percentile(values, 0.5) == 10.0
    assert freshness.percentile(values, 0.95) == 19.0
    assert freshness.percentile([3.0], 0.95) == 3.0


def test_the_section_replaces_the_previous_one_in_results(tmp_path: Path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# bench\n\nkept words\n")
    first = f"{freshness.BEGIN}\nfirst\n{freshness.END}"
    freshness.write_section(results, first)
    freshness.write_section(results, f"{freshness.BEGIN}\nsecond\n{freshness.END}")
    text = results.read_text()
    assert text.startswith("# bench\n\nkept words\n") and "second" in text and "first" not in text
    assert text.count(freshness.BEGIN) == 1


def test_the_reader_opens_the_read_copy_a_run_publishes_once_there_is_one(tmp_path: Path):
    from flows.warehouse.handle import FileWarehouse

    path = tmp_path / "news.duckdb"
    path.write_bytes(b"")
    assert freshness.reader_path(path) == path  # nothing published yet: the warehouse itself
    copy = FileWarehouse(sql_dir=None, timeout=5, run_lock_at=None, path=path).read_copy
    copy.write_bytes(b"")
    assert freshness.reader_path(path) == copy


def test_a_file_its_writer_closed_needs_no_window_unless_written_since(tmp_path: Path, monkeypatch):
    from flows.ingest.discover import written

    closed = tmp_path / "closed.txt"
    closed.write_text("Acme Corp said on Monday it bought Widget Ltd.")
    known = {"closed.txt": list(written(closed))}  # as `watch` saw it when its writer closed it
    waits: list[float] = []
    monkeypatch.setattr("flows.ingest.discover.time.sleep", waits.append)
    assert discover(tmp_path, settle_seconds=5.0, closed=known) == [closed]
    assert waits == []  # every file is known complete: nothing is waited for
    other = tmp_path / "other.txt"
    other.write_text("Widget Ltd said it sold its plant.")  # no close seen: the window applies to it
    assert discover(tmp_path, 5.0, known) == [closed, other] and len(waits) == 1 and waits[0] > 4
    other.unlink()
    closed.write_text("Acme Corp said on Monday it bought Widget Ltd and Gadget Inc.")  # written again since
    assert discover(tmp_path, 5.0, known) == [closed] and len(waits) == 2 and waits[1] > 4
