"""Who takes part in an event: the actor mentions a trigger's subject and objects stand for, lists expanded."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from flows.extract.context import antecedent, referent_kind
from flows.extract.entities.gazetteer import is_country
from flows.extract.lexicon import ARG_PREPS, OWNERSHIP_NOUNS, RELATIVE_PRONOUNS
from flows.records import Mention

ACTING = {"ORG", "PERSON"}
NAME_PARTS = ("appos", "compound", "poss", "nmod")


def can_act(m: Mention, kind: str, role: int) -> bool:
    """Return True when a mention may fill an actor role: organizations and people act, a country acts as its
    government ('Norway signed a treaty'); any place can be the second actor of a visit ('visited Bergen')."""
    if m.entity_type in ACTING:
        return True
    return m.entity_type == "GPE" and is_country(m.text)


def covering(tok: Token, mentions: list[Mention]) -> Mention | None:
    """Return the mention whose characters include the token, if any."""
    return next((m for m in mentions if m.start <= tok.idx < m.end and m.entity is not None), None)


def actors_under(tok: Token, mentions: list[Mention], doc: Doc, depth: int = 2) -> list[Mention]:
    """Return the mentions an argument head stands for, looking through name parts and prepositions.

    'Widget' -> Widget; 'Acme's Widgetcon conference' -> Acme; 'a 51% position in Roe's
    portfolio' -> Roe; 'brands as clients including Zenith' -> Zenith; 'it' / 'the company' -> its antecedent.
    """
    kind = "ORG" if tok.lower_ in ("it", "its") else referent_kind(tok)
    if kind and not any(c.dep_ == "appos" for c in tok.children):
        found = antecedent(doc, mentions, tok.idx, kind)
        return [found] if found else []
    if hit := covering(tok, mentions):
        return [hit]
    if tok.pos_ == "PROPN" and (same := same_name(tok, mentions)):
        return [same]
    # an unrecognised proper name is an actor of its own: 'Australia's Trade Commission' is not Australia
    allowed = ("appos", "npadvmod") if tok.pos_ == "PROPN" else NAME_PARTS
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
