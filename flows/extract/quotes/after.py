"""The reporting clause right after a quotation's closing mark, read as a token pattern ('“…,” Mr. Roe said',
'“…,” said Roe', '“…!” Roe barked', '“…,” Ann Lee, 58, told'): any verb there reports the quotation.

The clause stops at the end of its own sentence (abbreviation dots are inside their tokens, so 'Mr.' or 'Gov.'
never end it), at the next quotation and at a paragraph break; after a quotation that ends its own sentence
('“….” He warns that ...') only a bare reporting clause counts, never the next sentence.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from flows.extract.context import text_of
from flows.extract.lexicon import RELATIVE_PRONOUNS, SPEECH_VERBS
from flows.extract.quotes.grammar import DASHES, STOPS, SUBJECTS, inside, is_verb, nominal, object_of_according
from flows.extract.quotes.spans import QuoteSpan

MARKS = {"“", "”", '"'}
MAX_CLAUSE = 25  # tokens read after a closing mark
NP_TAGS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PUNCT", "ADP", "PART", "CCONJ", "ADV"}


def clause_after(doc: Doc, span: QuoteSpan) -> list[Token]:
    """Return the tokens right after a closing mark up to the end of their clause: a sentence end (a token of its
    own, so 'Mr.' does not end it), a quote mark, a line break (one inside the clause is a wrapped line); a
    leading comma or dash is skipped."""
    if span.close_at == span.end:
        return []  # the paragraph ended with the quotation unclosed
    at = doc.char_span(span.close_at, len(text_of(doc)), alignment_mode="contract")
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
    return 0 < len(toks) <= 20 and (toks[0].pos_ in ("DET", "ADJ", "NUM") or nominal(toks[0])) \
        and all(t.pos_ in NP_TAGS or nominal(t) for t in toks) and not any(t.lower_ in RELATIVE_PRONOUNS for t in toks)


def head_of(toks: list[Token]) -> Token | None:
    """Return the head word of a noun phrase: its first name, noun or pronoun whose head lies outside it."""
    ids = {t.i for t in toks}
    heads = [t for t in toks if nominal(t) and (t.head.i not in ids or t.head.i == t.i)]
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
    terminal = text_of(doc)[span.start:span.end].rstrip()[-1:] in ".!?" and text_of(doc)[span.close_at:span.close_at + 1] not in DASHES
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
