"""Metadata from plain text: whole records asserted for each header style news sites print."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flows.ingest.parse import parse_meta
from flows.records import ArticleMeta, Document


def meta(text: str) -> tuple:
    m = parse_meta(Document(Path("x.txt"), "inbox", text))
    return (m.title, m.published_date, m.author, m.source, m.dateline)


@pytest.mark.parametrize("text, expected", [
    ("Home / World / Asia\n\nFactory output rises in Vietnam\n\nAsia Daily | Updated: 2018-06-14 10:20\n\nOutput rose.",
     ("Factory output rises in Vietnam", date(2018, 6, 14), None, "Asia Daily", None)),
    ("Spotlight on green bonds\n\n  • Published: 12 September 2018\n  • Author: Jane Roe\n\nBonds are popular.",
     ("Spotlight on green bonds", date(2018, 9, 12), "Jane Roe", None, None)),
    (" date 2021-10-31 A shopper browses a market stall. — Reuters pic\n\n"
     "KUALA LUMPUR, Oct 31 — Sales rose this year, the company said. — Bernama",
     (None, date(2021, 10, 31), None, "Bernama", "KUALA LUMPUR")),
    ("Stocks slide as rates climb\nBy John Smith\nNov. 19, 2019 8:03 am ET\n\nStocks fell on Tuesday.",
     ("Stocks slide as rates climb", date(2019, 11, 19), "John Smith", None, None)),
    ("Markets calm\nMon November 18, 2019\n\nLONDON (Reuters) - Markets were calm on Monday.",
     ("Markets calm", date(2019, 11, 18), None, "Reuters", "LONDON")),
    ("Ship order placed\n2019-11-20 09:22 GMT\n\nThe yard won an order.",
     ("Ship order placed", date(2019, 11, 20), None, None, None)),
    ("ACME, WIDGET IN ACCORD\n\nPARIS, March 9 - Acme said it had signed a letter.\n REUTER",
     ("ACME, WIDGET IN ACCORD", None, None, "Reuter", "PARIS")),
    ("Bergen, the host of this year's fair, is known for its harbour and old wharf, and more.\n"
     "The company held meetings there in the spring of this year.",
     (None, None, None, None, None)),
    # 'By NAME, <date and time>' on one line
    ("Shares slide\nBy Jane Roe, Nov. 19, 2019 8:03 am ET\n\nShares fell on Tuesday.",
     ("Shares slide", date(2019, 11, 19), "Jane Roe", None, None)),
    # 'By NAME | PUBLISHER'
    ("Singer feuds with label\nBy Jane Roe | Daily Planet\nPublished November 18, 2019\n\nThe feud went on.",
     ("Singer feuds with label", date(2019, 11, 18), "Jane Roe", "Daily Planet", None)),
    # a bare name next to the date line, with the wire after a comma, and a title-case dateline
    ("Nurses rally for pay\nJohn Smith, Harbor Press\nPublished 9:12 PM EST Mar 3, 2021\n\n"
     "Springfield – Thousands of nurses rallied on Tuesday.",
     ("Nurses rally for pay", date(2021, 3, 3), "John Smith", "Harbor Press", "Springfield")),
    # a role after the name is not a publisher; a handle after it is dropped
    ("Club names new coach\nJane Roe @janeroe\nWednesday 3 March 2021 09:15, UK\n\nThe club said so.",
     ("Club names new coach", date(2021, 3, 3), "Jane Roe", None, None)),
    # a wire service alone under the headline
    ("Oil prices rise\nReuters\nMarch 3, 2020\n\nOil rose on Tuesday.",
     ("Oil prices rise", date(2020, 3, 3), None, "Reuters", None)),
    # 'City (Publisher) —' dateline
    ("Markets rally\n\nHong Kong (Asia Business) — Stocks rose on Friday.",
     ("Markets rally", None, None, "Asia Business", "Hong Kong")),
    # a dateline alone on its own line; the printed weekday date wins over 'yesterday' in the body
    ("Miner cuts jobs\nTuesday, March 8, 2011\nZUG, SWITZERLAND\n\nThe miner said yesterday it would cut jobs.",
     ("Miner cuts jobs", date(2011, 3, 8), None, None, "ZUG")),
    # a publication in a lower-case byline; a labelled source; a date line with separators
    ("Workers return home\nMarch 3 | 09:41 | 2021\nby Metro Post News Weekly\n\nLAHORE: They returned.",
     ("Workers return home", date(2021, 3, 3), "Metro Post News Weekly", "Metro Post News Weekly", "LAHORE")),
    ("Markets on a high\nJane Roe\nLast Updated : Mar 3, 2021 09:12 AM IST | Source: Marketwatchers.com\n\nText.",
     ("Markets on a high", date(2021, 3, 3), "Jane Roe", "Marketwatchers.com", None)),
    # a date in numbers, day first with dots; a bare name with its publisher above it
    ("Ten things to know today\nJane Roe, Harbor Press\n19.11.2019, 08:57\n\nGood morning.",
     ("Ten things to know today", date(2019, 11, 19), "Jane Roe", "Harbor Press", None)),
    # month first with slashes, and 'by NAME' closing the date line
    ("Acme Bets on Widgets\n5:45 AM PST 11/19/2019 by Jane Roe\n\nAcme said so.",
     ("Acme Bets on Widgets", date(2019, 11, 19), "Jane Roe", None, None)),
    # a name in capitals next to the date line; a capitals date label is no dateline
    ("Utility cuts power\nJANE ROE\nNov. 20, 2019\n\nThe utility cut power.",
     ("Utility cuts power", date(2019, 11, 20), "JANE ROE", None, None)),
    ("Agencies split on campaign\nUPDATED: Tue., Nov. 19, 2019\nBy Jane Roe\n\nThe campaign drew mockery.\n\nIt ran a week.",
     ("Agencies split on campaign", date(2019, 11, 19), "Jane Roe", None, None)),
    # a handle after a 'By' byline; a name before a dash and the date; a wire dateline with its country
    ("Acme hires a director\nBy Jane Roe @janeroe\nNov 19, 2019, 7:53pm EST\n\nAcme said so.",
     ("Acme hires a director", date(2019, 11, 19), "Jane Roe", None, None)),
    ("Widget reveals a coupe\nJane Roe - Nov 19, 2019, 8:15 pm CST\n\nWidget said so.",
     ("Widget reveals a coupe", date(2019, 11, 19), "Jane Roe", None, None)),
    ("Minister warns rivals\nTom Hale, Wire National Writer\nUpdated 5:27 am CST, Wednesday, November 20, 2019\n\n"
     "OSLO, Norway (Wire) — The minister spoke on Wednesday.",
     ("Minister warns rivals", date(2019, 11, 20), "Tom Hale", "Wire", "OSLO")),
])
def test_metadata_from_text(text, expected):
    assert meta(text) == expected


def test_caption_is_not_a_headline_and_dates_need_a_year():
    text = "Officials shake hands at the signing ceremony. [Photo/IC] |\nBEIJING, Jan 19 - The deal was signed."
    assert meta(text) == (None, None, None, None, "BEIJING")


def test_hints_from_html_or_json_win_and_counts_words():
    doc = Document(Path("a.json"), "inbox", "Acme bought Widget.", {"title": "T", "date": "2020-02-03T10:00:00",
                                                                      "author": "Ann", "source": "Wire"})
    assert parse_meta(doc) == ArticleMeta("T", date(2020, 2, 3), "Ann", "Wire", None, "en", 3)
