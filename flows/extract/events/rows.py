"""Business events between named actors: every trigger of a sentence, who did it and with or to whom."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from flows.extract.events.arguments import (
    actor_list,
    actors_under,
    can_act,
    object_heads,
    subject_heads,
)
from flows.extract.events.dates import event_date
from flows.extract.events.headlines import headline_events, title_line
from flows.extract.events.patterns import trigger_matches
from flows.extract.lexicon import (
    LIGHT_VERBS,
    MODALS,
    NOUN_TRIGGERS,
    OWNERSHIP_NOUNS,
    SOLO_KINDS,
    SPECULATION,
    SUCCESSION_VERBS,
    TRIGGERS,
)
from flows.records import Mention


def is_speculative(trigger: Token) -> bool:
    """Return True when the trigger is hedged: a modal on it, or it hangs under 'plan', 'consider', 'if', … ."""
    for tok in [trigger, *trigger.ancestors][:4]:
        if any(c.dep_ in ("aux", "mark") and c.lower_ in MODALS | {"if", "whether"} for c in tok.children):
            return True
        if tok is not trigger and tok.lemma_.lower() in SPECULATION:
            return True
    return trigger.lemma_.lower() in SPECULATION


def is_trigger(tok: Token) -> bool:
    """Return True for a word that reports an event as a fact.

    Verbs: 'Coty acquired a stake', 'Google will partner with X'. Nouns: 'signed an agreement', 'X's takeover of Y'.
    Not: 'according to' (a source), 'Big Machine partner Scott Borchetta' (a title), 'may acquire' (hedged),
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
        return any(c.dep_ in ("dobj", "prep", "dative") for c in tok.children)
    return True


def governing_verb(noun: Token) -> Token | None:
    """Return the verb a nominal trigger is the object of: 'signed an agreement', 'entered into a partnership'."""
    if noun.dep_ in ("dobj", "attr", "npadvmod") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
        return noun.head.head
    return None


def roles(trigger: Token, args: dict[str, list[Token]]) -> tuple[list[Token], list[Token], tuple[int, int]]:
    """Return (doer heads, other-party heads, token range of the trigger phrase) of one trigger; a noun's own
    doer and other party come from its DependencyMatcher match (event_patterns.py).

    'Fosters has bought a stake in Southcorp' -> [Fosters], [stake], 'bought';
    'Union Pacific said it will enter a partnership with PDVSA' -> [it], [PDVSA], 'enter a partnership';
    'X's acquisition of Y' -> [X], [Y]; 'selling Hipcricket to Augme' -> [Augme], [Hipcricket].
    """
    if trigger.pos_ == "NOUN":
        verb = governing_verb(trigger)
        light = verb is not None and (verb.lemma_.lower() in LIGHT_VERBS or verb.lemma_.lower() in TRIGGERS)
        doers = list(args["doer"])
        direct = trigger.dep_ != "pobj" or trigger.head.lower_ in ("in", "into")  # not 'resigned following the deal'
        if not doers and verb is not None and (light or direct):
            doers = subject_heads(verb)
        others = [h for h in args["other"] if h not in doers and not (
            h.head.lower_ == "from" and trigger.lemma_.lower() in OWNERSHIP_NOUNS)]  # 'a stake from' its seller
        if light:
            others += [h for h in object_heads(verb) if h is not trigger and h not in doers and h.i > trigger.i]
        span = (verb.i, trigger.i + 1) if light and verb.i < trigger.i else (trigger.i, trigger.i + 1)
        return doers, others, span
    doers, others = subject_heads(trigger), object_heads(trigger)
    if TRIGGERS[trigger.lemma_.lower()] in ("acquisition", "launch"):
        # 'bought the stake from Reline' names the seller, 'introduced Cook to the audience' a venue
        others = [h for h in others if h.dep_ != "pobj" or h.head.lower_ not in ("from", "to")]
    if trigger.lemma_.lower() == "sell":  # the buyer and what was bought are the parties; the seller leaves
        buyers = [g for c in trigger.children if c.dep_ in ("prep", "dative") and c.lower_ == "to" for g in c.children]
        if buyers:
            doers, others = buyers, [h for h in others if h not in buyers]
    end = trigger.i + 1
    for c in trigger.children:  # 'rolled out', 'teamed up', 'signed an agreement'
        if c.dep_ == "prt" or c.dep_ == "dobj" and c.lemma_.lower() in NOUN_TRIGGERS:
            end = max(end, c.i + 1)
    return doers, others, (trigger.i, end)


def parties(trigger: Token, kind: str, heads: tuple[list[Token], list[Token]], mentions: list[Mention],
            doc: Doc) -> list[tuple[Mention, Mention | None]]:
    """Return the actor pairs of one trigger: every doer with every other party (lists give one pair per name),
    joint doers with each other ('PDVSA and Union Pacific will contribute'), or a lone doer where the type allows."""
    doer_heads, other_heads = heads
    doers = [m for h in doer_heads for m in actor_list(h, mentions, doc) if can_act(m, kind, 1)]
    others = [m for h in other_heads for m in actor_list(h, mentions, doc)
              if can_act(m, kind, 2) and all(m.entity != d.entity for d in doers)]
    if kind == "appointment":  # someone is appointed: a pair without a person is another sense ('promote trade')
        others = [o for o in others if o.entity_type == "PERSON" or doers and doers[0].entity_type == "PERSON"]
    if doers and others:
        return [(d, o) for d in doers[:1] for o in others]
    if len(doers) > 1:
        return [(doers[0], d) for d in doers[1:]]
    if doers and kind in SOLO_KINDS and trigger.pos_ == "VERB" and doers[0].entity_type == "ORG":
        return [(doers[0], None)]
    return []


def role_of(verb: Token, role: Token) -> Token | None:
    """Return the role noun a verb gives with 'as' ('hired X as chief executive' -> executive), unless hedged."""
    return None if is_speculative(verb) else role


def role_parties(verb: Token, role: Token | None, mentions: list[Mention], doc: Doc) -> list[tuple[Mention, Mention | None]]:
    """Return (organization, person) pairs of a role given with 'as'.

    'my6sense is adding Ivan Braiker as the company's first chief strategy officer' -> (my6sense, Ivan Braiker);
    'Mourinho agreed a deal to replace Pochettino as Tottenham's manager' -> (Tottenham, Pochettino),
    (Tottenham, Mourinho).
    """
    if role is None:
        return []
    org_heads = [c for c in role.children if c.dep_ == "poss"] + [
        g for c in role.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    orgs = [m for h in org_heads for m in actors_under(h, mentions, doc)]
    subjects = [m for h in subject_heads(verb) for m in actor_list(h, mentions, doc)]
    if not orgs:
        orgs = [m for m in subjects if m.entity_type == "ORG"]
    people = [m for h in object_heads(verb) for m in actor_list(h, mentions, doc) if m.entity_type == "PERSON"]
    if verb.lemma_.lower() in SUCCESSION_VERBS:
        people += [m for m in subjects if m.entity_type == "PERSON"]
    return [(o, p) for o in orgs[:1] for p in people if o.entity != p.entity]


def departure_parties(verb: Token, left: list[Token], mentions: list[Mention], doc: Doc) -> list[tuple[Mention, Mention]]:
    """Return (person, organization) pairs of a departure or a post: every person of the subject with the
    organization left or run.

    'Robert Oatley and his son Sandy Oatley resigned from Southcorp's board' -> (Robert Oatley, Southcorp),
    (Sandy Oatley, Southcorp); not a hedged one ('may leave'), nor 'left London'.
    """
    if is_speculative(verb):
        return []
    people = [m for h in subject_heads(verb) for m in actor_list(h, mentions, doc) if m.entity_type == "PERSON"]
    orgs = [m for h in left for m in actors_under(h, mentions, doc) if m.entity_type == "ORG"]
    return [(p, o) for o in orgs[:1] for p in people]


def trigger_events(trigger: Token, family: str, args: dict[str, list[Token]], mentions: list[Mention],
                   doc: Doc) -> list[tuple[str, Mention, Mention | None, int, int]]:
    """Return (type, doer, other, trigger start, trigger end) for one DependencyMatcher match of a trigger."""
    if family == "role":
        pairs = role_parties(trigger, role_of(trigger, args["role"][0]), mentions, doc)
        kind, (lo, hi) = "appointment", (trigger.i, trigger.i + 1)
    elif family in ("payment", "collaboration"):
        if is_speculative(trigger):
            return []
        kind, (lo, hi) = "acquisition" if family == "payment" else "partnership", (trigger.i, trigger.i + 1)
        pairs = parties(trigger, kind, (subject_heads(trigger), args["other"]), mentions, doc)
    elif family in ("departure", "tenure"):
        kind, (lo, hi) = "other" if family == "departure" else "appointment", (trigger.i, trigger.i + 1)
        pairs = departure_parties(trigger, args["other"], mentions, doc)
        if family == "tenure":  # an appointment names the organization first, as the role family does
            pairs = [(org, person) for person, org in pairs]
    elif family == "ruling":
        kind, (lo, hi) = "other", (trigger.i, trigger.i + 1)
        pairs = parties(trigger, kind, (args["doer"], args["other"]), mentions, doc)
    elif is_trigger(trigger):
        kind = TRIGGERS[trigger.lemma_.lower()]
        doers, others, (lo, hi) = roles(trigger, args)
        pairs = parties(trigger, kind, (doers, others), mentions, doc)
    else:
        return []
    return [(kind, first, second, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])) for first, second in pairs]


def matched_events(doc: Doc, mentions: list[Mention]) -> list[tuple[Span, tuple]]:
    """Return (sentence, event) for every trigger the DependencyMatcher finds, in text order; a verb that gives a
    role with 'as' is read as that appointment only."""
    matches = trigger_matches(doc)
    found = []
    for (i, family), args in matches.items():
        if family == "verb" and (i, "role") in matches and role_of(doc[i], matches[(i, "role")]["role"][0]):
            continue
        found += [(doc[i].sent, event) for event in trigger_events(doc[i], family, args, mentions, doc)]
    return found


def extract_events(doc: Doc, mentions: list[Mention], quotes: list[dict], published: date | None = None) -> list[dict]:
    """Return one row per actor pair of every event trigger outside quotations, dated (event_dates.py); a title
    line the parse finds nothing in is read by token patterns (event_headlines.py)."""
    quoted = [(q["char_start"], q["char_end"]) for q in quotes]
    title = title_line(doc.text)
    found = matched_events(doc, mentions)
    if title and not any(title[0] <= e[3] < title[1] for _, e in found):
        first = next(doc.sents)
        found = [(first, e) for e in headline_events(doc, mentions)] + found
    rows, seen, per_sentence = [], set(), {}
    for sent, (kind, first, second, start, end) in found:
        pair = frozenset((first.entity, second.entity if second else None))
        # 'bought a stake' is one event, though both words are triggers; an article reports a pair once
        if any(lo <= start < hi for lo, hi in quoted) or pair in seen or pair in per_sentence.get(sent.start, ()):
            continue
        seen.add(pair)
        per_sentence.setdefault(sent.start, set()).add(pair)
        day, source = event_date(sent, published)
        rows.append({"event_type": kind, "actor1": first.entity, "actor2": second.entity if second else None,
                     "event_date": day, "event_date_source": source,
                     "trigger_text": doc.text[start:end], "char_start": start, "char_end": end})
    return rows
