"""Extract: run spaCy over a batch of articles and turn each into its warehouse rows."""
from __future__ import annotations

from pathlib import Path

from flows.extract.artefacts import drop_artefacts, retype
from flows.extract.canonical import resolve
from flows.extract.entities import fix_types, raw_mentions
from flows.extract.events import extract_events
from flows.extract.metrics import extract_metrics
from flows.extract.nlp import alias_lookup, load_nlp
from flows.extract.quotes import extract_quotes
from flows.records import ArticleMeta, ArticleRows, Document, Quarantined, article_id


def extract_article(doc, source: Document, meta: ArticleMeta, aliases: dict) -> ArticleRows:
    """Return every row one parsed article yields."""
    mentions = drop_artefacts(doc.text, raw_mentions(doc, aliases))
    retype(doc, mentions)
    fix_types(mentions)
    entities, mention_rows = resolve(mentions, doc.text, aliases)
    quotes = extract_quotes(doc, mention_rows)
    return ArticleRows(article_id=article_id(source.text), path=source.path, origin=source.origin,
                       body=source.text, meta=meta, entities=entities, mentions=mention_rows,
                       metrics=extract_metrics(doc, mention_rows), quotes=quotes,
                       events=extract_events(doc, mention_rows, quotes, meta.published_date))


def extract_batch(items: list[tuple[Document, ArticleMeta]], model: str,
                  alias_table: Path) -> tuple[list[ArticleRows], list[Quarantined]]:
    """Return the rows of each (document, metadata) pair, spaCy running over the batch in one pipe;
    an article whose extraction fails is quarantined and the others go on."""
    if not items:  # nothing new: no need to load the model
        return [], []
    nlp = load_nlp(model, str(alias_table))
    aliases = alias_lookup(str(alias_table))
    docs = nlp.pipe((d.text for d, _ in items), batch_size=32)
    extracted, rejected = [], []
    for doc, (source, meta) in zip(docs, items):
        try:
            extracted.append(extract_article(doc, source, meta, aliases))
        except Exception as exc:  # one odd article must not sink the batch; its reason is kept
            rejected.append(Quarantined.file(source.path, source.origin, "extract", f"{type(exc).__name__}: {exc}"))
    return extracted, rejected
