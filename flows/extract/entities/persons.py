"""People the small model types as companies or products, found by what only people have in the text: an age,
a byline, a personal pronoun they are the subject of, a place in a list of people."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from flows.extract.context import text_of
from flows.extract.entities.gazetteer import country_code, fold
from flows.extract.lexicon import ORG_HEAD_WORDS, ORG_SUFFIXES, PERSONAL_PRONOUNS
from flows.records import Mention

# 'Holt, 38 – who runs ...', 'Vell, 29, however': an age set off by commas or a dash follows only a person.
AGE = re.compile(r",\s+[1-9]\d(?:,|\s*[–—-]\s|\))")
# 'By Jane Roe | Publisher': the name a byline opens with.
BYLINE = re.compile(r"(?:^|\n)[ \t]*By[ \t]+$")
# ' - Nov 19, 2019', ' | 19 March 2020': a date after a name on a byline line.
DATED = re.compile(r"\s+[-–—|]\s+(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
# Two list members with nothing but a comma or 'and' between them.
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
NAME_WORD = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*$")
RETYPABLE = {"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "FAC", "GPE"}


def could_be_person(m: Mention) -> bool:
    """Return True for a mention shaped like a person's name: one to three capitalized words, none of them a
    company word, and not a known place typed as a place (a surname may also name some town: 'Holt')."""
    words = m.text.split()
    return (m.label in RETYPABLE and 1 <= len(words) <= 3 and all(NAME_WORD.match(w) for w in words)
            and words[-1] not in ORG_SUFFIXES and words[-1].lower() not in ORG_HEAD_WORDS
            and not (m.label == "GPE" and country_code(m.text) is not None))


def has_age(text: str, m: Mention) -> bool:
    """Return True when an age in commas or dashes follows the name ('Holt, 38 –')."""
    return AGE.match(text, m.end) is not None


def opens_byline(text: str, m: Mention) -> bool:
    """Return True when the name follows 'By' at the start of a line ('By Jane Roe | Publisher'), or opens a
    line and a date follows it after a dash or a bar ('Jane Roe - Nov 19, 2019, 8:15 pm')."""
    if BYLINE.search(text[max(0, m.start - 40):m.start]) is not None:
        return True
    return text[text.rfind("\n", 0, m.start) + 1:m.start].strip() == "" and DATED.match(text, m.end) is not None


def subject_of_pronoun(doc: Doc, m: Mention, mentions: list[Mention]) -> bool:
    """Return True when the name is the subject of a sentence that names no person and whose next pronoun or
    name after it is 'he', 'she', 'his' or 'her' ('Jane Roe hopes that her shop ...'); an 'its' or
    another name first leaves it alone."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    sent = span.sent
    if any(o.label == "PERSON" and sent.start_char <= o.start < sent.end_char for o in mentions):
        return False
    starts = {o.start for o in mentions}
    for tok in doc[span.end:sent.end]:
        if tok.idx in starts or tok.lower_ in ("its", "it", "their"):
            return False
        if tok.lower_ in PERSONAL_PRONOUNS:
            return True
    return False


def listed_with_people(text: str, ordered: list[Mention], i: int) -> bool:
    """Return True when the i-th of the mentions (in text order) stands in a list of at least two other names that
    are all people ('Jane Roe, John Doe and Mary Major')."""
    members = []
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j + step], ordered[j]) if step < 0 else (ordered[j], ordered[j + step])
            if not LIST_GAP.fullmatch(text[a.end:b.start]):
                break
            j += step
            members.append(ordered[j])
    return len(members) >= 2 and all(o.label == "PERSON" for o in members)


def shown_people(doc: Doc, mentions: list[Mention]) -> set[str]:
    """Return the folded names of the name-shaped mentions (or the model's people) the text shows to be people: an
    age, a byline, a personal pronoun they are the subject of, a place in a list of people."""
    text, ordered = text_of(doc), sorted(mentions, key=lambda o: o.start)
    return {fold(m.text) for i, m in enumerate(ordered) if (could_be_person(m) or m.label == "PERSON") and (
        has_age(text, m) or opens_byline(text, m) or subject_of_pronoun(doc, m, mentions)
        or listed_with_people(text, ordered, i))}
