"""What the readings of a reporting clause share: the quoted words, the subject of a verb, and whether a word
is within reach of a quotation (its paragraph; after it, its sentence). Words inside a quotation are never read as
part of a reporting clause."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from flows.extract.context import text_of
from flows.extract.lexicon import RELATIVE_PRONOUNS
from flows.extract.quotes.spans import QuoteSpan

SUBJECTS = ("nsubj", "nsubjpass")
# links a subject is borrowed through: 'began by saying', 'was quoted as saying', 'went on to say'
CLIMB_DEPS = {"xcomp", "pcomp", "prep", "advcl", "conj"}
NOT_REPORTING = {"be", "have", "become", "seem", "do"}
STOPS = {".", "!", "?", ";", ":"}
DASHES = {",", "—", "–", "-", "--"}


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


def nominal(tok: Token) -> bool:
    """Return True for a name, noun or pronoun; a capitalized word inside a sentence is a name whatever the tagger
    made of it (a surname that is also an English word: '“…,” says Early.')."""
    return tok.pos_ in ("PROPN", "NOUN", "PRON") or (tok.is_title and not tok.is_sent_start and tok.is_alpha)


def nearest_subject(verb: Token) -> Token | None:
    """Return the subject of a verb, the nearest when the parse gives two; else a name right before it that the
    parser took for an adverb ('..., Early says there is a chance' with 'Early' as advmod)."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    before = verb.doc[verb.i - 1] if verb.i else None
    if before is not None and before.head == verb and before.dep_ in ("advmod", "npadvmod") and before.pos_ != "PRON" \
            and before.is_title and not before.is_sent_start:
        return before
    return None


def subject_of(verb: Token, quoted: list[tuple[int, int]]) -> Token | None:
    """Return the subject of a verb, borrowed from the verbs it depends on through CLIMB_DEPS ('began by saying',
    'was quoted as saying'); None for a subject inside a quotation or a relative pronoun."""
    tok = verb
    for _ in range(4):
        subj = nearest_subject(tok)
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
        return not breaks_paragraph(text_of(doc), tok.idx, span.open_at)
    between = doc.char_span(span.close_at, tok.idx, alignment_mode="expand")
    return text_of(doc)[span.start:span.end].rstrip()[-1:] not in ".!?" \
        and not breaks_paragraph(text_of(doc), span.close_at, tok.idx) \
        and not (between is not None and any(t.text in STOPS for t in between))


def object_of_according(tok: Token) -> Token | None:
    """Return who 'according to' names: the object of 'to' ('according to the report' -> report)."""
    to = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if to is None or to.lower_ != "to":
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), to.doc[to.i + 1] if to.i + 1 < len(to.doc) else None)
