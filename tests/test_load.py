"""Loading: schema per table, idempotent and atomic per batch, dimensions and provenance consistent."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from samples import at, query, story

from flows.db import WarehouseLocked
from flows.frames import to_frames
from flows.records import ArticleRows, Checked, Entity
from flows.staging import StagingError, stage
from flows.tables import FACT_METRIC, TABLES
from flows.warehouse import ledger, loader


def load(wh: Path, run_id: int, articles: list[ArticleRows]):
    """Return the outcome of loading articles as one batch, unvalidated."""
    return loader.load_batch(at(wh), loader.ToLoad(run_id, Checked(1, articles, to_frames(articles))))


def test_schema_is_idempotent_with_unknown_members():
    con = duckdb.connect(":memory:")
    at(Path("unused.duckdb")).ensure_schema(con)
    at(Path("unused.duckdb")).ensure_schema(con)
    unknown = {t.name: con.execute(f"select count(*) from {t.name} where {t.unknown_key} = -1").fetchone()[0]
               for t in TABLES if t.unknown_key}
    assert unknown == {"dim_date": 1, "dim_source": 1, "dim_article": 1, "dim_entity": 1, "dim_story": 1, "dim_event": 1}


def test_load_twice_adds_nothing_the_second_time(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(at(wh))
    first, second = load(wh, run_id, [story()]), load(wh, run_id, [story()])
    assert (len(first.loaded), len(second.loaded), len(second.skipped)) == (1, 0, 1)
    assert first.rows == {"dim_article": 1, "fact_entity_mention": 2, "fact_metric": 1, "fact_quote": 1, "fact_event": 1}
    assert second.rows == {"dim_article": 0, "fact_entity_mention": 0, "fact_metric": 0, "fact_quote": 0, "fact_event": 0}
    assert query(wh, """
        select a.title, s.source_name, d.full_date, m.metric_text, substr(a.body, m.char_start + 1, m.char_end - m.char_start),
               e.canonical_name, e.aliases
        from fact_metric m join dim_article a using (article_key) join dim_source s using (source_key)
        join dim_date d on d.date_key = a.published_date_key join dim_entity e using (entity_key)""") == [
        ("Acme buys Widget (0)", "Wire", date(2020, 3, 3), "$5 million", "$5 million", "Acme Corp", ["Acme", "Acme Corp"])]
    assert query(wh, """
        select e.event_type, a1.canonical_name, a2.canonical_name, e.event_date_key, e.trigger_text
        from fact_event e join dim_entity a1 on a1.entity_key = e.actor1_entity_key
        join dim_entity a2 on a2.entity_key = e.actor2_entity_key""") == [
        ("acquisition", "Acme Corp", "Widget Ltd", 20200302, "bought")]
    assert ledger.table_counts(at(wh)) == {"dim_date": 2, "dim_source": 1, "dim_article": 1, "dim_entity": 2,
                                            "dim_story": 1, "dim_event": 1, "fact_entity_mention": 2, "fact_metric": 1,
                                            "fact_quote": 1, "fact_event": 1}


def test_entity_gains_aliases_and_fullest_name_across_articles(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(at(wh))
    first, second = story(1), story(2)
    second.entities = [Entity("acme", "ORG", "Acme Corporation", None, ["Acme Corporation"])]
    second.mentions, second.metrics, second.quotes, second.events = [], [], [], []
    load(wh, run_id, [first])
    load(wh, run_id, [second])
    assert query(wh, "select canonical_name, country_code, aliases from dim_entity where match_key = 'acme'") == [
        ("Acme Corporation", "US", ["Acme", "Acme Corp", "Acme Corporation"])]


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(at(wh))
    frames = to_frames([story(1), story(2)])
    frames["fact_metric"]["char_start"] = "not a number"  # the cast fails mid-transaction, after the dimensions
    with pytest.raises(duckdb.Error):
        loader.load_batch(at(wh), loader.ToLoad(run_id, Checked(1, [], frames)))
    assert query(wh, """select (select count(*) from dim_article where article_key <> -1),
                               (select count(*) from dim_entity where entity_key <> -1),
                               (select count(*) from fact_entity_mention)""") == [(0, 0, 0)]


@pytest.mark.parametrize("change, message", [
    (lambda f: f.drop(columns=["unit"]), r"missing \['unit'\], unexpected \[\]"),
    (lambda f: f.assign(currency="USD"), r"missing \[\], unexpected \['currency'\]"),
])
def test_staging_refuses_a_frame_that_does_not_match_the_registry(change, message):
    frame = change(to_frames([story()])["fact_metric"])
    with pytest.raises(StagingError, match=message):
        stage(duckdb.connect(":memory:"), FACT_METRIC, frame)


def test_staging_types_every_column_as_declared():
    con = duckdb.connect(":memory:")
    assert stage(con, FACT_METRIC, to_frames([story()])["fact_metric"], row_ids=True) == 1
    declared = dict(FACT_METRIC.staged) | {"row_id": "bigint"}
    assert {name: kind.lower() for name, kind, *_ in con.execute("describe stage_fact_metric").fetchall()} == declared


def test_locked_warehouse_gives_a_clear_message(tmp_path: Path, caplog):
    wh = tmp_path / "w.duckdb"
    ledger.start_run(at(wh))
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time
        con = duckdb.connect({str(wh)!r}); print("locked", flush=True); time.sleep(30)""")],
        stdout=subprocess.PIPE, text=True)  # another process must hold the lock
    try:
        assert holder.stdout.readline().strip() == "locked"
        began = time.monotonic()
        with pytest.raises(WarehouseLocked, match=rf"{re.escape(str(wh))} is locked by PID {holder.pid}, python"):
            with at(wh, lock_timeout_seconds=1.0).connect():
                pass
        assert time.monotonic() - began < 4  # one bounded wait, not retries times timeouts
        (notice,) = [r.getMessage() for r in caplog.records]
        assert re.fullmatch(rf"waiting for {re.escape(str(wh))}: PID {holder.pid}, python\S* holds it "
                            r"\(giving up after 1s\)", notice)
    finally:
        holder.kill()


@pytest.mark.parametrize("error, read_only, message", [
    (PermissionError(13, "Permission denied"), False, "permission denied: cannot write {p} (check the folder's permissions)"),
    (duckdb.IOException('IO Error: Cannot open file "{p}": Permission denied'), True,
     "permission denied: cannot read {p} (check the folder's permissions)"),
    (duckdb.IOException('IO Error: The file "{p}" exists, but it is not a valid DuckDB database file!'), False,
     "{p} is not a DuckDB database file: it holds something else, choose another path (if it was the warehouse, "
     "rebuild it from the archived articles with `wirehouse reprocess --rebuild`)"),
    (FileNotFoundError(2, "No such file or directory", "/nope"), False, "cannot open {p}: No such file or directory (/nope)"),
])
def test_warehouse_errors_say_what_really_happened(tmp_path: Path, error, read_only, message):
    from flows.db import diagnose

    path = tmp_path / "w.duckdb"
    assert str(diagnose(path, error, read_only)) == message.format(p=path)
