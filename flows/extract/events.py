"""Business events between named actors: a trigger word, who did it (subject) and to whom (object)."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flows.dates import find_date
from flows.extract.context import antecedent, referent_kind
from flows.extract.lexicon import MODALS, NOUN_TRIGGERS, SPECULATION, event_triggers
from flows.records import Mention

TRIGGERS = event_triggers()
ACTOR_TYPES = {"ORG", "PERSON", "GPE"}


def is_speculative(trigger: Token) -> bool:
    """Return True when the trigger is hedged: a modal on it, or it hangs under 'plan', 'consider', 'if', … ."""
    for tok in [trigger, *trigger.ancestors][:4]:
        if any(c.dep_ in ("aux", "mark") and c.lower_ in MODALS | {"if", "whether"} for c in tok.children):
            return True
        if tok is not trigger and tok.lemma_.lower() in SPECULATION:
            return True
    return trigger.lemma_.lower() in SPECULATION


def find_trigger(sent: Span) -> Token | None:
    """Return the first event trigger of a sentence that reports a fact (verbs, or nouns such as 'agreement')."""
    for tok in sent:
        kind = TRIGGERS.get(tok.lemma_.lower())
        if kind and (tok.pos_ == "VERB" or tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_TRIGGERS) \
                and not is_speculative(tok):
            if tok.pos_ == "VERB" and tok.lemma_.lower() in {"give", "name", "open", "fund"} \
                    and not any(c.dep_ in ("dobj", "prep") for c in tok.children):
                continue  # light verbs count only with an object ("took a stake", "joined Jack Ma")
            return tok
    return None


def actor_at(tok: Token, mentions: list[Mention], doc: Doc) -> Mention | None:
    """Return the actor mention a dependency head stands for: its own name, an apposition, or a pronoun's referent."""
    def covering(t: Token):
        hits = [m for m in mentions if m.start <= t.idx < m.end and m.entity_type in ACTOR_TYPES]
        return hits[0] if hits else None

    kind = referent_kind(tok)
    if kind == "PERSON" or kind == "ORG" and not any(c.dep_ == "appos" for c in tok.children):
        return antecedent(doc, mentions, tok.idx, kind)  # "the company, Alibaba," names itself: no lookup
    related = sorted((c for c in tok.children if c.dep_ in ("appos", "compound", "poss")),
                     key=lambda c: ("appos", "compound", "poss").index(c.dep_))
    for t in [tok, *related]:
        if hit := covering(t):
            return hit
    return None


def actors(trigger: Token, mentions: list[Mention], doc: Doc) -> tuple[Mention | None, Mention | None]:
    """Return (subject actor, object actor) of a trigger from the parse, falling back to the sentence's order."""
    verb = trigger if trigger.pos_ == "VERB" else next((a for a in trigger.ancestors if a.pos_ == "VERB"), trigger)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    first = actor_at(subject, mentions, doc) if subject is not None else None
    objects = [c for c in list(verb.children) + list(trigger.children) if c.dep_ in ("dobj", "attr", "dative")]
    heads = list(verb.children) + list(trigger.children) + [g for o in objects for g in o.children]
    objects += [g for p in heads if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    if subject is not None:  # "Mr. Ma and Prime Minister Trudeau agreed": the conjoined subject is the other actor
        objects = [c for c in subject.children if c.dep_ == "conj"] + objects
    second = next((a for o in objects if (a := actor_at(o, mentions, doc)) and a.entity != (first.entity if first else None)), None)
    if second is None and any(o.dep_ == "dobj" for o in objects):
        return first, None  # the parse names a non-entity object ("visited the tech titan"): no guessing
    sent, text = trigger.sent, doc.text
    lo = max(sent.start_char, text.rfind("\n", 0, trigger.idx) + 1)
    hi = min(sent.end_char, text.find("\n", trigger.idx) if "\n" in text[trigger.idx:] else len(text))
    in_sentence = [m for m in mentions if lo <= m.start < hi and m.entity_type in ACTOR_TYPES]
    if first is None:
        first = next((m for m in in_sentence if m.start < trigger.idx), None)
    if second is None:
        second = next((m for m in in_sentence if m.start > trigger.idx
                       and m.entity != (first.entity if first else None)), None)
    return first, second


def extract_events(doc: Doc, mentions: list[Mention], quotes: list[dict]) -> list[dict]:
    """Return one row per sentence that reports a business event between named actors (not inside a quotation)."""
    quoted = [(q["char_start"], q["char_end"]) for q in quotes]
    rows, seen = [], set()
    for sent in doc.sents:
        trigger = find_trigger(sent)
        if trigger is None or any(lo <= trigger.idx < hi for lo, hi in quoted):
            continue
        first, second = actors(trigger, mentions, doc)
        if first is None or second is None:
            continue
        pair = frozenset((first.entity, second.entity))
        if len(pair) < 2 or pair in seen:
            continue
        seen.add(pair)
        dates = [e for e in sent.ents if e.label_ == "DATE"]
        rows.append({"event_type": TRIGGERS[trigger.lemma_.lower()], "actor1": first.entity, "actor2": second.entity,
                     "event_date": next((d for e in dates if (d := find_date(e.text))), None),
                     "trigger_text": trigger.text, "char_start": trigger.idx, "char_end": trigger.idx + len(trigger)})
    return rows
