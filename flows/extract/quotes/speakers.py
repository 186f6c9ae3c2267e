"""Who a reporting clause names: a mention, the owner a spokesperson or statement speaks for, the speaker of
the paragraph before a quotation standing alone.

Every speaker comes with the words that named it (their offsets in the text) and the rule that found it, one of
RULES; fact_quote stores both, so a row says where its speaker came from.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from flows.extract.context import antecedent, referent_kind
from flows.extract.lexicon import REFERRING_PRONOUNS, SPEECH_VERBS, SPOKESPEOPLE
from flows.extract.quotes.genders import pronoun_fits
from flows.extract.quotes.spans import OPEN, QuoteSpan
from flows.records import Mention

SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}  # never a place's landmark, a product or a work
ISSUE_VERBS = {"issue", "release", "publish", "put", "send"}
STATEMENT_NOUNS = {"statement", "report"}
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n[ \t]+")

# How a speaker was found (fact_quote.rule); docs/extraction.md explains each.
RULES = {
    "cue": "the subject of the reporting verb of the quotation's sentence ('Hale said', 'said Mr. Hale')",
    "pronoun": "a pronoun subject, resolved to the latest fitting person ('“…,” she said')",
    "description": "a description subject resolved to the latest company or body ('the company said')",
    "spokesperson": "a spokesperson or representative speaks for its owner ('a spokeswoman for Acme said')",
    "statement": "a statement speaks for whoever issued it ('Acme issued a statement ... the statement read')",
    "according-to": "the object of 'according to'",
    "adjacent-sentence": "the named subject of the reporting verb ending the paragraph before a quotation "
                         "standing alone",
    "continuation": "an unattributed quotation takes the speaker of the quotation just before it",
}


class Speaker(NamedTuple):
    """Who said a quotation: the entity (None when the words name no known entity), where the words that named
    the speaker sit in the text (half-open offsets) and the rule that found them (a key of RULES)."""

    mention: Mention | None
    start: int
    end: int
    rule: str


def named_by(words: Span | Token, mention: Mention | None, rule: str) -> Speaker:
    """Return the speaker `mention` named by a span or token of the text, found by `rule`."""
    start = words.idx if isinstance(words, Token) else words.start_char
    end = start + len(words.text) if isinstance(words, Token) else words.end_char
    return Speaker(mention, start, end, rule)


def mention_at(mentions: list[Mention], tok: Token) -> Mention | None:
    """Return the entity mention whose words include the speaker's head word (same name elsewhere as fallback)."""
    exact = [m for m in mentions if m.start <= tok.idx < m.end]
    if exact and exact[0].entity_type in SPEAKER_TYPES:
        return exact[0]
    if tok.text[:1].isupper():
        same = [m for m in mentions if tok.text in m.text.split() and m.entity_type in SPEAKER_TYPES]
        if same:
            return same[0]
    inside = [m for m in mentions if tok.left_edge.idx <= m.start < tok.idx
              and m.entity_type in SPEAKER_TYPES]  # a name before the head: 'Acme President Tom Hale'
    return inside[0] if inside else None


def owner_of(tok: Token, mentions: list[Mention]) -> Mention | None:
    """Return whom a nominal speaker speaks for: 'a spokeswoman for Acme University', 'Vell's rep',
    'a spokesman at the ministry' -> the named owner."""
    heads = [c for c in tok.children if c.dep_ == "poss"] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from") for g in c.children]
    for head in heads:
        if (m := mention_at(mentions, head)) is not None and m.entity_type in SPEAKER_TYPES:
            return m
    return None


def recent_spokesperson(doc: Doc, pronoun: Token, mentions: list[Mention]) -> Mention | None:
    """Return whom a pronoun speaks for when the sentence before names a spokesperson as its speaker and no
    person is named in between: 'A spokeswoman for Acme University said X. “…,” she said.' -> Acme University."""
    sent = pronoun.sent
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    if any(m.entity_type == "PERSON" and before.end_char <= m.start < pronoun.idx for m in mentions):
        return None
    for tok in before:
        if tok.lemma_.lower() in SPOKESPEOPLE and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in SPEECH_VERBS:
            return owner_of(tok, mentions)
    return None


def statement_issuer(doc: Doc, tok: Token, mentions: list[Mention]) -> Mention | None:
    """Return who issued 'the statement' that speaks: the subject of the latest '<X> issued a statement' before
    it ('Bright Lane Records issued a statement ... “…,” the statement read')."""
    if tok.lemma_.lower() != "statement":
        return None
    for verb in reversed([t for t in doc[:tok.i] if t.lemma_.lower() in ISSUE_VERBS]):
        if any(c.dep_ == "dobj" and c.lemma_.lower() == "statement" for c in verb.children):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            found = mention_at(mentions, subject) if subject is not None else None
            if found is not None and found.entity_type in ("ORG", "PERSON"):
                return found
    return None


def paragraph_speaker(doc: Doc, open_at: int, close_at: int, mentions: list[Mention]) -> Speaker | None:
    """Return the speaker of a quotation that is a paragraph of its own: the named subject of the reporting verb
    that ends the paragraph before it ('Hale said the talks had failed.' then '“We will try again ...”')."""
    text = doc.text
    start = text.rfind("\n", 0, open_at) + 1
    end = text.find("\n", close_at)
    if text[start:open_at].strip() or text[close_at:len(text) if end == -1 else end].strip(" .,”\"") \
            or start < 2 or not text[start - 2:start].strip() == "":
        return None
    before = doc.char_span(max(0, text.rfind("\n", 0, start - 2) + 1), start, alignment_mode="contract")
    sentences = list(before.sents) if before is not None else []
    last = sentences[-1] if sentences else None
    verb = last.root if last is not None else None
    if verb is None or verb.lemma_ not in SPEECH_VERBS:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    found = mention_at(mentions, subject) if subject is not None else None
    if found is None or found.entity_type != "PERSON":
        return None
    return named_by(doc[subject.left_edge.i:subject.right_edge.i + 1], found, "adjacent-sentence")


def subject_of(verb: Token, climb: bool = True) -> Token | None:
    """Return the grammatical subject of a reporting verb, climbing to its head for 'was quoted as saying'."""
    for tok in (verb, verb.head) if climb else (verb,):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
    return None


def cue_subject(doc: Doc, lo: int, hi: int, climb: bool = True) -> tuple[Token, str] | None:
    """Return the speaker token of the reporting clause between two offsets ('said Mr. Ma', 'according to X')
    and whether it came from 'according to'; without climb, a participle after the quote (', saying ...') does
    not borrow its head's subject."""
    span = doc.char_span(lo, hi, alignment_mode="contract")
    if span is None:
        return None
    for tok in span:
        if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return doc[tok.i + 2], "according-to"
        if tok.lemma_ == "quote" and (quoted := [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]):
            return quoted[0], "cue"  # "the statement quoted Chairman Tom Hale as saying", "Hale was quoted as saying"
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") and (subj := subject_of(tok, climb)) is not None:
            return subj, "cue"
    return None


def resolve_subject(doc: Doc, subj: Token, mentions: list[Mention], open_at: int, rule: str) -> Speaker:
    """Return the speaker a reporting clause's subject names: a mention, the owner a spokesperson or statement
    speaks for, or what a pronoun or description stands for."""
    words = doc[subj.left_edge.i:subj.right_edge.i + 1]
    kind = referent_kind(subj)
    if kind and (owner := owner_of(subj, mentions)):
        lemma = subj.lemma_.lower()
        return named_by(words, owner, "spokesperson" if lemma in SPOKESPEOPLE else
                        "statement" if lemma in STATEMENT_NOUNS else "description")
    if kind and (issuer := statement_issuer(doc, subj, mentions)):
        return named_by(words, issuer, "statement")
    if kind == "PERSON" and (owner := recent_spokesperson(doc, subj, mentions)):
        return named_by(subj, owner, "spokesperson")  # 'A spokeswoman for Acme University said ... “…,” she said.'
    if subj.lower_ in REFERRING_PRONOUNS:  # a pronoun is stored as itself
        fits = pronoun_fits(doc.text, mentions, subj.lower_)
        return named_by(subj, antecedent(doc, mentions, open_at, kind, fits), "pronoun")
    if kind:  # a description with its modifiers ('a company spokesman', 'the 61-year-old')
        return named_by(words, antecedent(doc, mentions, open_at, kind), "description")
    found = mention_at(mentions, subj)
    return named_by(words, found if found is None or found.entity_type in SPEAKER_TYPES else None, rule)


def speaker_for(doc: Doc, span: QuoteSpan, mentions: list[Mention]) -> Speaker | None:
    """Return the speaker of one quotation: reporting clause after it, else before it, else the paragraph before."""
    text = doc.text
    paragraph = PARAGRAPH_BREAK.search(text, span.close_at)
    stops = [p for p in (text.find(OPEN, span.close_at), text.find('"', span.close_at),
                         paragraph.start() if paragraph else -1, text.find(". ", span.close_at)) if p != -1]
    after_end = min(stops or [len(text)])
    first = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    sentence_start = first.sent.start_char if first is not None else span.open_at
    windows = ((span.close_at, min(after_end, span.close_at + 160), False), (sentence_start, span.open_at, True))
    for lo, hi, climb in windows:
        found = cue_subject(doc, lo, hi, climb) if hi > lo else None
        if found is not None:
            subj, rule = found
            return resolve_subject(doc, subj, mentions, span.open_at, rule)
    return paragraph_speaker(doc, span.open_at, span.close_at, mentions)
