"""Named entities made right for news: clean spans, fix types, one canonical entity per real thing."""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from flows.extract.context import sentence_of, sentence_starts
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.lexicon import (
    DESCRIPTOR_NOUNS,
    DESIGNATOR_WORDS,
    NAME_BREAKERS,
    NON_ENTITY_TERMS,
    ORG_SUFFIXES,
    TITLE_WORDS,
)
from flows.records import Mention

KEEP = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
TYPE_PRIORITY = ["ORG", "PERSON", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"]
LEADING = re.compile(r"^(?:[\s•·*\-–—‘’“”\"'(\[]+|(?:the|a|an)\s+)+", re.I)
POSSESSIVE_INSIDE = re.compile(r"[’']s\s+")
_BREAKERS = "|".join(sorted(NAME_BREAKERS))
BREAK_INSIDE = re.compile(rf"([’']s\s+|\s+(?:{_BREAKERS})\s+(?=[A-Z]))")
SEPARATOR = re.compile(rf"[’']s\s+|\s+(?:{_BREAKERS})\s+")
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
    given as offsets: 'Dairy\\nFarm' stays one name) and possessives, trimmed of determiners, quotes, handles,
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
        part = part.split(" @")[0]  # 'Keris Lahiff @kerisalison': a social handle is not part of the name
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



def raw_mentions(doc: Doc, aliases: dict[str, tuple[str, str]]) -> list[Mention]:
    """Return the cleaned mentions of the doc's entities, typed by the alias table where it knows the name."""
    starts, found, wraps = sentence_starts(doc), [], hard_wraps(doc.text)
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        if len(ent) > 1 and ent[0].tag_ == "VBG":
            ent = ent[1:]  # 'Hosting Cook at Dreamforce': a gerund opening the sentence is not part of the name
        for pos, text in clean_span(ent.text, ent.start_char, ent.label_, wraps):
            label = aliases[fold(text)][1] if fold(text) in aliases else ent.label_
            before = doc.text[max(0, pos - 30):pos].split()
            titled = bool(before) and before[-1].lower().strip(",") in TITLE_WORDS
            found.append(Mention(pos, pos + len(text), text, label, sentence_of(starts, pos), titled))
    return found


def strip_designators(name: str) -> str:
    """Return a folded organization name without trailing company designators ('alibaba group holding ltd' -> 'alibaba')."""
    words = fold(name).split()
    while len(words) > 1 and words[-1].rstrip(".") in DESIGNATOR_WORDS:
        words.pop()
    return " ".join(words)


def initials(name: str) -> str:
    """Return the capital initials of a long name ('World Trade Organization' -> 'WTO')."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w&\-]*", name) if w[0].isupper())


def fix_types(mentions: list[Mention], aliases: dict[str, tuple[str, str]]) -> None:
    """Correct systematic label slips of the small model in place, using the rest of the article as context."""
    labels: dict[str, Counter] = {}
    for m in mentions:
        labels.setdefault(fold(m.text), Counter())[m.label] += 1
    # the words of full names the model mostly calls people ('Indiana Statehouse' once PERSON, once ORG lends no
    # surname: 'Indiana' stays a place)
    person_tokens = {t for m in mentions if len(m.text.split()) > 1 and m.label == "PERSON"
                     and 2 * labels[fold(m.text)]["PERSON"] > labels[fold(m.text)].total() for t in m.text.split()}
    for m in mentions:
        words = m.text.split()
        if words[-1] in ORG_SUFFIXES:
            m.label = "ORG"
        elif m.label == "GPE" and country_code(m.text) is None and fold(m.text) not in aliases:
            m.label = "ORG"  # the model calls many company names places; a real place is in the gazetteer
        elif m.label in {"ORG", "GPE", "NORP", "PRODUCT"} and len(words) == 1 and m.text in person_tokens:
            m.label = "PERSON"  # a surname alone ("Qi said") after the full name
    org_words = {m.text for m in mentions if m.label == "ORG"}
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and words[0] in org_words:
            m.label = "ORG"  # "Alibaba Cloud" tagged PERSON, whose first word is a company of the article
        elif m.label == "PERSON" and len(words) == 1 and not m.titled and m.text not in person_tokens:
            m.label = "ORG"  # a lone capitalized name never given a first name or a title is a brand, not a person
    votes: dict[str, Counter] = {}
    for m in mentions:
        votes.setdefault(fold(m.text), Counter())[m.label] += 1
    for m in mentions:
        counts = votes[fold(m.text)]
        best = max(counts.values())
        order = ["GPE", *TYPE_PRIORITY] if country_code(m.text) else TYPE_PRIORITY  # a known place wins a tie
        m.label = next(t for t in order + [m.label] if counts.get(t) == best)
