"""Quotation rows: every quotation with its speaker, an unattributed one taking the speaker of the one before it."""
from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from flows.extract.context import text_of
from flows.extract.quotes.adjacent import alone_in_paragraph, opens_paragraph, paragraph_of
from flows.extract.quotes.clauses import speech_governs
from flows.extract.quotes.spans import QuoteSpan, find_quote_spans, is_scare_quote
from flows.extract.quotes.speakers import Speaker, speaker_for
from flows.records import Entity, Mention

SPEAKER_KEYS = ("speaker", "speaker_text", "speaker_char_start", "speaker_char_end", "rule", "speaker_entity")


def same_paragraph(text: str, lo: int, hi: int) -> bool:
    """Return True when no paragraph break lies between two offsets (a single wrapped line break is allowed)."""
    gap = text[lo:hi]
    return "\n\n" not in gap and "\n " not in gap and len(gap) < 300


def follows_on(text: str, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """Return True when a quotation goes on from the one before: in the same paragraph, in the same quotation
    running over paragraphs, or as a paragraph of its own right after a paragraph that ends with the one before
    and at most its reporting clause ('“…,” Holt said.' then '“The work starts now.”'), or one opening the
    paragraph after it ('“The work starts now.” Shares rose on Monday.')."""
    if same_paragraph(text, prev.close_at, span.open_at) or prev.run == span.run != -1:
        return True
    start = paragraph_of(text, span.open_at, span.open_at)[0]
    prev_end = paragraph_of(text, prev.open_at, prev.close_at)[1]
    tail = text[prev.close_at:prev_end].strip().rstrip(".")
    return (alone_in_paragraph(text, span) or opens_paragraph(text, span)) and not text[prev_end:start].strip() \
        and len(tail) <= 80 and ". " not in tail


def carry_speakers(text: str, found: list[tuple[QuoteSpan, dict]]) -> None:
    """Give an unattributed quotation the speaker of the quotation it goes on from (follows_on):
    '“We are pleased,” Holt said. “The work starts now.”' -> both Holt, the second pointing at the same words."""
    for (prev_span, prev), (span, row) in pairwise(found):
        if row["speaker"] is None and prev["speaker"] is not None and follows_on(text, prev_span, span):
            row.update({key: prev[key] for key in SPEAKER_KEYS}, rule="continuation")


def speaker_columns(text: str, found: Speaker | None) -> dict:
    """Return a row's speaker columns: the entity, the words that named it, their offsets and the rule that
    found it (all None when nothing in the text attributes the quotation)."""
    if found is None:
        return dict.fromkeys(SPEAKER_KEYS)
    entity = found.mention.entity if found.mention else found.entity.ref if found.entity else None
    return {"speaker": entity, "speaker_text": text[found.start:found.end], "speaker_char_start": found.start,
            "speaker_char_end": found.end, "rule": found.rule, "speaker_entity": found.entity}


def speaker_entities(quotes: list[dict], entities: list[Entity]) -> list[Entity]:
    """Return the entities the quotations' speakers name that the article's entities do not hold yet (an office,
    a name the model did not tag: described.py), each once."""
    known, new = {e.ref for e in entities}, []
    for entity in (q["speaker_entity"] for q in quotes if q["speaker_entity"] is not None):
        if entity.ref not in known:
            known.add(entity.ref)
            new.append(entity)
    return new


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[dict]:
    """Return one row per direct quotation with its speaker (None when the text does not attribute it)."""
    found, spans = [], find_quote_spans(text_of(doc))
    quoted = [(s.open_at, s.close_at) for s in spans]
    for span in spans:
        if is_scare_quote(text_of(doc), span) and not speech_governs(doc, span):
            continue
        found.append((span, {**speaker_columns(text_of(doc), speaker_for(doc, span, mentions, quoted)),
                             "quote_text": text_of(doc)[span.start:span.end], "char_start": span.start, "char_end": span.end}))
    carry_speakers(text_of(doc), found)
    return [row for _, row in found]
