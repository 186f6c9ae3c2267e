"""Company identifiers: an organization a shipped list of index companies knows gets its ticker and ISIN; legal
forms and generic words do not stop a match, a name two companies share or a generic word alone gives nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from samples import at, query

from flows.extract import listings
from flows.frames import to_frames
from flows.quality import audit
from flows.records import ArticleMeta, ArticleRows, Checked, Entity, article_id
from flows.settings import Settings
from flows.warehouse import ledger, loader


@pytest.mark.parametrize(("name", "expected"), [
    # the shipped list is what is tested here, so these are companies in it
    ("Apple Inc.", ("AAPL", "US0378331005")),
    ("Apple", ("AAPL", "US0378331005")),                      # legal form dropped on the list's side
    ("Siemens Aktiengesellschaft", ("SIE.DE", "DE0007236101")),  # the long German form cleanco leaves
    ("Deutsche Bank AG", ("DBK.DE", "DE0005140008")),
    ("Ford", ("F", "US3453708600")),                          # 'Ford Motor Company' less its generic words
    ("Google", ("GOOGL", "US02079K1079")),                    # a brand the lexicon lists as its company
    ("SoftBank", (None, None)),                               # listed as another company of its group: none
    ("Mitsubishi", (None, None)),                             # a name several companies bear, alone: none
    ("Mitsubishi Motors", ("7211.T", "JP3899800001")),        # the fuller name is one of them
    ("Apple Hospitality", (None, None)),                      # a longer name is another company
    ("General", (None, None)),                                # never cut down to a generic word
    ("Widget Holdings Ltd", (None, None)),                    # an invented company: not listed
])
def test_a_listed_company_is_identified_by_its_name_with_or_without_legal_forms(name, expected):
    found = listings.identify(name)
    assert (found["ticker"], found["isin"]) == expected


@pytest.mark.parametrize(("name", "keys"), [
    ("Widget Aktiengesellschaft", ("widget", None)),
    ("Widget AG", ("widget", None)),
    ("Acme Motor Co., Ltd.", ("acme motor", "acme")),
    ("The Acme Group plc", ("acme", None)),                   # 'group' ends names as a legal form does
    ("Widget Motors Company", ("widget motors", "widget")),
    ("General Motors Company", ("general motors", None)),     # 'general' alone is too generic a key
])
def test_listing_keys_drop_legal_forms_then_generic_words(name, keys):
    assert listings.keys(name) == keys


@pytest.mark.parametrize(("isin", "valid"), [
    ("US0378331005", True), ("DE0007664005", True), ("GB00BP6MXD84", True),
    ("US0378331006", False),   # one digit off: the check digit catches it
    ("US037833100", False),    # too short
    (None, False),
])
def test_an_isin_is_checked_by_its_form_and_check_digit(isin, valid):
    assert listings.isin_valid(isin) is valid


def test_only_organizations_are_identified():
    assert listings.listing_of(Entity("ford", "PERSON", "Ford")) == {"ticker": None, "isin": None}
    assert listings.listing_of(Entity("ford", "ORG", "Ford")) == {"ticker": "F", "isin": "US3453708600"}


def test_the_warehouse_keeps_the_identifiers_and_its_suite_checks_them(tmp_path):
    wh = tmp_path / "w.duckdb"
    plain = Entity("apple", "ORG", "Apple", None, ["Apple"])
    listed = Entity("apple", "ORG", "Apple", None, ["Apple"], listing=listings.listing_of(plain))
    bodies = ["Apple opened a store in Acme Mall on Monday.", "Apple hired 40 engineers, Widget Corp said."]
    run_id = ledger.start_run(at(wh))
    for number, (body, entity) in enumerate(zip(bodies, [plain, listed]), start=1):  # identified by the second
        meta = ArticleMeta(None, date(2024, 5, 14), None, None, None, "en", len(body.split()))
        art = ArticleRows(article_id(body), Path(f"{number}.txt"), "inbox", body, meta, entities=[entity])
        loader.load_batch(at(wh), loader.ToLoad(run_id, Checked(number, [art], to_frames([art]))))
    assert query(wh, "select canonical_name, ticker, isin from dim_entity where entity_key > 0") == [
        ("Apple", "AAPL", "US0378331005")]
    assert audit.audit(at(wh), Settings().expectations_dir).clean
    with at(wh).connect() as con:  # a mistyped ISIN fails the audit
        con.execute("update dim_entity set isin = 'US0378331006' where entity_key > 0")
    found = audit.audit(at(wh), Settings().expectations_dir)
    assert not found.clean and "isin_check_digit" in str(found.failures["dim_entity"])
