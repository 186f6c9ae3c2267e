"""A tiny hand-made article with a row for every warehouse table (no spaCy needed)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from flows.records import ArticleMeta, ArticleRows, Entity, Mention, article_id

STORY = 'Acme Corp bought Widget Ltd for $5 million on March 2, 2020. "It is a good deal," Acme said.'


def span(body: str, text: str) -> dict:
    """Return the offsets of the first occurrence of text in body."""
    start = body.index(text)
    return {"char_start": start, "char_end": start + len(text)}


def mention(body: str, text: str, entity: Entity) -> Mention:
    """Return the resolved mention of the first occurrence of text in body."""
    start = body.index(text)
    return Mention(start, start + len(text), text, entity.entity_type, 0, entity=entity.ref)


def story(n: int = 0, file_name: str | None = None) -> ArticleRows:
    """Return article number n: the same facts, a distinct text (so a distinct article_id)."""
    body = STORY + f" Story {n}."
    acme = Entity("acme", "ORG", "Acme Corp", "US", ["Acme", "Acme Corp"])
    widget = Entity("widget", "ORG", "Widget Ltd", None, ["Widget Ltd"])
    meta = ArticleMeta(f"Acme buys Widget ({n})", date(2020, 3, 3), None, "Wire", None, "en", len(body.split()))
    return ArticleRows(
        article_id=article_id(body), path=Path(file_name or f"story-{n}.txt"), origin="inbox", body=body, meta=meta,
        entities=[acme, widget],
        mentions=[mention(body, "Acme Corp", acme), mention(body, "Widget Ltd", widget)],
        metrics=[{"entity": acme.ref, "metric_text": "$5 million", "value": 5e6, "unit": "USD", "metric_kind": "money",
                  "sentence_index": 0, **span(body, "$5 million")}],
        quotes=[{"speaker": acme.ref, "speaker_text": "Acme", "quote_text": "It is a good deal,",
                 **span(body, "It is a good deal,")}],
        events=[{"event_type": "acquisition", "actor1": acme.ref, "actor2": widget.ref, "event_date": date(2020, 3, 2),
                 "event_date_source": "stated",
                 "trigger_text": "bought", **span(body, "bought")}],
    )
