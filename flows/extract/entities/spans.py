"""Mentions from the model's entity spans: cut at line breaks and possessives, trimmed of determiners, titles,
quotes and handles, typed by the alias table where it knows the name."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from flows.extract.context import sentence_of, sentence_starts
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.lexicon import DESCRIPTOR_NOUNS, NAME_BREAKERS, NON_ENTITY_TERMS, TITLE_WORDS
from flows.records import Mention

# The entity types kept (the model's others are dates, numbers and the like), in the order a tie between them goes.
TYPE_PRIORITY = ["ORG", "PERSON", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"]
KEEP = frozenset(TYPE_PRIORITY)
LEADING = re.compile(r"^(?:[\s•·*\-–—‘’“”\"'(\[]+|(?:the|a|an)\s+)+", re.I)
_BREAKERS = "|".join(sorted(NAME_BREAKERS))
BREAK_INSIDE = re.compile(rf"([’']s\s+|\s+(?:{_BREAKERS})\s+(?=[A-Z]))")
SEPARATOR = re.compile(rf"[’']s\s+|\s+(?:{_BREAKERS})\s+")
# 'the Founder's Edition', 'Assassin's Creed': one title whose first word owns the second.
OWNED_TITLE = re.compile(r"^(?:[Tt]he\s+)?([A-Z][a-z]+['’]s\s+[A-Z][a-z]+)$")
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


def clean_span(text: str, start: int, label: str, wraps: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """Return (offset, text) parts of an entity span: split at line breaks (not at the hard wraps of wire copy,
    given as offsets: 'Tallow\\nFarm' stays one name) and possessives, trimmed of determiners, quotes, handles,
    possessive endings and (for people) titles."""
    parts, offset = [], 0
    for piece in split_lines(text, start, wraps):
        if not piece.startswith("\n"):
            for sub in BREAK_INSIDE.split(piece):
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
        body = trim_end(part[cut:])
        if body and any(c.isupper() for c in body) and fold(body) not in NON_ENTITY_TERMS and " / " not in body \
                and fold(body.split("/")[0]) not in NON_ENTITY_TERMS:  # '[Photo/IC]': a picture credit
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


def raw_mentions(doc: Doc, aliases: dict[str, tuple[str, str]]) -> list[Mention]:
    """Return the cleaned mentions of the doc's entities, typed by the alias table where it knows the name."""
    starts, found, wraps = sentence_starts(doc), [], hard_wraps(doc.text)
    alone = {fold(e.text) for e in doc.ents} | set(aliases)
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        if len(ent) > 1 and ent[0].tag_ == "VBG":
            ent = ent[1:]  # 'Hosting Roe at Widgetcon': a gerund opening the sentence is not part of the name
        for pos, text in one_title(ent, alone) or clean_span(ent.text, ent.start_char, ent.label_, wraps):
            label = aliases[fold(text)][1] if fold(text) in aliases else ent.label_
            before = doc.text[max(0, pos - 30):pos].split()
            titled = bool(before) and before[-1].lower().strip(",") in TITLE_WORDS
            found.append(Mention(pos, pos + len(text), text, label, sentence_of(starts, pos), titled))
    return found
