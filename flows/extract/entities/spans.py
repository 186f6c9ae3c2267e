"""Mentions from the model's entity spans: cut at line breaks and possessives, trimmed of determiners, titles,
quotes and handles, typed by the alias table where it knows the name."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from flows.extract.context import sentence_of, sentence_starts, text_of
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.lexicon import DESCRIPTOR_NOUNS, NAME_BREAKERS, NON_ENTITY_TERMS, ORG_SUFFIXES, TITLE_WORDS
from flows.records import Mention

# The entity types kept (the model's others are dates, numbers and the like), in the order a tie between them goes.
TYPE_PRIORITY = ["ORG", "PERSON", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"]
KEEP = frozenset(TYPE_PRIORITY)
LEADING = re.compile(r"^(?:[\s•·*\-–—‘’“”\"'(\[]+|(?:the|a|an)\s+)+", re.I)
_BREAKERS = "|".join(sorted(NAME_BREAKERS))
# A possessive, a breaker word before a capital or a spaced dash ('Jane Roe - Nov 19, 2019') ends a name.
BREAK_INSIDE = re.compile(rf"([’']s\s+|\s+(?:{_BREAKERS})\s+(?=[A-Z])|\s+[-–—]\s+)")
SEPARATOR = re.compile(rf"[’']s\s+|\s+(?:{_BREAKERS})\s+|\s+[-–—]\s+|,\s+")
# A comma before a capitalized word, but not before a legal form or a generation ('Acme, Inc.', 'Roe, Jr.').
_SUFFIXES = "|".join(re.escape(s) for s in sorted(ORG_SUFFIXES | {"Jr.", "Jr", "Sr.", "Sr"}))
LIST_COMMA = re.compile(rf"(,\s+)(?=[A-Z])(?!(?:{_SUFFIXES})(?:\W|$))")
# 'Nov 19', '19 November 2019': a date the model ran into a name, no name of its own.
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
DATE_PIECE = re.compile(rf"^(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*)(?:,?\s+\d{{4}})?$")
# 'the Founder's Edition', 'Assassin's Creed': one title whose first word owns the second.
OWNED_TITLE = re.compile(r"^(?:[Tt]he\s+)?([A-Z][a-z]+['’]s\s+[A-Z][a-z]+)$")
# The lower-case syllable of a hyphenated given name ('Jae-in', 'Dae-jung'), not an English word after a hyphen.
NAME_SYLLABLE = re.compile(r"[a-z]{2,4}\b(?!-)")
NOT_SYLLABLES = {"led", "run", "era", "ish", "like", "born", "made", "owned", "based", "type", "style", "free", "wide"}
DESCRIBED = re.compile(rf"^(?:.*\s)?(?:{'|'.join(sorted(DESCRIPTOR_NOUNS))})\s+(?=[A-Z0-9])")


def trim_end(text: str) -> str:
    """Return a span without trailing punctuation, quotes or possessive ending; abbreviation dots stay ('Corp.')."""
    while True:
        new = re.sub(r"(?:[’']s|[’'])$", "", text).rstrip(" ,;:!?“”\"‘’')]<>")
        last = new.split()[-1] if new.split() else ""
        if new.endswith(".") and len(last) > 5 and not last.isupper():
            new = new[:-1]
        if new == text:
            return text
        text = new


def split_lines(text: str, start: int, wraps: frozenset[int]) -> list[str]:
    """Return a span cut at its line breaks, the breaks kept as pieces; a hard wrap inside a name is no cut."""
    pieces, last = [], 0
    for m in re.finditer(r"\n+", text):
        if m.group() == "\n" and start + m.start() in wraps:
            continue
        pieces += [text[last:m.start()], m.group()]
        last = m.end()
    return pieces + [text[last:]]


def hard_wraps(text: str, lo: int = 50, hi: int = 90) -> frozenset[int]:
    """Return the offsets of single line breaks of wire copy wrapped at a fixed width: the line before and the
    line after are both of that width (a headline above a long paragraph is not wrapped)."""
    found, line_start = set(), 0
    for m in re.finditer(r"\n", text):
        after = text.find("\n", m.end())
        next_len = (after if after != -1 else len(text)) - m.end()
        if lo <= m.start() - line_start <= hi and 0 < next_len <= hi and text[m.end():m.end() + 1].isalnum():
            found.add(m.start())
        line_start = m.end()
    return frozenset(found)


def list_members(text: str) -> list[str]:
    """Return a span cut at list commas, the commas kept as pieces, when no lower-case word comes before the first
    one: the model ran a list into one name ('Acme, Widget Labs' -> 'Acme', 'Widget Labs'), but a name may hold a
    list after its own 'of' ('Ministry of Mines, Water and Forests') and a place its region ('Paris, Texas' is
    two places either way)."""
    first = LIST_COMMA.search(text)
    if first is None or any(w[:1].islower() for w in text[:first.start()].split()):
        return [text]
    return LIST_COMMA.split(text)


def clean_span(text: str, start: int, label: str, wraps: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """Return (offset, text) parts of an entity span: split at line breaks (not at the hard wraps of wire copy,
    given as offsets: 'Tallow\\nFarm' stays one name) and possessives, trimmed of determiners, quotes, handles,
    possessive endings and (for people) titles."""
    parts, offset = [], 0
    for piece in split_lines(text, start, wraps):
        if not piece.startswith("\n"):
            for sub in [p for inner in BREAK_INSIDE.split(piece) for p in list_members(inner)]:
                if not SEPARATOR.fullmatch(sub):
                    parts.append((start + offset, sub))
                offset += len(sub)
        else:
            offset += len(piece)
    cleaned = []
    for pos, part in parts:
        part = part.split(" @")[0]  # 'Dara Vell @daravell': a social handle is not part of the name
        lead = DESCRIBED.match(part) or LEADING.match(part)
        cut = lead.end() if lead else 0
        if label == "PERSON":
            words = part[cut:].split(" ")
            while len(words) > 1 and words[0].lower() in TITLE_WORDS:
                cut += len(words[0]) + 1
                words = words[1:]
        body = trim_end(part[cut:])  # '[Photo/IC]' below: a picture credit
        if body and any(c.isupper() for c in body) and fold(body) not in NON_ENTITY_TERMS and " / " not in body \
                and fold(body.split("/")[0]) not in NON_ENTITY_TERMS and not DATE_PIECE.match(body):
            cleaned.append((pos + cut, body))
    return cleaned


def one_title(ent, alone: set[str]) -> list[tuple[int, str]]:
    """Return [(offset, text)] for a span of two capitalized words joined by a possessive whose owner the article
    never names alone (nor the alias table nor the gazetteer knows): one title ('the Founder's Edition',
    'Assassin's Creed'), not an owner and its thing ('Acme's Widget' once 'Acme' is named); [] otherwise."""
    found = OWNED_TITLE.match(ent.text)
    if found is None:
        return []
    owner = re.split(r"['’]", found.group(1))[0]
    if fold(owner) in alone or country_code(owner) is not None:
        return []
    return [(ent.start_char + found.start(1), found.group(1))]


def hyphen_tail(text: str, end: int) -> str:
    """Return the lower-case syllable a person's name goes on with after a hyphen the model cut it at ('Kim
    Dae-' + 'jung'), '' when none follows ('Roe-led' is no name)."""
    start = end if text[end - 1:end] == "-" else end + 1 if text[end:end + 1] == "-" else None
    found = NAME_SYLLABLE.match(text, start) if start is not None else None
    return text[end:found.end()] if found and found.group() not in NOT_SYLLABLES else ""


def raw_mentions(doc: Doc, aliases: dict[str, tuple[str, str]]) -> list[Mention]:
    """Return the cleaned mentions of the doc's entities, typed by the alias table where it knows the name."""
    starts, found, wraps = sentence_starts(doc), [], hard_wraps(text_of(doc))
    alone = {fold(e.text) for e in doc.ents} | set(aliases)
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        if len(ent) > 1 and ent[0].tag_ == "VBG":
            ent = ent[1:]  # 'Hosting Roe at Widgetcon': a gerund opening the sentence is not part of the name
        span_text = ent.text + hyphen_tail(text_of(doc), ent.end_char) if ent.label_ == "PERSON" else ent.text
        for pos, text in one_title(ent, alone) or clean_span(span_text, ent.start_char, ent.label_, wraps):
            label = aliases[fold(text)][1] if fold(text) in aliases else ent.label_
            before = text_of(doc)[max(0, pos - 30):pos].split()
            titled = bool(before) and before[-1].lower().strip(",") in TITLE_WORDS
            found.append(Mention(pos, pos + len(text), text, label, sentence_of(starts, pos), titled))
    return found
