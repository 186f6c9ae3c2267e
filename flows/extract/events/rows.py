"""Business events between named actors: every trigger of a sentence, who did it and with or to whom, one row
per actor pair."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from flows.extract.context import text_of
from flows.extract.events.confidence import confidence
from flows.extract.events.dates import event_date
from flows.extract.events.families import enabled, frame_rule, noun_rule, verb_rule
from flows.extract.events.frames import KINDS, employer_pairs, frame_pairs
from flows.extract.events.headlines import headline_events, title_line
from flows.extract.events.pairs import parties, role_of
from flows.extract.events.patterns import trigger_matches
from flows.extract.events.triggers import is_trigger, roles
from flows.extract.lexicon import TRIGGERS
from flows.records import Mention


def trigger_events(trigger: Token, family: str, args: dict[str, list[Token]], mentions: list[Mention],
                   doc: Doc) -> list[tuple[str, Mention, Mention | None, int, int, str]]:
    """Return (type, doer, other, trigger start, trigger end, rule) for one DependencyMatcher match of a trigger;
    the rule names the family that made it (families.py)."""
    if family in KINDS:
        kind, (lo, hi), rule = KINDS[family], (trigger.i, trigger.i + 1), frame_rule(family, trigger)
        pairs = frame_pairs(trigger, family, args, mentions, doc)
        if family == "collaboration" and not pairs:  # a person working with X: their title's organization does
            pairs, rule = employer_pairs(trigger, args, mentions, doc), frame_rule("collaboration-title", trigger)
    elif is_trigger(trigger):
        kind = TRIGGERS[trigger.lemma_.lower()]
        doers, others, (lo, hi) = roles(trigger, args)
        rule = noun_rule(trigger, args, others) if trigger.pos_ == "NOUN" else verb_rule(trigger)
        pairs = parties(trigger, kind, (doers, others), mentions, doc)
    else:
        return []
    return [(kind, first, second, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]), rule) for first, second in pairs]


def matched_events(doc: Doc, mentions: list[Mention]) -> list[tuple[Span, tuple]]:
    """Return (sentence, event) for every trigger the DependencyMatcher finds, in text order; a verb that gives a
    role with 'as' is read as that appointment only."""
    matches = trigger_matches(doc)
    found = []
    for (i, family), args in matches.items():
        given = next((matches[(i, f)]["role"][0] for f in ("role", "role-complement") if (i, f) in matches), None)
        if family == "verb" and given is not None and role_of(doc[i], given):
            continue
        found += [(doc[i].sent, event) for event in trigger_events(doc[i], family, args, mentions, doc)]
    return found


def extract_events(doc: Doc, mentions: list[Mention], quotes: list[dict], published: date | None = None) -> list[dict]:
    """Return one row per actor pair of every event trigger outside quotations, dated (event_dates.py); a title
    line the parse finds nothing in is read by token patterns (event_headlines.py). Families off by default
    (families.OFF_BY_DEFAULT) make no rows."""
    quoted = [(q["char_start"], q["char_end"]) for q in quotes]
    title = title_line(text_of(doc))
    found = [(sent, e) for sent, e in matched_events(doc, mentions) if enabled(e[5])]
    if title and not any(title[0] <= e[3] < title[1] for _, e in found):
        first = next(doc.sents)
        found = [(first, e) for e in headline_events(doc, mentions) if enabled(e[5])] + found
    rows, seen, per_sentence = [], set(), {}
    for sent, (kind, first, second, start, end, rule) in found:
        pair = frozenset((first.entity, second.entity if second else None))
        # 'bought a stake' is one event, though both words are triggers; an article reports a pair once
        if any(lo <= start < hi for lo, hi in quoted) or pair in seen or pair in per_sentence.get(sent.start, ()):
            continue
        seen.add(pair)
        per_sentence.setdefault(sent.start, set()).add(pair)
        day, source = event_date(sent, published)
        rows.append({"event_type": kind, "actor1": first.entity, "actor2": second.entity if second else None,
                     "event_date": day, "event_date_source": source,
                     "trigger_text": text_of(doc)[start:end], "char_start": start, "char_end": end,
                     "rule": rule, "confidence": confidence(rule)})
    return rows
