"""Entity types the small model gets wrong, corrected by one ordered list of steps: STEPS, at the bottom.

The first types come from the model and the alias table (spans.py); a capitals-line fragment is kept only as a
place (mentions.py). Then each step corrects types in place over the whole article and sees what the steps before
it left, so order matters: the words around one name first, then what only people and only places have, then what
the whole article says (legal forms, the gazetteer, surnames of full names), last a vote that gives every mention
of a name one type. Some steps are a few rules (`first_type`): a mention takes the type of the first rule that has
one.
A new typing rule is a function here or, for the words around one name, in cues.py, put in a step's rules or, as
a step of its own, in STEPS.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc

from flows.extract.context import text_of
from flows.extract.entities.cues import (  # noqa: F401  (the rules are typing's too: tests call them from here)
    Article,
    Rule,
    capitals_dateline,
    company_by_description,
    company_last_word,
    company_of_a_place,
    first_type,
    place_after_place,
    place_in_context,
    product_shaped_person,
    region_typed_as_person,
    venue_before_noun,
)
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.entities.mentions import PLURAL_PLACE
from flows.extract.entities.persons import could_be_person, shown_people
from flows.extract.entities.spans import TYPE_PRIORITY
from flows.extract.lexicon import (
    COMPASS_WORDS,
    ORG_SUFFIXES,
    PLACE_HEAD_WORDS,
)
from flows.records import Mention

# Rules of what the whole article says.

def legal_form(a: Article, m: Mention) -> str | None:
    """A name ending in a legal form is a company: 'Harold Finch Ltd'."""
    return "ORG" if m.text.split()[-1] in ORG_SUFFIXES else None


def unknown_place(a: Article, m: Mention) -> str | None:
    """A 'place' neither the gazetteer nor the alias table knows, nor the text shows to be a place, is a company:
    the model calls many companies places ('Varlo said' tagged GPE)."""
    return "ORG" if m.label == "GPE" and country_code(m.text) is None and fold(m.text) not in a.aliases \
        and fold(m.text) not in a.place_names else None


def surname_alone(a: Article, m: Mention) -> str | None:
    """A lone word of a full name the article calls a person is that person: 'Holt said' after 'Skipper Holt'."""
    if m.label in {"ORG", "GPE", "NORP", "PRODUCT"} and len(m.text.split()) == 1 and m.text in a.full_name_words:
        return "PERSON"
    return None


# The steps.

def context_cues(a: Article) -> None:
    """Fix types the words around a name decide: 'PARIS, March 9 -', 'a Tirana-based agent' and 'Lyon, France'
    are places, 'Harold Finch Productions' and 'Acme North America' companies (the rules above, first one wins)."""
    first_type(a, (capitals_dateline, region_typed_as_person, place_in_context,
                   place_after_place, company_last_word, company_of_a_place, venue_before_noun, product_shaped_person))


def companies_by_description(a: Article) -> None:
    """Fix names the text calls companies (company_by_description), with every other mention of the name:
    'Varlo, a software provider based in Oslo' makes each 'Varlo' a company, whatever the model said."""
    found = {fold(m.text) for m in a.mentions if company_by_description(a, m)}
    for m in a.mentions:
        if fold(m.text) in found and m.label not in ("GPE", "LOC"):
            m.label = "ORG"
    a.company_names = frozenset(found)


def people_by_evidence(a: Article) -> None:
    """Fix people typed as companies or products by what only people have (an age, a byline, a personal pronoun,
    a list of people: persons.py), with the other mentions of the name and of its words: 'Skipper Holt, 38, said'
    makes 'Skipper Holt' a person, and so 'Skipper' and 'Holt'."""
    people: set[str] = set()
    while (found := shown_people(a.doc, a.mentions) - a.company_names) != people:  # a list member found may show
        people = found                                                             # the next one ('Roe, Hale')
        for m in a.mentions:
            if could_be_person(m) and fold(m.text) not in a.company_names \
                    and (fold(m.text) in people or people & set(fold(m.text).split())):
                m.label = "PERSON"
    a.people = frozenset(people)


def place_evidence(a: Article, m: Mention) -> str | None:
    """Return the place type the text gives a name: its last word is a place's ('Kestrel County', 'Kestrel
    province', 'the Tallow Valley'), a plural place noun follows it ('Kestrel and Tallow counties'), or a compass
    adjective comes right before it ('the northern Tallow Range')."""
    if PLURAL_PLACE.match(text_of(a.doc), m.end):
        return "GPE"
    words = m.text.split()
    if len(words) > 1 and words[-1].lower() in PLACE_HEAD_WORDS:
        return PLACE_HEAD_WORDS[words[-1].lower()]
    before = text_of(a.doc)[max(0, m.start - 20):m.start].split()
    if before and before[-1] in COMPASS_WORDS:
        return "GPE" if country_code(m.text) else "LOC"
    return None


def places_by_evidence(a: Article) -> None:
    """Fix places typed as companies or people by what only places have (place_evidence), with every other
    mention of the name: 'the northern Tallow Range' makes each 'Tallow Range' a place, so its words are no
    person's first and last names."""
    found: dict[str, str] = {}
    for m in a.mentions:
        if kind := place_evidence(a, m):
            found.setdefault(fold(m.text), m.label if m.label in ("GPE", "LOC") else kind)
    for m in a.mentions:
        if fold(m.text) in found and m.label not in ("GPE", "LOC", "NORP"):  # 'Arab' in 'Arab states' stays
            m.label = found[fold(m.text)]
    a.place_names = frozenset(found)


def note_full_names(a: Article) -> None:
    """Fix nothing: note the words of the full names the model mostly calls people, before the steps after it
    change types ('Jack Ma' twice PERSON gives 'Jack' and 'Ma'; 'Ohio Statehouse' once PERSON, once ORG, none)."""
    labels: dict[str, Counter] = {}
    for m in a.mentions:
        labels.setdefault(fold(m.text), Counter())[m.label] += 1
    a.full_name_words = frozenset(
        word for m in a.mentions if len(m.text.split()) > 1 and m.label == "PERSON"
        and 2 * labels[fold(m.text)]["PERSON"] > labels[fold(m.text)].total() for word in m.text.split())


def article_cues(a: Article) -> None:
    """Fix types the whole article decides: a legal form makes a company ('Varlo Ltd'), a place nobody knows is a
    company, a lone surname of a person is that person ('Holt' after 'Skipper Holt') (the rules above, first wins)."""
    first_type(a, (legal_form, unknown_place, surname_alone))


def company_first_word(a: Article) -> None:
    """Fix a 'person' whose first word is a company of the article: 'Varlo Cloud' after 'Varlo' is a company."""
    org_words = {m.text for m in a.mentions if m.label == "ORG"}
    for m in a.mentions:
        if m.label == "PERSON" and m.text.split()[0] in org_words:
            m.label = "ORG"


def lone_name_is_brand(a: Article) -> None:
    """Fix a one-word 'person' never given a first name or a title: a brand ('Varlo said'), not a person
    ('Mr. Holt', 'Holt' after 'Skipper Holt' and a name the text shows to be a person's stay people)."""
    for m in a.mentions:
        if m.label == "PERSON" and len(m.text.split()) == 1 and not m.titled and m.text not in a.full_name_words \
                and fold(m.text) not in a.people:
            m.label = "ORG"


def majority_type(a: Article) -> None:
    """Give every mention of a name the type most of its mentions have, a tie going to a known place, then by
    TYPE_PRIORITY: 'Varlo' twice ORG and once PERSON is ORG everywhere."""
    votes: dict[str, Counter] = {}
    for m in a.mentions:
        votes.setdefault(fold(m.text), Counter())[m.label] += 1
    for m in a.mentions:
        counts = votes[fold(m.text)]
        best = max(counts.values())
        order = ["GPE", *TYPE_PRIORITY] if country_code(m.text) else TYPE_PRIORITY
        m.label = next(t for t in order + [m.label] if counts.get(t) == best)


STEPS: tuple[Callable[[Article], None], ...] = (
    companies_by_description,
    context_cues,
    people_by_evidence,
    places_by_evidence,
    note_full_names,
    article_cues,
    company_first_word,
    lone_name_is_brand,
    majority_type,
)


def type_mentions(doc: Doc, mentions: list[Mention], aliases: dict[str, tuple[str, str]]) -> None:
    """Correct the mentions' types in place, applying STEPS in order."""
    article = Article(doc, mentions, aliases)
    for step in STEPS:
        step(article)
