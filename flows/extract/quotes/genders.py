"""Which people a gendered pronoun can stand for: 'she said' after 'Sarah Lee ... John Park ...' is Lee.

A person's gender is guessed from an honorific before a mention ('Ms. Lee', 'Mr Park') or from the first name of
the fullest mention of the entity ('Sarah Lee' -> F, carried to a later 'Lee'), using the first-name data of the
nomquamgender package (MIT; 700,000 names with the share of bearers gendered female, collected from 36 public
sources). A name counts as gendered only when at least 90% of its bearers are gendered one way, over at least
MIN_COUNTS observations: many names (Xi, Wei, Alex, Jordan) are not, and then the pronoun may stand for anyone.
Gender is a hint that removes candidates; it never picks a person the text does not support.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib.resources import files

from flows.extract import lookup
from flows.extract.lexicon import PRONOUN_GENDER
from flows.records import EntityRef, Mention

HONORIFIC_GENDER = {"mr": "M", "mister": "M", "sir": "M", "lord": "M", "ms": "F", "mrs": "F", "miss": "F",
                    "madam": "F", "madame": "F", "dame": "F", "lady": "F"}
MIN_COUNTS = 10
MAX_UNCERTAINTY = 0.1  # nomquamgender's own default: p(female) <= 0.1 or >= 0.9


REFERENCE = lookup.Reference("first_name", ("name text", "gender text"), ("name",), ("nomquamgender",), __name__)


def rows() -> Iterator[tuple[str, str]]:
    """Yield (lower-case first name, 'F' or 'M') for every clearly gendered name of nomquamgender's data."""
    data = json.loads((files("nomquamgender") / "name_data.json").read_text(encoding="utf-8"))
    for name, info in data.items():
        counts, female = info[1], info[2]
        if name.isalpha() and counts >= MIN_COUNTS and min(female, 1 - female) <= MAX_UNCERTAINTY:
            yield name, "F" if female >= 0.5 else "M"


@lru_cache(maxsize=1)
def names() -> sqlite3.Connection:
    """Return a read-only connection to table first_name(name, gender), built on first use (about 3 s and
    500 MB in a child process, once per machine, while the package's 22 MB of JSON is read; see lookup.py)."""
    return lookup.connect(REFERENCE)


@lru_cache(maxsize=65536)
def gender_of_first_name(name: str) -> str | None:
    """Return 'F' or 'M' for a clearly gendered first name ('Sarah' -> F, 'John' -> M), else None ('Wei')."""
    found = names().execute("select gender from first_name where name = ?", [name.lower()]).fetchone()
    return found[0] if found else None


def honorific_before(text: str, start: int) -> str | None:
    """Return the gender an honorific right before an offset gives ('Ms. Lee', 'Mr Park'), else None."""
    words = text[max(0, start - 12):start].replace(".", " ").split()
    return HONORIFIC_GENDER.get(words[-1].lower()) if words else None


def person_genders(text: str, mentions: list[Mention]) -> dict[EntityRef, str]:
    """Return the gender of each person entity whose mentions show one: an honorific before any mention, else the
    first name of its longest mention of two words or more; an entity with conflicting hints is left out."""
    hints: dict[EntityRef, set[str]] = {}
    longest: dict[EntityRef, str] = {}
    for m in mentions:
        if m.entity is None or m.entity_type != "PERSON":
            continue
        if honorific := honorific_before(text, m.start):
            hints.setdefault(m.entity, set()).add(honorific)
        if len(m.text.split()) > 1 and len(m.text) > len(longest.get(m.entity, "")):
            longest[m.entity] = m.text
    for entity, name in longest.items():
        if entity not in hints and (gender := gender_of_first_name(name.split()[0])):
            hints[entity] = {gender}
    return {entity: found.pop() for entity, found in hints.items() if len(found) == 1}


def pronoun_fits(text: str, mentions: list[Mention], pronoun: str) -> Callable[[Mention], bool] | None:
    """Return a test of which person mentions a gendered pronoun can stand for ('she' passes over the people the
    article shows to be men), None for a pronoun without gender ('they')."""
    gender = PRONOUN_GENDER.get(pronoun)
    if gender is None:
        return None
    known = person_genders(text, mentions)
    return lambda m: known.get(m.entity, gender) == gender
