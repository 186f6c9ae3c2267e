"""Which spans are mentions: the model's spans less what names nothing (tickers, office titles, capitalized common
words, all-caps headline fragments), plus the names it missed (after a company noun, the dateline)."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from flows.extract.context import sentence_of, sentence_starts, text_of
from flows.extract.entities.companies import after_company_noun
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.entities.spans import raw_mentions
from flows.extract.lexicon import OCCUPATIONS, PLACE_HEAD_PLURALS, TITLE_WORDS
from flows.extract.metrics import MEASURE
from flows.records import Mention

PROPER = ("NNP", "NNPS")
# 'Orange and Kestrel counties': two names joined by 'and' before a plural place noun are two places.
PLURAL_PLACE = re.compile(rf"(?:\s+and\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)?\s+(?:{'|'.join(sorted(PLACE_HEAD_PLURALS))})\b")
# '<ACME.L>', '(NYSE: WGT)', '(Nasdaq: ZEN)': a ticker symbol, not a name.
TICKER = re.compile(r"(?:<[^<>\n]{1,12}>|\((?:NYSE|Nasdaq|NASDAQ|LSE|TSX|ASX|HKEX|SGX|NSE|BSE)\s*:\s*[^()\n]{1,12}\))")
# A time zone's abbreviation ('CST', 'GMT', 'AEDT', 'UTC') after a clock time ('5:27 am', '14:00', '9pm').
ZONE = re.compile(r"^(?:[A-Z]{1,3}[SD]?T|UTC)$")
CLOCK = re.compile(r"(?:\d:\d\d|\d\s?[ap]\.?m\.?)\s*,?\s*$", re.I)


def line_at(text: str, pos: int) -> str:
    """Return the line of the text that holds an offset."""
    return text[text.rfind("\n", 0, pos) + 1:(text.find("\n", pos) + 1 or len(text) + 1) - 1]


@lru_cache(maxsize=1024)  # asked again for each mention on the line (a paragraph of wire copy)
def is_caps_line(line: str) -> bool:
    """Return True for a line printed in capitals (a wire headline or dateline)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and not any(c.islower() for c in letters)


@lru_cache(maxsize=1024)
def is_title_case_line(line: str) -> bool:
    """Return True for a headline in title case: at least four words, every word of five letters or more
    capitalized, no full stop at the end ('Acme Bets on the Future With Launch of Widget Streaming Service')."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line)]
    long = [w for w in words if len(w) >= 5]
    return len(words) >= 4 and len(long) >= 2 and all(w[0].isupper() for w in long) \
        and not line.rstrip().endswith((".", "?", "!", ":"))


def opens_paragraph(text: str, pos: int) -> bool:
    """Return True when the line holding the offset opens the text or a paragraph (a line of hard-wrapped wire
    copy may look like a headline, but follows a single line break)."""
    start = text.rfind("\n", 0, pos) + 1
    return not text[:start].strip() or text[:start].endswith("\n\n")


def in_ticker(text: str, m: Mention) -> bool:
    """Return True when the mention sits inside a ticker symbol ('<ACME.AS>', '(NYSE: WGT)')."""
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


def unit_or_zone(text: str, m: Mention) -> bool:
    """Return True for a unit of measure right after a number ('300 MW', '11 kW') or a time zone right after a
    clock time ('5:27 am CST', '14:00 GMT'): the model tags such capitals as organizations."""
    before = text[max(0, m.start - 12):m.start]
    if re.search(r"\d[\d.,]*\s?-?$", before):
        return MEASURE.fullmatch(m.text) is not None
    return ZONE.match(m.text) is not None and CLOCK.search(before) is not None


def names_a_post(m: Mention) -> bool:
    """Return True for an 'organization' whose last word is an occupation: a post written in capitals after a
    name ('Jane Roe, AP Business Writer', 'Tom Hale, Chief Strategy Officer'), not a body."""
    words = m.text.split()
    return m.label == "ORG" and len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in OCCUPATIONS


def drop_artefacts(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return the mentions that name something: not tickers, office titles, capitalized common words, units, time
    zones or posts, on an
    all-caps line only a name the article also prints in running text or a known place ('ACME BIDS ... WIDGET' ->
    no 'BIDS'), and on a title-case headline a name cut to the running name it opens with ('Acme Bets on ...')."""
    mentions = [m for m in mentions if not in_ticker(text, m) and not in_job_title(text, m, mentions)
                and not common_word_opening(text, m) and not unit_or_zone(text, m) and not names_a_post(m)]
    caps = {id(m) for m in mentions if is_caps_line(line_at(text, m.start))}
    titles = {id(m) for m in mentions if opens_paragraph(text, m.start) and is_title_case_line(line_at(text, m.start))}
    running = {fold(m.text): m.text for m in mentions if id(m) not in caps | titles}
    kept = []
    for m in mentions:
        if id(m) in caps and fold(m.text) not in running:
            if country_code(m.text) is None:
                continue
            m.label = "GPE"  # 'OSLO, June 18 -': a dateline place, kept for being one
        elif id(m) in titles and fold(m.text) not in running:
            m = cut_to_running_name(m, running)
        kept.append(m)
    return kept


def cut_to_running_name(m: Mention, running: dict[str, str]) -> Mention:
    """Return a headline mention cut to the longest name of the running text it opens with, the words after it
    being the headline's own capitals ('Acme Bets' -> 'Acme', 'Widget Streaming Service' -> 'Widget'); as it is
    when it opens with none."""
    words = m.text.split(" ")
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n])
        if fold(head) in running:
            return Mention(m.start, m.start + len(head), head, m.label, m.sentence_index, m.titled)
    return m


def split_coordinated_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return the mentions with each 'A and B' before a plural place noun cut into two places: 'Orange and
    Kestrel counties' names Orange and Kestrel, not one company."""
    kept = []
    for m in mentions:
        parts = m.text.split(" and ")
        if len(parts) != 2 or not PLURAL_PLACE.match(text, m.end) or not all(p[:1].isupper() for p in parts):
            kept.append(m)
            continue
        second = m.start + len(parts[0]) + len(" and ")
        kept += [Mention(m.start, m.start + len(parts[0]), parts[0], "GPE", m.sentence_index),
                 Mention(second, m.end, parts[1], "GPE", m.sentence_index)]
    return kept


def extend_to_named(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return the mentions with each one that the text shows to be part of a longer name the article names
    elsewhere taken as that name: 'Tarrant' in '..., Atletico Tarrant and ...' where another sentence tags 'Atletico Tarrant'."""
    names = {o.text: o.label for o in mentions if " " in o.text}
    kept = []
    for m in mentions:
        longer = [n for n in names if len(n) > len(m.text) and m.text in n.split(" ")
                  and text[m.end - len(n):m.end] == n or text[m.start:m.start + len(n)] == n and n.startswith(m.text + " ")]
        if longer:
            name = max(longer, key=len)
            start = m.start if text.startswith(name, m.start) else m.end - len(name)
            m = Mention(start, start + len(name), name, names[name], m.sentence_index, m.titled)
        if all((k.start, k.end) != (m.start, m.end) for k in kept):  # 'Real' and 'Madrid' both grown: one name
            kept.append(m)
    return kept


def described_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Return organization mentions for the proper names the model left untagged right after a company noun
    ('Toy company Varlo is breaking out')."""
    starts, found = sentence_starts(doc), []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    # the tags as one array: a Token object made for every word of the article cost more than the rule itself
    proper_tags = {doc.vocab.strings[tag] for tag in PROPER}
    proper = [tag in proper_tags for tag in doc.to_array("TAG").tolist()]
    for i in (i for i, is_proper in enumerate(proper) if is_proper):
        tok = doc[i]
        if not tok.text[:1].isupper() or tok.ent_type_ or tok.idx in covered or not after_company_noun(doc, i) \
                or (i and proper[i - 1]):
            continue
        end = i + 1
        while end < len(doc) and proper[end] and doc[end].text[:1].isupper() and not doc[end].ent_type_:
            end += 1
        name = doc[i:end]
        found.append(Mention(name.start_char, name.end_char, name.text, "ORG", sentence_of(starts, name.start_char)))
    return found


def dateline_place(doc: Doc, dateline: str | None, mentions: list[Mention]) -> list[Mention]:
    """Return a place mention for the article's dateline where it opens a line, when the model left it untagged
    and the gazetteer knows it ('KUALA LUMPUR, Oct 31 —', 'LAHORE:'); [] otherwise."""
    if not dateline or country_code(dateline) is None:
        return []
    found = re.search(rf"(?:^|\n)[ \t]*({re.escape(dateline)})\b", text_of(doc))
    if found is None or any(m.start < found.end(1) and found.start(1) < m.end for m in mentions):
        return []
    start = found.start(1)
    return [Mention(start, found.end(1), dateline, "GPE", sentence_of(sentence_starts(doc), start))]


def find_mentions(doc: Doc, aliases: dict[str, tuple[str, str]], dateline: str | None) -> list[Mention]:
    """Return the article's mentions in text order: the model's cleaned spans (spans.py) less those that name
    nothing, with the names it missed after a company noun and the dateline place the metadata found."""
    mentions = drop_artefacts(text_of(doc), raw_mentions(doc, aliases))
    mentions = split_coordinated_places(text_of(doc), extend_to_named(text_of(doc), mentions))
    added = described_names(doc, mentions) + dateline_place(doc, dateline, mentions)
    return sorted(mentions + added, key=lambda m: m.start)
