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
    ("Home / World / Asia\n\nFactory output rises in Vietnam\n\nAsia Daily | Updated: 2017-03-05 15:59\n\nOutput rose.",
     ("Factory output rises in Vietnam", date(2017, 3, 5), None, "Asia Daily", None)),
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
    ("RENAULT, CHRYSLER IN ACCORD\n\nPARIS, March 9 - Renault said it had signed a letter.\n REUTER",
     ("RENAULT, CHRYSLER IN ACCORD", None, None, "Reuter", "PARIS")),
    ("Hangzhou, the site of this year's summit, is famed for its lakes and historic buildings, and more.\n"
     "The company held meetings there in the spring of this year.",
     (None, None, None, None, None)),
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
