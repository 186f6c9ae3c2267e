"""Events in a headline the small model mis-parses ('Acme buys stake in winemaker', 'ACME, WIDGET IN
ACCORD FOR WIDGET TO BUY ZENITH'): token patterns over the title line, names found by the article's own mentions."""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from flows.extract.context import text_of
from flows.extract.entities.canonical import strip_designators
from flows.extract.entities.gazetteer import fold
from flows.extract.events.arguments import can_act
from flows.extract.lexicon import ONE_ACTOR_KINDS, TRIGGERS, WEAK_LAUNCH_VERBS
from flows.records import Mention

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
JOINED = re.compile(r"^\s*(?:,|and|&)\s*$", re.I)


def title_line(text: str) -> tuple[int, int] | None:
    """Return the offsets of the article's first line when it reads as a headline (short, no closing period)."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    line = text[start:end].strip()
    return (start, end) if line and len(line.split()) <= 20 and not line.endswith((".", "!", "?")) else None


def trigger_lemma(word: str) -> str | None:
    """Return the trigger lemma a headline word inflects ('buys' -> buy, 'BIDS' -> bid, 'agreed' -> agree)."""
    w = word.lower()
    for cut in (w, w[:-1] if w.endswith("s") else "", w[:-2] if w.endswith(("es", "ed")) else "",
                w[:-1] if w.endswith("ed") else "", w[:-3] if w.endswith("ing") else ""):
        if cut in TRIGGERS:
            return cut
    return None


def names_in(text: str, lo: int, hi: int, mentions: list[Mention]) -> list[tuple[int, int, Mention]]:
    """Return (start, end, mention) for every name of the article printed in the line, in any case: the line's
    own mentions and the surface forms of names from the running text ('WIDGET' -> Widget Corp)."""
    running = [m for m in mentions if m.entity is not None and not lo <= m.start < hi]
    by_form = {strip_designators(m.text): m for m in running if m.entity_type == "ORG"}  # 'ACME' -> Acme Corp
    by_form.update({fold(m.text): m for m in running})
    forms = sorted(by_form.items(), key=lambda kv: -len(kv[0]))
    found = [(m.start, m.end, m) for m in mentions if lo <= m.start < hi and m.entity is not None]
    folded = fold_keep_length(text[lo:hi])
    for form, m in forms:
        for hit_start, hit_end in whole_hits(folded, form):
            s, e = lo + hit_start, lo + hit_end
            if all(e <= a or s >= b for a, b, _ in found):
                found.append((s, e, m))
    return sorted(found, key=lambda f: f[0])


def whole_hits(line: str, form: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each place the form stands in the line with no word character right before or after
    it, left to right, none overlapping: what re.finditer finds for (?<!\\w)form(?!\\w) (an empty form included),
    without compiling a pattern for each name of each article."""
    at = 0
    while (start := line.find(form, at)) != -1:
        end = start + len(form)
        if (start == 0 or not is_word(line[start - 1])) and (end == len(line) or not is_word(line[end])):
            yield start, end
            at = max(end, start + 1)
        else:
            at = start + 1


def is_word(char: str) -> bool:
    """Return True for a character the pattern \\w matches (a letter, a digit or '_')."""
    return char.isalnum() or char == "_"


def fold_keep_length(line: str) -> str:
    """Return the line lower-cased with punctuation as spaces, offsets unchanged (for finding folded names)."""
    return "".join(c.lower() if c.isalnum() or c in "&/-" else " " for c in line)


def parsed_well(doc: Doc, start: int, caps: bool) -> bool:
    """Return True when the parse already read the title (a mixed-case title parsed as a clause, whose parse found
    no pair: 'Acme buys stake in winemaker') or the trigger is a title before a name ('Bright Lane partner
    Tom Hale')."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    tok = span[0] if span is not None else None
    return tok is not None and not caps and (tok.dep_ == "compound" or tok.sent.root.pos_ == "VERB")


def headline_events(doc: Doc, mentions: list[Mention]) -> list[tuple[str, Mention, Mention, int, int, str]]:
    """Return (type, doer, other, trigger start, trigger end, rule) for each trigger word of the title line; the
    rule is 'headline:<lemma>'.

    'ACME TO BUY WIDGET' -> (acquisition, Acme, Widget); 'ACME, WIDGET IN ACCORD' -> (agreement, Acme, Widget);
    'Acme in $4bn Widget plane deal' -> (agreement, Acme, Widget): two names listed before the trigger are its
    parties; else the name nearest before it acts on the first other name after it; with none after, the
    headline's first name and the one nearest the trigger.
    """
    text = text_of(doc)
    span = title_line(text)
    if span is None:
        return []
    lo, hi = span
    names = names_in(text, lo, hi, mentions)
    caps = text[lo:hi].isupper()
    found = []
    for w in WORD.finditer(text, lo, hi):
        lemma = trigger_lemma(w.group())
        if lemma is None or parsed_well(doc, w.start(), caps):
            continue
        kind = TRIGGERS[lemma]
        before = [n for n in names if n[1] <= w.start() and can_act(n[2], kind, 1)]
        after = [n for n in names if n[0] >= w.end() and can_act(n[2], kind, 2)]
        if len(before) > 1 and JOINED.match(text[before[-2][1]:before[-1][0]]) \
                and before[-2][2].entity != before[-1][2].entity:
            found.append((kind, before[-2][2], before[-1][2], w.start(), w.end(), f"headline:{lemma}"))
        elif kind in ONE_ACTOR_KINDS:
            # 'Acme Launches Varlo Phone': the product is no party; a place launches nothing ('UK debut for'), and
            # a headline has no object to check a weak verb by ('AUDIT REVEALS DISCREPANCIES')
            if before and before[-1][2].entity_type == "ORG" and lemma not in WEAK_LAUNCH_VERBS:
                found.append((kind, before[-1][2], None, w.start(), w.end(), f"headline:{lemma}"))
        elif before and (other := next((n for n in after if n[2].entity != before[-1][2].entity), None)):
            found.append((kind, before[-1][2], other[2], w.start(), w.end(), f"headline:{lemma}"))
        elif not after and len(before) > 1 and before[0][2].entity != before[-1][2].entity:
            found.append((kind, before[0][2], before[-1][2], w.start(), w.end(), f"headline:{lemma}"))  # 'X in $4bn Y deal'
    return found
