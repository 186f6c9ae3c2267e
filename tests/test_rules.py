"""The small helpers the extraction rules are built from, each on tiny inputs (no spaCy model needed)."""
from __future__ import annotations

from datetime import date

import pytest

from flows.dates import find_date
from flows.extract.context import sentence_of
from flows.extract.entities import typing as entity_typing
from flows.extract.entities.canonical import acronym_map, initials, org_key, person_key, resolve, strip_designators
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.entities.mentions import drop_artefacts, extend_to_named
from flows.extract.entities.spans import clean_span, trim_end
from flows.extract.metrics import number_value
from flows.extract.workers import parts
from flows.records import Mention


@pytest.mark.parametrize("text, expected", [
    ("Alibaba’s", "Alibaba"), ("Reuters,", "Reuters"), ("Taobao.", "Taobao"), ("Corp.", "Corp."),
    ("Alibaba Group Holding Ltd.", "Alibaba Group Holding Ltd."), ("U.S.", "U.S."), ("Ma”", "Ma"), ("Acme)", "Acme"),
])
def test_trim_end_drops_punctuation_and_possessives_but_keeps_abbreviation_dots(text, expected):
    assert trim_end(text) == expected


@pytest.mark.parametrize("text, start, label, expected", [
    ("the Alibaba’s Taobao", 10, "ORG", [(14, "Alibaba"), (24, "Taobao")]),
    ("Mr. Jack Ma\nHangzhou", 0, "PERSON", [(4, "Jack Ma"), (12, "Hangzhou")]),
    ("Prime Minister Justin Trudeau", 5, "PERSON", [(20, "Justin Trudeau")]),
    ("“Jack Ma", 0, "PERSON", [(1, "Jack Ma")]),
    ("CEO", 0, "ORG", []),
    # a list the model ran into one name is cut at its commas, but not before a legal form or inside a name's 'of'
    ("Widget Labs, Acme Eats", 3, "ORG", [(3, "Widget Labs"), (16, "Acme Eats")]),
    ("Acme, Inc.", 0, "ORG", [(0, "Acme, Inc.")]),
    ("Ministry of Mines, Water and Forests", 0, "ORG", [(0, "Ministry of Mines, Water and Forests")]),
    # a spaced dash ends a name, and a date after it is no name
    ("Jane Roe - Nov 19, 2019", 0, "PERSON", [(0, "Jane Roe")]),
    ("the internet", 0, "ORG", []),
])
def test_clean_span_splits_and_trims_an_entity_span_keeping_offsets(text, start, label, expected):
    assert clean_span(text, start, label) == expected


@pytest.mark.parametrize("name, expected", [
    ("Alibaba Group Holding Ltd", "alibaba"), ("Acme Australia Ltd.", "acme australia"),
    ("Siemens AG", "siemens"), ("Group", "group"), ("The Coca-Cola Company", "coca-cola"),
])
def test_strip_designators_leaves_the_identity_of_a_company_name(name, expected):
    assert strip_designators(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("World Trade Organization", "WTO"), ("Bank of China", "BC"), ("International Olympic Committee", "IOC"),
])
def test_initials(name, expected):
    assert initials(name) == expected


def mention(text: str, start: int, label: str = "ORG") -> Mention:
    """Return an unresolved mention at an offset."""
    return Mention(start, start + len(text), text, label, 0)


def test_acronym_map_from_a_parenthesis_or_from_initials():
    text = "The Pacific Trade Council (PTC) met the International Skating Union. The ISU agreed."
    mentions = [mention("Pacific Trade Council", 4), mention("PTC", 27),
                mention("International Skating Union", 40), mention("ISU", 73)]
    assert acronym_map(mentions, text) == {"ptc": "pacific trade council", "isu": "international skating union"}


def test_person_key_joins_a_surname_to_the_latest_full_name_before_it():
    full = [mention("Jack Ma", 0, "PERSON"), mention("Pony Ma", 50, "PERSON")]
    assert person_key(mention("Ma", 30, "PERSON"), full) == "jack ma"
    assert person_key(mention("Ma", 80, "PERSON"), full) == "pony ma"
    assert person_key(mention("Tung", 90, "PERSON"), full) == "tung"


@pytest.mark.parametrize("text, expected", [
    ("1,600", 1600.0), ("six", 6.0), ("half a", 0.5), ("2.5", 2.5), ("Dozen", 12.0),
])
def test_number_value(text, expected):
    assert number_value(text) == expected


@pytest.mark.parametrize("name, folded, code", [
    ("The Café’s", "cafe", None), ("Hong Kong", "hong kong", "HK"), ("Hangzhou", "hangzhou", "CN"),
    ("U.S.", "u s", "US"), ("Kuala Lumpur", "kuala lumpur", "MY"),
])
def test_fold_and_country_code(name, folded, code):
    assert fold(name) == folded and (code is None or country_code(name) == code)


@pytest.mark.parametrize("line, expected", [
    ("Updated: Oct. 31, 2021 10:00", date(2021, 10, 31)), ("31st of October 2021", date(2021, 10, 31)),
    ("2019-11-20 09:22 GMT", date(2019, 11, 20)), ("2021-02-30", None), ("May 2021", None), ("on Friday", None),
])
def test_find_date_needs_day_month_and_year(line, expected):
    assert find_date(line) == expected


@pytest.mark.parametrize("offset, expected", [(0, 0), (9, 0), (10, 1), (25, 2), (99, 2)])
def test_sentence_of(offset, expected):
    assert sentence_of([0, 10, 20], offset) == expected


@pytest.mark.parametrize("count, items, expected", [
    (2, [1, 2, 3, 4, 5], [[1, 2, 3], [4, 5]]), (3, [1, 2], [[1], [2]]), (2, [], []), (1, [1, 2], [[1, 2]]),
])
def test_parts_are_contiguous_and_near_equal(count, items, expected):
    assert parts(items, count) == expected


def test_reference_tables_are_built_once_then_read_from_the_cache(tmp_path, monkeypatch):
    from flows.extract import lookup
    from flows.extract.entities import gazetteer
    from flows.extract.quotes import genders

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clear = (gazetteer.places, gazetteer.bearers, genders.names, genders.gender_of_first_name)
    for cached in clear:
        cached.cache_clear()
    try:
        built = gazetteer.bearers("hangzhou")
        assert genders.gender_of_first_name("Sarah") == "F"
        files = sorted(p.name.split("-")[0] for p in (tmp_path / "wirehouse").glob("*.sqlite"))
        assert files == ["first_name", "place"]
        assert lookup.connect(genders.REFERENCE).execute("pragma query_only").fetchone() is not None
        for cached in clear:
            cached.cache_clear()
        assert gazetteer.bearers("hangzhou") == built and list(built) == ["CN"] and built["CN"] > 1e6
        assert gazetteer.bearers("georgia") == {"GE": gazetteer.COUNTRY}  # a country's name is that country
        assert gazetteer.bearers("no such place") == {}
    finally:
        for cached in clear:
            cached.cache_clear()


@pytest.mark.parametrize("name, gender", [
    ("Sarah", "F"), ("John", "M"), ("MARY", "F"), ("Wei", None), ("Jordan", None), ("Qwxzy", None),
])
def test_first_name_gender_only_when_clear(name, gender):
    from flows.extract.quotes.genders import gender_of_first_name

    assert gender_of_first_name(name) == gender


@pytest.mark.parametrize("text, names, expected", [
    ("Sarah Lee met John Park. Lee left.", ["Sarah Lee", "John Park", "Lee"], {"sarah lee": "F", "john park": "M"}),
    ("Ms. Kim met Mr Lopez.", ["Kim", "Lopez"], {"kim": "F", "lopez": "M"}),
    ("Mr. Jordan Avery and Wei Zhang met.", ["Jordan Avery", "Wei Zhang"], {"jordan avery": "M"}),
])
def test_person_genders_from_honorifics_and_first_names(text, names, expected):
    from flows.extract.quotes.genders import person_genders
    from flows.records import EntityRef, Mention

    refs = {"Lee": "sarah lee"}
    mentions = [Mention(text.index(n), text.index(n) + len(n), n, "PERSON", 0,
                        entity=EntityRef(refs.get(n, n.lower()), "PERSON")) for n in names]
    assert {ref.match_key: g for ref, g in person_genders(text, mentions).items()} == expected


@pytest.mark.parametrize("named, expected", [
    # a full name the model calls a person lends its words to the lone surname
    ([("Jack Ma", "PERSON"), ("Jack Ma", "PERSON"), ("Ma", "ORG")],
     [("Jack Ma", "PERSON"), ("Jack Ma", "PERSON"), ("Ma", "PERSON")]),
    # a name typed a person only half the time lends nothing: the place in it stays a place
    ([("Ohio Statehouse", "PERSON"), ("Ohio Statehouse", "ORG"), ("Ohio", "GPE")],
     [("Ohio Statehouse", "ORG"), ("Ohio Statehouse", "ORG"), ("Ohio", "GPE")]),
])
def test_typing_takes_surnames_only_from_names_mostly_typed_as_people(named, expected):
    mentions, pos = [], 0
    for text, label in named:
        mentions.append(mention(text, pos, label))
        pos += len(text) + 1
    article = entity_typing.Article(None, mentions, {})  # the steps from here on read no parse
    for step in entity_typing.STEPS[entity_typing.STEPS.index(entity_typing.note_full_names):]:
        step(article)
    assert [(m.text, m.label) for m in mentions] == expected


@pytest.mark.parametrize("names, expected", [
    (["Acme Beauty", "Acme"], "acme beauty"),  # the longer name introduced the short form
    (["Acme", "Acme Cloud", "Acme"], "acme"),  # the short form came first: a parent and its unit stay apart
    (["Acme Beauty", "Acme Cloud", "Acme"], "acme"),  # two candidates: no guess
    (["Widget Holdings Ltd", "Widget"], "widget"),  # legal forms are no identity: both are 'widget' already
])
def test_org_key_joins_a_short_form_to_the_one_longer_name_that_introduced_it(names, expected):
    mentions, pos = [], 0
    for text in names:
        mentions.append(mention(text, pos))
        pos += len(text) + 1
    last = mentions[-1]
    assert org_key(last, {}, mentions[:-1], mentions) == expected


@pytest.mark.parametrize("names", [
    # two groups found apart that are one identity once designators are stripped ('tallow'): one entity
    [("Tallow", "ORG"), ("Tallow Holding", "ORG"), ("Acme Tallow", "ORG"), ("Tallow Holding Ltd", "ORG")],
    [("The Tallow", "ORG"), ("Acme Tallow", "ORG"), ("Tallow Holding Group", "ORG")],
    [("Tallow Holding Ltd", "ORG"), ("Acme Tallow", "ORG"), ("Tallow of Acme", "ORG"), ("Tallow Group", "ORG")],
])
def test_resolve_gives_one_entity_per_match_key_and_type(names):
    mentions, pos = [], 0
    for text, label in names:
        mentions.append(mention(text, pos, label))
        pos += len(text) + 1
    entities, rows = resolve(mentions, " ".join(text for text, _ in names), {})
    refs = [e.ref for e in entities]
    assert len(refs) == len(set(refs))
    assert {m.entity for m in rows} <= set(refs)


def placed(text: str, named: list[tuple[str, str]]) -> list[Mention]:
    """Return mentions of each (name, label) at its first place in the text after the one before."""
    mentions, pos = [], 0
    for name, label in named:
        pos = text.index(name, pos)
        mentions.append(mention(name, pos, label))
        pos += len(name)
    return mentions


@pytest.mark.parametrize("text, named, expected", [
    # a title-case headline's name is cut to the running name it opens with
    ("Varlo Bets on the Future With Launch of Widget Streaming Service\n\nVarlo opened Widget on Monday.",
     [("Varlo Bets", "ORG"), ("Widget Streaming Service", "ORG"), ("Varlo", "ORG"), ("Widget", "ORG")],
     [("Varlo", "ORG"), ("Widget", "ORG"), ("Varlo", "ORG"), ("Widget", "ORG")]),
    # ... not on a hard-wrapped line of wire copy that only looks like one
    ("PARIS, March 9 - Acme said it took a loan\nfrom the Tallow and Finch Banking Corp With Others. Tallow rose.",
     [("Tallow and Finch Banking Corp", "ORG"), ("Tallow", "ORG")],
     [("Tallow and Finch Banking Corp", "ORG"), ("Tallow", "ORG")]),
    # a capitals headline keeps only names of the running text and known places
    ("ACME BIDS FOR WIDGET IN PARIS\n\nAcme said so.", [("ACME BIDS", "ORG"), ("PARIS", "ORG"), ("Acme", "ORG")],
     [("PARIS", "GPE"), ("Acme", "ORG")]),
])
def test_drop_artefacts_of_headlines(text, named, expected):
    assert [(m.text, m.label) for m in drop_artefacts(text, placed(text, named))] == expected


@pytest.mark.parametrize("text, named, expected", [
    # a name the model cut short where another sentence names it whole
    ("He coached Real Varlo in May. He coached Kestrel, Real Varlo and Tallow.",
     [("Real Varlo", "ORG"), ("Kestrel", "ORG"), ("Varlo", "GPE"), ("Tallow", "ORG")],
     [("Real Varlo", "ORG"), ("Kestrel", "ORG"), ("Real Varlo", "ORG"), ("Tallow", "ORG")]),
    # a name elsewhere that merely contains the word does not grow it
    ("Varlo Cloud grew. Varlo said so.", [("Varlo Cloud", "ORG"), ("Varlo", "ORG")],
     [("Varlo Cloud", "ORG"), ("Varlo", "ORG")]),
])
def test_extend_to_named(text, named, expected):
    assert [(m.text, m.label) for m in extend_to_named(text, placed(text, named))] == expected


@pytest.mark.parametrize("name, expected", [
    ("Varlo X5 Hybrid", "PRODUCT"),  # a digit: a product, not a person
    ("Jane McRoe", None),  # an inner capital is no sign
])
def test_product_shaped_person(name, expected):
    m = mention(name, 0, "PERSON")
    assert entity_typing.product_shaped_person(entity_typing.Article(None, [m], {}), m) == expected
