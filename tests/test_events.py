"""Event rules on small sentences: one whole row per actor pair, the trigger phrase reproduced by its offsets."""
from __future__ import annotations

from datetime import date

import pytest
from test_extract import SETTINGS, rows

from flows.extract.events.confidence import DEFAULT, MEASURED, MIN_ROWS, confidence
from flows.extract.events.families import enabled
from flows.extract.events.patterns import trigger_matches
from flows.extract.nlp import load_nlp


def events(text: str) -> list[tuple]:
    """Whole staged fact_event rows: type, both actors' names and types, trigger text and offsets, date and source,
    and the rule family that made the row."""
    art = rows(text)
    names = {e.ref: (e.canonical_name, e.entity_type) for e in art.entities}
    return [(v["event_type"], *names[v["actor1"]], *names.get(v["actor2"], (None, None)), v["trigger_text"],
             v["char_start"], v["char_end"], v["event_date"], v["event_date_source"], v["rule"]) for v in art.events]


@pytest.mark.parametrize("text, expected", [
    # verbal family: a trigger with its object, a hedged one skipped
    ("Acme Corp signed an agreement with Widget Ltd on Monday.\nZenith Inc may acquire Omega Corp next year.",
     [("agreement", "Acme Corp", "ORG", "Widget Ltd", "ORG", "signed an agreement", 10, 29, None, None, "verb:sign")]),
    # a list of partners: one event per named partner
    ("Acme Corp signed supply contracts with Widget Ltd, Zenith Inc and Omega Corp last year.",
     [("agreement", "Acme Corp", "ORG", "Widget Ltd", "ORG", "signed supply contracts", 10, 33, None, None, "verb:sign"),
      ("agreement", "Acme Corp", "ORG", "Zenith Inc", "ORG", "signed supply contracts", 10, 33, None, None, "verb:sign"),
      ("agreement", "Acme Corp", "ORG", "Omega Corp", "ORG", "signed supply contracts", 10, 33, None, None, "verb:sign")]),
    # joint doers listed (the model reads the second name as an apposition): one event per partner
    ("Acme Corp, Widget Ltd and Zenith Inc formed an alliance in 2019.",
     [("partnership", "Acme Corp", "ORG", "Widget Ltd", "ORG", "formed an alliance", 37, 55, date(2019, 1, 1), "stated", "noun:alliance"),
      ("partnership", "Acme Corp", "ORG", "Zenith Inc", "ORG", "formed an alliance", 37, 55, date(2019, 1, 1), "stated", "noun:alliance")]),
    # the other party inside a noun phrase
    ("Acme Corp bought a 20% stake in Widget Ltd in May.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "bought a 20% stake", 10, 28, None, None, "verb:buy")]),
    # nominal family: possessor and 'of', 'of' and 'by', 'with', 'its ... in'
    ("Analysts welcomed Acme Corp's acquisition of Widget Ltd on Monday.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "acquisition", 30, 41, None, None, "noun:acquisition-of")]),
    ("Analysts welcomed the takeover of Widget Ltd by Acme Corp on Monday.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "takeover", 22, 30, None, None, "noun:takeover-of")]),
    ("Acme Corp announced a $2bn deal with Widget Ltd on Monday.",
     [("agreement", "Acme Corp", "ORG", "Widget Ltd", "ORG", "announced a $2bn deal", 10, 31, None, None, "noun:deal-with")]),
    ("Acme Corp said its investment in Widget Ltd had paid off.",
     [("investment", "Acme Corp", "ORG", "Widget Ltd", "ORG", "investment", 19, 29, None, None, "noun:investment-in")]),
    # payment family: money paid for a company buys it; not when hedged
    ("Acme Corp paid $1bn for Widget Ltd in 2018.\nZenith Inc could pay $2bn for Omega Corp.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "paid", 10, 14, date(2018, 1, 1), "stated", "payment:pay")]),
    # departure family: every person of the subject with the organization left; not hedged, not a place
    ("Tom Finch and his son Sam Finch resigned from Acme Corp's board last week.\nMary Jones may leave "
     "Widget Ltd. John Smith left London on Friday.",
     [("other", "Tom Finch", "PERSON", "Acme Corp", "ORG", "resigned", 32, 40, None, None, "departure:resign"),
      ("other", "Sam Finch", "PERSON", "Acme Corp", "ORG", "resigned", 32, 40, None, None, "departure:resign")]),
    ("John Smith quit Acme Corp in 2019.",
     [("other", "John Smith", "PERSON", "Acme Corp", "ORG", "quit", 11, 15, date(2019, 1, 1), "stated", "departure:quit")]),
    # collaboration family: working with someone (a participle's noun works); working for someone is a job;
    # a person working with a company works for the organization of their title (none named: no row)
    ("Widget Ltd, a toy company working with Acme Corp, grew.\nMary Jones worked for Acme Corp for years.",
     [("partnership", "Widget Ltd", "ORG", "Acme Corp", "ORG", "working", 26, 33, None, None, "collaboration:work")]),
    ("John Smith, a Widget Ltd engineer working with Acme Corp, spoke.",
     [("partnership", "Widget Ltd", "ORG", "Acme Corp", "ORG", "working", 34, 41, None, None, "collaboration-title:work")]),
    ("Tom Hale, Acme Corp's chief engineer, is working with Widget Ltd on the engine.",
     [("partnership", "Acme Corp", "ORG", "Widget Ltd", "ORG", "working", 41, 48, None, None, "collaboration-title:work")]),
    ("Tom Hale is working with Widget Ltd.", []),
    ("Acme Corp is working with Widget Ltd on the engine.",
     [("partnership", "Acme Corp", "ORG", "Widget Ltd", "ORG", "working", 13, 20, None, None, "collaboration:work")]),
    # tenure family: a person put in charge of an organization (organization first, as an appointment)
    ("John Smith returned to manage Acme Corp in 2016.\nMary Jones may coach Widget Ltd.",
     [("appointment", "Acme Corp", "ORG", "John Smith", "PERSON", "manage", 23, 29, date(2016, 1, 1), "stated", "tenure:manage")]),
    # ruling family: the possessor's judgment on a named party; not on a thing
    ("Investors cheered the High Court's ruling on Acme Corp in May.\nThe company's decision on dividends was late.",
     [("other", "High Court", "ORG", "Acme Corp", "ORG", "ruling", 35, 41, None, None, "ruling:ruling")]),
    # passive: the agent acts
    ("Widget Ltd was acquired by Acme Corp in 2015.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "acquired", 15, 23, date(2015, 1, 1), "stated", "verb:acquire")]),
    # a sale: the buyer and what was bought
    ("The founders sold Widget Ltd to Acme Corp in 2011.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "sold", 13, 17, date(2011, 1, 1), "stated", "verb:sell-to")]),
    # families off by default (families.OFF_BY_DEFAULT): donations by 'give', investments by 'invest', a sale
    # without a buyer named by 'to', launch verbs other than 'launch', bids
    ("Delegates met at a conference of the Acme Foundation, which gave $5 million to Widget Ltd last year.", []),
    ("Acme Corp invested $500 million over five years.", []),
    ("Acme Corp sells Widget Ltd cars in Europe.", []),
    ("Acme Corp introduced new rules for Widget Ltd staff.", []),
    ("Acme Corp bid for Widget Ltd in May.", []),
    # role family: the organization (named, or the subject) and the person
    ("Acme Corp hired John Smith as its chief executive on Monday.",
     [("appointment", "Acme Corp", "ORG", "John Smith", "PERSON", "hired", 10, 15, None, None, "role:hire")]),
    ("Mary Jones will replace John Smith as Acme Corp's chief executive next year.",
     [("appointment", "Acme Corp", "ORG", "John Smith", "PERSON", "replace", 16, 23, None, None, "role:replace"),
      ("appointment", "Acme Corp", "ORG", "Mary Jones", "PERSON", "replace", 16, 23, None, None, "role:replace")]),
    # an order for another company's product
    ("Acme Corp placed an order for 12 Widget Ltd machines worth $4bn.",
     [("agreement", "Acme Corp", "ORG", "Widget Ltd", "ORG", "placed an order", 10, 25, None, None, "noun:order-for")]),
    # the seller of a stake is not a party; 'it' after a passive agent is that agent
    ("Acme Corp bought the 12.5% stake from Zenith Investments on Friday.", []),
    ("The market is led by Acme Corp, the largest brewer. It bought Widget Ltd for $1bn in 2003.",
     [("acquisition", "Acme Corp", "ORG", "Widget Ltd", "ORG", "bought", 55, 61, date(2003, 1, 1), "stated", "verb:buy")]),
    # a capitals headline read by token patterns, names found from the running text
    ("ACME, WIDGET IN ACCORD FOR WIDGET TO BUY ZENITH\n\nPARIS, March 9 - Acme Corp said profits rose. "
     "Widget Ltd has big plans. Zenith Inc said nothing.",
     [("agreement", "Acme Corp", "ORG", "Widget Ltd", "ORG", "ACCORD", 16, 22, None, None, "headline:accord"),
      ("acquisition", "Widget Ltd", "ORG", "Zenith Inc", "ORG", "BUY", 37, 40, None, None, "headline:buy")]),
    # a verbless headline: the name before the trigger and the one after it
    ("Norwind Air in $4bn Aerotech plane deal\n\nNorwind Air has many planes. Aerotech Corp makes them.",
     [("agreement", "Norwind Air", "ORG", "Aerotech Corp", "ORG", "deal", 35, 39, None, None, "headline:deal")]),
    # a city is not an actor; 'according to' is not an agreement
    ("Acme Corp, based in Chicago, said profits rose, according to Widget Ltd.", []),
])
def test_events(text, expected):
    assert events(text) == expected


@pytest.mark.parametrize("text, expected", [
    # lawsuits: a suing verb, a lawsuit noun whose other party is named with 'against'
    ("Acme Corp filed a lawsuit against Widget Ltd in May.",
     [("other", "Acme Corp", "ORG", "Widget Ltd", "ORG", "filed a lawsuit", 10, 25, None, None, "noun:lawsuit-against")]),
    ("Acme Corp sued Widget Ltd over a patent in 2019.",
     [("other", "Acme Corp", "ORG", "Widget Ltd", "ORG", "sued", 10, 14, date(2019, 1, 1), "stated", "verb:sue")]),
    # contracts awarded and won
    ("Acme Corp awarded Widget Ltd a contract to build the bridge.",
     [("agreement", "Acme Corp", "ORG", "Widget Ltd", "ORG", "awarded Widget Ltd a contract", 10, 39, None, None,
       "verb:award")]),
    ("Widget Ltd won a $5m contract from Acme Corp.",
     [("agreement", "Widget Ltd", "ORG", "Acme Corp.", "ORG", "won a $5m contract", 11, 29, None, None,
       "noun:contract-from")]),
    # visits: a visit paid, a place that belongs to someone visits its owner, any place is visited
    ("Tom Hale paid a visit to Acme Corp's plant in Ohio in May.",
     [("visit", "Tom Hale", "PERSON", "Acme Corp", "ORG", "paid a visit", 9, 21, None, None, "noun:visit-to")]),
    ("Jane Roe visited Boston in May.",
     [("visit", "Jane Roe", "PERSON", "Boston", "GPE", "visited", 9, 16, None, None, "verb:visit")]),
    # appointments: a role as the verb's complement, a person joining an organization (an organization joining
    # an alliance is no appointment)
    ("Jane Roe has been appointed chief executive of Widget Ltd.",
     [("appointment", "Widget Ltd.", "ORG", "Jane Roe", "PERSON", "appointed", 18, 27, None, None,
       "role-complement:appoint")]),
    ("Jane Roe joined Widget Ltd as finance director in May.",
     [("appointment", "Widget Ltd", "ORG", "Jane Roe", "PERSON", "joined", 9, 15, None, None, "arrival:join")]),
    ("Widget Ltd joined the Tallow alliance in May.", []),
    # departures: stepping down (not stepping in), an organization putting a person out (not firing missiles)
    ("Tom Hale stepped down as chairman of Acme Corp in 2018.",
     [("other", "Tom Hale", "PERSON", "Acme Corp", "ORG", "stepped", 9, 16, date(2018, 1, 1), "stated",
       "departure:step")]),
    ("Tom Hale stepped in as chairman of Acme Corp in 2018.", []),
    # a departure that names nothing left: the organization of the leaver's own title
    ("Acme Corp CEO Tom Hale is stepping down in May.",
     [("other", "Tom Hale", "PERSON", "Acme Corp", "ORG", "stepping", 26, 34, None, None, "departure:step")]),
    ("Acme Corp's chief executive, Tom Hale, resigned on Monday.",
     [("other", "Tom Hale", "PERSON", "Acme Corp", "ORG", "resigned", 39, 47, None, None, "departure:resign")]),
    ("Tom Hale, who advised Acme Corp, resigned.", []),
    ("Acme Corp CEO Tom Hale left London.", []),
    ("Acme Corp CEO Tom Hale may step down.", []),
    ("Widget Ltd sacked its manager, Tom Hale, in June.",
     [("other", "Widget Ltd", "ORG", "Tom Hale", "PERSON", "sacked", 11, 17, None, None, "dismissal:sack")]),
    ("Acme Corp fired two missiles.", []),
    # meetings between named parties; a target met is none
    ("Jane Roe met Tom Hale in Boston on Monday.",
     [("other", "Jane Roe", "PERSON", "Tom Hale", "PERSON", "met", 9, 12, None, None, "verb:meet")]),
    ("Acme Corp met its targets.", []),
    # a meeting the clause happens in: the clause's subject meets the party named with 'with'; not a meeting acted on
    ("Tom Hale said on Monday in a meeting with Jane Roe that prices would rise.",
     [("other", "Tom Hale", "PERSON", "Jane Roe", "PERSON", "meeting", 29, 36, None, None, "noun-setting:meeting-with")]),
    ("Acme Corp chief executive Tom Hale spoke during a chat with Widget Ltd founder Jane Roe.",
     [("other", "Tom Hale", "PERSON", "Jane Roe", "PERSON", "chat", 50, 54, None, None, "noun-setting:chat-with")]),
    ("Tom Hale discussed the meeting with Jane Roe.", []),
    # the parse may hang the meeting on the reporting verb: the subject nearest before it takes part
    ("Acme Corp said Tom Hale at a meeting with Jane Roe in Boston also stressed the need for reform.",
     [("other", "Tom Hale", "PERSON", "Jane Roe", "PERSON", "meeting", 29, 36, None, None, "noun-setting:meeting-with")]),
    ("Tom Hale said during a meeting between Acme Corp and Widget Ltd that prices would rise.", []),
    # a launch verb of another main sense launches only a name or a product
    ("Zenith Systems revealed a loss of $5m.", []),
    ("Acme Corp unveiled plans to cut jobs.", []),
    ("Acme Corp unveiled a new electric car in May.",
     [("launch", "Acme Corp", "ORG", None, None, "unveiled", 10, 18, None, None, "verb:unveil")]),
    # a launch has one actor: the product launched is no party, though named; a partner launching with it is
    ("Acme Corp revealed the Varlo Concept in May.",
     [("launch", "Acme Corp", "ORG", None, None, "revealed", 10, 18, None, None, "verb:reveal")]),
    ("Acme Corp launched Widget Pay, a payment service, on Monday.",
     [("launch", "Acme Corp", "ORG", None, None, "launched", 10, 18, None, None, "verb:launch")]),
    ("Acme Corp launched the Varlo app with Widget Ltd.",
     [("launch", "Acme Corp", "ORG", "Widget Ltd.", "ORG", "launched", 10, 18, None, None, "verb:launch")]),
    ("Acme Corp Bets on Phones With Launch of Varlo Service\n\nAcme Corp said sales start in May. Varlo Service "
     "is its new app.",
     [("launch", "Acme Corp", "ORG", None, None, "Launch", 30, 36, None, None, "headline:launch")]),
    ("ACME CORP LAUNCHES VARLO PHONE\n\nAcme Corp said sales start in May. Varlo is its new phone.",
     [("launch", "Acme Corp", "ORG", None, None, "LAUNCHES", 10, 18, None, None, "headline:launch")]),
])
def test_event_classes(text, expected):
    """The general classes of business events (lexicon.TRIGGERS, FRAMES): one whole row per actor pair."""
    assert events(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Acme Corp bought Widget Ltd on March 3, 2019.", (date(2019, 3, 3), "stated")),
    ("Acme Corp will buy Widget Ltd through 2028.", (date(2019, 11, 19), "published")),
    ("Acme Corp bought Widget Ltd in 2018.", (date(2018, 1, 1), "stated")),
    ("Acme Corp bought Widget Ltd last month.", (date(2019, 10, 1), "relative")),
    ("Acme Corp bought Widget Ltd on Friday.", (date(2019, 11, 15), "relative")),
    ("Acme Corp bought Widget Ltd yesterday.", (date(2019, 11, 18), "relative")),
    ("Acme Corp bought Widget Ltd.", (date(2019, 11, 19), "published")),
])
def test_event_dates(text, expected):
    """The article's printed date (Tuesday 19 November 2019) resolves relative days."""
    art = rows("Deal done\nTuesday, November 19, 2019\n\n" + text)
    assert [(v["event_date"], v["event_date_source"]) for v in art.events] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Acme Corp acquired Widget Ltd in 2019.", [("acquired", "verb", [], [])]),
    ("Acme Corp's acquisition of Widget Ltd was approved.", [("acquisition", "noun", ["Corp"], ["Ltd"])]),
    ("The takeover of Widget Ltd by Acme Corp was approved.", [("takeover", "noun", ["Corp"], ["Ltd"])]),
    ("Acme Corp paid $1bn for Widget Ltd in 2019.", [("paid", "payment", [], ["Ltd"])]),
    ("Acme Corp hired John Smith as chief executive.", [("hired", "role", [], []), ("hired", "verb", [], [])]),
    ("John Smith resigned from Acme Corp in May.", [("resigned", "departure", [], ["Corp"])]),
    ("Acme Corp is working with Widget Ltd on the engine.", [("working", "collaboration", [], ["Ltd"])]),
    ("John Smith headed Acme Corp for years.", [("headed", "tenure", [], ["Corp"])]),
    ("The court's ruling on Acme Corp was final.", [("ruling", "ruling", ["court"], ["Corp"])]),
    ("Jane Roe was named chief executive of Acme Corp.",
     [("named", "role-complement", [], []), ("named", "verb", [], [])]),
    ("Tom Hale joined Acme Corp in May.", [("joined", "arrival", [], ["Corp"])]),
    ("Acme Corp sacked Tom Hale.", [("sacked", "dismissal", [], ["Hale"])]),
])
def test_trigger_families(text, expected):
    """Each DependencyMatcher family finds its trigger and the argument heads the parse attaches to it."""
    doc = load_nlp(SETTINGS.spacy_model, str(SETTINGS.alias_table))(text)
    found = [(doc[i].text, family, [t.text for t in args["doer"]], [t.text for t in args["other"]])
             for (i, family), args in trigger_matches(doc).items()]
    assert found == expected


@pytest.mark.parametrize("rule, on", [
    ("verb:buy", True), ("verb:sell-to", True), ("verb:sell", False), ("noun:bid-for", False),
    ("noun-subject:deal-with", False), ("headline:bid", False), ("headline:buy", True), ("verb:launch", True),
    ("verb:reveal", True), ("verb:introduce", False), ("verb:unveil", True), ("headline:visit", False), ("verb:sue", True),
])
def test_families_off_by_default(rule, on):
    assert enabled(rule) is on


@pytest.mark.parametrize("text", [
    # factuality: negated, a purpose, under a commitment or request, a prospect, ended or lost
    "Acme Corp did not buy Widget Ltd last year.",
    "Acme Corp made a fresh approach to buy Widget Ltd.",
    "Zenith Inc, the company tipped to buy Widget Ltd, said nothing.",
    "Acme Corp pledged to launch the Widget phone.",
    "Regulators reviewed the possible takeover of Widget Ltd by Acme Corp.",
    "Acme Corp negotiated an end to its alliance with Widget Ltd.",
    "Acme Corp lost its sponsorship deal with Widget Ltd.",
    # what the trigger acts on: a launch of an investigation, a purchase of goods, a command
    "Acme Corp launched an investigation into Widget Ltd.",
    "Acme Corp bought dollars from Widget Ltd.",
    "The judge ordered Acme Corp to pay Widget Ltd.",
    # whom 'it' and 'the firm' stand for: nobody when unclear, never a name that only modifies a noun
    "Acme Corp and Zenith Inc grew in May. It bought Widget Ltd on Monday.",
    "The Acme Corp administration changed. The firm bought Widget Ltd on Monday.",
    "Acme Corp shareholders signed a deal with Widget Ltd.",
    # a headline launch: a place launches nothing, a weak launch verb has no object to check there
    "UK debut for Jane Roe film\n\nJane Roe stars in the film by Acme Corp.",
    "ACME CORP AUDIT REVEALS ERRORS\n\nAcme Corp said an audit found errors.",
])
def test_no_event_when_not_done_or_not_what_the_event_needs(text):
    assert events(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Acme Corp launched a new phone in May.", [("launch", "Acme Corp", None, "verb:launch")]),
    ("Acme Corp said it bought Widget Ltd on Monday.", [("acquisition", "Acme Corp", "Widget Ltd", "verb:buy")]),
    ("Acme Corp grew fast. The firm bought Widget Ltd on Monday.", [("acquisition", "Acme Corp", "Widget Ltd", "verb:buy")]),
    ("Acme Corp agreed to buy 51% of Widget Ltd on Monday.", [("acquisition", "Acme Corp", "Widget Ltd", "verb:buy")]),
])
def test_events_that_pass_the_checks(text, expected):
    assert [(r[0], r[1], r[3], r[-1]) for r in events(text)] == expected


@pytest.mark.parametrize("rule, expected", [
    ("verb:buy", MEASURED["verb:buy"].precision),      # measured on enough rows: its own figure
    ("verb:acquire", MEASURED["verb:*"].precision),   # too few rows of its own: its group's
    ("payment:pay", DEFAULT),                          # a group nobody measured
])
def test_confidence_is_the_measured_precision(rule, expected):
    assert confidence(rule) == round(expected, 2)
    assert all(0 <= m.precision <= 1 and m.rows >= MIN_ROWS for m in MEASURED.values())


@pytest.mark.parametrize("line, form", [
    ("acme  widget corp to buy zenith", "widget corp"),
    ("acme-widget deal  acme s  acmex", "acme"),
    ("widget2 widget_ widget", "widget"),
    ("  élan vital   élan", "élan"),
    ("a b", ""),
    ("", "acme"),
])
def test_a_headline_finds_a_name_only_as_a_whole_word_as_the_pattern_would(line, form):
    import re

    from flows.extract.events.headlines import whole_hits

    expected = [(h.start(), h.end()) for h in re.finditer(rf"(?<![\w]){re.escape(form)}(?![\w])", line)]
    assert list(whole_hits(line, form)) == expected
