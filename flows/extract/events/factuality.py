"""Is an event reported as done, and does the trigger act on the kind of thing its event needs?

Two checks every trigger passes before it makes a row (triggers.is_trigger and the verb frames):
- factuality: not negated ('did not buy'), not a purpose ('a fresh approach to buy X'), not under a
  commitment or request ('pledged to introduce', 'tipped to buy'), not a prospect ('the possible takeover', 'any
  deal'), not ended, lost or blocked ('an end to its alliance', 'lost sponsorship deals');
- the theme, by event class: a launch launches a product, service, facility or campaign, not an investigation
  or rules; a purchase or sale is of a company, a stake or a business unit, not of goods; a donation gives money
  or an asset; a particle makes another verb ('give up', 'open up'); 'order X to' is a command.
"""
from __future__ import annotations

from spacy.tokens import Token

from flows.extract.lexicon import (
    ACQUIRABLE,
    DONATED,
    HEDGED_MODIFIERS,
    LAUNCHED,
    MADE_GOODS,
    NOT_LAUNCHED,
    NOUN_TRIGGERS,
    SAME_SENSE_PARTICLES,
    TRIGGERS,
    UNDOING_WORDS,
    UNDONE_GOVERNORS,
    WEAK_LAUNCH_VERBS,
)

CHAIN = ("xcomp", "dobj", "pobj", "prep", "acl", "attr", "oprd", "nsubjpass", "advcl", "pcomp")  # links climbed
ACQUIRING = {"buy", "purchase", "acquire", "sell"}


def governors(trigger: Token, depth: int = 4) -> list[Token]:
    """Return the words an event hangs under through objects, prepositions and infinitives ('pledged to
    introduce' -> [pledged]; 'an end to its alliance' -> [to, end]), not through relative or coordinate clauses."""
    found, tok = [], trigger
    while tok.dep_ in CHAIN and tok.head is not tok and len(found) < depth:
        tok = tok.head
        found.append(tok)
    return found


def is_undone(trigger: Token) -> bool:
    """Return True when the sentence does not report the event as done.

    'Acme did not buy Widget', 'a fresh approach to buy Widget', 'Widget, the firm tipped to buy Zenith',
    'Acme pledged to introduce the car', 'the possible takeover of Widget', 'Acme lost its deal with Widget',
    'Acme negotiated an end to its alliance with Widget'.
    """
    for tok in [trigger, *governors(trigger)]:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if tok is not trigger and tok.lemma_.lower() in UNDONE_GOVERNORS | UNDOING_WORDS:
            return True
        if tok.pos_ == "NOUN" and any(c.dep_ in ("amod", "det") and c.lower_ in HEDGED_MODIFIERS for c in tok.children):
            return True
    head = trigger.head
    # a purpose infinitive under a noun ('an approach to buy'), unless the noun is an agreement ('a deal to buy')
    return trigger.pos_ == "VERB" and trigger.dep_ in ("acl", "relcl") and head.pos_ == "NOUN" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and TRIGGERS.get(head.lemma_.lower()) != "agreement"


def theme(trigger: Token) -> Token | None:
    """Return what a trigger verb acts on: its direct object, or its subject when passive."""
    return next((c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")), None)


def names_thing(tok: Token, nouns: set[str]) -> bool:
    """Return True for a name, a pronoun, a noun of the class, or a share 'of' one ('100% of Widget')."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("ORG", "PERSON", "GPE", "MONEY", "PERCENT"):
        return True
    if tok.lemma_.lower() in nouns or tok.lower_ in nouns:
        return True
    return any(g.dep_ == "pobj" and names_thing(g, nouns) for c in tok.children if c.lower_ == "of" for g in c.children)


def fits_theme(trigger: Token) -> bool:
    """Return True when a trigger verb acts on what its event class needs (nouns and frames always do).

    Yes: 'Acme launched a car', 'Acme bought Widget', 'sold its unit', 'gave $5m to Widget', 'rolled out'.
    No: 'launched an investigation', 'bought dollars', 'gave Widget access', 'gave up', 'ordered Acme to pay',
    'the service launched in May' (a launch needs what is launched).
    """
    if trigger.pos_ != "VERB":
        return True
    lemma, kind = trigger.lemma_.lower(), TRIGGERS.get(trigger.lemma_.lower())
    particle = next((c.lower_ for c in trigger.children if c.dep_ == "prt"), None)
    if particle and (lemma, particle) not in SAME_SENSE_PARTICLES:
        return False
    what = theme(trigger)
    if kind == "launch" and lemma in WEAK_LAUNCH_VERBS:  # 'revealed the new model', not 'revealed a loss'
        return what is not None and what.ent_type_ not in ("PERSON", "GPE") and (
            what.pos_ == "PROPN" or what.ent_type_ == "PRODUCT" or what.lemma_.lower() in LAUNCHED | MADE_GOODS)
    if kind == "launch":
        return what is not None and what.lemma_.lower() not in NOT_LAUNCHED and what.lemma_.lower() not in NOUN_TRIGGERS
    if lemma == "award":  # a contract or an order awarded ('awarded Widget a contract'), not a prize or a title
        given = next((c for c in trigger.children if c.dep_ == "dobj"), None)
        return given is not None and TRIGGERS.get(given.lemma_.lower()) == "agreement"
    if lemma in ACQUIRING:
        return what is None or names_thing(what, ACQUIRABLE)
    if kind == "donation":
        return what is not None and names_thing(what, DONATED) and what.ent_type_ not in ("ORG", "PERSON", "GPE")
    if lemma == "order":
        return not any(c.dep_ in ("xcomp", "ccomp") or c.dep_ == "prep" and c.lower_ == "to" for c in trigger.children)
    return True
