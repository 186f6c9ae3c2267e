"""Company identifiers: the ticker and ISIN of an organization a shipped list knows, from pytickersymbols (MIT:
about 1,800 companies of twenty stock indices, with their symbols and ISINs, in the package, offline), looked up in
a reference table (lookup.py).

A name matches on its listing key: folded (gazetteer.fold), legal forms dropped (cleanco, then the lexicon's
LEGAL_FORMS: 'Acme Aktiengesellschaft', 'Acme AG' and 'Acme' are one key), and on a second, shorter key without
generic trailing words ('Acme Motor Co' -> 'acme'; LISTING_GENERIC_WORDS), never cut to a generic word alone. A
brand a company trades under is listed as the company (lexicon.LISTED_AS, an editable table); a bare name several
companies bear gets nothing (SHARED_COMPANY_NAMES), nor does a listed name news uses for another company of its
group (LISTING_AMBIGUOUS). A key two listed companies share is dropped: no identifier rather than the wrong one.
Only ORG entities get identifiers.
docs/warehouse.md#company-identifiers.
"""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from flows.extract import lookup
from flows.extract.entities.gazetteer import fold
from flows.extract.lexicon import (
    LEGAL_FORMS,
    LISTED_AS,
    LISTING_AMBIGUOUS,
    LISTING_GENERIC_WORDS,
    LISTING_TOO_GENERIC,
    SHARED_COMPANY_NAMES,
)

COMPANY_TYPES = frozenset({"ORG"})
COLUMNS = ("ticker", "isin")
ISIN = re.compile(r"^[A-Z]{2}[A-Z0-9]{9}[0-9]$")
FULL, SHORT = 0, 1  # which key matched: the name less its legal form, or that less generic words too
REFERENCE = lookup.Reference("listing", ("key text", "kind integer", "name text", "ticker text", "isin text"),
                             ("key", "kind", "name"), ("pytickersymbols", "cleanco"), __name__,
                             ("flows.extract.lexicon",))  # an edit of its word lists builds the table again


def isin_valid(isin: str | None) -> bool:
    """Return True for an ISIN whose form and check digit are right (letters as 10-35, then Luhn)."""
    if not isin or not ISIN.match(isin):
        return False
    digits = "".join(str(int(c, 36)) for c in isin)
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n // 10 + n % 10
    return total % 10 == 0


def _drop_legal_form(name: str) -> str:
    """Return a folded name without its trailing legal forms ('acme motor co ltd' -> 'acme motor')."""
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for size in (3, 2, 1):
            if len(words) > size and " ".join(words[-size:]) in LEGAL_FORMS:
                words, changed = words[:-size], True
                break
    return " ".join(words)


def keys(name: str) -> tuple[str, str | None]:
    """Return the full and the short listing key of a company's name (the short one None when it is the same or
    would be a generic word alone)."""
    from cleanco import basename

    folded = fold(basename(name.replace("’", "'")) or name)
    full = _drop_legal_form(folded)
    words = full.split()
    while len(words) > 1 and words[-1] in LISTING_GENERIC_WORDS:
        words = words[:-1]
    short = " ".join(words)
    return full, None if short == full or short in LISTING_TOO_GENERIC or len(short) < 3 else short


def rows() -> Iterator[tuple]:
    """Yield (key, kind, listed name, ticker, ISIN) for each listing key of each listed company, and for each
    brand of LISTED_AS; a key two different companies share is left out."""
    from pytickersymbols import PyTickerSymbols

    found, by_name = defaultdict(set), {}
    for stock in PyTickerSymbols().get_all_stocks():
        symbols = [s.get("yahoo") for s in stock.get("symbols") or () if s.get("yahoo")]
        ticker = stock.get("symbol") or (symbols[0] if symbols else None)
        isin = next((i for i in stock.get("isins") or () if isin_valid(i)), None)
        by_name[stock["name"]] = (ticker, isin)
        for kind, key in enumerate(keys(stock["name"])):
            if key:
                found[key, kind].add((stock["name"], ticker, isin))
    for brand, listed in LISTED_AS.items():
        if listed in by_name:
            found[fold(brand), FULL] = {(listed, *by_name[listed])}
    for (key, kind), companies in found.items():
        if len({isin or ticker for _, ticker, isin in companies}) == 1 and key not in LISTING_AMBIGUOUS:
            yield (key, kind, *min(companies, key=str))


@lru_cache(maxsize=1)
def table() -> sqlite3.Connection:
    """Return a read-only connection to the reference table, built on first use."""
    return lookup.connect(REFERENCE)


@lru_cache(maxsize=65536)
def identify(name: str) -> dict:
    """Return the ticker and ISIN of a company name (both None when no listed company has its key): its full key,
    then its short key, against the listed companies' full keys, then against their short keys; a name of two
    ('Acme/Widget Group') by each of its parts when it does not match whole."""
    if fold(name).strip(" -") in SHARED_COMPANY_NAMES:
        return dict.fromkeys(COLUMNS)
    found = _match(name)
    for part in name.split("/") if found is None and "/" in name else ():
        found = found or _match(part)
    return dict(zip(COLUMNS, found or (None, None)))


def _match(name: str) -> tuple | None:
    """Return (ticker, ISIN) of the listed company whose key a name has, None when there is none."""
    full, short = keys(name)
    query = "select ticker, isin from listing where key = ? and kind = ? order by name limit 1"
    for key, kind in ((full, FULL), (short, FULL), (full, SHORT), (short, SHORT)):
        if key and (found := table().execute(query, [key, kind]).fetchone()):
            return found
    return None


def listing_of(entity) -> dict:
    """Return the identifier columns of an entity: looked up for an organization, None for anything else."""
    if entity.entity_type not in COMPANY_TYPES:
        return dict.fromkeys(COLUMNS)
    return identify(entity.canonical_name)
