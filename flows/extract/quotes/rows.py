"""Direct quotations and their speakers: quote marks found in the text, speakers from the reporting clause."""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Token

from flows.extract.context import antecedent, referent_kind
from flows.extract.lexicon import SPEECH_VERBS
from flows.extract.quotes.genders import pronoun_fits
from flows.extract.quotes.speakers import (
    SPEAKER_TYPES,
    mention_at,
    owner_of,
    paragraph_speaker,
    recent_spokesperson,
    statement_issuer,
)
from flows.records import Mention

OPEN, CLOSE = "“", "”"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n[ \t]+")


@dataclass
class QuoteSpan:
    """Where one quotation sits: the marks' offsets and the text inside them."""

    open_at: int   # offset of the opening mark
    start: int     # first character inside the marks
    end: int       # one past the last character inside
    close_at: int  # offset just past the closing mark (== end when the paragraph ended unclosed)


def _is_open(text: str, i: int) -> bool:
    """Return True when a straight double quote at i opens a quotation (space or start before, a letter after)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:,") and not after.isspace()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return every double-quoted passage; a quote whose paragraph ends unclosed continues into the next
    paragraph when that one opens with a quote mark (news style for quotes running over paragraphs)."""
    spans, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in (OPEN, '"') or (ch == '"' and not _is_open(text, i)):
            i += 1
            continue
        j, start = i + 1, i + 1
        while j < n:
            c = text[j]
            if c == CLOSE or (c == '"' and not _is_open(text, j)):
                spans.append(QuoteSpan(i, start, j, j + 1))
                break
            if c == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] in (OPEN, '"'):
                    j = k + 1  # the quotation runs on into the next paragraph
                    continue
                wrapped = j + 1 < n and not text[j + 1].isspace() and text[start:j].rstrip()[-1:] not in ".!?"
                if wrapped and j - start < 2000:
                    j += 1  # a hard-wrapped line (wire copy) inside the same paragraph
                    continue
                end = len(text[start:j].rstrip())
                spans.append(QuoteSpan(i, start, start + end, start + end))
                break
            j += 1
        else:
            spans.append(QuoteSpan(i, start, n, n))
        i = max(j, i + 1)
    return [s for s in spans if s.end > s.start]


def is_scare_quote(text: str, span: QuoteSpan) -> bool:
    """Return True for quote marks around a term or title rather than speech ('a “public service” mindset')."""
    inner = text[span.start:span.end].strip()
    words = inner.split()
    titled = all(w[:1].isupper() or not w[:1].isalpha() or w in {"of", "the", "and", "for", "in", "a", "to"} for w in words)
    if titled and len(words) <= 8 and not re.search(r"[.,!?;:]", inner):
        return True  # a title in Title Case ('played “We’re Not Gonna Take It”'), not a slogan with its punctuation
    if len(words) > 4:
        return False
    after = text[span.close_at:span.close_at + 2]
    ends_clause = bool(re.match(r"\s*[.,!?;:]|\s*$|\s*\n", after)) or inner[-1:] in ".!?,"
    return not ends_clause or titled


def subject_of(verb: Token, climb: bool = True) -> Token | None:
    """Return the grammatical subject of a reporting verb, climbing to its head for 'was quoted as saying'."""
    for tok in (verb, verb.head) if climb else (verb,):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
    return None


def cue_subject(doc: Doc, lo: int, hi: int, climb: bool = True) -> Token | None:
    """Return the speaker token of the reporting clause between two offsets ('said Mr. Ma', 'according to X');
    without climb, a participle after the quote (', saying ...') does not borrow its head's subject."""
    span = doc.char_span(lo, hi, alignment_mode="contract")
    if span is None:
        return None
    for tok in span:
        if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return doc[tok.i + 2]
        if tok.lemma_ == "quote" and (quoted := [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]):
            return quoted[0]  # "the statement quoted Chairman Lee Iacocca as saying", "Iacocca was quoted as saying"
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") and (subj := subject_of(tok, climb)) is not None:
            return subj
    return None


def speaker_for(doc: Doc, span: QuoteSpan, mentions: list[Mention]) -> tuple[Mention | None, str | None]:
    """Return (speaker mention, speaker words) of one quotation: reporting clause after it, else before it."""
    text = doc.text
    paragraph = PARAGRAPH_BREAK.search(text, span.close_at)
    stops = [p for p in (text.find(OPEN, span.close_at), text.find('"', span.close_at),
                         paragraph.start() if paragraph else -1, text.find(". ", span.close_at)) if p != -1]
    after_end = min(stops or [len(text)])
    first = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    sentence_start = first.sent.start_char if first is not None else span.open_at
    windows = ((span.close_at, min(after_end, span.close_at + 160), False), (sentence_start, span.open_at, True))
    for lo, hi, climb in windows:
        subj = cue_subject(doc, lo, hi, climb) if hi > lo else None
        if subj is None:
            continue
        words = doc[subj.left_edge.i:subj.right_edge.i + 1].text
        kind = referent_kind(subj)
        if kind and (owner := owner_of(subj, mentions) or statement_issuer(doc, subj, mentions)):
            return owner, words
        if kind == "PERSON" and (owner := recent_spokesperson(doc, subj, mentions)):
            return owner, subj.text  # 'A spokeswoman for Oxford University said ... “…,” she said.'
        if kind:  # a pronoun is stored as itself, a nominal with its modifiers ('a company spokesman')
            fits = pronoun_fits(text, mentions, subj.lower_) if kind == "PERSON" else None
            return antecedent(doc, mentions, span.open_at, kind, fits), subj.text if kind == "PERSON" else words
        found = mention_at(mentions, subj)
        return (found if found is None or found.entity_type in SPEAKER_TYPES else None), words
    return paragraph_speaker(doc, span.open_at, span.close_at, mentions), None


def same_paragraph(text: str, lo: int, hi: int) -> bool:
    """Return True when no paragraph break lies between two offsets (a single wrapped line break is allowed)."""
    gap = text[lo:hi]
    return "\n\n" not in gap and "\n " not in gap and len(gap) < 300


def carry_speakers(text: str, rows: list[dict]) -> None:
    """Give an unattributed quotation the speaker of the quotation just before it in the same paragraph:
    '“We are pleased,” Cooper said. “They start in the classroom.”' -> both Cooper."""
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
