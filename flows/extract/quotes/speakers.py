"""Who a reporting clause names: a mention, the owner a spokesperson or statement speaks for, the speaker of
the paragraph before a quotation standing alone.

Every speaker comes with the words that named it (their offsets in the text) and the rule that found it, one of
RULES; fact_quote stores both, so a row says where its speaker came from.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from flows.extract.context import antecedent, referent_kind, text_of
from flows.extract.lexicon import REFERRING_PRONOUNS, SPEECH_VERBS, SPOKESPEOPLE, TITLE_WORDS
from flows.extract.quotes.adjacent import introducer
from flows.extract.quotes.clauses import reporting_clause
from flows.extract.quotes.described import name_entity, office_entity, office_words, untagged_name
from flows.extract.quotes.genders import pronoun_fits
from flows.extract.quotes.grammar import nearest_subject
from flows.extract.quotes.spans import QuoteSpan
from flows.records import Entity, Mention

SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}  # never a place's landmark, a product or a work
ISSUE_VERBS = {"issue", "release", "publish", "put", "send"}
STATEMENT_NOUNS = {"statement", "report"}
ROLE_ENDINGS = ("man", "woman", "person")  # businessman, chairwoman, spokesperson

# How a speaker was found (fact_quote.rule); docs/extraction.md explains each.
RULES = {
    "cue": "the subject of the reporting verb of the quotation's sentence ('Hale said', 'said Mr. Hale')",
    "pronoun": "a pronoun subject, resolved to the latest fitting person ('“…,” she said')",
    "description": "a description subject resolved to the latest company or body ('the company said')",
    "spokesperson": "a spokesperson or representative speaks for its owner ('a spokeswoman for Acme said')",
    "statement": "a statement speaks for whoever issued it ('Acme issued a statement ... the statement read')",
    "according-to": "the object of 'according to'",
    "adjacent-sentence": "the named subject of the reporting verb of the paragraph before a quotation standing "
                         "alone, or of the sentence before one that is a sentence of its own",
    "continuation": "an unattributed quotation takes the speaker of the quotation just before it",
    "office": "an office described by whom it belongs to, an organization of its own ('Russia's foreign ministry "
              "said', 'the French foreign ministry said')",
    "name": "a name the model did not tag, typed by the title or descriptor before it ('Developer Tarnwick said')",
}


class Speaker(NamedTuple):
    """Who said a quotation: the entity (None when the words name no known entity), where the words that named
    the speaker sit in the text (half-open offsets) and the rule that found them (a key of RULES)."""

    mention: Mention | None
    start: int
    end: int
    rule: str
    entity: Entity | None = None  # a new entity the words name that no mention of the article holds (described.py)


def named_by(words: Span | Token, mention: Mention | None, rule: str) -> Speaker:
    """Return the speaker `mention` named by a span or token of the text, found by `rule`."""
    start = words.idx if isinstance(words, Token) else words.start_char
    return Speaker(mention, start, start + len(words.text.rstrip()), rule)  # a subtree can end in a line break


def names_same(tok: Token, m: Mention) -> bool:
    """Return True when a capitalized word the model left untagged is a name the article uses elsewhere: a word of
    the name, or, for a plural-looking word ('Teachers chanted' is no mention of a teachers' union), the whole name
    or a person's surname ('Tollings said', 'Marwicks said')."""
    words = m.text.split()
    if not tok.text[:1].isupper() or tok.text not in words:
        return False
    return tok.tag_ != "NNS" or tok.text == m.text or (m.entity_type == "PERSON" and tok.text == words[-1])


def mention_at(mentions: list[Mention], tok: Token) -> Mention | None:
    """Return the entity mention whose words include the speaker's head word (same name elsewhere as fallback)."""
    exact = [m for m in mentions if m.start <= tok.idx < m.end]
    if exact and exact[0].entity_type in SPEAKER_TYPES:
        return exact[0]
    same = [m for m in mentions if m.entity_type in SPEAKER_TYPES and names_same(tok, m)]
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


def previous_subject(doc: Doc, open_at: int, mentions: list[Mention], fits: Callable[[Mention], bool]) -> Mention | None:
    """Return the person a pronoun speaker continues from the sentence before the quotation, when that sentence's
    subject is a person the pronoun fits, even a name the model did not tag there: 'Early, however, is counting on
    the plant. “This is where we grow,” he says.' -> Early (a name the article gave in full before)."""
    first = doc.char_span(open_at, open_at + 1, alignment_mode="expand")
    if first is None or first.sent.start == 0:
        return None
    before = doc[first.sent.start - 1].sent
    subj = nearest_subject(before.root)
    found = mention_at(mentions, subj) if subj is not None else None
    return found if found is not None and found.entity_type == "PERSON" and fits(found) else None


def is_role(subj: Token) -> bool:
    """Return True for a definite description of a person by role: 'the judge', 'the governor', 'the
    businessman' (an office title of TITLE_WORDS, or a noun ending in -man/-woman/-person), not 'a judge'."""
    lemma = subj.lemma_.lower()
    return subj.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in subj.children) \
        and (lemma in TITLE_WORDS or lemma.endswith(ROLE_ENDINGS))


def role_holder(doc: Doc, subj: Token, mentions: list[Mention], before: int) -> Mention | None:
    """Return the person a role description stands for: the latest person named with that role next to the name
    ('Judge Ann Lee', 'Ann Lee, the judge'), else the latest person the article made a subject."""
    appositive = re.compile(rf",\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}{re.escape(subj.lower_)}\b", re.IGNORECASE)

    def titled(m: Mention) -> bool:
        return text_of(doc)[max(0, m.start - 40):m.start].lower().endswith(f"{subj.lower_} ") \
            or bool(appositive.match(text_of(doc), m.end))

    return antecedent(doc, mentions, before, "PERSON", titled) or antecedent(doc, mentions, before, "PERSON")


def resolve_subject(doc: Doc, subj: Token, mentions: list[Mention], open_at: int, rule: str) -> Speaker:
    """Return the speaker a reporting clause's subject names: a mention, the owner a spokesperson or statement
    speaks for, or what a pronoun or description stands for."""
    words = doc[subj.left_edge.i:subj.right_edge.i + 1]
    kind = referent_kind(subj)
    if not any(m.start <= subj.idx < m.end for m in mentions) and (office := office_words(subj)) is not None:
        return named_by(office, None, "office")._replace(entity=office_entity(office))
    if kind and (owner := owner_of(subj, mentions)):
        lemma = subj.lemma_.lower()
        return named_by(words, owner, "spokesperson" if lemma in SPOKESPEOPLE else
                        "statement" if lemma in STATEMENT_NOUNS else "description")
    if kind and (issuer := statement_issuer(doc, subj, mentions)):
        return named_by(words, issuer, "statement")
    if kind == "PERSON" and (owner := recent_spokesperson(doc, subj, mentions)):
        return named_by(subj, owner, "spokesperson")  # 'A spokeswoman for Acme University said ... “…,” she said.'
    if subj.lower_ in REFERRING_PRONOUNS:  # a pronoun is stored as itself
        fits = pronoun_fits(text_of(doc), mentions, subj.lower_)
        found = (fits and previous_subject(doc, open_at, mentions, fits)) or antecedent(doc, mentions, open_at, kind, fits)
        return named_by(subj, found, "pronoun")
    if kind:  # a description with its modifiers ('a company spokesman', 'the 61-year-old')
        return named_by(words, antecedent(doc, mentions, open_at, kind), "description")
    found = mention_at(mentions, subj)
    if found is None and (name := untagged_name(subj)) is not None:
        return named_by(words, None, "name")._replace(entity=name_entity(*name))
    if found is None and is_role(subj):  # 'the judge said': the person the article named with that role
        return named_by(words, role_holder(doc, subj, mentions, open_at), "description")
    return named_by(words, found if found is None or found.entity_type in SPEAKER_TYPES else None, rule)


def speaker_for(doc: Doc, span: QuoteSpan, mentions: list[Mention], quoted: list[tuple[int, int]]) -> Speaker | None:
    """Return the speaker of one quotation (`quoted`: every quotation's marks, never read as a reporting clause):
    its reporting clause, else the sentence or paragraph introducing it, when that names a person or organization
    (adjacent.py)."""
    if (found := reporting_clause(doc, span, quoted)) is not None:
        subj, rule = found
        return resolve_subject(doc, subj, mentions, span.open_at, rule)
    if (subj := introducer(doc, span)) is None:
        return None
    found = resolve_subject(doc, subj, mentions, span.open_at, "adjacent-sentence")
    return found if found.mention is not None and found.mention.entity_type in ("PERSON", "ORG") else None
