"""Quantities: money with ISO currency, percentages and counts of things, with their exact offsets."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from flows.extract.context import sentence_of, sentence_starts, text_of
from flows.records import EntityRef, Mention

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "half a": 0.5, "a dozen": 12,
}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
          "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12, "lakh": 1e5, "lakhs": 1e5,
          "crore": 1e7, "crores": 1e7}
# Units of measure: a number with one is a measurement ('kind' other), not a count of things.
# Lengths, areas, volumes, powers, speeds, data sizes and frequencies, in words or symbols ('5.5-inch', '120 kWh',
# '471 horsepower', '63 kilometers'); a rate ('per gallon', 'per second') stays part of the unit.
MEASURE = re.compile(r"\s?-?(?P<unit>(?:bpd|barrels?[- ]per[- ]day|barrels?\s+a\s+day|ps|hp|bhp|horsepower|nm|kw|mw|gw|"
                     r"kwh|mwh|gwh|kilowatts?|megawatts?|gigawatts?|kilowatt[- ]hours?|watts?|volts?|"
                     r"km|kg|mph|km/h|kph|cc|liters?|litres?|tonnes|tons|gallons?|miles?|kilometers?|kilometres?|"
                     r"meters?|metres?|centimeters?|centimetres?|millimeters?|millimetres?|cm|mm|inch(?:es)?|"
                     r"cu\.?\s?ft|cubic\s+(?:feet|foot|meters?|metres?|inch(?:es)?|yards?)|"
                     r"feet|foot|ft|yards?|acres?|hectares?|square\s+(?:feet|foot|meters?|metres?|miles?|kilometers?)|"
                     r"pounds?(?=\s+of\b|-)|lbs?|ounces?|oz|grams?|kilograms?|gb|tb|mb|ghz|mhz|mpg|degrees?)"
                     r"(?:\s+per\s+[a-z]+)?)\b", re.I)
# A count of part of a group: 'two of our top charities', 'five of the world's largest banks' (the noun after).
PARTITIVE = re.compile(r"\s+of\s+(?:the|our|its|their|his|her|these|those|your)\s+(?:[\w-]+['’]s\s+)?(?:most\s+)?")
# A count that is a rate: '60 frames per second'.
RATE = re.compile(r"\s+per\s+[a-z]+\b", re.I)
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$|^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$",
                     re.I)
PREFIX_CURRENCIES = {"us$": "USD", "hk$": "HKD", "a$": "AUD", "c$": "CAD", "s$": "SGD", "nz$": "NZD",
                     "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "rmb": "CNY", "rs": "INR", "rs.": "INR",
                     "usd": "USD", "eur": "EUR", "gbp": "GBP", "cny": "CNY", "jpy": "JPY", "rm": "MYR"}
SUFFIX_CURRENCIES = {"dollars": "USD", "dollar": "USD", "dlrs": "USD", "dlr": "USD", "yuan": "CNY",
                     "renminbi": "CNY", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "stg": "GBP",
                     "sterling": "GBP", "yen": "JPY", "rupees": "INR", "ringgit": "MYR", "francs": "CHF"}
DOLLAR_COUNTRIES = {"australian": "AUD", "h.k.": "HKD", "hong kong": "HKD", "canadian": "CAD", "singapore": "SGD",
                    "new zealand": "NZD", "u.s.": "USD", "us": "USD", "taiwan": "TWD"}
PERCENT_WORDS = r"%|per\s?cent\b|percent\b|pct\b|percentage points?\b"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDS = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_PREFIX = "|".join(sorted((re.escape(c) for c in PREFIX_CURRENCIES), key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_SUFFIX = "|".join(sorted(SUFFIX_CURRENCIES, key=len, reverse=True))
_COUNTRY = r"(?:australian|h\.k\.|hong\s+kong|canadian|singapore|new\s+zealand|u\.s\.|us|taiwan)\s+"
QUANTITY = re.compile(rf"""
    (?P<qual>(?:(?:more|less|fewer)\s+than|over|nearly|almost|about|around|approximately|some|up\s+to|at\s+least|just\s+over)\s+)?
    (?P<sign>[-+−](?=\d))?
    (?:(?P<cur>{_PREFIX})\s?)?
    (?P<num>{_NUM}|\b(?:{_WORDS})\b)
    (?:\s?(?P<scale>(?:{_SCALE}))\b)?
    (?:[\s-]?(?P<pct>{PERCENT_WORDS})|\s?(?P<country>{_COUNTRY})?(?P<suffix>(?:{_SUFFIX}))\b)?
""", re.I | re.X)
SKIP_ENTITY_LABELS = {"DATE", "TIME", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "FAC", "LAW", "PERSON", "GPE", "ORDINAL"}
COUNT_POS = {"ADJ", "NOUN", "PROPN", "NUM"}


def number_value(text: str) -> float:
    """Return the value of a written number: '1,600' -> 1600, 'six' -> 6, 'half a' -> 0.5."""
    key = re.sub(r"\s+", " ", text.lower())
    return float(WORD_NUMBERS[key]) if key in WORD_NUMBERS else float(text.replace(",", ""))


def counted_noun(doc: Doc, end: int) -> tuple[str, int] | None:
    """Return the noun a number counts ('576 million active consumers' -> 'consumers') and where it ends."""
    span = doc.char_span(end, len(text_of(doc)), alignment_mode="expand")
    if span is None:
        return None
    # a line break inside a name ('32.58 mln Widget\nSave shares') is skipped; any other one ends the phrase
    words = [t for t in span[:7] if not (t.is_space and t.i > 0 and t.doc[t.i - 1].pos_ == "PROPN")]
    for i, tok in enumerate(words[:5]):
        if tok.ent_type_ == "NORP" and tok.tag_ == "NNPS":
            return tok.text.lower(), tok.idx + len(tok)  # 'more than 600,000 Norwegians'
        if tok.pos_ not in COUNT_POS and not (tok.tag_ in {"VBG", "VBN"} and tok.dep_ == "amod"):
            return None
        nxt = words[i + 1] if i + 1 < len(words) else None
        if tok.pos_ == "NOUN" and (nxt is None or nxt.pos_ != "NOUN"):
            return tok.text.lower(), tok.idx + len(tok)
    return None


def blocked(doc: Doc, start: int, end: int, num_start: int) -> bool:
    """Return True for numbers that are not quantities: inside dates, names or ordinals, list numbering, model codes."""
    text = text_of(doc)
    before, after = text[max(0, start - 1):start], text[end:end + 2]
    if before and (before.isalnum() or before in "-./:") or re.match(r"[A-Za-z\d]|-\d|\.\d|:\d", after):
        return True
    line_start = text.rfind("\n", 0, num_start) + 1
    if not text[line_start:num_start].strip() and re.match(r"\d+[.)]\s", text[num_start:num_start + 4]):
        return True  # list numbering "1. Alibaba Partners With ..."
    previous = doc.char_span(num_start, end, alignment_mode="expand")
    if previous is not None and previous.start > 0 and doc[previous.start - 1].pos_ == "PROPN" \
            and text[num_start - 1:num_start] == " " and re.fullmatch(r"\d{3,4}", text[num_start:end]):
        return True  # a model number after its maker: 'Aerotech 777', 'Norwind 380'
    if re.match(r"\s+(?:19|20)\d\d\b", text[end:end + 6]):
        return True  # a day before a year: 'Mar 3 2021'
    span = doc.char_span(num_start, end, alignment_mode="expand")
    # the small model calls '4bn' an ordinal: only a real ordinal ('4th', 'fourth') blocks
    return span is not None and any(t.ent_type_ in SKIP_ENTITY_LABELS and (t.ent_type_ != "ORDINAL" or
                                                                           ORDINAL.match(t.text)) for t in span)


def classify(m: re.Match, doc: Doc) -> tuple[str, str, float, int] | None:
    """Return (kind, unit, value, end) for one regex match, None when it is not a metric worth a row."""
    value = number_value(m["num"]) * SCALES.get((m["scale"] or "").lower(), 1.0)
    value = -value if m["sign"] in ("-", "−") else value
    if m["pct"]:
        return "percent", "percent", value, m.end()
    if m["cur"] or m["suffix"]:
        unit = PREFIX_CURRENCIES.get((m["cur"] or "").lower()) or SUFFIX_CURRENCIES[m["suffix"].lower()]
        if m["country"] and m["suffix"].lower().startswith(("dollar", "dlr")):
            unit = DOLLAR_COUNTRIES.get(re.sub(r"\s+", " ", m["country"].strip().lower()), unit)
        return "money", unit, value, m.end()
    if m["num"].isdigit() and 1800 <= int(m["num"]) <= 2100 and not m["scale"]:
        return None  # a year
    if measure := MEASURE.match(text_of(doc), m.end()):
        return "other", measure["unit"].lower(), value, measure.end()
    part = PARTITIVE.match(text_of(doc), m.end())
    noun = counted_noun(doc, m.end()) or (counted_noun(doc, part.end()) if part else None)
    if noun and (rate := RATE.match(text_of(doc), noun[1])):
        return "other", f"{noun[0]}{rate.group()}", value, rate.end()  # '60 frames per second'
    if noun:
        return "count", noun[0], value, noun[1]
    if m["scale"] and m["num"][0].isdigit():
        return "count", "number", value, m.end()
    return None


def extract_metrics(doc: Doc, mentions: list[Mention]) -> list[dict]:
    """Return one row per quantity in the doc, with the entity of its sentence it is most likely about."""
    starts, rows = sentence_starts(doc), []
    for m in QUANTITY.finditer(text_of(doc)):
        first = min(m.start(g) for g in ("sign", "cur", "num") if m[g])
        if m["num"].lower() == "one" and not m["scale"] or blocked(doc, first, m.end("scale") if m["scale"]
                                                                    and not m["scale"][:1].isspace() else m.end("num"),
                                                                    m.start("num")):
            continue
        found = classify(m, doc)
        if found is None:
            continue
        kind, unit, value, end = found
        start = m.start()
        sentence = sentence_of(starts, start)
        rows.append({"entity": about(mentions, sentence, start), "metric_text": text_of(doc)[start:end], "value": value,
                     "unit": unit, "metric_kind": kind, "sentence_index": sentence, "char_start": start, "char_end": end})
    return money_context(rows)


def money_context(rows: list[dict]) -> list[dict]:
    """Return rows where a bare scaled number ('66.76 mln') in a sentence about money takes that currency."""
    currencies = {r["sentence_index"]: r["unit"] for r in rows if r["metric_kind"] == "money"}
    for r in rows:
        if r["unit"] == "number" and r["sentence_index"] in currencies:
            r["metric_kind"], r["unit"] = "money", currencies[r["sentence_index"]]
    return rows


def about(mentions: list[Mention], sentence: int, offset: int) -> EntityRef | None:
    """Return the entity a number is about: the organization (else any entity) named last before it in its sentence."""
    before = [m for m in mentions if m.sentence_index == sentence and m.start < offset]
    orgs = [m for m in before if m.entity_type == "ORG"]
    chosen = (orgs or before or [None])[-1]
    return chosen.entity if chosen else None
