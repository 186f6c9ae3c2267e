"""What the rules share about a parsed article: sentence positions and what a pronoun or 'the company' stands for."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from flows.extract.quotes.genders import person_genders
from flows.records import Mention

PRONOUNS = {"he", "she", "they", "him", "her"}
NOMINAL_SPEAKERS = {"company", "firm", "group", "statement", "spokesman", "spokeswoman", "spokesperson",
                    "ministry", "bank", "government", "agency", "carrier", "airline", "report", "rep", "representative",
                    "office", "club", "label", "spokespeople", "department"}


def sentence_starts(doc: Doc) -> list[int]:
    """Return the character offset where each sentence of the doc starts."""
    return [s.start_char for s in doc.sents]


def sentence_of(starts: list[int], offset: int) -> int:
    """Return the index of the sentence containing a character offset."""
    return max(bisect_right(starts, offset) - 1, 0)


def referent_kind(tok: Token) -> str | None:
    """Return the entity type a word stands in for: 'he'/'she' -> PERSON, 'the company'/'the statement' -> ORG."""
    if tok.lower_ in PRONOUNS or tok.lower_ == "old" and tok.i >= 2 and tok.doc[tok.i - 2].lower_ == "year":
        return "PERSON"  # 'he said', 'the 56-year-old said'
    if tok.lemma_.lower() in NOMINAL_SPEAKERS and tok.pos_ == "NOUN":
        return "ORG"
    return None


def antecedent(doc: Doc, mentions: list[Mention], before: int, kind: str, gender: str | None = None) -> Mention | None:
    """Return the entity a pronoun or 'the company' refers to: the latest such mention before, subjects first;
    with a pronoun's gender ('she' -> F), people known to be of the other gender are passed over (genders.py)."""
    earlier = [m for m in mentions if m.end <= before and m.entity_type == kind]
    if gender and kind == "PERSON":
        known = person_genders(doc.text, mentions)
        earlier = [m for m in earlier if known.get(m.entity, gender) == gender]
    spans = [(m, doc.char_span(m.start, m.end, alignment_mode="expand")) for m in earlier]
    subjects = [m for m, span in spans if span is not None and (span.root.dep_ in ("nsubj", "nsubjpass") or
                span.root.dep_ == "pobj" and span.root.head.dep_ == "agent")]  # 'driven by Constellation. It ...'
    recent = [m for m in subjects if m.start >= (earlier[-1].start - 600 if earlier else 0)]
    return (recent or earlier or [None])[-1]
