"""Extract: run spaCy over a batch of articles and turn each into its warehouse rows."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from flows.extract import listings, places, tone
from flows.extract.context import text_of
from flows.extract.entities.canonical import resolve
from flows.extract.entities.mentions import find_mentions
from flows.extract.entities.typing import type_mentions
from flows.extract.events.rows import extract_events
from flows.extract.metrics import extract_metrics
from flows.extract.nlp import alias_lookup, load_nlp
from flows.extract.quotes.rows import extract_quotes, speaker_entities
from flows.extract.stamp import current_stamp
from flows.records import ArticleMeta, ArticleRows, Document, Quarantined, article_id

# Texts per spaCy pipe batch: a process's memory peaks with the batch's parser state, and 16 instead of 32 took
# 65 MB off each worker's peak (351 -> 286 MB over 800 articles) for about 1% more CPU. That state grows with the
# batch's tokens, not its texts, so a batch also stops at PIPE_CHARS characters: the longest batches of a run, not
# the typical one, set each worker's peak (bench/pipemem.py).
PIPE_BATCH = 16
PIPE_CHARS = 24_000


def extract_article(doc, source: Document, meta: ArticleMeta, aliases: dict) -> ArticleRows:
    """Return every row one parsed article yields."""
    mentions = find_mentions(doc, aliases, meta.dateline)
    type_mentions(doc, mentions, aliases)
    entities, mention_rows = resolve(mentions, text_of(doc), aliases)
    quotes = extract_quotes(doc, mention_rows)
    events = extract_events(doc, mention_rows, quotes, meta.published_date)
    entities += speaker_entities(quotes, entities)  # offices and names only a reporting clause gives
    named = tone.entity_spans(mention_rows)  # words of a name carry no tone (tone.py)
    entities = [replace(e, place=places.place_of(e), listing=listings.listing_of(e)) for e in entities]
    return ArticleRows(article_id=article_id(source.text), path=source.path, origin=source.origin,
                       body=source.text, meta=meta, stored_as=source.stored_as, entities=entities, mentions=mention_rows,
                       metrics=extract_metrics(doc, mention_rows), quotes=tone.with_tone(quotes, doc, named),
                       events=tone.with_tone(events, doc, named), tone=tone.score(source.text, skip=named))


def chunks_of(text: str, size: int) -> list[str]:
    """Return consecutive pieces of text, each at most `size` characters, that join back to exactly the text;
    cuts fall at a paragraph break, else a line break, else a sentence end, else a space."""
    pieces, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((window.rfind(sep) + len(sep) for sep in ("\n\n", "\n", ". ", " ") if window.rfind(sep) > 0),
                  default=size)
        pieces.append(text[start:start + cut])
        start += cut
    return pieces + [text[start:]]


def parse_text(nlp: Language, text: str, chunk_chars: int) -> Doc:
    """Return the spaCy Doc of one text; a text longer than chunk_chars is parsed in pieces joined into one Doc,
    so every offset still points into the whole text."""
    if len(text) <= chunk_chars:
        return nlp(text)
    return Doc.from_docs(list(nlp.pipe(chunks_of(text, chunk_chars))), ensure_whitespace=False)


def pipe_batches(texts: list[str], size: int, chars: int) -> Iterator[list[str]]:
    """Yield the texts in order, in consecutive groups of at most `size` texts and, past a group's first text, at
    most `chars` characters."""
    group, total = [], 0
    for text in texts:
        if group and (len(group) == size or total + len(text) > chars):
            yield group
            group, total = [], 0
        group.append(text)
        total += len(text)
    if group:
        yield group


def pipe(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    """Yield the Doc of each text in order, parsed PIPE_BATCH texts or PIPE_CHARS characters at a time."""
    for group in pipe_batches(texts, PIPE_BATCH, PIPE_CHARS):
        yield from nlp.pipe(group, batch_size=len(group))


def parse_texts(nlp: Language, texts: list[str], chunk_chars: int) -> Iterator[Doc | Exception]:
    """Yield the Doc of each text in order, streamed from one pipe over the batch (only a few Docs are held at
    a time); when the pipe fails, the texts not yet yielded are parsed one by one, and a text that still fails
    yields its exception in place of a Doc."""
    done = 0
    if all(len(t) <= chunk_chars for t in texts):
        try:
            for doc in pipe(nlp, texts):
                yield doc
                done += 1
            return
        except Exception:  # one text broke the pipe: find it below, the rest still goes on
            pass
    for text in texts[done:]:
        try:
            yield parse_text(nlp, text, chunk_chars)
        except Exception as exc:
            yield exc


def extract_batch(items: list[tuple[Document, ArticleMeta]], model: str, alias_table: Path,
                  chunk_chars: int = 100_000) -> tuple[list[ArticleRows], list[Quarantined]]:
    """Return the rows of each (document, metadata) pair, spaCy running over the batch in one pipe;
    an article whose parse or extraction fails is quarantined with the reason and the others go on."""
    if not items:  # nothing new: no need to load the model
        return [], []
    nlp = load_nlp(model, str(alias_table))
    aliases = alias_lookup(str(alias_table))
    stamp = current_stamp(model, alias_table)
    extracted, rejected = [], []
    for doc, (source, meta) in zip(parse_texts(nlp, [d.text for d, _ in items], chunk_chars), items):
        try:
            if isinstance(doc, Exception):
                raise doc
            extracted.append(replace(extract_article(doc, source, meta, aliases), extracted_with=stamp))
        except Exception as exc:  # one odd article must not sink the batch; its reason is kept
            rejected.append(Quarantined.file(source.path, source.origin, "extract", f"{type(exc).__name__}: {exc}"))
    return extracted, rejected
