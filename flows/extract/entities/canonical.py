"""Canonical names: group an article's mentions so each real thing is one entity with all its surface forms."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from flows.extract.entities.gazetteer import country_code, fold, is_country
from flows.extract.entities.spans import TYPE_PRIORITY
from flows.extract.lexicon import DESIGNATOR_WORDS
from flows.records import Entity, EntityRef, Mention

PLACES = {"GPE", "LOC", "FAC"}


@lru_cache(maxsize=65536)  # org_key strips every earlier company name again for each mention
def strip_designators(name: str) -> str:
    """Return a folded organization name without trailing company designators ('alibaba group holding ltd' -> 'alibaba')."""
    words = fold(name).split()
    while len(words) > 1 and words[-1].rstrip(".") in DESIGNATOR_WORDS:
        words.pop()
    return " ".join(words)


def initials(name: str) -> str:
    """Return the capital initials of a long name ('World Trade Organization' -> 'WTO')."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w&\-]*", name) if w[0].isupper())


def person_key(m: Mention, full_names: list[Mention]) -> str:
    """Return the group of a person mention: a lone name ('Ma') joins the latest full name containing it ('Jack Ma')."""
    words = m.text.split()
    if len(words) > 1:
        return fold(m.text)
    fits = [f for f in full_names if m.text in f.text.split()]
    before = [f for f in fits if f.start < m.start]
    uses = {fold(f.text): sum(fold(g.text) == fold(f.text) for g in fits) for f in fits}
    # the full name used most ('Jane Roe' over a one-off 'Hosting Roe'), the latest one on a tie (two Finches)
    before.sort(key=lambda f: uses[fold(f.text)])
    chosen = (before or fits or [None])[-1 if before else 0]
    return fold(chosen.text) if chosen else fold(m.text)


def acronym_map(mentions: list[Mention], text: str) -> dict[str, str]:
    """Return folded acronym -> folded long form, from 'Long Form (LF)' in the text or initials of another mention."""
    found = {}
    orgs = [m for m in mentions if m.label == "ORG"]
    for m in orgs:
        after = text[m.end:m.end + 14]
        defined = re.match(r"\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)", after) or re.match(r"\s*<\s*([A-Z][A-Z0-9.]{0,9})\s*>", after)
        # or an acronym set off by commas that opens with the name's first letter: 'Banco de Varlo, BDV, said'
        defined = defined or re.match(rf"\s*,\s*({m.text[0]}[A-Z&]{{1,7}})\s*,", after)
        if defined and len(m.text.split()) > 1:
            found[fold(defined.group(1))] = fold(m.text)
    long_forms: dict[str, set[str]] = defaultdict(set)
    for m in orgs:
        if len(m.text.split()) > 2:
            for letters in initial_forms(m.text):
                long_forms[letters].add(fold(m.text))
    for m in orgs:
        letters = re.sub(r"[^A-Z]", "", m.text)
        if m.text.isupper() and len(long_forms.get(letters, ())) == 1 and fold(m.text) not in found:
            found[fold(m.text)] = next(iter(long_forms[letters]))
    return found


def initial_forms(name: str) -> set[str]:
    """Return the acronyms a long name goes by: its initials, without its legal form, and without the places it
    opens with ('Tallow Gas & Electric Co.' -> TGEC, TGE; 'Ohio Public Works Board' -> OPWB, PWB)."""
    words = name.split()
    while len(words) > 2 and words[-1].rstrip(".").lower() in DESIGNATOR_WORDS:
        words.pop()
    forms = {initials(name), initials(" ".join(words))}
    while len(words) > 3 and country_code(words[0]) is not None:
        words.pop(0)
        forms.add(initials(" ".join(words)))
    return {f for f in forms if len(f) > 1}


def org_key(m: Mention, acronyms: dict[str, str], earlier: list[Mention], others: list[Mention]) -> str:
    """Return the group of an organization mention: acronyms join their long form, designators are ignored,
    and a lone word joins an earlier longer name that ends with it ('Varlo' -> 'Societe ... Varlo')."""
    name = acronyms.get(fold(m.text), fold(m.text))
    key = strip_designators(name)
    words = key.split()
    if len(words) == 1:
        for other in earlier:
            other_key = strip_designators(other.text)
            if len(other_key.split()) > 1 and other_key.split()[-1] == key:
                return other_key
    # a short form that opens exactly one longer company name (with its legal form) used before it ('Widget Save'
    # -> 'Widget Save Discount Group Plc', 'Acme' -> 'Acme Australia Ltd'); a product line ('Varlo Roadster') or
    # a parent named first ('Varlo', then 'Varlo Cloud') stays apart, and so do two candidates
    if key != fold(name):  # a name with a legal form of its own is no short form ('Acme Group' beside 'Acme Labs')
        return key
    pool = others if m.text.isupper() else earlier  # a capitals headline comes before the names it shortens
    keys = {strip_designators(o.text) for o in pool if strip_designators(o.text) != fold(o.text)}
    longer = {k for k in keys if len(k.split()) > len(words) and k.split()[:len(words)] == words}
    if not longer:  # no legal form: a name that introduced the short form, which no mention used before it
        first = next((o for o in earlier if strip_designators(o.text).split()[:len(words)] == words), None)
        if first is not None and len(strip_designators(first.text).split()) > len(words):
            longer = {strip_designators(o.text) for o in earlier if o.start >= first.start
                      and len(strip_designators(o.text).split()) > len(words)
                      and strip_designators(o.text).split()[:len(words)] == words}
    return longer.pop() if len(longer) == 1 else key


def group_key(m: Mention, full_names: list[Mention], acronyms: dict[str, str], orgs: list[Mention],
              aliases: dict[str, tuple[str, str]]) -> str:
    """Return the within-article identity of a mention."""
    if fold(m.text) in aliases:
        return fold(aliases[fold(m.text)][0])
    if m.label == "PERSON":
        return person_key(m, full_names)
    if m.label == "ORG":
        return org_key(m, acronyms, [o for o in orgs if o.start < m.start], orgs)
    if m.label in PLACES and is_country(m.text):
        return f"country {country_code(m.text)}"  # 'Kingdom of Norway' and 'Norway' are one country
    return fold(m.text)


def canonical_name(group: list[Mention], aliases: dict[str, tuple[str, str]]) -> str:
    """Return the fullest name a group uses: the alias table's name, else the longest, mixed case before ALL CAPS."""
    for m in group:
        if fold(m.text) in aliases:
            return aliases[fold(m.text)][0]
    return fullest(m.text for m in group)


def fullest(names) -> str:
    """Return the longest of some names, mixed case before ALL CAPS (a short capitals name counts as mixed)."""
    return " ".join(max(names, key=lambda t: (not t.isupper() or len(t) <= 5, len(t))).split())


def group_type(group: list[Mention]) -> str:
    """Return the type most of a group's mentions have, a tie going by TYPE_PRIORITY."""
    counts = Counter(m.label for m in group)
    return max(counts, key=lambda t: (counts[t], -TYPE_PRIORITY.index(t) if t in TYPE_PRIORITY else -99))


def named_groups(groups: list[list[Mention]], aliases: dict[str, tuple[str, str]]) -> dict[EntityRef, tuple]:
    """Return each entity's (name, mentions), merging the groups whose names give the same identity (match key and
    type): groups found apart ('Acme' alone, and 'Acme' shortening 'Acme Holding Ltd') may still name one thing
    once designators are stripped, and an article holds one row per identity."""
    named: dict[EntityRef, tuple[str, list[Mention]]] = {}
    for group in groups:
        label, name = group_type(group), canonical_name(group, aliases)
        ref = EntityRef(strip_designators(name) if label == "ORG" else fold(name), label)
        if ref in named:
            before, members = named[ref]
            name = fullest([before, name])
            group = members + group
        named[ref] = (name, group)
    return named


def resolve(mentions: list[Mention], text: str, aliases: dict[str, tuple[str, str]]) -> tuple[list[Entity], list[Mention]]:
    """Return the article's canonical entities and its mentions in text order, each pointing at its entity."""
    full_names = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    orgs = [m for m in mentions if m.label == "ORG"]
    acronyms = acronym_map(mentions, text)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[group_key(m, full_names, acronyms, orgs, aliases)].append(m)
    entities, rows = [], []
    named_countries = frozenset(c for m in mentions if m.label in PLACES and is_country(m.text)
                                and (c := country_code(m.text)))
    for ref, (name, group) in named_groups(list(groups.values()), aliases).items():
        code = country_code(name, named_countries) if ref.entity_type in PLACES else None
        entity = Entity(ref.match_key, ref.entity_type, name, code, sorted({m.text for m in group} | {name}))
        entities.append(entity)
        for m in group:
            m.entity = entity.ref
        rows.extend(group)
    rows.sort(key=lambda m: m.start)
    return entities, rows
