"""Actor pairs of one trigger: who did it with or to whom, from the heads a trigger's roles give."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from flows.extract.events.arguments import actor_list, actors_under, can_act, covering, object_heads, subject_heads
from flows.extract.events.triggers import is_speculative
from flows.extract.lexicon import ONE_ACTOR_KINDS, SOLO_KINDS, SUCCESSION_VERBS, VISITED_PLACES
from flows.records import Mention

# dependencies that stay inside a person's title: 'Acme Corp chief executive', "Acme's chairman", 'head of Acme'
TITLE_DEPS = {"compound", "appos", "poss", "prep", "pobj", "amod", "nmod"}


def parties(trigger: Token, kind: str, heads: tuple[list[Token], list[Token]], mentions: list[Mention],
            doc: Doc) -> list[tuple[Mention, Mention | None]]:
    """Return the actor pairs of one trigger: every doer with every other party (lists give one pair per name),
    joint doers with each other ('Acme and Widget will contribute'), or a lone doer where the type allows."""
    doer_heads, other_heads = heads
    if kind in ONE_ACTOR_KINDS:  # a partner launching with the doer is a party: 'launched Varlo with Widget'
        other_heads = [h for h in other_heads if h.dep_ == "pobj" and h.head.lower_ == "with"]
    if kind == "visit":
        other_heads = [owner(h, mentions, doc) for h in other_heads]
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


def owner(place: Token, mentions: list[Mention], doc: Doc) -> Token:
    """Return who a visited place stands for: its possessor or the name it is called by, when it is a place that
    belongs to someone ("visited Acme's plant" -> Acme, 'a visit to the Varlo prison' -> Varlo); else itself."""
    if place.lemma_.lower() not in VISITED_PLACES:
        return place
    parts = sorted((c for c in place.children if c.dep_ in ("poss", "compound")), key=lambda c: c.dep_ != "poss")
    return next((c for c in parts if actor_list(c, mentions, doc, 0)), place)


def role_of(verb: Token, role: Token) -> Token | None:
    """Return the role noun a verb gives with 'as' ('hired X as chief executive' -> executive), unless hedged."""
    return None if is_speculative(verb) else role


def role_parties(verb: Token, role: Token | None, mentions: list[Mention], doc: Doc) -> list[tuple[Mention, Mention | None]]:
    """Return (organization, person) pairs of a role given with 'as'.

    'Acme is adding Tom Hale as its new head of sales' -> (Acme, Tom Hale);
    'Hale will replace Pike as Riverton's manager' -> (Riverton, Pike), (Riverton, Hale).
    """
    if role is None:
        return []
    org_heads = [c for c in role.children if c.dep_ == "poss"] + [g for c in role.children if c.dep_ == "prep"
                                                                  and c.lower_ in ("of", "at") for g in c.children
                                                                  if g.dep_ == "pobj"]
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

    'Tom Finch and his son Sam Finch quit Widget's board' -> (Tom Finch, Widget),
    (Sam Finch, Widget); not a hedged one ('may leave'), nor 'left London'.
    """
    if is_speculative(verb):
        return []
    heads = subject_heads(verb)
    people = [m for h in heads for m in actor_list(h, mentions, doc) if m.entity_type == "PERSON"]
    orgs = [m for h in left for m in actors_under(h, mentions, doc) if m.entity_type == "ORG"]
    named = covering(heads[0], mentions) if heads else None
    if not left and len(people) == 1 and (named is None or named.entity_type == "PERSON"):
        orgs = title_organizations(heads[0], mentions)  # nothing named as left: the organization of the title
    return [(p, o) for o in orgs[:1] for p in people]


def title_organizations(person: Token, mentions: list[Mention]) -> list[Mention]:
    """Return the organizations a person's own title names, inside the noun phrase and outside any clause.

    'Acme Corp chief executive Tom Hale' -> [Acme Corp]; "Widget Ltd's chairman, Tom Hale" -> [Widget Ltd];
    'Tom Hale, chief executive of Acme Corp' -> [Acme Corp]; not 'Tom Hale, who advised Acme Corp'.
    """
    found, todo = [], [c for c in person.children if c.dep_ in TITLE_DEPS]
    while todo:
        tok = todo.pop(0)
        m = covering(tok, mentions)
        if m is not None and m.entity_type == "ORG" and all(m.entity != f.entity for f in found):
            found.append(m)
        todo += [c for c in tok.children if c.dep_ in TITLE_DEPS]
    return found
