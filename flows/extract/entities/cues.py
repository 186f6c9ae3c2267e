"""The rules of the words around one name, which the first typing step applies (typing.py), and what every
typing rule and step reads: the Article. Each rule returns the type one mention should have, or None."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from flows.extract.context import text_of
from flows.extract.entities.companies import after_company_noun, company_appositive, described_as_company
from flows.extract.entities.gazetteer import country_code, fold, is_country, is_region
from flows.extract.lexicon import (
    COUNTRY_PARTICLES,
    LOCATIVE_WORDS,
    ORG_HEAD_WORDS,
    OWNERSHIP_NOUNS,
    VENUE_NOUNS,
    WORLD_REGIONS,
)
from flows.records import Mention


@dataclass
class Article:
    """What the steps read: the parsed article, its mentions (typed in place) and the alias table."""

    doc: Doc
    mentions: list[Mention]
    aliases: dict[str, tuple[str, str]]
    full_name_words: frozenset[str] = frozenset()  # as note_full_names found them, for the steps after it
    place_names: frozenset[str] = frozenset()  # folded names places_by_evidence found to be places
    people: frozenset[str] = frozenset()  # folded names people_by_evidence found to be people
    company_names: frozenset[str] = frozenset()  # folded names companies_by_description found to be companies


Rule = Callable[[Article, Mention], str | None]  # the type one mention should have, or None to leave it


def first_type(article: Article, rules: tuple[Rule, ...]) -> None:
    """Give each mention the type of the first rule that has one for it (the later rules do not look at it)."""
    for m in article.mentions:
        m.label = next((label for rule in rules if (label := rule(article, m))), m.label)


# Rules of the words around one name.

def company_by_description(a: Article, m: Mention) -> str | None:
    """A product, work or person the text calls a company is one ('toy company Varlo', 'Lena Park, a toy maker
    bringing ...'), and so is any name right after a company noun with a modifier ('wine maker Harold Finch')."""
    span = a.doc.char_span(m.start, m.end, alignment_mode="expand")
    if m.label in ("PRODUCT", "WORK_OF_ART") and described_as_company(a.doc, m) or m.label != "ORG" and span \
            and (after_company_noun(a.doc, span.start) or m.label == "PERSON" and company_appositive(a.doc, m)):
        return "ORG"
    return None


def capitals_dateline(a: Article, m: Mention) -> str | None:
    """A known place in capitals that opens a line before ', ' or ':' is a dateline place: 'PARIS, March 9 -'."""
    text = text_of(a.doc)
    if m.label != "GPE" and m.text.isupper() and text[m.end:m.end + 2] in (", ", ":") \
            and not text[text.rfind("\n", 0, m.start) + 1:m.start].strip() and country_code(m.text):
        return "GPE"
    return None


def region_typed_as_person(a: Article, m: Mention) -> str | None:
    """A one-word 'person' that is a country or a state is a place: 'Ohio' (surnames are typed by later steps)."""
    return "GPE" if m.label == "PERSON" and " " not in m.text and is_region(m.text) else None


def place_in_context(a: Article, m: Mention) -> str | None:
    """An 'organization' that is a known place is one when it is a country, follows 'in' or 'from', or comes
    before '-based': 'from Tirana', 'a Tirana-based agent' (but 'a stake in Tirana Farm' names a company)."""
    if m.label != "ORG" or country_code(m.text) is None:
        return None
    text = text_of(a.doc)
    before = [w.lower() for w in text[max(0, m.start - 24):m.start].split()]
    locative = bool(before) and before[-1] in LOCATIVE_WORDS and not (len(before) > 1 and before[-2] in OWNERSHIP_NOUNS)
    return "GPE" if is_country(m.text) or locative or text[m.end:m.end + 7].startswith("-based") else None


def company_last_word(a: Article, m: Mention) -> str | None:
    """A 'person' whose last word only companies' names end with is a company: 'Harold Finch Productions'."""
    words = m.text.split()
    return "ORG" if m.label == "PERSON" and len(words) > 1 and words[-1].lower() in ORG_HEAD_WORDS else None


def company_of_a_place(a: Article, m: Mention) -> str | None:
    """A 'person' ending in a world region ('Acme North America') or in a country after a particle ('Banco de
    Varlo', 'Petroleos de Norway') is a company or an institution: people are not named after either."""
    words = m.text.split()
    if m.label != "PERSON" or len(words) < 2:
        return None
    if any(fold(" ".join(words[i:])) in WORLD_REGIONS for i in range(1, len(words))):
        return "ORG"
    return "ORG" if len(words) > 2 and words[-2] in COUNTRY_PARTICLES and is_country(words[-1]) else None


def place_after_place(a: Article, m: Mention) -> str | None:
    """A known place the model calls an organization is a place right after another place and a comma: the
    state or country of a city ('Springfield, IL', 'Lyon, France')."""
    if m.label != "ORG" or text_of(a.doc)[m.start - 2:m.start] != ", " or country_code(m.text) is None:
        return None
    return "GPE" if any(o.end == m.start - 2 and o.label in ("GPE", "LOC") for o in a.mentions) else None


def venue_before_noun(a: Article, m: Mention) -> str | None:
    """A 'person' or 'organization' right before a lower-case venue noun names the venue, no place the gazetteer
    knows: 'the city's Kestrel Hill prison', 'the Varlo theater' (but 'the Oslo airport' keeps Oslo a place)."""
    after = text_of(a.doc)[m.end:m.end + 16].split()
    if m.label in ("PERSON", "ORG") and after and after[0].rstrip(",.;:") in VENUE_NOUNS and country_code(m.text) is None:
        return "FAC"
    return None


def product_shaped_person(a: Article, m: Mention) -> str | None:
    """A 'person' with a digit in its name is a product: 'Varlo X5 Hybrid' (an inner capital is no sign: 'McRoe')."""
    return "PRODUCT" if m.label == "PERSON" and any(c.isdigit() for c in m.text) else None
