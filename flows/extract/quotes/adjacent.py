"""Who the text around a quotation without a reporting clause names as its speaker: the sentence or paragraph
that introduces it.

- 'Hale said the talks had failed.⏎⏎“We will not give up.”': a quotation standing as its own paragraph takes the
  subject of the reporting verb ending the paragraph before it (or of any verb, when that paragraph ends in a
  colon: 'Acme released the following statement:');
- 'Vell's rep told reporters that this was untrue. “Acme owes Vell money.”': a quotation opening a sentence
  of its own takes the subject of the reporting verb of the sentence just before it in its paragraph.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flows.extract.context import text_of
from flows.extract.lexicon import SPEECH_VERBS
from flows.extract.quotes.spans import QuoteSpan

ENDS = (".", "!", "?")
MARKS = {"“", "”", '"'}


def paragraph_of(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the offsets of the line holding text[start:end] (a paragraph: news files end paragraphs with a line
    break, with or without a blank line after it)."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end == -1 else line_end


def previous_paragraph(doc: Doc, start: int) -> Span | None:
    """Return the tokens of the last non-blank line before an offset (None when there is none)."""
    text = text_of(doc)
    end = len(text[:start].rstrip())
    if end == 0:
        return None
    return doc.char_span(text.rfind("\n", 0, end) + 1, end, alignment_mode="contract")


def alone_in_paragraph(text: str, span: QuoteSpan) -> bool:
    """Return True when a quotation is its paragraph, give or take its closing punctuation."""
    lo, hi = paragraph_of(text, span.open_at, span.close_at)
    return not text[lo:span.open_at].strip() and not text[span.close_at:hi].strip(" .,”\"\t")


def opens_paragraph(text: str, span: QuoteSpan) -> bool:
    """Return True when a quotation opens its paragraph and ends a sentence inside its marks, whatever follows it
    ('“Growth will go on.” Shares rose on Monday.')."""
    lo, _ = paragraph_of(text, span.open_at, span.close_at)
    return not text[lo:span.open_at].strip() and text[span.start:span.end].rstrip()[-1:] in ENDS


def own_sentence(text: str, span: QuoteSpan) -> bool:
    """Return True when a quotation is a sentence of its own: it follows a sentence end in its paragraph and ends
    in '.', '!' or '?' ('… was untrue. “Acme owes Vell money.” Later ...')."""
    lo, _ = paragraph_of(text, span.open_at, span.close_at)
    before = text[lo:span.open_at].rstrip()
    after = text[span.close_at:span.close_at + 1]
    return before[-1:] in ENDS and bool(before) and (text[span.start:span.end].rstrip()[-1:] in ENDS or after in ENDS)


def intro_subject(before: Span) -> Token | None:
    """Return who the paragraph before a quotation names as its speaker: the subject of the reporting verb that
    ends it ('Hale said the talks had failed.'), of any verb when it ends in a colon ('Acme released the following
    statement:', 'Stated Hale:'), or the name right before the colon ('Tom Hale:')."""
    last = list(before.sents)[-1]
    colon = before.text.rstrip().endswith(":")
    verb = last.root
    if colon or verb.lemma_ in SPEECH_VERBS:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and colon and verb.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.rights if c.pos_ == "PROPN"), None)  # 'Stated Hale:'
        if subject is None and colon and verb.pos_ in ("PROPN", "NOUN"):
            subject = verb  # 'Tom Hale:'
        return subject
    return None


def introducer(doc: Doc, span: QuoteSpan) -> Token | None:
    """Return the subject that introduces a quotation with no reporting clause: the paragraph before one standing
    alone, or the sentence before one that is a sentence of its own in its paragraph."""
    if alone_in_paragraph(text_of(doc), span):
        before = previous_paragraph(doc, span.open_at)
    elif own_sentence(text_of(doc), span):
        lo, _ = paragraph_of(text_of(doc), span.open_at, span.close_at)
        before = doc.char_span(lo, len(text_of(doc)[:span.open_at].rstrip()), alignment_mode="contract")
        if before is not None and any(t.text in MARKS for t in list(before.sents)[-1]):
            return None  # the sentence before holds a quotation: this one goes on from it (rows.carry_speakers)
    else:
        return None
    return intro_subject(before) if before is not None and before.text.strip() else None
