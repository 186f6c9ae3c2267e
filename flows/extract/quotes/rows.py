"""Quotation rows: every quotation with its speaker, an unattributed one taking the speaker of the one before it."""
from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from flows.extract.quotes.spans import find_quote_spans, is_scare_quote
from flows.extract.quotes.speakers import speaker_for
from flows.records import Mention


def same_paragraph(text: str, lo: int, hi: int) -> bool:
    """Return True when no paragraph break lies between two offsets (a single wrapped line break is allowed)."""
    gap = text[lo:hi]
    return "\n\n" not in gap and "\n " not in gap and len(gap) < 300


def carry_speakers(text: str, rows: list[dict]) -> None:
    """Give an unattributed quotation the speaker of the quotation just before it in the same paragraph:
    '“We are pleased,” Holt said. “The work starts now.”' -> both Holt."""
    for prev, row in pairwise(rows):
        if row["speaker"] is None and prev["speaker"] is not None \
                and same_paragraph(text, prev["char_end"], row["char_start"]):
            row["speaker"], row["speaker_text"] = prev["speaker"], prev["speaker_text"]


def extract_quotes(doc: Doc, mentions: list[Mention]) -> list[dict]:
    """Return one row per direct quotation with its speaker (None when the text does not attribute it)."""
    rows = []
    for span in find_quote_spans(doc.text):
        if is_scare_quote(doc.text, span):
            continue
        mention, words = speaker_for(doc, span, mentions)
        rows.append({"speaker": mention.entity if mention else None, "speaker_text": words,
                     "quote_text": doc.text[span.start:span.end], "char_start": span.start, "char_end": span.end})
    carry_speakers(doc.text, rows)
    return rows
