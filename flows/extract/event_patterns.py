"""DependencyMatcher pattern families for event triggers, one function per family returning patterns.

A match names the trigger token and, for the nominal and payment families, the argument heads the parse attaches
to it; event rules (events.py) turn heads into actors. The words come from lexicon.py.
"""
from __future__ import annotations

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from flows.extract.lexicon import (
    ARG_PREPS,
    COLLABORATION_VERBS,
    DEPARTURE_VERBS,
    NOUN_TRIGGERS,
    PAYMENT_VERBS,
    ROLE_VERBS,
    RULING_NOUNS,
    TENURE_VERBS,
    event_triggers,
)

TRIGGERS = event_triggers()
_MATCHERS: dict[int, DependencyMatcher] = {}


def spellings(words: set[str] | list[str]) -> list[str]:
    """Return each lemma as the model may print it in any case: lower, Title and UPPER ('buy', 'Buy', 'BUY')."""
    return sorted({f(w) for w in words for f in (str.lower, str.title, str.upper)})


def anchor(lemmas: set[str] | list[str], pos: str) -> dict:
    """Return the anchor node of a family: a token of one part of speech whose lemma is in the list."""
    return {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"LEMMA": {"IN": spellings(lemmas)}, "POS": pos}}


def child(parent: str, name: str, attrs: dict) -> dict:
    """Return a pattern node for a direct dependent of an earlier node."""
    return {"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": name, "RIGHT_ATTRS": attrs}


def verbal_trigger_patterns() -> dict[str, list[list[dict]]]:
    """Return the verbal family: a trigger verb, its arguments read from the parse (event_args.py).

    'Acme Corp acquired Widget Ltd', 'Widget Ltd was acquired by Acme Corp', 'Acme Corp teamed up with Widget Ltd'.
    """
    return {"verb": [[anchor(set(TRIGGERS), "VERB")]]}


def nominal_trigger_patterns() -> dict[str, list[list[dict]]]:
    """Return the nominal family: a trigger noun with its doer and other party as the noun's own dependents.

    'Acme Corp's acquisition of Widget Ltd' (noun-poss, noun-prep), 'the takeover of Widget Ltd by Acme Corp'
    (noun-by, noun-prep), 'a $2bn deal with Widget Ltd', 'its investment in Widget Ltd' (noun-prep); a bare
    'signed an agreement' matches the noun alone (noun) and takes its doer from the verb.
    """
    noun = anchor(NOUN_TRIGGERS, "NOUN")
    prep = child("trigger", "prep", {"DEP": "prep", "LOWER": {"IN": sorted(ARG_PREPS)}})
    return {
        "noun": [[noun]],
        "noun-poss": [[noun, child("trigger", "doer", {"DEP": "poss"})]],
        "noun-by": [[noun, child("trigger", "by", {"DEP": {"IN": ["prep", "agent"]}, "LOWER": "by"}),
                     child("by", "doer", {"DEP": "pobj"})]],
        "noun-prep": [[noun, prep, child("prep", "other", {"DEP": "pobj"})]],
    }


def payment_patterns() -> dict[str, list[list[dict]]]:
    """Return the payment family: money paid for a company is its purchase.

    'Constellation paid $1bn for Robert Mondavi', 'it has spent $300m for Widget Ltd' -> the payer and what was
    paid for.
    """
    verb = anchor(PAYMENT_VERBS, "VERB")
    return {"payment": [[verb, child("trigger", "for", {"DEP": "prep", "LOWER": "for"}),
                         child("for", "other", {"DEP": "pobj"})]]}


def collaboration_patterns() -> dict[str, list[list[dict]]]:
    """Return the collaboration family: working with someone is a partnership ('with' only: 'worked for' is a job).

    'Acme Corp is working with Widget Ltd on the engine', 'a University of Michigan librarian working with Google'.
    """
    verb = anchor(COLLABORATION_VERBS, "VERB")
    return {"collaboration": [[verb, child("trigger", "with", {"DEP": "prep", "LOWER": "with"}),
                               child("with", "other", {"DEP": "pobj"})]]}


def departure_patterns() -> dict[str, list[list[dict]]]:
    """Return the departure family: a person leaves an organization, named as the object or after 'from'.

    'Robert Oatley and Sandy Oatley resigned from Southcorp's board' (departure-from), 'John Smith quit Acme Corp
    last year' (departure).
    """
    verb = anchor(DEPARTURE_VERBS, "VERB")
    return {"departure": [[verb, child("trigger", "other", {"DEP": "dobj"})]],
            "departure-from": [[verb, child("trigger", "from", {"DEP": "prep", "LOWER": "from"}),
                                child("from", "other", {"DEP": "pobj"})]]}


def tenure_patterns() -> dict[str, list[list[dict]]]:
    """Return the tenure family: a person put in charge of an organization named as the object.

    'Mourinho returned to England to manage Manchester United in 2016', 'John Smith headed Acme Corp for years'.
    """
    return {"tenure": [[anchor(TENURE_VERBS, "VERB"), child("trigger", "other", {"DEP": "dobj"})]]}


def ruling_patterns() -> dict[str, list[list[dict]]]:
    """Return the ruling family: a judgment its possessor gives on a party.

    "the Supreme Court's ruling on the Essar Steel resolution", "the regulator's decision against Acme Corp".
    """
    noun = anchor(RULING_NOUNS, "NOUN")
    return {"ruling": [[noun, child("trigger", "doer", {"DEP": "poss"}),
                        child("trigger", "on", {"DEP": "prep", "LOWER": {"IN": ["on", "against"]}}),
                        child("on", "other", {"DEP": "pobj"})]]}


def role_patterns() -> dict[str, list[list[dict]]]:
    """Return the role family: a verb that gives someone a role named with 'as'.

    'Acme Corp hired John Smith as its chief executive', 'Mary Jones will replace John Smith as Acme's manager'.
    """
    verb = anchor(ROLE_VERBS, "VERB")
    return {"role": [[verb, child("trigger", "as", {"DEP": "prep", "LOWER": "as"}),
                      child("as", "role", {"DEP": "pobj"})]]}


def trigger_matcher(vocab: Vocab) -> DependencyMatcher:
    """Return the DependencyMatcher of every family, built once per vocabulary."""
    if id(vocab) not in _MATCHERS:
        matcher = DependencyMatcher(vocab)
        for family in (verbal_trigger_patterns, nominal_trigger_patterns, payment_patterns, collaboration_patterns,
                       departure_patterns, tenure_patterns, ruling_patterns, role_patterns):
            for key, patterns in family().items():
                matcher.add(key, patterns)
        _MATCHERS[id(vocab)] = matcher
    return _MATCHERS[id(vocab)]


def trigger_matches(doc: Doc) -> dict[tuple[int, str], dict[str, list[Token]]]:
    """Return (trigger token index, family) -> {'doer': [...], 'other': [...]} argument heads, in text order.

    Family is 'verb', 'noun', 'payment', 'collaboration', 'departure', 'tenure', 'ruling' or 'role';
    sub-patterns ('noun-poss', 'departure-from') add to their family's 'doer' and 'other' lists.
    """
    found: dict[tuple[int, str], dict[str, list[Token]]] = {}
    for match_id, token_ids in trigger_matcher(doc.vocab)(doc):
        key = doc.vocab.strings[match_id]
        family = key.split("-")[0]
        nodes = dict(zip((n["RIGHT_ID"] for n in _pattern_nodes(doc.vocab, key)), token_ids))
        args = found.setdefault((nodes["trigger"], family), {"doer": [], "other": []})
        for role in ("doer", "other", "role"):
            if role in nodes and doc[nodes[role]] not in args.setdefault(role, []):
                args[role].append(doc[nodes[role]])
    return dict(sorted(found.items()))


def _pattern_nodes(vocab: Vocab, key: str) -> list[dict]:
    """Return the nodes of the (single) pattern added under a key, in the order match token ids are given."""
    return trigger_matcher(vocab).get(key)[1][0]
