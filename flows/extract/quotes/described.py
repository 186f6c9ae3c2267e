"""Speakers the article's entities do not hold, named by the words of the reporting clause itself.

- an office described by whom it belongs to ('Russia's foreign ministry said', 'the French foreign ministry
  said', 'the Acme Commissioner for Fair Trade said'): the description is an organization of its own, not the
  country or company it names. Without such a modifier ('the ministry said') it stands for the latest body
  named before it (speakers.resolve_subject, rule 'description');
- a name the model did not tag ('Developer Tarnwick called it “…”', 'Mr. Varga said'): a person after a title or
  honorific, or with a first name; an organization after a descriptor noun ('developer', 'airline').

Each gives a new Entity, typed and keyed like the entities found from mentions, so the same office or name in
another article is the same dim_entity row.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from flows.extract.entities.canonical import strip_designators
from flows.extract.entities.gazetteer import fold
from flows.extract.lexicon import DESCRIPTOR_NOUNS, OFFICE_NOUNS, ORG_HEAD_WORDS, TITLE_WORDS
from flows.records import Entity

OWNER_PREPS = {"for", "of"}


def names_owner(tok: Token) -> bool:
    """Return True for a modifier that says whose an office is: a possessive ('Russia's'), a capitalized adjective
    ('French', 'Federal') or name ('Acme'), or 'for'/'of' followed by a name ('for Human Rights')."""
    if tok.dep_ == "poss":
        return tok.pos_ == "PROPN" or tok.is_title
    if tok.dep_ in ("amod", "compound", "nmod"):
        return tok.is_title and tok.is_alpha and tok.lower_ != "the"
    if tok.dep_ == "prep" and tok.lower_ in OWNER_PREPS:
        return any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in tok.children)
    return False


def office_words(subj: Token) -> Span | None:
    """Return the words of an office description headed by `subj`, without a leading determiner and without an
    appositive or clause after it: 'The French foreign ministry' -> 'French foreign ministry'; None when the
    head is no office noun or nothing says whose office it is."""
    if subj.lemma_.lower() not in OFFICE_NOUNS or not any(names_owner(c) for c in subj.children):
        return None
    lefts = [c for c in subj.lefts if c.dep_ not in ("det", "punct")]
    owners = [c for c in subj.rights if c.dep_ == "prep" and c.lower_ in OWNER_PREPS]
    start = min((c.left_edge.i for c in lefts), default=subj.i)
    end = max((c.right_edge.i for c in owners), default=subj.i)
    return subj.doc[start:end + 1]


def office_entity(words: Span) -> Entity:
    """Return the organization an office description names ('Russia's foreign ministry')."""
    name = words.text
    return Entity(strip_designators(name), "ORG", name, None, [name])


def untagged_name(subj: Token) -> tuple[Span, str] | None:
    """Return the capitalized words of a name ending at `subj` that the model did not tag, and its type: PERSON
    after a title or honorific ('Mr. Varga', 'Chancellor Ilse Varga') or with a first name ('Ilse Varga'), ORG after
    a descriptor noun or ending in an organization word ('Developer Tarnwick', 'Varga Foods'); None otherwise."""
    if not subj.is_title or subj.pos_ not in ("PROPN", "NOUN", "ADV", "ADJ"):
        return None
    start = subj.i
    while start > 0 and subj.doc[start - 1].is_title and subj.doc[start - 1].head.i in (subj.i, start) \
            and subj.doc[start - 1].lower_.rstrip(".") not in TITLE_WORDS | DESCRIPTOR_NOUNS:
        start -= 1
    words = subj.doc[start:subj.i + 1]
    before = subj.doc[start - 1].lower_ if start > 0 else ""
    if before in DESCRIPTOR_NOUNS or words[-1].lower_ in ORG_HEAD_WORDS:
        return words, "ORG"
    if before.rstrip(".") in TITLE_WORDS or before in TITLE_WORDS or len(words) > 1:
        return words, "PERSON"
    return None


def name_entity(words: Span, entity_type: str) -> Entity:
    """Return the entity an untagged name stands for, keyed like one found from mentions."""
    name = words.text
    key = strip_designators(name) if entity_type == "ORG" else fold(name)
    return Entity(key, entity_type, name, None, [name])
