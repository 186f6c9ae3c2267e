"""What the rules share about a parsed article: sentence positions and what a pronoun or 'the company' stands for."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Token

from flows.extract.lexicon import NOMINAL_SPEAKERS, REFERRING_PRONOUNS
from flows.records import Mention

TEXT_KEY = "wirehouse.text"  # where text_of keeps a doc's text, in the doc's own user_data


def text_of(doc: Doc) -> str:
    """Return the doc's text, joined once per doc: spaCy's Doc.text joins every token's text again at each call
    (milliseconds for a long article), and the rules read the text thousands of times per article."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def sentence_starts(doc: Doc) -> list[int]:
    """Return the character offset where each sentence of the doc starts."""
    return [s.start_char for s in doc.sents]


def sentence_of(starts: list[int], offset: int) -> int:
    """Return the index of the sentence containing a character offset."""
    return max(bisect_right(starts, offset) - 1, 0)


def referent_kind(tok: Token) -> str | None:
    """Return the entity type a word stands in for: 'he'/'she' -> PERSON, 'the company'/'the statement' -> ORG."""
    if tok.lower_ in REFERRING_PRONOUNS or tok.lower_ == "old" and tok.i >= 2 and tok.doc[tok.i - 2].lower_ == "year":
        return "PERSON"  # 'he said', 'the 61-year-old said'
    if tok.lemma_.lower() in NOMINAL_SPEAKERS and tok.pos_ == "NOUN":
        return "ORG"
    return None


def antecedent(doc: Doc, mentions: list[Mention], before: int, kind: str,
               fits: Callable[[Mention], bool] | None = None) -> Mention | None:
    """Return the entity a pronoun or 'the company' refers to: the latest such mention before, subjects first;
    `fits` passes over mentions it cannot be (quotes/genders.py: 'she' is no man the article knows)."""
    earlier = [m for m in mentions if m.end <= before and m.entity_type == kind and (fits is None or fits(m))]
    spans = [(m, doc.char_span(m.start, m.end, alignment_mode="expand")) for m in earlier]
    subjects = [m for m, span in spans if span is not None and (span.root.dep_ in ("nsubj", "nsubjpass") or
                span.root.dep_ == "pobj" and span.root.head.dep_ == "agent")]  # 'driven by Acme. It ...'
    recent = [m for m in subjects if m.start >= (earlier[-1].start - 600 if earlier else 0)]
    return (recent or earlier or [None])[-1]
