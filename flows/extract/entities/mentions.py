"""Mentions that are not names in running text: tickers, all-caps headline fragments, places typed as companies."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from flows.extract.context import sentence_of, sentence_starts
from flows.extract.entities.gazetteer import country_code, fold, is_country, is_region
from flows.extract.lexicon import (
    DESCRIPTOR_NOUNS,
    LOCATIVE_WORDS,
    ORG_HEAD_WORDS,
    OWNERSHIP_NOUNS,
    TITLE_WORDS,
)
from flows.records import Mention

PROPER = ("NNP", "NNPS")
_NOUNS = "|".join(sorted(DESCRIPTOR_NOUNS))
# ', a non-profit educational organization bringing ...': the company noun heads the appositive (not 'a bank clerk').
APPOSITIVE = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,4}}?(?:{_NOUNS}|\w+maker)"
                        rf"(?=\s*[,.;:)]|\s+(?:that|which|with|in|of|for|based|\w+ing|\w+ed)\b)")
# '<KWIK.L>', '(NYSE: HD)', '(Nasdaq: LOW)': a ticker symbol, not a name.
TICKER = re.compile(r"(?:<[^<>\n]{1,12}>|\((?:NYSE|Nasdaq|NASDAQ|LSE|TSX|ASX|HKEX|SGX|NSE|BSE)\s*:\s*[^()\n]{1,12}\))")


def line_at(text: str, pos: int) -> str:
    """Return the line of the text that holds an offset."""
    return text[text.rfind("\n", 0, pos) + 1:(text.find("\n", pos) + 1 or len(text) + 1) - 1]


def is_caps_line(line: str) -> bool:
    """Return True for a line printed in capitals (a wire headline or dateline)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and not any(c.islower() for c in letters)


def in_ticker(text: str, m: Mention) -> bool:
    """Return True when the mention sits inside a ticker symbol ('<RD.AMS>', '(NYSE: HD)')."""
    return any(t.start() <= m.start and m.end <= t.end() for t in TICKER.finditer(text, max(0, m.start - 20),
                                                                                   min(len(text), m.end + 14)))


def in_job_title(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Return True when the mention ends an office title that a person's name or 'at <name>' follows right
    after a space ('Secretary of State Jane Roe', 'Head of Research at Acme Securities'): a portfolio, not an
    organization ('Chief Executive of Acme Corp, Jane Roe' keeps its company)."""
    before = re.search(r"\b([A-Z][a-z]+) of $", text[max(0, m.start - 30):m.start])
    if before is None or before.group(1).lower() not in TITLE_WORDS | {"head"}:
        return False
    return any(o.label == "PERSON" and o.start - m.end == 1 or o.start - m.end == 4
               and text[m.end:o.start] == " at " for o in mentions)


def common_word_opening(text: str, m: Mention) -> bool:
    """Return True for a one-word mention that opens a sentence or line and that the article also writes in lower
    case ('Budget airline Acme ...' with 'budget' elsewhere): a capitalized common word, not a name."""
    if not (m.text.isalpha() and m.text[0].isupper() and m.text[1:].islower()):
        return False
    before = text[:m.start].rstrip(" \t“\"‘'")
    if before and before[-1] not in "\n.!?":
        return False
    return re.search(rf"\b{re.escape(m.text.lower())}\b", text) is not None


def drop_artefacts(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return the mentions that name something: not tickers, office titles or capitalized common words, and on an
    all-caps line only a name the article also prints in running text or a known place ('DAIRY FARM BIDS ... KWIK
    SAVE' -> no 'BIDS')."""
    mentions = [m for m in mentions if not in_ticker(text, m) and not in_job_title(text, m, mentions)
                and not common_word_opening(text, m)]
    caps = {id(m) for m in mentions if is_caps_line(line_at(text, m.start))}
    running = {fold(m.text) for m in mentions if id(m) not in caps}
    kept = []
    for m in mentions:
        if id(m) in caps and fold(m.text) not in running:
            if country_code(m.text) is None:
                continue
            m.label = "GPE"  # 'HONG KONG, June 18 -': a dateline place
        kept.append(m)
    return kept


def company_appositive(doc: Doc, m: Mention) -> bool:
    """Return True when an appositive calls the named thing a company: 'Constellation, the world's biggest
    winemaker', 'Acme, a non-profit organization bringing ...' (the parse may hang it elsewhere); not a capitalized
    word of another name ('Jane Roe, Acme Group vice-president')."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is not None and any(c.dep_ == "appos" and c.text.islower() and (c.lemma_ in DESCRIPTOR_NOUNS or
                                                       c.text.endswith("maker")) for c in span.root.children):
        return True
    return APPOSITIVE.match(doc.text, m.end) is not None


def described_as_company(doc: Doc, m: Mention) -> bool:
    """Return True when the text calls the named thing a company: 'beauty company Coty', 'Constellation, the
    world's biggest winemaker'."""
    before = doc.text[max(0, m.start - 30):m.start].split()
    return bool(before) and before[-1].lower() in DESCRIPTOR_NOUNS or company_appositive(doc, m)


def after_company_noun(doc: Doc, i: int) -> bool:
    """Return True when the token at i follows a lower-case company noun that has a modifier of its own ('beauty
    company Coty', 'US wine maker X'): a company's name, where 'his rival X' or 'the label X' may name anyone."""
    if i < 2:
        return False
    noun, modifier = doc[i - 1], doc[i - 2]
    return (noun.text.islower() and (noun.text in DESCRIPTOR_NOUNS or noun.text.endswith("maker"))
            and modifier.is_alpha and modifier.tag_ not in ("DT", "PRP", "PRP$", "POS", "WP$"))


def described_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Return organization mentions for the proper names the model left untagged right after a company noun
    ('Beauty company Coty is breaking out')."""
    starts, found = sentence_starts(doc), []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for tok in doc:
        if tok.tag_ not in PROPER or not tok.text[:1].isupper() or tok.ent_type_ or tok.idx in covered \
                or not after_company_noun(doc, tok.i) or (tok.i and doc[tok.i - 1].tag_ in PROPER):
            continue
        end = tok.i + 1
        while end < len(doc) and doc[end].tag_ in PROPER and doc[end].text[:1].isupper() and not doc[end].ent_type_:
            end += 1
        name = doc[tok.i:end]
        found.append(Mention(name.start_char, name.end_char, name.text, "ORG", sentence_of(starts, name.start_char)))
    return found


def dateline_place(doc: Doc, dateline: str | None, mentions: list[Mention]) -> list[Mention]:
    """Return a place mention for the article's dateline where it opens a line, when the model left it untagged
    and the gazetteer knows it ('KUALA LUMPUR, Oct 31 —', 'NEW DELHI:'); [] otherwise."""
    if not dateline or country_code(dateline) is None:
        return []
    found = re.search(rf"(?:^|\n)[ \t]*({re.escape(dateline)})\b", doc.text)
    if found is None or any(m.start < found.end(1) and found.start(1) < m.end for m in mentions):
        return []
    start = found.start(1)
    return [Mention(start, found.end(1), dateline, "GPE", sentence_of(sentence_starts(doc), start))]


def retype(doc: Doc, mentions: list[Mention]) -> None:
    """Correct types the context decides, in place: a known place after 'in'/'from' or before '-based' is a
    place ('an Amritsar-based agent', 'from Punjab'); a person whose last word only companies use is a company
    ('Dick Clark Productions', 'Champlin Petroleum'); a 'product' or 'work' the text calls a company is one, and
    so is any name right after a company noun ('wine maker Robert Mondavi') or a person with a company appositive."""
    text = doc.text
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.label in ("PRODUCT", "WORK_OF_ART") and described_as_company(doc, m) or m.label != "ORG" and span \
                and (after_company_noun(doc, span.start) or m.label == "PERSON" and company_appositive(doc, m)):
            m.label = "ORG"
            continue
        if m.label != "GPE" and m.text.isupper() and text[m.end:m.end + 2] in (", ", ":") \
                and not text[text.rfind("\n", 0, m.start) + 1:m.start].strip() and country_code(m.text):
            m.label = "GPE"  # a capitals dateline: 'MELBOURNE, March 24 -', 'NEW DELHI:'
            continue
        if m.label == "PERSON" and " " not in m.text and is_region(m.text):
            m.label = "GPE"  # a country or state tagged as a person ('Indiana'); surnames are typed later
        before = [w.lower() for w in text[max(0, m.start - 24):m.start].split()]
        after = text[m.end:m.end + 7]
        locative = bool(before) and before[-1] in LOCATIVE_WORDS and not (
            len(before) > 1 and before[-2] in OWNERSHIP_NOUNS)  # 'a stake in Dairy Farm' names a company
        if m.label == "ORG" and country_code(m.text) is not None and (
                is_country(m.text) or locative or after.startswith("-based")):
            m.label = "GPE"
        elif m.label == "PERSON" and len(m.text.split()) > 1 and m.text.split()[-1].lower() in ORG_HEAD_WORDS:
            m.label = "ORG"
