"""Loading: schema from sql/schema, idempotent and atomic per batch, dimensions and provenance consistent."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.db import WarehouseLocked, connect
from flows.frames import to_frames
from flows.records import ArticleMeta, ArticleRows, Checked, Entity, Mention, article_id
from flows.warehouse import ledger, loader
from flows.settings import PROJECT_ROOT

SQL = PROJECT_ROOT / "sql"
BODY = "Acme Corp bought Widget Ltd for $5 million, Acme said."


def article(body: str = BODY, source: str | None = "Wire") -> ArticleRows:
    acme = Entity("acme", "ORG", "Acme Corp", None, ["Acme", "Acme Corp"])
    meta = ArticleMeta("Acme buys Widget", date(2020, 2, 3), None, source, None, "en", len(body.split()))
    return ArticleRows(
        article_id=article_id(body), path=Path("a.txt"), origin="inbox", body=body, meta=meta, entities=[acme],
        mentions=[Mention(0, 9, "Acme Corp", "ORG", 0, entity=acme.ref)],
        metrics=[{"entity": acme.ref, "metric_text": "$5 million", "value": 5e6, "unit": "USD",
                  "metric_kind": "money", "sentence_index": 0, "char_start": body.find("$5 million"),
                  "char_end": body.find("$5 million") + 10}],
    )


def load(wh: Path, run_id: int, articles: list[ArticleRows]):
    """Return the outcome of loading articles as one batch, unvalidated."""
    return loader.load_batch(wh, SQL, run_id, Checked(1, articles, to_frames(articles)), [], [])


def test_schema_is_idempotent_with_unknown_members():
    con = duckdb.connect(":memory:")
    loader.ensure_schema(con, SQL)
    loader.ensure_schema(con, SQL)
    unknown = [con.execute(f"select count(*) from {t} where {k} = -1").fetchone()[0]
               for t, k in [("dim_date", "date_key"), ("dim_source", "source_key"),
                            ("dim_article", "article_key"), ("dim_entity", "entity_key")]]
    assert unknown == [1, 1, 1, 1]


def test_load_twice_adds_nothing_the_second_time(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(wh, SQL)
    first = load(wh, run_id, [article()])
    second = load(wh, run_id, [article()])
    assert (len(first.loaded), len(second.loaded), len(second.skipped)) == (1, 0, 1)
    assert first.rows == {"dim_article": 1, "fact_entity_mention": 1, "fact_metric": 1, "fact_quote": 0, "fact_event": 0}
    with duckdb.connect(str(wh), read_only=True) as con:
        rows = con.execute("""
            select a.title, s.source_name, d.full_date, m.metric_text, substr(a.body, m.char_start + 1, m.char_end - m.char_start),
                   e.canonical_name, e.aliases
            from fact_metric m join dim_article a using (article_key) join dim_source s using (source_key)
            join dim_date d on d.date_key = a.published_date_key join dim_entity e using (entity_key)""").fetchall()
    assert rows == [("Acme buys Widget", "Wire", date(2020, 2, 3), "$5 million", "$5 million", "Acme Corp", ["Acme", "Acme Corp"])]


def test_entity_gains_aliases_and_fullest_name_across_articles(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(wh, SQL)
    first = article()
    second = article(body="Acme Corporation opened a plant in Ohio, paying $5 million.")
    second.entities = [Entity("acme", "ORG", "Acme Corporation", None, ["Acme Corporation"])]
    second.mentions, second.metrics = [], []
    load(wh, run_id, [first])
    load(wh, run_id, [second])
    with duckdb.connect(str(wh), read_only=True) as con:
        assert con.execute("select canonical_name, aliases from dim_entity where entity_key <> -1").fetchall() == [
            ("Acme Corporation", ["Acme", "Acme Corp", "Acme Corporation"])]


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    run_id = ledger.start_run(wh, SQL)
    frames = to_frames([article(), article(body="Another article about Acme Corp and its plans.")])
    frames["fact_metric"].loc[0, "metric_kind"] = None  # violates nothing in staging...
    frames["fact_metric"]["char_start"] = "not a number"  # ...but this cast fails mid-transaction
    with pytest.raises(duckdb.Error):
        loader.load_batch(wh, SQL, run_id, Checked(1, [], frames), [], [])
    with duckdb.connect(str(wh), read_only=True) as con:
        counts = con.execute("""select (select count(*) from dim_article where article_key <> -1),
                                       (select count(*) from dim_entity where entity_key <> -1),
                                       (select count(*) from fact_entity_mention)""").fetchone()
    assert counts == (0, 0, 0)


def test_locked_warehouse_gives_a_clear_message(tmp_path: Path):
    wh = tmp_path / "w.duckdb"
    ledger.start_run(wh, SQL)
    import subprocess, sys, textwrap  # noqa: E401  another process must hold the lock
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, time, sys
        con = duckdb.connect({str(wh)!r}); print("locked", flush=True); time.sleep(30)""")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(WarehouseLocked, match="locked by another process"):
            with connect(wh, timeout=0.5):
                pass
    finally:
        holder.kill()
