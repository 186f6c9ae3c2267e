"""Extraction rules on small sentences: whole rows asserted, offsets checked against the text."""
from __future__ import annotations

from dataclasses import replace
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
    for row in art.quotes:  # the words that named the speaker are where the row says, and a rule found them
        start, end = row["speaker_char_start"], row["speaker_char_end"]
        assert (text[start:end] if start is not None else None) == row["speaker_text"]
        assert (row["rule"] is None) == (row["speaker_text"] is None)
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
    ("Danish cheese makes up six percent of sales; the index fell -1.41% on Monday.",
     [("six percent", 6.0, "percent", "percent"), ("-1.41%", -1.41, "percent", "percent")]),
    ("In 2019, on Oct 31, the 13th annual festival opened.\n1. First item of the list", []),
    # a scale glued to the number, Indian scales, peoples counted, measurements, times and model numbers
    ("The deal is worth $4bn (A$846m) and Rs 24 lakh in fees.",
     [("$4bn", 4e9, "USD", "money"), ("A$846m", 8.46e8, "AUD", "money"), ("Rs 24 lakh", 2.4e6, "INR", "money")]),
    ("More than 600,000 Norwegians live there, updated at 15:59 today.",
     [("More than 600,000 Norwegians", 6e5, "norwegians", "count")]),
    ("The 90,000 barrel-per-day refinery has a 2.0-liter engine and 151 PS.",
     [("90,000 barrel-per-day", 9e4, "barrel-per-day", "other"), ("2.0-liter", 2.0, "liter", "other"),
      ("151 PS", 151.0, "ps", "other")]),
    ("Airlines ordered more Aerotech 777 jets this year.", []),
    # specifications with units in words or symbols, rates with 'per', a number as a word before its unit
    ("The Varlo X has 471 horsepower, a 5.5-inch screen and a 120 kWh pack, and can go 300 miles per charge.",
     [("471 horsepower", 471.0, "horsepower", "other"), ("5.5-inch", 5.5, "inch", "other"),
      ("120 kWh", 120.0, "kwh", "other"), ("300 miles per charge", 300.0, "miles per charge", "other")]),
    ("It streams at 60 frames per second and is two inches wider.",
     [("60 frames per second", 60.0, "frames per second", "other"), ("two inches", 2.0, "inches", "other")]),
    # a hyphenated percentage, a volume in cubic feet, a count of part of a group
    ("Charging to 80-percent is quick, and the trunk holds 21.7 cu.ft. of cargo.",
     [("80-percent", 80.0, "percent", "percent"), ("21.7 cu.ft", 21.7, "cu.ft", "other")]),
    ("Widget Corp gave grants to two of our top charities and five of the world's largest banks.",
     [("two of our top charities", 2.0, "charities", "count"),
      ("five of the world's largest banks", 5.0, "banks", "count")]),
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
    text = ("Acme Corp held its annual meeting in Ohio on Monday, and its chief spoke to the shareholders.\n\n"
            "“First paragraph of the quote.\n\n“Second paragraph ends it,” he said.")
    spans = find_quote_spans(text)
    assert [(text[s.start:s.end]) for s in spans] == ["First paragraph of the quote.\n\n“Second paragraph ends it,"]


def test_a_transcript_running_over_paragraphs_is_one_quote_per_paragraph():
    paragraph = "We will keep every plant open and hire more people next year. " * 8
    text = "Acme Corp chief Tom Hale spoke on Monday.\n\n" + "\n\n".join(f"“{paragraph}" for _ in range(5)) + "”"
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == [paragraph.rstrip()] * 4 + [paragraph]


@pytest.mark.parametrize("text, scare", [
    ("the search for a “customer first” mindset", True),
    ("launching “The Age of Steam”", True),
    ("She called the merger a “real milestone”.", False),
    ("He said it would “change the whole toy business”.", False),
])
def test_scare_quotes(text, scare):
    (span,) = find_quote_spans(text)
    assert is_scare_quote(text, span) is scare


def test_entities_are_canonical_within_an_article():
    text = ("Jane Roe, founder of Varlo Group Holding Ltd, met officials of the International Energy Agency (IEA) "
            "in Geneva. Ms. Roe said Varlo would work with the IEA.")
    art = rows(text)
    got = sorted((e.canonical_name, e.entity_type, e.country_code, tuple(e.aliases)) for e in art.entities)
    assert got == [
        ("Geneva", "GPE", "CH", ("Geneva",)),
        ("International Energy Agency", "ORG", None, ("IEA", "International Energy Agency")),
        ("Jane Roe", "PERSON", None, ("Jane Roe", "Roe")),
        ("Varlo Group Holding Ltd", "ORG", None, ("Varlo", "Varlo Group Holding Ltd")),
    ]


@pytest.mark.parametrize("text, expected", [
    # a nominal speaker speaks for its owner
    ("A spokeswoman for Acme Corp said the plan was “a costly mistake that will hurt our workers”.",
     [("a costly mistake that will hurt our workers", "Acme Corp", "A spokeswoman for Acme Corp", "spokesperson")]),
    # a second quotation in the same paragraph keeps the speaker of the first
    ("Analyst Mary Jones spoke on Monday.\n“We are pleased with the results,” Jones said. “Growth will continue next year.”",
     [("We are pleased with the results,", "Mary Jones", "Jones", "cue"),
      ("Growth will continue next year.", "Mary Jones", "Jones", "continuation")]),
    # 'was quoted as saying' names its speaker as the passive subject
    ("John Smith runs the firm.\n“We will win the case in court,” Smith was quoted as saying.",
     [("We will win the case in court,", "John Smith", "Smith", "cue")]),
    # a participle after the quote does not borrow the subject of the clause before it
    ("John Smith spoke in Paris.\nSmith said that Acme Corp had found the plan was “not, on its face, against "
     "the rules”, saying it trusted the courts.", [("not, on its face, against the rules", "John Smith", "Smith", "cue")]),
    # a pronoun after a spokesperson speaks for the spokesperson's owner
    ("Jane Roe runs the lab.\nA spokeswoman for Acme University said the books were old. "
     "“Every old map will be shown to the public,” she said.",
     [("Every old map will be shown to the public,", "Acme University", "she", "spokesperson")]),
    # a title in quote marks is not a quotation; a slogan with its own punctuation is, said by whoever shows it
    ("The band played “We Will Rise Again” while workers held signs such as “Fair Pay for Drivers, Safe Roads "
     "for All.”", [("Fair Pay for Drivers, Safe Roads for All.", None, "workers", "cue")]),
    # 'the statement' speaks for whoever issued it
    ("On Monday, Acme Records issued a statement about the show.\n“We were surprised by the posts,” the "
     "statement read.", [("We were surprised by the posts,", "Acme Records", "the statement", "statement")]),
    # a quotation standing as its own paragraph belongs to the speaker who ends the paragraph before it
    ("Chief negotiator John Smith spoke on Monday.\n\nSmith said the talks had stalled again.\n\n"
     "“We will not give up. We stand firm.”", [("We will not give up. We stand firm.", "John Smith", "Smith", "adjacent-sentence")]),
    # a gendered pronoun passes over the latest person of the other gender, known from a first name or an honorific
    ("Sarah Lee, the chief executive, met John Park on Monday. Park left early.\n“We agree on the price,” she said.",
     [("We agree on the price,", "Sarah Lee", "she", "pronoun")]),
    ("Ms. Kim and Mr. Lopez spoke on Monday. Lopez left early.\n“We agree on the price,” she said.",
     [("We agree on the price,", "Kim", "she", "pronoun")]),
    # a description speaks for the latest company named before it
    ("Acme Corp opened a plant in Ohio on Monday. “We expect to hire 300 workers this year,” the company said.",
     [("We expect to hire 300 workers this year,", "Acme Corp", "the company", "description")]),
    # a quotation no words attribute has no speaker, no words and no rule
    ("Acme Corp opened a plant in Ohio on Monday.\n\n“We expect to hire 300 workers this year.”",
     [("We expect to hire 300 workers this year.", None, None, None)]),
    # a short quotation a reporting verb governs is speech, not a term in quote marks
    ("Tom Hale runs Acme Corp. Hale said the rival offer was “a disgrace”.", [("a disgrace", "Tom Hale", "Hale", "cue")]),
    ("Jane Roe runs Acme Corp. Roe called the rival offer “a total disgrace” on Monday.",
     [("a total disgrace", "Jane Roe", "Roe", "cue")]),
    # an abbreviation dot does not end the clause after a quotation
    ("Jane Roe runs Acme Corp.\n“We will win,” Ms. Roe said.", [("We will win,", "Jane Roe", "Ms. Roe", "cue")]),
    ("Tom Hale runs Ohio.\n“We will appeal,” Gov. Tom Hale said.", [("We will appeal,", "Tom Hale", "Gov. Tom Hale", "cue")]),
    # any verb right after a quotation reports it; the sentence after a quotation that ended its own does not
    ("Tom Hale came from Ohio.\n“This is fantastic!” beamed Tom Hale, a delegate from Ohio.",
     [("This is fantastic!", "Tom Hale", "Tom Hale, a delegate from Ohio", "cue")]),
    ("Jane Roe runs Acme Corp. Roe said the plan “will work.” Tom Hale warned that costs would rise.",
     [("will work.", "Jane Roe", "Roe", "cue")]),
    # the verb that governs the quotation, not the first reporting verb of the sentence
    ("Jane Roe runs Acme Corp. When a reporter asked about costs, Roe said, “We will cut them.”",
     [("We will cut them.", "Jane Roe", "Roe", "cue")]),
    # both halves of an interrupted quotation
    ("Jane Roe runs Acme Corp.\n“We will win,” Jane Roe said, “and we will grow.”",
     [("We will win,", "Jane Roe", "Jane Roe", "cue"), ("and we will grow.", "Jane Roe", "Jane Roe", "cue")]),
    # an introduction ending in a colon names the speaker of the quotation paragraphs after it
    ("Acme Corp sold its stores.\n\nAcme Corp released the following statement:\n\n“We regret the delay.”\n\n"
     "“We will refund every order.”", [("We regret the delay.", "Acme Corp", "Acme Corp", "adjacent-sentence"),
                                        ("We will refund every order.", "Acme Corp", "Acme Corp", "continuation")]),
    # a dateline is no speaker
    ("PARIS (Wire) - Acme Corp called the offer “an insult” on Monday.", [("an insult", "Acme Corp", "Acme Corp", "cue")]),
    # a name that is not clearly gendered stays a candidate
    ("Wei Zhang met John Park on Monday. John Park spoke first.\n“We agree on the price,” she said.",
     [("We agree on the price,", "Wei Zhang", "she", "pronoun")]),
])
def test_quote_speakers(text, expected):
    art = rows(text)
    names = {e.ref: e.canonical_name for e in art.entities}
    assert [(q["quote_text"], names.get(q["speaker"]), q["speaker_text"], q["rule"]) for q in art.quotes] == expected


@pytest.mark.parametrize("text, expected", [
    # a short form joins the one longer company name (with its legal form) used before it
    ("Widget Holdings Ltd said profits rose. Analysts said Widget would grow.", [("Widget Holdings Ltd", "ORG")]),
    # a hard-wrapped name in wire copy stays one name, written on one line
    ("The offer will lift the parent group's share in Kestrel\nFoods to 41.5 pct from the present 30.2 pct\n"
     "and the group said it liked the terms.",
     [("Kestrel Foods", "ORG")]),
    # tickers and all-caps headline fragments are not names; a capitals dateline place is a place
    ("ACME BIDS 20 MLN STG FOR WIDGET\n\nPARIS, June 18 - Acme Corp <ACME.PA> said it bid for Widget Ltd on Monday.",
     [("Acme Corp", "ORG"), ("PARIS", "GPE"), ("Widget Ltd", "ORG")]),
    # context types: a place after 'from' or before '-based'; a person-looking name ending in a company word
    ("He hired a Nagpur-based agent, and Bobby Kline Productions said so on Monday.",
     [("Bobby Kline Productions", "ORG"), ("Nagpur", "GPE")]),
    # one country under two names; a capitals dateline place; a preposition ends a name the model ran on
    ("OSLO, March 24 - Critics praised the Nordic Film Awards after the show.",
     [("Nordic Film Awards", "ORG"), ("OSLO", "GPE")]),
    ("Officials of the Kingdom of Norway met on Monday, and Norway said so on Tuesday.", [("Kingdom of Norway", "GPE")]),
    # a company name with 'and' inside, ending in a designator, is one name
    ("The deal is backed by a credit line from the Tallow and Finch Banking Corp, the bank said.",
     [("Tallow and Finch Banking Corp", "ORG")]),
    # ... but two company names with their legal forms joined by 'and' stay two
    ("The loan came from Zenith Inc and Omega Corp last year.", [("Omega Corp", "ORG"), ("Zenith Inc", "ORG")]),
    # a place the alias table knows stays a place though the gazetteer does not know that spelling
    ("The shares were sold at 7.25 H.K. dlrs apiece, and Hongkong traders were pleased.", [("Hong Kong", "GPE")]),
    # the dateline the metadata parser found is a place even where the model tags nothing
    ("Acme opens office\n\nLAHORE: Acme Corp opened its new office on Monday.", [("Acme Corp", "ORG"), ("LAHORE", "GPE")]),
    ("Acme opens office\n\nCOPENHAGEN, Oct 31 — Acme Corp opened its new office on Monday.",
     [("Acme Corp", "ORG"), ("COPENHAGEN", "GPE")]),
    # the portfolio in an office title before a name is no organization; a company in a title with a comma is
    ("US Secretary of State Jane Roe confirmed the visit in Paris on Friday.",
     [("Jane Roe", "PERSON"), ("Paris", "GPE"), ("United States", "GPE")]),
    ("The Chief Executive of Acme Corp, Tom Hale, spoke.", [("Acme Corp", "ORG"), ("Tom Hale", "PERSON")]),
    # a picture credit is no name
    ("Acme Corp opened a store in Paris. [Photo/IC]", [("Acme Corp", "ORG"), ("Paris", "GPE")]),
    # a capitalized common word opening a paragraph, written in lower case elsewhere, is no name ...
    ("Varlo buys jets\n\nBudget airline Varlo wants to buy 12 new jets. The airline said its budget model "
     "works.", [("Varlo", "ORG")]),
    # ... while a company of that name is still found where it is not opening a sentence
    ("Investors in Shell were pleased on Monday. Shell said profits rose, and no shell company was involved.",
     [("Shell", "ORG")]),
    # a place noun ending a name, a plural one after two names, a compass adjective before one: places
    ("Acme Corp cut power in Kestrel County on Monday.", [("Acme Corp", "ORG"), ("Kestrel County", "GPE")]),
    ("Flood warnings were issued for parts of Kestrel and Tallow counties on Tuesday.",
     [("Kestrel", "GPE"), ("Tallow", "GPE")]),
    ("Snow fell on the northern Varlo Nevada this week, and the Varlo Nevada foothills stayed dry.",
     [("Varlo Nevada", "LOC")]),
    # an acronym without the legal form or the place its long name opens with is that name
    ("The Ohio Public Works Board met on Monday. Later the PWB said it would hire staff.",
     [("Ohio Public Works Board", "ORG")]),
    ("Tallow Gas & Electric Co. cut power on Monday, and TG&E officials said it would last a day.",
     [("Tallow Gas & Electric Co.", "ORG")]),
    # two capitalized words joined by a possessive whose owner is never named alone: one title
    ("Fans wanted the Founder’s Edition bundle, the company said.", [("Founder’s Edition", "PRODUCT")]),
])
def test_entity_names(text, expected):
    got = sorted((e.canonical_name, e.entity_type) for e in rows(text).entities)
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # a byline: the name before a dash and a date is a person, the date no part of it; units after a number and a
    # time zone after a clock time are no companies
    ("Jane Roe - Nov 19, 2019, 8:15 pm CST\n\nAcme Corp has revealed a 300 MW solar farm with 11 kW chargers.",
     [("Acme Corp", "ORG"), ("Jane Roe", "PERSON")]),
    # a post after a name is no company
    ("Tom Hale, Acme Business Writer\nUpdated 5:27 am CST, Wednesday\n\nWidget Corp said profits rose.",
     [("Tom Hale", "PERSON"), ("Widget Corp", "ORG")]),
    # a 'person' ending in a world region is a company's unit
    ("Rob Hale, President Acme North America, said the deal with Banco de Norway closed.",
     [("Acme North America", "ORG"), ("Banco de Norway", "ORG"), ("Rob Hale", "PERSON")]),
    # an appositive calling a name a producer or provider makes it a company, every mention of it
    ("Meret Sol, a leading producer of medical technology, said it signed a deal. Meret Sol expects growth.",
     [("Meret Sol", "ORG")]),
    # a one-word name in a list of people is a person, not a brand (the list shows the members one by one)
    ("The fan named Dara Vell, Tomas Pike, Drake and Storm Hale as favourites.",
     [("Dara Vell", "PERSON"), ("Drake", "PERSON"), ("Storm Hale", "PERSON"), ("Tomas Pike", "PERSON")]),
    # a known place after a city and a comma is its state
    ("Widget Labs is based in Springfield, IL and sells tools.",
     [("IL", "GPE"), ("Springfield", "GPE"), ("Widget Labs", "ORG")]),
    # a name before a venue noun names the venue, no person
    ("Officials toured the city's Tam Lo prison on Monday.", [("Tam Lo", "FAC")]),
    # a hyphenated given name is part of the name
    ("President Moon Tae-in visited Acme Corp on Monday.", [("Acme Corp", "ORG"), ("Moon Tae-in", "PERSON")]),
    # an acronym set off by commas after a long name is that name
    ("Acme Corp signed a pact with Banco de Varlo, BDV, to run the refinery. BDV said it was pleased.",
     [("Acme Corp", "ORG"), ("Banco de Varlo", "ORG")]),
    # a name with a legal form of its own is no short form of a longer name
    ("Acme Q Cells and its parent Acme Group both grew last year.", [("Acme Group", "ORG"), ("Acme Q Cells", "ORG")]),
    # a capitalized kind of vehicle or deal is no company
    ("Investors in private equity call it PE, and the EV maker Acme Corp agreed.", [("Acme Corp", "ORG")]),
])
def test_names_that_are_not_what_the_model_says(text, expected):
    assert sorted((e.canonical_name, e.entity_type) for e in rows(text).entities) == expected


@pytest.mark.parametrize("text, expected", [
    # an age set off by commas follows only a person
    ("The agent, Skipper Holt, 38, declined to comment on the sale.", [("Skipper Holt", "PERSON", ("Skipper Holt",))]),
    # the name a byline opens with
    ("By Storm Hale | Daily Ledger\n\nThe council met on Monday.", [("Storm Hale", "PERSON", ("Storm Hale",))]),
    # the subject of a sentence that goes on with 'his' before any other name
    ("Skipper Holt is angry about how his partner ran the firm.", [("Skipper Holt", "PERSON", ("Skipper Holt",))]),
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
    ("It spent $2bn on US toy maker Harold Finch, bought last month.",
     [("Harold Finch", "ORG", ("Harold Finch",)), ("United States", "GPE", ("US", "United States"))]),
    # a person-looking name with a company appositive is a company, however the parse hangs the appositive
    ("Lena Park, founder of Kind Heart, a non-profit arts charity bringing music to schools, spoke.",
     [("Kind Heart", "ORG", ("Kind Heart",)), ("Lena Park", "PERSON", ("Lena Park",))]),
    # 'a bank clerk', 'his rival X', 'Acme Group vice-president': people stay people
    ("Jane Roe, a former bank clerk, met his rival Tom Hale on Monday.",
     [("Jane Roe", "PERSON", ("Jane Roe",)), ("Tom Hale", "PERSON", ("Tom Hale",))]),
    ("The startup hired Tom Hale, Acme Group vice-president for sales.",
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
        together = extract_parallel(items, replace(SETTINGS, workers=2, parallel_min_articles=2))
    finally:
        shutdown()
    assert together == alone and len(together[0]) == 5


def test_the_rules_read_a_docs_text_joined_once_even_for_a_doc_parsed_in_pieces():
    from flows.extract.article import parse_text
    from flows.extract.context import text_of

    nlp = load_nlp(SETTINGS.spacy_model, str(SETTINGS.alias_table))
    text = "Acme Corp said on Monday it would buy Widget Ltd.\n\nJane Roe, its chief executive, said sales rose 12%."
    for doc in (nlp(text), parse_text(nlp, text, chunk_chars=40)):
        assert text_of(doc) == doc.text == text
        assert text_of(doc) is text_of(doc)  # kept with the doc, not joined from its tokens again


@pytest.mark.parametrize("lengths, size, chars, groups", [
    ([5, 5, 5, 5, 5], 2, 100, [[5, 5], [5, 5], [5]]),          # the text count stops a batch
    ([40, 40, 40, 10, 10], 16, 90, [[40, 40], [40, 10, 10]]),  # the characters stop it
    ([10, 200, 10], 16, 50, [[10], [200], [10]]),               # a text longer than the limit goes alone
    ([], 16, 50, []),
])
def test_texts_are_piped_in_batches_of_at_most_so_many_texts_and_characters(lengths, size, chars, groups):
    from flows.extract.article import pipe_batches

    texts = ["x" * n for n in lengths]
    batches = list(pipe_batches(texts, size, chars))
    assert [[len(t) for t in batch] for batch in batches] == groups
    assert [t for batch in batches for t in batch] == texts


def test_piping_in_batches_gives_the_docs_of_one_pipe_in_order(monkeypatch):
    from flows.extract import article

    monkeypatch.setattr(article, "PIPE_CHARS", 150)  # batches of one to three of these texts
    nlp = load_nlp(SETTINGS.spacy_model, str(SETTINGS.alias_table))
    texts = [f"Acme{n} Corp said on Monday it bought Widget Ltd for ${n} million." * (1 + n % 3) for n in range(7)]
    one = [d.to_json() for d in nlp.pipe(texts, batch_size=16)]
    assert len(list(article.pipe_batches(texts, article.PIPE_BATCH, article.PIPE_CHARS))) > 2
    assert [d.to_json() for d in article.pipe(nlp, texts)] == one
