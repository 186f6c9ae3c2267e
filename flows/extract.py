"""Stage 3, extract: run spaCy over a batch of articles and turn each into its warehouse rows."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from flows.canonical import resolve
from flows.entities import fix_types, raw_mentions
from flows.events import extract_events
from flows.gazetteer import fold
from flows.metrics import extract_metrics
from flows.quotes import extract_quotes
from flows.parse import ArticleMeta, article_id
from flows.patterns import alias_patterns, alias_rows, org_designator_patterns
from flows.read import Document, Rejection
from flows.rows import ArticleRows


class ModelNotFound(RuntimeError):
    """The configured spaCy model is not installed."""


@lru_cache(maxsize=2)
def load_nlp(model: str, alias_table: str) -> Language:
    """Return the spaCy pipeline with an EntityRuler (alias table + designator rules) ahead of the statistical NER."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(f"spaCy model '{model}' is not installed: pip install it or set WIREHOUSE_SPACY_MODEL") from exc
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(alias_patterns(alias_rows(Path(alias_table))) + org_designator_patterns())
    return nlp


@lru_cache(maxsize=2)
def alias_lookup(alias_table: str) -> dict[str, tuple[str, str]]:
    """Return folded alias -> (canonical name, entity type) from the alias table."""
    lookup = {}
    for row in alias_rows(Path(alias_table)):
        for text in (row["alias"], row["canonical_name"]):
            lookup[fold(text)] = (row["canonical_name"], row["entity_type"])
    return lookup


def extract_article(doc, source: Document, meta: ArticleMeta, aliases: dict) -> ArticleRows:
    """Return every row one parsed article yields."""
    mentions = raw_mentions(doc, aliases)
    fix_types(mentions)
    entities, mention_rows = resolve(mentions, doc.text, aliases)
    quotes = extract_quotes(doc, mention_rows)
    return ArticleRows(article_id=article_id(source.text), path=source.path, origin=source.origin,
                       body=source.text, meta=meta, entities=entities, mentions=mention_rows,
                       metrics=extract_metrics(doc, mention_rows), quotes=quotes,
                       events=extract_events(doc, mention_rows, quotes))


def extract_batch(items: list[tuple[Document, ArticleMeta]], model: str,
                  alias_table: Path) -> tuple[list[ArticleRows], list[Rejection]]:
    """Return the rows of each (document, metadata) pair, spaCy running over the batch in one pipe;
    an article whose extraction fails becomes a Rejection and the others go on."""
    nlp = load_nlp(model, str(alias_table))
    aliases = alias_lookup(str(alias_table))
    docs = nlp.pipe((d.text for d, _ in items), batch_size=32)
    extracted, rejected = [], []
    for doc, (source, meta) in zip(docs, items):
        try:
            extracted.append(extract_article(doc, source, meta, aliases))
        except Exception as exc:  # one odd article must not sink the batch; its reason is kept
            rejected.append(Rejection(source.path, source.origin, "extract", f"{type(exc).__name__}: {exc}"))
    return extracted, rejected
