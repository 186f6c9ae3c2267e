"""Rule families: the name of the pattern family that made an event row (`fact_event.rule`).

A rule is `<family>:<word>[-<preposition>]`, so a row says which code path produced it:

- `verb:acquire`   a trigger verb ('Acme acquired Widget'); `verb:sell-to` a sale that names its buyer with
                   'to' ('sold Widget to Acme'), `verb:sell` one that does not;
- `noun:deal-with` a trigger noun and the preposition of its other party ('a deal with Widget'), its doer its own
                   (possessor, 'by') or the subject of a light verb ('Acme signed a deal with Widget');
- `noun-subject:deal-with`  the same noun whose doer is the subject of a verb that is not light ('Acme discussed
                   the deal with Widget');
- `headline:buy`   a title line the parse did not read, by the trigger word's lemma;
- `payment:pay`, `collaboration:work`, `departure:leave`, `tenure:manage`, `role:succeed`, `ruling:verdict`:
                   a verb frame (lexicon.FRAMES) or a judgment noun, by its lemma.

The lemma, not the printed word, names the family, so 'buys', 'bought' and 'buying' are one family.
"""
from __future__ import annotations

from spacy.tokens import Token

from flows.extract.events.triggers import doer_source, sale_buyers


def verb_rule(trigger: Token) -> str:
    """Return the rule of a trigger verb: 'verb:acquire'; 'verb:sell-to' when a sale names its buyer with 'to'."""
    lemma = trigger.lemma_.lower()
    return f"verb:{lemma}-to" if lemma == "sell" and sale_buyers(trigger) else f"verb:{lemma}"


def noun_rule(trigger: Token, args: dict[str, list[Token]], others: list[Token]) -> str:
    """Return the rule of a trigger noun: 'noun:<lemma>-<preposition of the other party>' ('noun:stake-in'), or
    'noun:<lemma>' when the other party is no prepositional object; 'noun-subject:' when the doer is the subject
    of a verb that is not light."""
    family = "noun-subject" if doer_source(trigger, args) == "subject" else "noun"
    prep = next((h.head.lower_ for h in others if h.dep_ == "pobj" and names_party(h)), None)
    return f"{family}:{trigger.lemma_.lower()}" + (f"-{prep}" if prep else "")


def frame_rule(family: str, trigger: Token) -> str:
    """Return the rule of a verb frame or a judgment noun: 'departure:leave', 'ruling:verdict'."""
    return f"{family}:{trigger.lemma_.lower()}"


def names_party(head: Token) -> bool:
    """Return True for an argument head that can name a party: a name, a pronoun or a noun that is not a date or an
    amount ('with Widget', 'with it', 'with the firm'; not 'in 2019', 'for $5m')."""
    return head.ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY") and head.pos_ in (
        "PROPN", "PRON", "NOUN")
