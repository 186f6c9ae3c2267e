"""What the text says to make a name a company: a company noun before it ('toy company Varlo'), or an appositive
that calls it one ('Varlo, a toy maker')."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from flows.extract.context import text_of
from flows.extract.lexicon import DESCRIPTOR_NOUNS
from flows.records import Mention

# Nouns an appositive calls a company by, beside the company nouns: 'Acme, a global provider of ...'.
APPOSITIVE_NOUNS = DESCRIPTOR_NOUNS | {"provider", "producer", "supplier", "vendor", "distributor", "specialist"}
_NOUNS = "|".join(sorted(APPOSITIVE_NOUNS))
# ', a non-profit group bringing ...': the company noun heads the appositive (not 'a bank clerk').
APPOSITIVE = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,4}}?(?:{_NOUNS}|\w+maker)"
                        rf"(?=\s*[,.;:)]|\s+(?:that|which|with|in|of|for|based|\w+ing|\w+ed)\b)")


def company_appositive(doc: Doc, m: Mention) -> bool:
    """Return True when an appositive calls the named thing a company: 'Acme, the country's largest
    winemaker', 'Acme, a non-profit group bringing ...' (the parse may hang it elsewhere); not a capitalized
    word of another name ('Jane Roe, Acme Group vice-president')."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is not None and any(c.dep_ == "appos" and c.text.islower() and (c.lemma_ in APPOSITIVE_NOUNS or
                                                       c.text.endswith("maker")) for c in span.root.children):
        return True
    return APPOSITIVE.match(text_of(doc), m.end) is not None


def described_as_company(doc: Doc, m: Mention) -> bool:
    """Return True when the text calls the named thing a company: 'toy company Varlo', 'Acme, the
    country's largest winemaker'."""
    before = text_of(doc)[max(0, m.start - 30):m.start].split()
    return bool(before) and before[-1].lower() in DESCRIPTOR_NOUNS or company_appositive(doc, m)


def after_company_noun(doc: Doc, i: int) -> bool:
    """Return True when the token at i follows a lower-case company noun that has a modifier of its own ('toy
    company Varlo', 'US wine maker X'): a company's name, where 'his rival X' or 'the label X' may name anyone."""
    if i < 2:
        return False
    noun, modifier = doc[i - 1], doc[i - 2]
    return (noun.text.islower() and (noun.text in DESCRIPTOR_NOUNS or noun.text.endswith("maker"))
            and modifier.is_alpha and modifier.tag_ not in ("DT", "PRP", "PRP$", "POS", "WP$"))
