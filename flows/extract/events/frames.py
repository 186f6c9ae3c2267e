"""Events of the verb frames and judgment nouns (patterns.FRAMES, RULING_NOUNS): who did what to whom, by family.

Each family reads its actors its own way: a role given ('hired Tom Hale as chief executive', 'Jane Roe was named
chief executive of Acme'), money paid for a company, working with someone, a person leaving, joining or running an
organization, an organization putting a person out, a judgment on a party.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from flows.extract.events.arguments import actor_list, object_heads, subject_heads
from flows.extract.events.pairs import departure_parties, parties, role_of, role_parties, title_organizations
from flows.extract.events.triggers import is_speculative
from flows.extract.lexicon import DEPARTURE_PARTICLES
from flows.records import Mention

Pairs = list[tuple[Mention, Mention | None]]
# frame family -> the event type its rows take
KINDS = {"role": "appointment", "role-complement": "appointment", "payment": "acquisition",
         "collaboration": "partnership", "departure": "other", "tenure": "appointment", "arrival": "appointment",
         "dismissal": "other", "ruling": "other"}


def frame_pairs(trigger: Token, family: str, args: dict[str, list[Token]], mentions: list[Mention],
                doc: Doc) -> Pairs:
    """Return the actor pairs of one frame family's match (KINDS gives their event type); none when hedged."""
    if family in ("role", "role-complement"):
        return role_parties(trigger, role_of(trigger, args["role"][0]), mentions, doc)
    if family == "ruling":
        return parties(trigger, KINDS[family], (args["doer"], args["other"]), mentions, doc)
    if is_speculative(trigger):
        return []
    if family in ("payment", "collaboration"):
        pairs = parties(trigger, KINDS[family], (subject_heads(trigger), args["other"]), mentions, doc)
        if family == "collaboration":  # organizations partner; a person working with one has a job
            pairs = [(a, b) for a, b in pairs if "PERSON" not in (a.entity_type, b and b.entity_type)]
        return pairs
    if family == "dismissal":
        return dismissal_pairs(trigger, mentions, doc)
    if family in ("departure", "tenure", "arrival"):
        if not has_needed_particle(trigger):
            return []
        pairs = departure_parties(trigger, args["other"], mentions, doc)
        # an appointment names the organization first, as the role family does
        return pairs if family == "departure" else [(org, person) for person, org in pairs]
    return []


def employer_pairs(trigger: Token, args: dict[str, list[Token]], mentions: list[Mention], doc: Doc) -> Pairs:
    """Return (organization, other organization) pairs of a person working with an organization for the
    organization of their own title: 'Tom Hale, an Acme Corp engineer working with Widget Ltd' -> (Acme Corp,
    Widget Ltd); none for a person with no organization in their title ('Tom Hale, working with Widget Ltd')."""
    if is_speculative(trigger):
        return []
    heads = subject_heads(trigger)
    if not heads or not any(m.entity_type == "PERSON" for m in actor_list(heads[0], mentions, doc)):
        return []
    orgs = title_organizations(heads[0], mentions)
    others = [m for h in args["other"] for m in actor_list(h, mentions, doc) if m.entity_type == "ORG"]
    return [(o, p) for o in orgs[:1] for p in others if o.entity != p.entity]


def has_needed_particle(verb: Token) -> bool:
    """Return True unless the verb leaves only with a particle it lacks ('stepped down as' leaves, 'stepped in as'
    does not)."""
    needed = DEPARTURE_PARTICLES.get(verb.lemma_.lower())
    return needed is None or any(c.dep_ in ("prt", "advmod") and c.lower_ in needed for c in verb.children)


def dismissal_pairs(verb: Token, mentions: list[Mention], doc: Doc) -> Pairs:
    """Return (organization, person) pairs of an organization putting people out.

    'Widget Ltd sacked its manager Tom Hale' -> (Widget Ltd, Tom Hale); 'Tom Hale was fired by Acme' -> (Acme,
    Tom Hale); not 'Acme fired missiles', nor a person firing a person.
    """
    orgs = [m for h in subject_heads(verb) for m in actor_list(h, mentions, doc) if m.entity_type == "ORG"]
    people = [m for h in object_heads(verb) for m in actor_list(h, mentions, doc) if m.entity_type == "PERSON"]
    return [(o, p) for o in orgs[:1] for p in people]
