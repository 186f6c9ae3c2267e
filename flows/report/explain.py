"""`wirehouse explain FILE_OR_ARTICLE_ID`: what one article yields, row by row, each with the sentence it came from.

A file is read, parsed and extracted as a run would (nothing is loaded); an article id (or its first
characters) is extracted again from its stored body. This is how to see why a row is wrong.
"""
from __future__ import annotations

import re
from pathlib import Path

from flows.records import ArticleRows, EntityRef
from flows.settings import Settings
from flows.warehouse.handle import Warehouse


class NothingToExplain(ValueError):
    """The target is neither a readable file nor a loaded article."""


def sentence_around(body: str, start: int, end: int, width: int = 160) -> str:
    """Return the sentence (at most `width` characters, on one line) that holds the span [start, end)."""
    cuts = [m.end() for m in re.finditer(r"[.!?][”\"’']?\s+|\n", body[:start])]
    lo = cuts[-1] if cuts else 0
    stop = re.search(r"[.!?][”\"’']?(?=\s)|\n", body[end:])
    hi = end + stop.end() if stop else len(body)
    text = " ".join(body[lo:hi].split())
    return text if len(text) <= width else text[:width - 1] + "…"


def articles_for(target: str, settings: Settings, store: Warehouse) -> list:
    """Return the (document, metadata) pairs to explain: a file read and parsed, or the body of an article loaded in
    `store`."""
    from flows.extract.stamp import current_stamp
    from flows.ingest.parse import parse_batch
    from flows.ingest.read import read_batch
    from flows.warehouse.reprocess import stored_articles

    path = Path(target)
    if path.is_file():
        docs, refused = read_batch([(path, "inbox")], settings.extensions, settings.max_file_bytes,
                                   settings.max_text_chars)
        items, unparsed = parse_batch(docs)
        if refused or unparsed:
            first = (refused + unparsed)[0]
            fate = "refused by a run" if first.left_in_place else "quarantined"
            raise NothingToExplain(f"{path.name} would be {fate}: {first.reason}")
        return items
    items = stored_articles(store, "ids", current_stamp(settings.spacy_model, settings.alias_table), [target])
    if not items:
        raise NothingToExplain(f"{target} is neither a file nor the id of an article in {store}")
    return items


def render(art: ArticleRows) -> str:
    """Return the explanation of one extracted article."""
    names = {e.ref: e.canonical_name for e in art.entities}

    def name(ref: EntityRef | None) -> str:
        """Return the canonical name an entity reference points at ('-' for none)."""
        return names.get(ref, "-") if ref else "-"

    m = art.meta
    lines = [f"{art.file_name}  (article {art.article_id[:12]})",
             f"title: {m.title}", f"published: {m.published_date}  author: {m.author}  source: {m.source}  "
             f"dateline: {m.dateline}  words: {m.word_count}", f"entities ({len(art.entities)}):"]
    lines += [f"  {e.entity_type:8} {e.canonical_name}  aliases: {', '.join(e.aliases)}"
              + (f"  country: {e.country_code}" if e.country_code else "") for e in art.entities]
    lines.append(f"metrics ({len(art.metrics)}):")
    for r in art.metrics:
        lines += [f"  {r['metric_text']!r} = {r['value']:g} {r['unit']} ({r['metric_kind']}), about {name(r['entity'])}",
                  f"      in: {sentence_around(art.body, r['char_start'], r['char_end'])}"]
    lines.append(f"quotes ({len(art.quotes)}):")
    for r in art.quotes:
        named = f"named as {r['speaker_text']!r} at {r['speaker_char_start']}-{r['speaker_char_end']}, by {r['rule']}" \
            if r["rule"] else "unattributed"
        lines += [f"  {name(r['speaker'])} ({named}): {r['quote_text'][:100]!r}"]
    lines.append(f"events ({len(art.events)}):")
    for r in art.events:
        lines += [f"  {r['event_type']}: {name(r['actor1'])} -> {name(r['actor2'])}  {r['trigger_text']!r}  "
                  f"dated {r['event_date']} ({r.get('event_date_source')})  rule {r['rule']} "
                  f"(confidence {r['confidence']:.2f})",
                  f"      in: {sentence_around(art.body, r['char_start'], r['char_end'])}"]
    return "\n".join(lines)


def explain(target: str, settings: Settings, store: Warehouse) -> str:
    """Return what one file, or one article loaded in `store`, yields: metadata, entities, metrics, quotes and
    events."""
    from flows.extract.article import extract_batch

    extracted, failed = extract_batch(articles_for(target, settings, store), settings.spacy_model, settings.alias_table,
                                      settings.nlp_chunk_chars)
    if failed:
        raise NothingToExplain(f"{failed[0].file_name} fails extraction: {failed[0].reason}")
    return "\n\n".join(render(art) for art in extracted)
