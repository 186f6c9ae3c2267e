"""The reporting clause of a quotation: which verb governs the quoted words, and who its subject is.

Three readings, tried in speakers.speaker_for's order:
- after_clause: the clause right after the closing mark, read as a token pattern ('“…,” Mr. Roe said',
  '“…,” said Roe', '“…!” Roe barked', '“…,” Ann Lee, 58, told'): any verb there reports the quotation. It stops
  at the end of its own sentence (abbreviation dots are inside their tokens, so 'Mr.' or 'Gov.' never end it),
  at the next quotation and at a paragraph break; after a quotation that ends its own sentence ('“….” He warns
  that ...') only a bare reporting clause counts, never the next sentence.
- governing_subject: the verb the quoted words hang from in the parse, a reporting verb first ('Roe said the plan
  was “a disaster”'), else the nearest verb with a subject ('Roe labeled the offer “a disgrace”').
- before_subject: the reporting verb nearest before the quotation in its sentence ('Roe said: “…”').
Words inside another quotation are never read as a reporting clause.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flows.extract.lexicon import RELATIVE_PRONOUNS, SPEECH_VERBS
from flows.extract.quotes.spans import QuoteSpan

SUBJECTS = ("nsubj", "nsubjpass")
# links a subject is borrowed through: 'began by saying', 'was quoted as saying', 'went on to say'
CLIMB_DEPS = {"xcomp", "pcomp", "prep", "advcl", "conj"}
NOT_REPORTING = {"be", "have", "become", "seem", "do"}
STOPS = {".", "!", "?", ";", ":"}
MARKS = {"“", "”", '"'}
DASHES = {",", "—", "–", "-", "--"}
MAX_CLAUSE = 25  # tokens read after a closing mark
NP_TAGS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "ADP", "PART", "CCONJ", "ADV"}


def quoted_words(doc: Doc, span: QuoteSpan) -> Span | None:
    """Return the tokens inside a quotation's marks (None when they do not align with tokens)."""
    return doc.char_span(span.start, span.end, alignment_mode="expand")


def outside_heads(words: Span) -> list[Token]:
    """Return the tokens outside the quotation that quoted words hang from, nearest first, without repeats."""
    heads = []
    for tok in words:
        for head in tok.ancestors:
            if not words.start <= head.i < words.end and head not in heads:
                heads.append(head)
    return heads


def is_verb(tok: Token) -> bool:
    """Return True for a verb that can report speech (not 'be' or 'have')."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_ not in NOT_REPORTING


def speech_governs(doc: Doc, span: QuoteSpan) -> bool:
    """Return True when a reporting verb is a syntactic ancestor of the quoted words, so short or Title Case words
    are speech, not a term in quote marks: 'Roe said the offer was “a disgrace”', 'Roe called it “Project Big”'
    (but not 'a “customer first” mindset', 'the band played “We Will Rise Again”')."""
    words = quoted_words(doc, span)
    return words is not None and any(h.lemma_ in SPEECH_VERBS and h.pos_ in ("VERB", "AUX")
                                     for h in outside_heads(words))


def subject_of(verb: Token, quoted: list[tuple[int, int]]) -> Token | None:
    """Return the subject of a verb, borrowed from the verbs it depends on through CLIMB_DEPS ('began by saying',
    'was quoted as saying'); None for a subject inside a quotation or a relative pronoun."""
    tok = verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in SUBJECTS]  # the nearest, when the parse gives two
        subj = min(subjects, key=lambda c: abs(c.i - tok.i)) if subjects else None
        if subj is not None:
            return None if inside(subj, quoted) or subj.lower_ in RELATIVE_PRONOUNS or is_dateline(subj) else subj
        if tok.dep_ not in CLIMB_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def is_dateline(subj: Token) -> bool:
    """Return True for a dateline the parser took for a subject ('LONDON (Reuters) - Acme said ...')."""
    return subj.text.isupper() and len(subj.text) > 1 and any(t.text in DASHES for t in subj.subtree)


def inside(tok: Token, quoted: list[tuple[int, int]]) -> bool:
    """Return True when a token lies inside one of the quotations (offset pairs, marks included)."""
    return any(lo <= tok.idx < hi for lo, hi in quoted)


def governing_subject(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the subject of the verb the quoted words hang from: the nearest reporting verb among their heads,
    else the nearest verb with a subject ('Roe labeled the offer “a disgrace”', 'Roe held a sign reading
    “Vote Acme”'); heads inside another quotation are passed over."""
    words = quoted_words(doc, span)
    if words is None:
        return None
    heads = [h for h in outside_heads(words) if is_verb(h) and not inside(h, quoted) and in_reach(doc, span, h)]
    speech = [h for h in heads if h.lemma_ in SPEECH_VERBS]
    # speech reported inside speech is the outer speaker's words: 'Roe said Acme had concluded it was “…”' -> Roe
    speech = [h for h in speech if not (h.dep_ == "ccomp" and h.head in speech)]
    for verbs in (speech, heads):
        for verb in verbs:
            if (subj := subject_of(verb, quoted)) is not None and in_reach(doc, span, subj):
                return subj, "cue"
    return None


def breaks_paragraph(text: str, lo: int, hi: int) -> bool:
    """Return True when a paragraph break lies between two offsets: a line break, unless it only wraps a line
    (wire copy: no sentence end or closing mark before it, no indent or blank line after it)."""
    for at in (i for i in range(lo, hi) if text[i] == "\n"):
        if at + 1 >= len(text) or text[at + 1].isspace() or text[max(0, at - 8):at].rstrip()[-1:] in ".!?:”\"":
            return True
    return False


def in_reach(doc: Doc, span: QuoteSpan, tok: Token) -> bool:
    """Return True when a word can belong to a quotation's reporting clause: in its paragraph and, after it,
    in its sentence (a quotation ending in '.', '!' or '?' inside its marks has ended the sentence)."""
    if tok.idx < span.open_at:
        return not breaks_paragraph(doc.text, tok.idx, span.open_at)
    between = doc.char_span(span.close_at, tok.idx, alignment_mode="expand")
    return doc.text[span.start:span.end].rstrip()[-1:] not in ".!?" \
        and not breaks_paragraph(doc.text, span.close_at, tok.idx) \
        and not (between is not None and any(t.text in STOPS for t in between))


def before_subject(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the subject of the reporting verb nearest before the quotation in its sentence ('Roe said: “…”')."""
    first = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    if first is None:
        return None
    for tok in reversed(doc[first.sent.start:first.start]):
        if tok.lemma_ in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX") and not inside(tok, quoted) \
                and in_reach(doc, span, tok) and (subj := subject_of(tok, quoted)) is not None and in_reach(doc, span, subj):
            return subj, "cue"
    return None


def object_of_according(tok: Token) -> Token | None:
    """Return who 'according to' names: the object of 'to' ('according to the report' -> report)."""
    to = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if to is None or to.lower_ != "to":
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), to.doc[to.i + 1] if to.i + 1 < len(to.doc) else None)


def according_to(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return who 'according to' in the quotation's sentence names, the nearest one after the quotation first."""
    first = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    if first is None:
        return None
    found = [t for t in first.sent if t.lower_ == "according" and not inside(t, quoted)]
    found.sort(key=lambda t: (t.idx < span.close_at, abs(t.idx - span.close_at)))
    obj = next((obj for t in found if (obj := object_of_according(t)) is not None), None)
    return (obj, "according-to") if obj is not None else None


def clause_after(doc: Doc, span: QuoteSpan) -> list[Token]:
    """Return the tokens right after a closing mark up to the end of their clause: a sentence end (a token of its
    own, so 'Mr.' does not end it), a quote mark, a line break (one inside the clause is a wrapped line); a
    leading comma or dash is skipped."""
    if span.close_at == span.end:
        return []  # the paragraph ended with the quotation unclosed
    at = doc.char_span(span.close_at, len(doc.text), alignment_mode="contract")
    toks: list[Token] = []
    for tok in at[:MAX_CLAUSE] if at is not None else []:
        if tok.is_space and "\n" in tok.text:
            if not toks or "\n\n" in tok.text or tok.text.endswith((" ", "\t")):
                break
            continue
        if tok.text in STOPS or tok.text in MARKS:
            break
        toks.append(tok)
    return toks[1:] if toks and toks[0].text in DASHES else toks


def noun_phrase(toks: list[Token]) -> bool:
    """Return True when tokens read as a name or description, with an appositive or age ('Ann Lee, 58,', 'the
    judge', 'Jo Fry, a top adviser to the mayor,'), not a clause ('and Lee', 'which it')."""
    return 0 < len(toks) <= 20 and toks[0].pos_ in ("PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM") \
        and all(t.pos_ in NP_TAGS for t in toks) and not any(t.lower_ in RELATIVE_PRONOUNS for t in toks)


def head_of(toks: list[Token]) -> Token | None:
    """Return the head word of a noun phrase: its first name, noun or pronoun whose head lies outside it."""
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.pos_ in ("PROPN", "NOUN", "PRON") and (t.head.i not in ids or t.head.i == t.i)]
    return heads[0] if heads else None


def bare_report(verb: Token, rest: list[Token]) -> bool:
    """Return True for a reporting clause with nothing of its own to report ('Roe said.', 'Trump barked.'), as
    opposed to a new sentence ('He warns that ...', 'Lee called the plan “weak.”')."""
    if any(c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "attr") for c in verb.children):
        return False
    return verb.lemma_ in SPEECH_VERBS or (len(rest) <= 3 and not any(c.dep_ == "dobj" for c in verb.children))


def after_clause(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the speaker token of the clause right after a quotation, and the rule ('cue' or 'according-to'):
    '“…,” Mr. Roe said', '“…,” said Roe', '“…!” Roe barked', '“…,” according to the report'."""
    toks = clause_after(doc, span)
    if not toks or inside(toks[0], quoted):
        return None
    if toks[0].lower_ == "according" and (obj := object_of_according(toks[0])) is not None:
        return obj, "according-to"
    at = next((i for i, t in enumerate(toks) if is_verb(t) or (
        t.pos_ == "NOUN" and t.lemma_ in SPEECH_VERBS and i == len(toks) - 1 and i > 0)), None)  # 'Bozell answers.'
    if at is None or toks[at].tag_ == "VBG":
        return None  # no verb, or ', saying ...', which borrows the subject of the clause before
    verb = toks[at]
    return subject_before(verb, toks, at, span) if at else subject_after(verb, toks[1:])


def subject_before(verb: Token, toks: list[Token], at: int, span: QuoteSpan) -> tuple[Token, str] | None:
    """Return the subject of '“…,” Ann Lee, 58, told' (the words before the verb are one noun phrase); after a
    quotation that ended its sentence only a bare reporting clause counts ('“….” Roe said.')."""
    doc = verb.doc
    terminal = doc.text[span.start:span.end].rstrip()[-1:] in ".!?" and doc.text[span.close_at:span.close_at + 1] not in DASHES
    if (terminal and not bare_report(verb, toks[at + 1:])) or not noun_phrase(toks[:at]):
        return None
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS and c in toks[:at]), None) or head_of(toks[:at])
    return (subj, "cue") if subj is not None else None


def subject_after(verb: Token, rest: list[Token]) -> tuple[Token, str] | None:
    """Return the subject of an inverted reporting clause ('“…,” said Roe', '“…!” beamed Ann Lee'): the verb's
    subject, or a name right after it for a reporting verb."""
    rest = rest[:next((i for i, t in enumerate(rest) if t.text == ","), len(rest))]
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS and c in rest), None)
    if subj is None and verb.lemma_ in SPEECH_VERBS and noun_phrase(rest):
        subj = head_of(rest)
    return (subj, "cue") if subj is not None and subj.lower_ not in RELATIVE_PRONOUNS else None


def reporting_clause(doc: Doc, span: QuoteSpan, quoted: list[tuple[int, int]]) -> tuple[Token, str] | None:
    """Return the speaker token of a quotation's reporting clause and its rule: the clause right after it when
    the quotation ends in punctuation ('“…,” Roe said'), the verb governing it, 'according to', the reporting verb
    before it; a quotation inside a sentence ('called it “a disgrace” on Monday') reads the governing verb first."""
    ends = doc.text[span.start:span.end].rstrip()[-1:] in ".,!?—" or doc.text[span.close_at:span.close_at + 1] in ",—"
    readings = (after_clause, governing_subject) if ends else (governing_subject, after_clause)
    for reading in (*readings, according_to, before_subject):
        if (found := reading(doc, span, quoted)) is not None:
            return found
    return None
