"""Event rules on small sentences: one whole row per actor pair, the trigger phrase reproduced by its offsets."""
from __future__ import annotations

from datetime import date

import pytest
from test_extract import rows


def events(text: str) -> list[tuple]:
    art = rows(text)
    names = {e.ref: e.canonical_name for e in art.entities}
    return [(v["event_type"], names[v["actor1"]], names.get(v["actor2"]), v["trigger_text"]) for v in art.events]


@pytest.mark.parametrize("text, expected", [
    # verbal trigger with its object, and a hedged one skipped
    ("Acme Corp signed an agreement with Widget Ltd on Monday.\nZenith Inc may acquire Omega Corp next year.",
     [("agreement", "Acme Corp", "Widget Ltd", "signed an agreement")]),
    # a list of partners: one event per named partner
    ("Acme Corp signed supply contracts with Widget Ltd, Zenith Inc and Omega Corp last year.",
     [("agreement", "Acme Corp", "Widget Ltd", "signed supply contracts"),
      ("agreement", "Acme Corp", "Zenith Inc", "signed supply contracts"),
      ("agreement", "Acme Corp", "Omega Corp", "signed supply contracts")]),
    # the other party inside a noun phrase
    ("Acme Corp bought a 20% stake in Widget Ltd in May.", [("acquisition", "Acme Corp", "Widget Ltd", "bought a 20% stake")]),
    # nominal trigger: possessor and 'of'
    ("Analysts welcomed Acme Corp's acquisition of Widget Ltd on Monday.",
     [("acquisition", "Acme Corp", "Widget Ltd", "acquisition")]),
    # passive: the agent acts
    ("Widget Ltd was acquired by Acme Corp in 2015.", [("acquisition", "Acme Corp", "Widget Ltd", "acquired")]),
    # a sale: the buyer and what was bought
    ("The founders sold Widget Ltd to Acme Corp in 2011.", [("acquisition", "Acme Corp", "Widget Ltd", "sold")]),
    # a relative clause names its doer by its head
    ("Delegates met at a conference of the Acme Foundation, which gave $5 million to Widget Ltd last year.",
     [("donation", "Acme Foundation", "Widget Ltd", "gave")]),
    # a single named actor where the type allows it
    ("Acme Corp invested $500 million over five years.", [("investment", "Acme Corp", None, "invested")]),
    # a role given with 'as': the organization (named, or the subject) and the person
    ("Acme Corp hired John Smith as its chief executive on Monday.",
     [("appointment", "Acme Corp", "John Smith", "hired")]),
    ("Mary Jones will replace John Smith as Acme Corp's chief executive next year.",
     [("appointment", "Acme Corp", "John Smith", "replace"), ("appointment", "Acme Corp", "Mary Jones", "replace")]),
    # an order for another company's product
    ("Acme Corp has placed an order for 70 Widget Ltd machines worth $4bn.",
     [("agreement", "Acme Corp", "Widget Ltd", "placed an order")]),
    # the seller of a stake is not a party; 'it' after a passive agent is that agent
    ("Acme Corp bought the 18.8% stake from Zenith Investments on Friday.", []),
    ("The industry is driven by Acme Corp, the biggest winemaker. It bought Widget Ltd for $1bn in 2003.",
     [("acquisition", "Acme Corp", "Widget Ltd", "bought")]),
    # a capitals headline read by token patterns, names found from the running text
    ("ACME, WIDGET IN ACCORD FOR WIDGET TO BUY ZENITH\n\nPARIS, March 9 - Acme Corp said profits rose. "
     "Widget Ltd has big plans. Zenith Inc said nothing.",
     [("agreement", "Acme Corp", "Widget Ltd", "ACCORD"), ("acquisition", "Widget Ltd", "Zenith Inc", "BUY")]),
    # a verbless headline: the name before the trigger and the one after it
    ("Norwind Air in $4bn Aerotech plane deal\n\nNorwind Air has many planes. Aerotech Corp makes them.",
     [("agreement", "Norwind Air", "Aerotech Corp", "deal")]),
    # a city is not an actor; 'according to' is not an agreement
    ("Acme Corp, based in Chicago, said profits rose, according to Widget Ltd.", []),
])
def test_events(text, expected):
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
