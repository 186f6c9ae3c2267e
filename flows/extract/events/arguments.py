"""Who takes part in an event: the actor mentions a trigger's subject and objects stand for, lists expanded."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from flows.extract.context import referent_kind
from flows.extract.entities.gazetteer import is_country
from flows.extract.lexicon import (
    ACQUIRABLE,
    ARG_PREPS,
    DESCRIPTOR_NOUNS,
    MADE_GOODS,
    ORGAN_NOUNS,
    OWNERSHIP_NOUNS,
    PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS,
)
from flows.records import Mention

ACTING = {"ORG", "PERSON"}
PLACES = {"GPE", "LOC", "FAC"}
NAME_PARTS = ("appos", "compound", "poss", "nmod")


def can_act(m: Mention, kind: str, role: int) -> bool:
    """Return True when a mention may fill an actor role: organizations and people act, a country acts as its
    government ('Norway signed a treaty'); any place can be the second actor of a visit ('visited Bergen')."""
    if m.entity_type in ACTING or kind == "visit" and role == 2 and m.entity_type in PLACES:
        return True
    return m.entity_type == "GPE" and is_country(m.text)


def covering(tok: Token, mentions: list[Mention]) -> Mention | None:
    """Return the mention whose characters include the token, if any."""
    return next((m for m in mentions if m.start <= tok.idx < m.end and m.entity is not None), None)


def actors_under(tok: Token, mentions: list[Mention], doc: Doc, depth: int = 2) -> list[Mention]:
    """Return the mentions an argument head stands for, looking through name parts and prepositions.

    'Widget' -> Widget; 'toy company Varlo' -> Varlo; 'its rival, Zenith' -> Zenith; 'brands as clients
    including Zenith' -> Zenith; 'it' / 'the company' -> whom it stands for (referent); not 'Acme shareholders'.
    """
    kind = "ORG" if tok.lower_ in ("it", "its") else referent_kind(tok)
    if tok.lower_ in PLURAL_PRONOUNS:
        return []  # 'they' may be any group: no actor rather than a wrong one
    if tok.pos_ == "NOUN" and tok.dep_ == "appos" and (named := covering(tok.head, mentions)):
        return [named]  # 'Widget Ltd, a toy company working with ...': the noun describes the name it follows
    if kind and not any(c.dep_ == "appos" for c in tok.children):
        found = referent(tok, mentions, doc, kind)
        return [found] if found else []
    if hit := covering(tok, mentions):
        return [hit]
    if tok.pos_ == "PROPN" and (same := same_name(tok, mentions)):
        return [same]
    # an unrecognised proper name is an actor of its own: 'Australia's Trade Commission' is not Australia; a
    # common noun stands for its name parts only when it describes that entity ('toy company Varlo'), not when
    # it names something the entity has or does ('Acme shareholders', 'a US law', "Acme's stake")
    allowed = ("appos", "npadvmod") if tok.pos_ == "PROPN" else NAME_PARTS if describes_entity(tok) else ("appos",)
    parts = sorted((c for c in tok.children if c.dep_ in allowed), key=lambda c: allowed.index(c.dep_))
    for part in parts:
        if hit := covering(part, mentions):
            return [hit]
    if depth == 0 or tok.pos_ in ("VERB", "AUX"):
        return []
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ARG_PREPS):
        if prep.lower_ == "from" and tok.lemma_.lower() in OWNERSHIP_NOUNS:
            continue  # 'the stake from Zenith Investments' names the seller, not a party
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            if found := actor_list(pobj, mentions, doc, depth - 1):
                return found
    return []


def describes_entity(tok: Token) -> bool:
    """Return True for a common noun that says what an entity is ('company', 'brewer'), what a maker made
    ('12 Widget machines') or a body that stands for it ("Acme's board"); or a business held or a case judged
    ("a stake in Roe's portfolio", 'a ruling on the Acme case')."""
    lemma = tok.lemma_.lower()
    if lemma in DESCRIPTOR_NOUNS | MADE_GOODS | ORGAN_NOUNS or tok.lower_ in DESCRIPTOR_NOUNS:
        return True
    prep = tok.head.lower_ if tok.dep_ == "pobj" else ""
    return prep in ("in", "into") and lemma in ACQUIRABLE - OWNERSHIP_NOUNS or prep in ("on", "against")


def referent(tok: Token, mentions: list[Mention], doc: Doc, kind: str) -> Mention | None:
    """Return whom 'it', 'he' or 'the company' stands for, when that is clear; else None.

    Only a singular definite noun with nothing to say about the entity ('the firm', not 'the Spanish group',
    'a company' or 'the companies'); only a mention that heads its phrase ('the Acme administration' offers no
    Acme); the subjects before it in its own sentence, else in the nearest of the two sentences before that has
    one, and only when they are all one entity ('Acme and Widget met. It ...' names nobody).
    """
    if tok.pos_ == "NOUN" and (tok.tag_ != "NN" or any(c.dep_ in ("amod", "compound", "nmod", "nummod", "poss")
                                                         for c in tok.children)
                               or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)):
        return None
    sent, earlier = tok.sent, 0
    while sent is not None and earlier < 3:
        subjects = [m for m in mentions if sent.start_char <= m.start and m.end <= min(tok.idx, sent.end_char)
                    and m.entity_type == kind and m.entity is not None and is_subject(phrase_head(doc, m))]
        if subjects:
            return subjects[-1] if len({m.entity for m in subjects}) == 1 else None
        sent, earlier = (doc[sent.start - 1].sent if sent.start > 0 else None), earlier + 1
    return None


def phrase_head(doc: Doc, m: Mention) -> Token | None:
    """Return the syntactic head of a mention's words."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None else None


def is_subject(tok: Token | None) -> bool:
    """Return True for a subject, or the 'by' agent of a passive ('driven by Acme')."""
    if tok is not None and tok.dep_ == "conj":  # 'Acme and Widget met': both are subjects
        tok = next((t for t in tok.ancestors if t.dep_ != "conj"), None)
    return tok is not None and (tok.dep_ in ("nsubj", "nsubjpass") or tok.dep_ == "pobj" and tok.head.dep_ == "agent")


def same_name(tok: Token, mentions: list[Mention]) -> Mention | None:
    """Return an acting mention elsewhere in the article that uses this unrecognised name ('Hale' -> Tom
    Hale, when the model missed it here)."""
    return next((m for m in mentions if tok.text in m.text.split() and m.entity_type in ACTING), None)


def conjuncts(tok: Token) -> list[Token]:
    """Return a head and every head joined to it by a list ('Acme, Widget's, Zenith and Omega' -> four heads)."""
    found, todo = [], [tok]
    while todo:
        t = todo.pop(0)
        found.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON") or is_listed(c))
    return found


def is_listed(tok: Token) -> bool:
    """Return True for a name the model took for an apposition though a list goes on from it: in 'Acme, Widget
    and Zenith formed an alliance' Widget hangs off Acme as an apposition, with Zenith joined to it."""
    return tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.head.pos_ == "PROPN" and any(
        c.dep_ == "cc" for c in tok.children) and any(c.dep_ == "conj" for c in tok.children)


def actor_list(tok: Token, mentions: list[Mention], doc: Doc, depth: int = 2) -> list[Mention]:
    """Return the distinct actors of an argument and of every argument listed with it."""
    found: list[Mention] = []
    for head in conjuncts(tok):
        for m in actors_under(head, mentions, doc, depth):
            if all(m.entity != f.entity for f in found):
                found.append(m)
    return found


def agent_of(verb: Token) -> list[Token]:
    """Return the 'by' agent of a passive verb or of a nominal trigger ('acquired by X', 'the takeover of Y by X')."""
    return [g for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"
            for g in c.children if g.dep_ == "pobj"]


def subject_heads(verb: Token) -> list[Token]:
    """Return the doer of a verb, climbing out of dependent clauses.

    'Acme acquired a stake' -> Acme; 'Roe said while visiting Widget' -> Roe; 'the Foundation, which gave
    $5 million' -> Foundation; 'Varlo was acquired by Widget' -> Widget; 'a librarian working with' -> librarian.
    """
    tok = verb
    for _ in range(5):
        if agent := agent_of(tok):
            return agent
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if subjects:
            if subjects[0].lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return [tok.head]
            return subjects
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return []
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
            return [tok.head]  # 'a librarian working with X': the noun does it (a past participle has it done)
        if tok.dep_ == "relcl" and tok.head.dep_ in ("dobj", "attr"):  # 'signed a contract to replace X'
            tok = tok.head.head
            continue
        if tok.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "acl") or tok.head is tok:
            return []
        tok = tok.head if tok.dep_ != "pcomp" else tok.head.head
    return []


def object_heads(tok: Token) -> list[Token]:
    """Return the heads a trigger acts on: its direct object, a passive subject, and the objects of its
    prepositions ('signed an agreement with X', 'a stake in X', 'sold it to X')."""
    heads = [c for c in tok.children if c.dep_ in ("dobj", "dative", "nsubjpass", "oprd") and c.pos_ != "ADP"]
    for prep in (c for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in ARG_PREPS):
        heads.extend(g for g in prep.children if g.dep_ == "pobj")
    return heads
