"""Test data without spaCy: one article builder with a row for every warehouse table, and one query helper."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from flows.extract import tone
from flows.records import ArticleMeta, ArticleRows, Entity, Mention, article_id
from flows.settings import Settings
from flows.warehouse.handle import Warehouse

STORY = 'Acme Corp bought Widget Ltd for $5 million on March 2, 2020. "It is a good deal," Acme said.'


def at(path: Path, **settings) -> Warehouse:
    """Return the handle of a DuckDB file warehouse at path (other settings as given, else their defaults)."""
    return Settings(warehouse=path, **settings).store


def query(warehouse: Path | Warehouse, sql: str, params: list | None = None) -> list[tuple]:
    """Return the rows of one query on a warehouse file, opened read-only."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def span(body: str, text: str) -> dict:
    """Return the offsets of the first occurrence of text in body."""
    start = body.index(text)
    return {"char_start": start, "char_end": start + len(text)}


def mention(body: str, text: str, entity: Entity) -> Mention:
    """Return the resolved mention of the first occurrence of text in body."""
    start = body.index(text)
    return Mention(start, start + len(text), text, entity.entity_type, 0, entity=entity.ref)


def said_by(body: str, words: str | None, rule: str = "cue") -> dict:
    """Return a quote's speaker columns for the words that named the speaker (the last occurrence in body)."""
    if words is None:
        return {"speaker_text": None, "speaker_char_start": None, "speaker_char_end": None, "rule": None}
    start = body.rindex(words)
    return {"speaker_text": words, "speaker_char_start": start, "speaker_char_end": start + len(words), "rule": rule}


def story(n: int = 0, file_name: str | None = None, source: str | None = "Wire") -> ArticleRows:
    """Return article number n: the same facts (an entity, a metric, a quote, an event), a distinct text."""
    body = STORY + f" Story {n}."
    acme = Entity("acme", "ORG", "Acme Corp", "US", ["Acme", "Acme Corp"])
    widget = Entity("widget", "ORG", "Widget Ltd", None, ["Widget Ltd"])
    meta = ArticleMeta(f"Acme buys Widget ({n})", date(2020, 3, 3), None, source, None, "en", len(body.split()))
    return ArticleRows(
        article_id=article_id(body), path=Path(file_name or f"story-{n}.txt"), origin="inbox", body=body, meta=meta,
        entities=[acme, widget],
        mentions=[mention(body, "Acme Corp", acme), mention(body, "Widget Ltd", widget)],
        metrics=[{"entity": acme.ref, "metric_text": "$5 million", "value": 5e6, "unit": "USD", "metric_kind": "money",
                  "sentence_index": 0, **span(body, "$5 million")}],
        quotes=[{"speaker": acme.ref, **said_by(body, "Acme"), "quote_text": "It is a good deal,",
                 **span(body, "It is a good deal,")}],
        events=[{"event_type": "acquisition", "actor1": acme.ref, "actor2": widget.ref, "event_date": date(2020, 3, 2),
                 "event_date_source": "stated", "rule": "verb:buy", "confidence": 0.7,
                 "trigger_text": "bought", **span(body, "bought")}],
    )


def _article(body: str, header: tuple[str | None, str | None, date | None, str], entities: list[Entity],
             mentions: list[tuple[str, Entity, int]], **facts: list[dict]):
    """Return an article with its rows: header as (title, source, published, file name), mentions as (text,
    entity, sentence) found in body, facts (metrics, quotes, events) with offsets."""
    title, source, published, file_name = header
    meta = ArticleMeta(title, published, None, source, None, "en", len(body.split()))
    found = [Mention(body.index(t), body.index(t) + len(t), t, e.entity_type, s, entity=e.ref) for t, e, s in mentions]
    return ArticleRows(article_id=article_id(body), path=Path(file_name), origin="inbox", body=body, meta=meta,
                       entities=entities, mentions=found, metrics=facts.get("metrics", []),
                       quotes=facts.get("quotes", []), events=facts.get("events", []), tone=tone.score(body))


def newsroom() -> list[ArticleRows]:
    """Return three small articles that give every report rows: two sources, dated and undated, people, places,
    companies, money and percentages, attributed and unattributed quotes, events with and without a date."""
    acme = Entity("acme", "ORG", "Acme Corp", "US", ["Acme", "Acme Corp"])
    widget = Entity("widget", "ORG", "Widget Ltd", None, ["Widget Ltd"])
    jane = Entity("jane doe", "PERSON", "Jane Doe", None, ["Jane Doe", "Doe"])
    berlin = Entity("berlin", "GPE", "Berlin", "DE", ["Berlin"],
                    place={"geonames_id": 2950159, "latitude": 52.52437, "longitude": 13.41053, "admin1_code": "16"})
    one = ('Acme Corp bought Widget Ltd for $5 million on March 2, 2020. "It is a good deal for our shareholders," '
           'said Jane Doe, chief executive of Acme Corp.')
    two = ('Jane Doe visited Berlin with Acme Corp in April. Acme Corp said sales rose 12 percent. '
           '"Berlin is our second home," Doe said.')
    three = 'Widget Ltd launched a delivery robot. "Robots are the future of parcels," an engineer said.'
    return [
        _article(one, ("Acme buys Widget", "Wire", date(2020, 3, 3), "acme-widget.txt"), [acme, widget, jane],
                 [("Acme Corp", acme, 0), ("Widget Ltd", widget, 0), ("Jane Doe", jane, 1)],
                 metrics=[{"entity": acme.ref, "metric_text": "$5 million", "value": 5e6, "unit": "USD",
                           "metric_kind": "money", "sentence_index": 0, **span(one, "$5 million")}],
                 quotes=[{"speaker": jane.ref, **said_by(one, "Jane Doe, chief executive of Acme Corp"),
                          "quote_text": "It is a good deal for our shareholders,",
                          **span(one, "It is a good deal for our shareholders,")}],
                 events=[{"event_type": "acquisition", "actor1": acme.ref, "actor2": widget.ref,
                          "event_date": date(2020, 3, 2), "event_date_source": "stated", "trigger_text": "bought",
                          "rule": "verb:buy", "confidence": 0.7, **span(one, "bought")}]),
        _article(two, ("Acme chief in Berlin", "Daily Planet", date(2020, 4, 6), "berlin.txt"), [jane, berlin, acme],
                 [("Jane Doe", jane, 0), ("Berlin", berlin, 0), ("Acme Corp", acme, 0)],
                 metrics=[{"entity": acme.ref, "metric_text": "12 percent", "value": 12.0, "unit": "percent",
                           "metric_kind": "percent", "sentence_index": 1, **span(two, "12 percent")}],
                 quotes=[{"speaker": jane.ref, **said_by(two, "Doe"), "quote_text": "Berlin is our second home,",
                          **span(two, "Berlin is our second home,")}],
                 events=[{"event_type": "visit", "actor1": jane.ref, "actor2": berlin.ref, "event_date": None,
                          "event_date_source": None, "trigger_text": "visited", "rule": "verb:visit",
                          "confidence": 0.5, **span(two, "visited")}]),
        _article(three, (None, None, None, "robot.txt"), [widget], [("Widget Ltd", widget, 0)],
                 quotes=[{"speaker": None, **said_by(three, "an engineer"), "quote_text": "Robots are the future of parcels,",
                          **span(three, "Robots are the future of parcels,")}],
                 events=[{"event_type": "launch", "actor1": widget.ref, "actor2": None, "event_date": None,
                          "event_date_source": None, "trigger_text": "launched", "rule": "verb:launch",
                          "confidence": 0.4, **span(three, "launched")}]),
    ]


def build_newsroom(warehouse: Warehouse) -> Warehouse:
    """Write the newsroom articles to a new warehouse as one finished run, with one row set aside by a failed
    expectation; return the warehouse."""
    from flows.frames import to_frames
    from flows.records import Checked, Quarantined
    from flows.warehouse import ledger, loader

    articles = newsroom()
    run_id = ledger.start_run(warehouse)
    results = [{"suite": "fact_metric", "expectation": "expect_column_values_to_not_be_null(unit)",
                "success": False, "unexpected_count": 1},
               {"suite": "dim_article", "expectation": "expect_column_values_to_be_unique(article_id)",
                "success": True, "unexpected_count": 0}]
    set_aside = [Quarantined("robot.txt", "validate", "failed expectations: fact_metric: unit", table_name="fact_metric",
                             row_data={"article_id": articles[2].article_id, "metric_text": "a dozen"})]
    checked = Checked(1, articles, to_frames(articles), results=results)
    outcome = loader.load_batch(warehouse, loader.ToLoad(run_id, checked, set_aside))
    counts = {"files_seen": 3, "files_loaded": 3, "files_skipped": 0, "files_quarantined": 0}
    ledger.finish_run(warehouse, run_id, ledger.RunEnd("success", counts, outcome.rows))
    return warehouse
