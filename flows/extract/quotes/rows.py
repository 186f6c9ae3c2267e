"""Quotation rows: every quotation with its speaker, an unattributed one taking the speaker of the one before it."""
from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from flows.extract.quotes.spans import find_quote_spans, is_scare_quote
from flows.extract.quotes.speakers import Speaker, speaker_for
from flows.records import Mention

SPEAKER_KEYS = ("speaker", "speaker_text", "speaker_char_start", "speaker_char_end", "rule")


def same_paragraph(text: str, lo: int, hi: int) -> bool:
    """Return True when no paragraph break lies between two offsets (a single wrapped line break is allowed)."""
    gap = text[lo:hi]
    return "\n\n" not in gap and "\n " not in gap and len(gap) < 300


def carry_speakers(text: str, rows: list[dict]) -> None:
    """Give an unattributed quotation the speaker of the quotation just before it in the same paragraph:
    '“We are pleased,” Holt said. “The work starts now.”' -> both Holt, the second pointing at the same words."""
    for prev, row in pairwise(rows):
        if row["speaker"] is None and prev["speaker"] is not None \
                and same_paragraph(text, prev["char_end"], row["char_start"]):
            row.update({key: prev[key] for key in SPEAKER_KEYS}, rule="continuation")


def speaker_columns(text: str, found: Speaker | None) -> dict:
    """Return a row's speaker columns: the entity, the words that named it, their offsets and the rule that
    found it (all None when nothing in the text attributes the quotation)."""
    if found is None:
        return dict.fromkeys(SPEAKER_KEYS)
    return {"speaker": found.mention.entity if found.mention else None, "speaker_text": text[found.start:found.end],
            "speaker_char_start": found.start, "speaker_char_end": found.end, "rule": found.rule}


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[dict]:
    """Return one row per direct quotation with its speaker (None when the text does not attribute it)."""
    rows = []
    for span in find_quote_spans(doc.text):
        if is_scare_quote(doc.text, span):
            continue
        rows.append({**speaker_columns(doc.text, speaker_for(doc, span, mentions)),
                     "quote_text": doc.text[span.start:span.end], "char_start": span.start, "char_end": span.end})
    carry_speakers(doc.text, rows)
    return rows
