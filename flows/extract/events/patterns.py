"""DependencyMatcher pattern families for event triggers, one function per family returning patterns.

A match names the trigger token and the argument heads the parse attaches to it; event rules (events.py) turn heads
into actors. Families are shapes of the parse (a verb alone, a noun with its own arguments, a verb with one
argument); which event a verb's argument makes is a lexicon frame ('pay' + 'for' is a purchase). Fewer, wider
patterns keep the matcher cheap: its cost grows with the number of patterns, not of words in them.
"""
from __future__ import annotations

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from flows.extract.lexicon import AGAINST_NOUNS, ARG_PREPS, DEPARTURE_VERBS, FRAMES, NOUN_TRIGGERS, ROLE_VERBS, RULING_NOUNS, TRIGGERS

JUDGED = {"on", "against"}  # 'a ruling on X', 'a verdict against X'
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
    """Return the verbal family: a trigger verb alone, its arguments read from the parse (event_args.py).

    'Acme Corp acquired Widget Ltd', 'Widget Ltd was acquired by Acme Corp', 'Acme Corp teamed up with Widget Ltd'.
    """
    return {"verb": [[anchor(set(TRIGGERS), "VERB")]]}


def nominal_trigger_patterns() -> dict[str, list[list[dict]]]:
    """Return the nominal family: a trigger noun with its doer and other party as the noun's own dependents.

    "Acme Corp's acquisition of Widget Ltd" (noun-poss, noun-prep), 'the takeover of Widget Ltd by Acme Corp'
    (noun-prep: 'by' names the doer), 'a $2bn deal with Widget Ltd', 'its investment in Widget Ltd', "the High
    Court's ruling on Acme Corp"; a bare 'signed an agreement' matches the noun alone and takes its doer from the verb.
    """
    noun = anchor(NOUN_TRIGGERS | RULING_NOUNS, "NOUN")
    prep = child("trigger", "prep", {"DEP": {"IN": ["prep", "agent"]}, "LOWER": {"IN": sorted(ARG_PREPS | JUDGED | {"by"})}})
    return {
        "noun": [[noun]],
        "noun-poss": [[noun, child("trigger", "doer", {"DEP": "poss"})]],
        "noun-prep": [[noun, prep, child("prep", "arg", {"DEP": "pobj"})]],
    }


def verb_argument_patterns() -> dict[str, list[list[dict]]]:
    """Return the verb-argument family: a verb whose object or prepositional object makes the event (FRAMES).

    'Acme Corp paid $1bn for Harold Finch' (payment), 'a librarian working with Acme' (collaboration),
    "Tom Finch resigned from Widget Ltd's board", 'John Smith quit Acme Corp' (departure), 'returned to manage
    Riverton FC' (tenure), 'hired John Smith as its chief executive' (role).
    """
    verb = anchor({lemma for lemma, _ in FRAMES}, "VERB")
    preps = sorted({prep for _, prep in FRAMES if prep})
    return {
        "verb-prep": [[verb, child("trigger", "prep", {"DEP": "prep", "LOWER": {"IN": preps}}),
                       child("prep", "arg", {"DEP": "pobj"})]],
        "verb-object": [[verb, child("trigger", "arg", {"DEP": "dobj"})]],
        # a departure that names no organization left: the organization of the leaver's title counts
        # ('Acme Corp chief executive Tom Hale is stepping down', frames.title_organizations)
        "verb-leave": [[anchor(DEPARTURE_VERBS, "VERB")]],
    }


def role_complement_patterns() -> dict[str, list[list[dict]]]:
    """Return the role-complement family: a role verb whose role is its complement, not an 'as' phrase.

    'Jane Roe was named chief executive of Acme Corp', 'Widget Ltd appointed Tom Hale its chairman'.
    """
    return {"verb-role": [[anchor(ROLE_VERBS, "VERB"), child("trigger", "role", {"DEP": "oprd"})]]}


def trigger_matcher(vocab: Vocab) -> DependencyMatcher:
    """Return the DependencyMatcher of every family, built once per vocabulary."""
    if id(vocab) not in _MATCHERS:
        matcher = DependencyMatcher(vocab)
        for family in (verbal_trigger_patterns, nominal_trigger_patterns, verb_argument_patterns,
                       role_complement_patterns):
            for key, patterns in family().items():
                matcher.add(key, patterns)
        _MATCHERS[id(vocab)] = matcher
    return _MATCHERS[id(vocab)]


def event_family(key: str, trigger: Token, prep: Token | None) -> str | None:
    """Return the event family one match stands for: 'verb', 'noun', 'ruling', 'role', or a verb frame
    ('payment', 'collaboration', 'departure', 'arrival', 'dismissal', 'tenure', 'role', 'role-complement'); None
    when the verb and its preposition make no frame."""
    if key.startswith("noun"):
        return "ruling" if trigger.lemma_.lower() in RULING_NOUNS else "noun"
    if key == "verb-leave":
        return "departure"
    if key in ("verb", "verb-role"):
        return "verb" if key == "verb" else "role-complement"
    return FRAMES.get((trigger.lemma_.lower(), prep.lower_ if prep is not None else ""))


def argument_role(family: str, prep: Token | None, trigger: Token) -> str:
    """Return which list a matched argument goes to: the doer ('by X', a possessor), the role ('as chief
    executive') or the other party; 'against' names the other party of a ruling or a lawsuit only."""
    if prep is None or family.startswith("role"):
        return "role" if family.startswith("role") else "other"
    if prep.lower_ == "by":
        return "doer"
    word = prep.lower_
    if family == "ruling":
        return "other" if word in JUDGED else "skip"
    if word in JUDGED:
        return "other" if word == "against" and trigger.lemma_.lower() in AGAINST_NOUNS else "skip"
    return "other"


def trigger_matches(doc: Doc) -> dict[tuple[int, str], dict[str, list[Token]]]:
    """Return (trigger token index, family) -> {'doer': [...], 'other': [...], 'role': [...]} argument heads, in
    text order; a noun's sub-patterns add to one entry."""
    found: dict[tuple[int, str], dict[str, list[Token]]] = {}
    matcher = trigger_matcher(doc.vocab)
    for match_id, token_ids in matcher(doc):
        key = doc.vocab.strings[match_id]
        nodes = {n["RIGHT_ID"]: doc[i] for n, i in zip(matcher.get(key)[1][0], token_ids)}
        prep = nodes.get("prep")
        family = event_family(key, nodes["trigger"], prep)
        if family is None:
            continue
        args = found.setdefault((nodes["trigger"].i, family), {"doer": [], "other": [], "role": []})
        if "doer" in nodes:
            args["doer"].append(nodes["doer"])
        arg = nodes.get("arg", nodes.get("role"))
        if arg is not None and (role := argument_role(family, prep, nodes["trigger"])) != "skip":
            args[role].append(arg)
    return dict(sorted(found.items()))
