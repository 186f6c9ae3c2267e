"""Tone, as GDELT's V2Tone scores a document: the share of its words found in a positive and a negative word list.

- positive_pct / negative_pct: words of the text in the positive / negative list, per 100 words of the text;
- tone: positive_pct - negative_pct (-100 to 100; news sits within a few points of 0);
- polarity: positive_pct + negative_pct, how much of the text is emotionally loaded at all (GDELT's Polarity).

The lists are the words of the VADER lexicon (vaderSentiment 3.3.2, MIT, shipped in the package, offline) whose
mean human rating is at least MIN_VALENCE away from neutral. An article's tone is over its body; a quote's or an
event's is over its sentence. Words inside a named-entity mention do not count ("United" in United Nations,
"Amazon" the company). Why these lists and this cut: docs/tone.md.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from importlib.resources import files

from spacy.tokens import Doc

from flows.extract.context import text_of

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
MIN_VALENCE = 1.0  # VADER's ratings run from -4 to 4; below 1 in size a word is hardly charged ("top", "reach")
# words whose everyday sense in business news carries no feeling: stock shares, "like" as "such as", "no" as a
# plain negator ("no injuries" is not bad news)
NEUTRAL_IN_NEWS = frozenset({"share", "shares", "like", "no"})
COLUMNS = ("tone", "positive_pct", "negative_pct", "polarity")


@lru_cache(maxsize=1)
def word_list() -> dict[str, int]:
    """Return +1 for each word of the positive list and -1 for each of the negative one."""
    lexicon = (files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    signs = {}
    for line in lexicon.splitlines():
        word, _, rest = line.partition("\t")
        valence = float(rest.split("\t", 1)[0]) if rest else 0.0
        if abs(valence) >= MIN_VALENCE and WORD.fullmatch(word) and word not in NEUTRAL_IN_NEWS:
            signs[word] = 1 if valence > 0 else -1
    return signs


def score(text: str, start: int = 0, end: int | None = None, skip: list[tuple[int, int]] = ()) -> dict | None:
    """Return the tone columns of text[start:end] (None when it has no words); words starting inside one of
    the sorted, non-overlapping `skip` spans (entity mentions) are counted as words but never as charged."""
    signs, starts = word_list(), [s for s, _ in skip]
    words = positive = negative = 0
    for match in WORD.finditer(text, start, len(text) if end is None else end):
        words += 1
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < skip[at][1]:
            continue
        sign = signs.get(match.group().lower().replace("’", "'"), 0)
        positive += sign > 0
        negative += sign < 0
    if not words:
        return None
    pos, neg = 100 * positive / words, 100 * negative / words
    return {"tone": round(pos - neg, 3), "positive_pct": round(pos, 3), "negative_pct": round(neg, 3),
            "polarity": round(pos + neg, 3)}


def sentence_tone(doc: Doc, start: int, end: int, skip: list[tuple[int, int]]) -> float | None:
    """Return the tone of the sentence(s) holding the span [start, end) of the doc's text."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if doc.has_annotation("SENT_START"):
        start, end = span[0].sent.start_char, span[-1].sent.end_char
    scored = score(text_of(doc), start, end, skip)
    return scored["tone"] if scored else None


def entity_spans(mentions) -> list[tuple[int, int]]:
    """Return the sorted, merged (start, end) spans of an article's entity mentions."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted((m.start, m.end) for m in mentions):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def with_tone(rows: list[dict], doc: Doc, skip: list[tuple[int, int]]) -> list[dict]:
    """Return fact rows (quotes, events) each with the tone of its sentence."""
    return [{**row, "tone": sentence_tone(doc, row["char_start"], row["char_end"], skip)} for row in rows]
