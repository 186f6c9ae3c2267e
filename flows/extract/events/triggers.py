"""Event triggers: which words report an event as a fact, and the doer and other-party heads of each one."""
from __future__ import annotations

from spacy.tokens import Token

from flows.extract.events.arguments import object_heads, subject_heads
from flows.extract.events.factuality import fits_theme, is_undone
from flows.extract.lexicon import (
    AGAINST_NOUNS,
    LIGHT_VERBS,
    MEETING_NOUNS,
    MEETING_VERBS,
    MODALS,
    NOUN_TRIGGERS,
    OWNERSHIP_NOUNS,
    SETTING_PREPS,
    SPECULATION,
    TRIGGERS,
)


def is_speculative(trigger: Token) -> bool:
    """Return True when the trigger is hedged: a modal on it, or it hangs under 'plan', 'consider', 'if', … ; or
    the sentence does not report it as done (factuality.is_undone: negated, a purpose, ended, a prospect)."""
    if is_undone(trigger):
        return True
    for tok in [trigger, *trigger.ancestors][:4]:
        if any(c.dep_ in ("aux", "mark") and c.lower_ in MODALS | {"if", "whether"} for c in tok.children):
            return True
        if tok is not trigger and SPECULATION & {tok.lemma_.lower(), tok.lower_.removesuffix("s")}:
            return True  # the word too: the small model lemmatizes 'hopes' as 'hop'
    return trigger.lemma_.lower() in SPECULATION


def is_trigger(tok: Token) -> bool:
    """Return True for a word that reports an event as a fact.

    Verbs: 'Acme acquired a stake', 'Acme will partner with X'. Nouns: 'signed an agreement', 'X's takeover of Y'.
    Not: 'according to' (a source), 'Bright Lane partner Tom Hale' (a title), 'may acquire' (hedged),
    'gave up' without an object.
    """
    lemma = tok.lemma_.lower()
    if lemma not in TRIGGERS or is_speculative(tok):
        return False
    if tok.pos_ == "NOUN":
        return lemma in NOUN_TRIGGERS and tok.dep_ != "compound"
    if tok.pos_ != "VERB" or tok.lower_ == "according":
        return False
    if lemma in {"give", "name", "open", "fund", "sell"}:  # light senses count only with an object
        return any(c.dep_ in ("dobj", "prep", "dative") for c in tok.children) and fits_theme(tok)
    return fits_theme(tok)


def governing_verb(noun: Token) -> Token | None:
    """Return the verb a nominal trigger is the object of: 'signed an agreement', 'entered into a partnership'."""
    if noun.dep_ in ("dobj", "attr", "npadvmod") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
        return noun.head.head
    return None


def is_light(verb: Token) -> bool:
    """Return True for a verb whose object noun carries the event ('signed an agreement', 'bought a stake')."""
    return verb.lemma_.lower() in LIGHT_VERBS or verb.lemma_.lower() in TRIGGERS


def doer_source(noun: Token, args: dict[str, list[Token]]) -> str | None:
    """Return where a nominal trigger's doer comes from: 'own' (its possessor or 'by'), 'light' (the subject of a
    light or trigger verb: 'Acme signed a deal'), 'setting' (the subject of a clause said in a meeting: 'Roe said
    in a meeting with Hale'), 'subject' (the subject of any other verb governing it: 'Acme discussed the deal'),
    or None."""
    if args["doer"]:
        return "own"
    verb = governing_verb(noun)
    if verb is None:
        return None
    if is_light(verb):
        return "light"
    if is_setting(noun):
        return "setting"
    direct = noun.dep_ != "pobj" or noun.head.lower_ in ("in", "into")  # not 'resigned following the deal'
    return "subject" if direct else None


def is_setting(noun: Token) -> bool:
    """Return True for a meeting noun that the clause happens in, with a party named by 'with' ('said in a chat
    with Hale', 'spoke during a meeting with Hale'); not one the verb acts on ('discussed the meeting with Hale'),
    nor a meeting between others ('said during a meeting between Acme and Widget')."""
    return noun.lemma_.lower() in MEETING_NOUNS and noun.dep_ == "pobj" and noun.head.lower_ in SETTING_PREPS \
        and any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)


def setting_subjects(verb: Token, noun: Token) -> list[Token]:
    """Return who takes part in a meeting the clause happens in: the last subject before the meeting noun inside
    the verb's clause ('Roe said in a chat with Hale' -> Roe; 'It said Roe at a meeting with Hale stressed ...'
    -> Roe, though the parse hangs the meeting on 'said'), else the verb's subject."""
    # a name the parse took for a clause or for what was said ('said Roe at a meeting') is the subject of a clause
    misread = ("ccomp", "dobj") if verb.lemma_.lower() == "say" else ("ccomp",)
    before = [t for t in verb.subtree if t.i < noun.i and t.sent == noun.sent and (
        t.dep_ == "nsubj" or t.dep_ in misread and t.pos_ == "PROPN")]
    return before[-1:] or subject_heads(verb)


def against_heads(verb: Token, noun: Token) -> list[Token]:
    """Return whom a lawsuit noun's light verb names with 'against' ('filed a lawsuit against Widget' -> Widget)."""
    if noun.lemma_.lower() not in AGAINST_NOUNS:
        return []
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "against" for g in c.children
            if g.dep_ == "pobj"]


def sale_buyers(verb: Token) -> list[Token]:
    """Return the buyers a sale names with 'to' ('sold Widget to Acme' -> [Acme])."""
    return [g for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to" for g in c.children]


def roles(trigger: Token, args: dict[str, list[Token]]) -> tuple[list[Token], list[Token], tuple[int, int]]:
    """Return (doer heads, other-party heads, token range of the trigger phrase) of one trigger; a noun's own
    doer and other party come from its DependencyMatcher match (event_patterns.py).

    'Acme has bought a stake in Widget' -> [Acme], [stake], 'bought';
    'Acme said it would form a partnership with Widget' -> [it], [Widget], 'form a partnership';
    'X's acquisition of Y' -> [X], [Y]; 'selling Varlo to Widget' -> [Widget], [Varlo].
    """
    if trigger.pos_ == "NOUN":
        verb = governing_verb(trigger)
        light = verb is not None and is_light(verb)
        doers, source = list(args["doer"]), doer_source(trigger, args)
        if source in ("light", "subject"):
            doers = subject_heads(verb)
        elif source == "setting":
            doers = setting_subjects(verb, trigger)
        others = [h for h in args["other"] if h not in doers and not (
            h.head.lower_ == "from" and trigger.lemma_.lower() in OWNERSHIP_NOUNS)]  # 'a stake from' its seller
        if light:
            others += [h for h in object_heads(verb) + against_heads(verb, trigger)
                       if h is not trigger and h not in doers and h.i > trigger.i]
        span = (verb.i, trigger.i + 1) if light and verb.i < trigger.i else (trigger.i, trigger.i + 1)
        return doers, others, span
    doers, others = subject_heads(trigger), object_heads(trigger)
    if TRIGGERS[trigger.lemma_.lower()] in ("acquisition", "launch"):
        # 'bought the stake from Zenith' names the seller, 'introduced Roe to the audience' a venue
        others = [h for h in others if h.dep_ != "pobj" or h.head.lower_ not in ("from", "to")]
    if trigger.lemma_.lower() in MEETING_VERBS:  # 'met Hale', 'met with Hale'; not 'met opposition from Hale'
        others = [h for h in others if h.dep_ != "pobj" or h.head.lower_ == "with"]
    if trigger.lemma_.lower() == "sell":  # the buyer and what was bought are the parties; the seller leaves
        if buyers := sale_buyers(trigger):
            doers, others = buyers, [h for h in others if h not in buyers]
    end = trigger.i + 1
    for c in trigger.children:  # 'rolled out', 'teamed up', 'signed an agreement'
        if c.dep_ == "prt" or c.dep_ == "dobj" and c.lemma_.lower() in NOUN_TRIGGERS:
            end = max(end, c.i + 1)
    return doers, others, (trigger.i, end)
