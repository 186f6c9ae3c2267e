"""The reporting clause of a quotation: which verb governs the quoted words, and who its subject is.

Three readings, tried in speakers.speaker_for's order:
- after_clause (after.py): the clause right after the closing mark, read as a token pattern ('“…,” Mr. Roe said',
  '“…,” said Roe', '“…!” Roe barked', '“…,” Ann Lee, 58, told'): any verb there reports the quotation. It stops
  at the end of its own sentence (abbreviation dots are inside their tokens, so 'Mr.' or 'Gov.' never end it),
  at the next quotation and at a paragraph break; after a quotation that ends its own sentence ('“….” He warns
  that ...') only a bare reporting clause counts, never the next sentence.
- governing_subject: the verb the quoted words hang from in the parse, a reporting verb first ('Roe said the plan
  was “a disaster”'), else the nearest verb with a subject ('Roe labeled the offer “a disgrace”').
- before_subject: the reporting verb nearest before the quotation in its sentence ('Roe said: “…”').
Words inside another quotation are never read as a reporting clause.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from flows.extract.context import text_of
from flows.extract.lexicon import SPEECH_VERBS
from flows.extract.quotes.after import after_clause
from flows.extract.quotes.grammar import in_reach, inside, is_verb, object_of_according, outside_heads, quoted_words, subject_of
from flows.extract.quotes.spans import QuoteSpan


def speech_governs(doc: Doc, span: QuoteSpan) -> bool:
    """Return True when a reporting verb is a syntactic ancestor of the quoted words, so short or Title Case words
    are speech, not a term in quote marks: 'Roe said the offer was “a disgrace”', 'Roe called it “Project Big”'
    (but not 'a “customer first” mindset', 'the band played “We Will Rise Again”')."""
    words = quoted_words(doc, span)
    return words is not None and any(h.lemma_ in SPEECH_VERBS and h.pos_ in ("VERB", "AUX")
                                     for h in outside_heads(words))


def governing_subject(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the subject of the verb the quoted words hang from: the nearest reporting verb among their heads,
    else the nearest verb with a subject ('Roe labeled the offer “a disgrace”', 'Roe held a sign reading
    “Vote Acme”'); heads inside another quotation are passed over."""
    words = quoted_words(doc, span)
    if words is None:
        return None
    heads = [h for h in outside_heads(words) if is_verb(h) and not inside(h, quoted) and in_reach(doc, span, h)]
    speech = [h for h in heads if h.lemma_ in SPEECH_VERBS]
    # speech reported inside speech is the outer speaker's words: 'Roe said Acme had concluded it was “…”' -> Roe
    speech = [h for h in speech if not (h.dep_ == "ccomp" and h.head in speech)]
    for verbs in (speech, heads):
        for verb in verbs:
            if (subj := subject_of(verb, quoted)) is not None and in_reach(doc, span, subj):
                return subj, "cue"
    return None


def before_subject(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the subject of the reporting verb nearest before the quotation in its sentence ('Roe said: “…”')."""
    first = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    if first is None:
        return None
    for tok in reversed(doc[first.sent.start:first.start]):
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") and not inside(tok, quoted) \
                and in_reach(doc, span, tok) and (subj := subject_of(tok, quoted)) is not None and in_reach(doc, span, subj):
            return subj, "cue"
    return None


def according_to(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return who 'according to' in the quotation's sentence names, the nearest one after the quotation first."""
    first = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    if first is None:
        return None
    found = [t for t in first.sent if t.lower_ == "according" and not inside(t, quoted)]
    found.sort(key=lambda t: (t.idx < span.close_at, abs(t.idx - span.close_at)))
    obj = next((obj for t in found if (obj := object_of_according(t)) is not None), None)
    return (obj, "according-to") if obj is not None else None


def reporting_clause(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the speaker token of a quotation's reporting clause and its rule: the clause right after it when
    the quotation ends in punctuation ('“…,” Roe said'), the verb governing it, 'according to', the reporting verb
    before it; a quotation inside a sentence ('called it “a disgrace” on Monday') reads the governing verb first."""
    ends = text_of(doc)[span.start:span.end].rstrip()[-1:] in ".,!?—" or text_of(doc)[span.close_at:span.close_at + 1] in ",—"
    readings = (after_clause, governing_subject) if ends else (governing_subject, after_clause)
    for reading in (*readings, according_to, before_subject):
        if (found := reading(doc, span, quoted)) is not None:
            return found
    return None
