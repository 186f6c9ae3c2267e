"""Extraction rules on small sentences: whole rows asserted, offsets checked against the text."""
from __future__ import annotations

from pathlib import Path

import pytest

from flows.extract.article import extract_article
from flows.extract.nlp import alias_lookup, load_nlp
from flows.extract.quotes.spans import find_quote_spans, is_scare_quote
from flows.ingest.parse import parse_meta
from flows.records import Document
from flows.settings import Settings

SETTINGS = Settings()


def rows(text: str):
    nlp = load_nlp(SETTINGS.spacy_model, str(SETTINGS.alias_table))
    source = Document(Path("t.txt"), "inbox", text)
    art = extract_article(nlp(text), source, parse_meta(source), alias_lookup(str(SETTINGS.alias_table)))
    for m in art.mentions:
        assert text[m.start:m.end] == m.text
    for table, column in (("metrics", "metric_text"), ("quotes", "quote_text"), ("events", "trigger_text")):
        for row in getattr(art, table):
            assert text[row["char_start"]:row["char_end"]] == row[column]
    return art


@pytest.mark.parametrize("sentence, expected", [
    ("Sales rose 47 percent to $9.6 trillion last year.",
     [("47 percent", 47.0, "percent", "percent"), ("$9.6 trillion", 9.6e12, "USD", "money")]),
    ("The group issued RMB100 million worth of vouchers and HK$2.5 bn of bonds.",
     [("RMB100 million", 1e8, "CNY", "money"), ("HK$2.5 bn", 2.5e9, "HKD", "money")]),
    ("The company has more than 576 million active consumers and ten economic advisors.",
     [("more than 576 million active consumers", 5.76e8, "consumers", "count"),
      ("ten economic advisors", 10.0, "advisors", "count")]),
    ("It will pay 200 mln dlrs for a 22 pct stake, or 4.50 stg a share.",
     [("200 mln dlrs", 2e8, "USD", "money"), ("22 pct", 22.0, "percent", "percent"), ("4.50 stg", 4.5, "GBP", "money")]),
    ("Italian wine accounts for six percent of sales; the index fell -1.41% on Monday.",
     [("six percent", 6.0, "percent", "percent"), ("-1.41%", -1.41, "percent", "percent")]),
    ("In 2019, on Oct 31, the 13th annual festival opened.\n1. First item of the list", []),
    # a scale glued to the number, Indian scales, peoples counted, measurements, times and model numbers
    ("The deal is worth $4bn (A$846m) and Rs 24 lakh in fees.",
     [("$4bn", 4e9, "USD", "money"), ("A$846m", 8.46e8, "AUD", "money"), ("Rs 24 lakh", 2.4e6, "INR", "money")]),
    ("More than 600,000 Israelis live there, updated at 15:59 today.",
     [("More than 600,000 Israelis", 6e5, "israelis", "count")]),
    ("The 160,000 barrel-per-day refinery has a 2.0-liter engine and 151 PS.",
     [("160,000 barrel-per-day", 1.6e5, "barrel-per-day", "other"), ("2.0-liter", 2.0, "liter", "other"),
      ("151 PS", 151.0, "ps", "other")]),
    ("Airlines ordered more Boeing 777 jets this year.", []),
])
def test_metrics(sentence, expected):
    got = [(m["metric_text"], m["value"], m["unit"], m["metric_kind"]) for m in rows(sentence).metrics]
    assert got == expected


def test_quote_with_speaker_after_and_pronoun_resolved():
    text = ("Acme chairman John Carter spoke in Paris on Monday.\n"
            "“We are pleased with the results this year,” he said.\n"
            "“Growth will continue,” said Mary Jones, an analyst at Bloomberg.")
    art = rows(text)
    names = {e.ref: e.canonical_name for e in art.entities}
    got = [(q["quote_text"], names.get(q["speaker"])) for q in art.quotes]
    assert got == [("We are pleased with the results this year,", "John Carter"),
                   ("Growth will continue,", "Mary Jones")]


def test_quote_running_over_paragraphs_is_one_quote():
    text = "“First paragraph of the quote.\n\n“Second paragraph ends it,” he said."
    spans = find_quote_spans(text)
    assert [(text[s.start:s.end]) for s in spans] == ["First paragraph of the quote.\n\n“Second paragraph ends it,"]


@pytest.mark.parametrize("text, scare", [
    ("the pursuit of a “public service” mindset", True),
    ("unleashing “The Power of Small”", True),
    ("He called the collaboration a “game changer”.", False),
    ("He said it would “transform the global Olympic movement”.", False),
])
def test_scare_quotes(text, scare):
    (span,) = find_quote_spans(text)
    assert is_scare_quote(text, span) is scare


def test_entities_are_canonical_within_an_article():
    text = ("Jack Ma, founder of Alibaba Group Holding Ltd, met officials of the World Trade Organization (WTO) "
            "in Geneva. Mr. Ma said Alibaba would work with the WTO.")
    art = rows(text)
    got = sorted((e.canonical_name, e.entity_type, e.country_code, tuple(e.aliases)) for e in art.entities)
    assert got == [
        ("Alibaba Group Holding Ltd", "ORG", None, ("Alibaba", "Alibaba Group Holding Ltd")),
        ("Geneva", "GPE", "CH", ("Geneva",)),
        ("Jack Ma", "PERSON", None, ("Jack Ma", "Ma")),
        ("World Trade Organization", "ORG", None, ("WTO", "World Trade Organization")),
    ]


@pytest.mark.parametrize("text, expected", [
    # a nominal speaker speaks for its owner
    ("A spokeswoman for Acme Corp said the plan was “a costly mistake that will hurt our workers”.",
     [("a costly mistake that will hurt our workers", "Acme Corp")]),
    # a second quotation in the same paragraph keeps the speaker of the first
    ("Analyst Mary Jones spoke on Monday.\n“We are pleased with the results,” Jones said. “Growth will continue next year.”",
     [("We are pleased with the results,", "Mary Jones"), ("Growth will continue next year.", "Mary Jones")]),
    # 'was quoted as saying' names its speaker as the passive subject
    ("John Smith runs the firm.\n“We will win the case in court,” Smith was quoted as saying.",
     [("We will win the case in court,", "John Smith")]),
    # a participle after the quote does not borrow the subject of the clause before it
    ("John Smith spoke in Paris.\nSmith said that Acme Corp had concluded the plan was “not, per se, inconsistent "
     "with the law”, saying it trusted the courts.", [("not, per se, inconsistent with the law", "John Smith")]),
    # a pronoun after a spokesperson speaks for the spokesperson's owner
    ("Jane Roe runs the lab.\nA spokeswoman for Acme University said the books were old. "
     "“Important works will be made available to everyone,” she said.",
     [("Important works will be made available to everyone,", "Acme University")]),
    # a title in quote marks is not a quotation; a slogan with its own punctuation is
    ("The band played “We’re Not Gonna Take It” while teachers held signs such as “Less Money on Testing, More "
     "Money on Students.”", [("Less Money on Testing, More Money on Students.", None)]),
    # 'the statement' speaks for whoever issued it
    ("On Monday, Acme Records issued a statement about the show.\n“We were shocked to see her posts,” the "
     "statement read.", [("We were shocked to see her posts,", "Acme Records")]),
    # a quotation standing as its own paragraph belongs to the speaker who ends the paragraph before it
    ("Chief negotiator John Smith spoke on Monday.\n\nSmith said it was only the latest move.\n\n"
     "“They wanted us on our knees. We stand tall.”", [("They wanted us on our knees. We stand tall.", "John Smith")]),
    # a gendered pronoun passes over the latest person of the other gender, known from a first name or an honorific
    ("Sarah Lee, the chief executive, met John Park on Monday. Park left early.\n“We agree on the price,” she said.",
     [("We agree on the price,", "Sarah Lee")]),
    ("Ms. Kim and Mr. Lopez spoke on Monday. Lopez left early.\n“We agree on the price,” she said.",
     [("We agree on the price,", "Kim")]),
    # a name that is not clearly gendered stays a candidate
    ("Wei Zhang met John Park on Monday. John Park spoke first.\n“We agree on the price,” she said.",
     [("We agree on the price,", "Wei Zhang")]),
])
def test_quote_speakers(text, expected):
    art = rows(text)
    names = {e.ref: e.canonical_name for e in art.entities}
    assert [(q["quote_text"], names.get(q["speaker"])) for q in art.quotes] == expected


@pytest.mark.parametrize("text, expected", [
    # a short form joins the one longer company name (with its legal form) used before it
    ("Widget Holdings Ltd said profits rose. Analysts said Widget would grow.", [("Widget Holdings Ltd", "ORG")]),
    # a hard-wrapped name in wire copy stays one name, written on one line
    ("The placement will raise the holding company's stake in Dairy\nFarm to 39.75 pct from the current 35.3 pct\n"
     "and the company said it was pleased with the terms.",
     [("Dairy Farm", "ORG")]),
    # tickers and all-caps headline fragments are not names; a capitals dateline place is a place
    ("ACME BIDS 20 MLN STG FOR WIDGET\n\nPARIS, June 18 - Acme Corp <ACME.PA> said it bid for Widget Ltd on Monday.",
     [("Acme Corp", "ORG"), ("PARIS", "GPE"), ("Widget Ltd", "ORG")]),
    # context types: a place after 'from' or before '-based'; a person-looking name ending in a company word
    ("He hired an Amritsar-based agent, and Dick Clark Productions said so on Monday.",
     [("Amritsar", "GPE"), ("Dick Clark Productions", "ORG")]),
    # one country under two names; a capitals dateline place; a preposition ends a name the model ran on
    ("MELBOURNE, March 24 - Critics praised the American Music Awards after the show.",
     [("American Music Awards", "ORG"), ("MELBOURNE", "GPE")]),
    ("Officials of the State of Israel met on Monday, and Israel said so on Tuesday.", [("Israel", "GPE")]),
    # a company name with 'and' inside, ending in a designator, is one name
    ("The purchase will be financed with a loan from the Tallow and Finch Banking Corp, the bank said.",
     [("Tallow and Finch Banking Corp", "ORG")]),
    # ... but two company names with their legal forms joined by 'and' stay two
    ("The loan came from Zenith Inc and Omega Corp last year.", [("Omega Corp", "ORG"), ("Zenith Inc", "ORG")]),
    # a place the alias table knows stays a place though the gazetteer does not know that spelling
    ("The shares were sold at 5.10 H.K. dlrs each, and Hongkong traders were pleased.", [("Hong Kong", "GPE")]),
    # the dateline the metadata parser found is a place even where the model tags nothing
    ("Acme opens office\n\nLAHORE: Acme Corp opened its new office on Monday.", [("Acme Corp", "ORG"), ("LAHORE", "GPE")]),
    ("Acme opens office\n\nCOPENHAGEN, Oct 31 — Acme Corp opened its new office on Monday.",
     [("Acme Corp", "ORG"), ("COPENHAGEN", "GPE")]),
    # the portfolio in an office title before a name is no organization; a company in a title with a comma is
    ("The plan was announced on Monday by US Secretary of State Jane Roe in Paris.",
     [("Jane Roe", "PERSON"), ("Paris", "GPE"), ("United States", "GPE")]),
    ("The Chief Executive of Acme Corp, Tom Hale, spoke.", [("Acme Corp", "ORG"), ("Tom Hale", "PERSON")]),
    # a picture credit is no name
    ("Acme Corp opened a store in Paris. [Photo/IC]", [("Acme Corp", "ORG"), ("Paris", "GPE")]),
    # a capitalized common word opening a paragraph, written in lower case elsewhere, is no name ...
    ("Varlo buys jets\n\nBudget airline Varlo has placed an order for 70 jets. The airline said its budget model "
     "works.", [("Varlo", "ORG")]),
    # ... while a company of that name is still found where it is not opening a sentence
    ("Investors in Shell were pleased on Monday. Shell said profits rose, and no shell company was involved.",
     [("Shell", "ORG")]),
])
def test_entity_names(text, expected):
    got = sorted((e.canonical_name, e.entity_type) for e in rows(text).entities)
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # an age set off by commas follows only a person
    ("The agent, Skipper Holt, 38, declined to comment on the sale.", [("Skipper Holt", "PERSON", ("Skipper Holt",))]),
    # the name a byline opens with
    ("By Storm Hale | Daily Ledger\n\nThe council met on Monday.", [("Storm Hale", "PERSON", ("Storm Hale",))]),
    # the subject of a sentence that goes on with 'his' before any other name
    ("Skipper Holt is unhappy with the way his partner ran the firm.", [("Skipper Holt", "PERSON", ("Skipper Holt",))]),
    # a name in a list of people
    ("The label represents Dara Vell, Tomas Pike and Storm Hale.",
     [("Dara Vell", "PERSON", ("Dara Vell",)), ("Storm Hale", "PERSON", ("Storm Hale",)),
      ("Tomas Pike", "PERSON", ("Tomas Pike",))]),
    # the surname alone joins the full name once that is known to be a person
    ("Skipper Holt, 38, runs the shop. Holt said so.", [("Skipper Holt", "PERSON", ("Holt", "Skipper Holt"))]),
    # 'its' or another name before the pronoun: no evidence, the model's type stays
    ("Storm Hale said its profit rose, and Skipper Holt Ltd said he would buy it.",
     [("Skipper Holt Ltd", "ORG", ("Skipper Holt Ltd",)), ("Storm Hale", "ORG", ("Storm Hale",))]),
])
def test_people_the_model_calls_companies(text, expected):
    got = sorted((e.canonical_name, e.entity_type, tuple(e.aliases)) for e in rows(text).entities)
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # a proper name the model leaves untagged right after a company noun with its own modifier
    ("Toy company Varlo is breaking out this year.", [("Varlo", "ORG", ("Varlo",))]),
    # a person-looking name right after one is a company
    ("It paid $1bn for US wine maker Harold Finch, bought last month.",
     [("Harold Finch", "ORG", ("Harold Finch",)), ("United States", "GPE", ("US", "United States"))]),
    # a person-looking name with a company appositive is a company, however the parse hangs the appositive
    ("Lena Park, founder of Kind Heart, a non-profit educational organization bringing art to children, spoke.",
     [("Kind Heart", "ORG", ("Kind Heart",)), ("Lena Park", "PERSON", ("Lena Park",))]),
    # 'a bank clerk', 'his rival X', 'Acme Group vice-president': people stay people
    ("Jane Roe, a former bank clerk, met his rival Tom Hale on Monday.",
     [("Jane Roe", "PERSON", ("Jane Roe",)), ("Tom Hale", "PERSON", ("Tom Hale",))]),
    ("The startup hired Tom Hale, Acme Group vice-president in charge of sales.",
     [("Acme Group", "ORG", ("Acme Group",)), ("Tom Hale", "PERSON", ("Tom Hale",))]),
])
def test_names_the_text_calls_companies(text, expected):
    got = sorted((e.canonical_name, e.entity_type, tuple(e.aliases)) for e in rows(text).entities)
    assert got == expected


@pytest.mark.parametrize("text, place, code", [
    ("Officials met in Hyderabad on Monday.", "Hyderabad", "IN"),  # the most populous bearer of the name
    ("Pakistan said officials met in Hyderabad on Monday.", "Hyderabad", "PK"),  # a country the article names
    ("Voters in Georgia lined up early.", "Georgia", "GE"),
    ("The United States said voters in Paris, Texas lined up early.", "Paris", "FR"),  # far larger elsewhere
    ("Voters in Paris lined up early.", "Paris", "FR"),
])
def test_ambiguous_places(text, place, code):
    assert {e.canonical_name: e.country_code for e in rows(text).entities}.get(place) == code


@pytest.mark.slow
def test_workers_give_the_same_rows_as_one_process():
    from flows.extract.article import extract_batch
    from flows.extract.workers import extract_parallel, shutdown
    from flows.ingest.parse import parse_batch

    texts = [f"Story {n}\n\nAcme{n} Corp said on Monday it bought Widget Ltd for ${n + 1} million. "
             f"“It is a good deal,” said Jane Roe, its chief executive." for n in range(5)]
    items, _ = parse_batch([Document(Path(f"s{n}.txt"), "inbox", t) for n, t in enumerate(texts)])
    alone = extract_batch(items, SETTINGS.spacy_model, SETTINGS.alias_table)
    try:
        together = extract_parallel(items, SETTINGS.spacy_model, SETTINGS.alias_table, 100_000, 2, 2)
    finally:
        shutdown()
    assert together == alone and len(together[0]) == 5
