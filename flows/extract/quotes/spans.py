"""Direct quotations: the passages inside quote marks, a quotation running over paragraphs as one (or one per
paragraph when it is too long to be one quotation), and quote marks around a term or title told apart."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import groupby

OPEN, CLOSE = "“", "”"
# A quotation running over paragraphs longer than this is a transcript or a speech read out: one row per paragraph
# (a single row that long would also be set aside by the fact_quote suite, and every quotation in it lost).
MAX_RUN_CHARS = 2000
MAX_RUN_SHARE = 0.5
SHORT_WORDS = {"of", "the", "and", "for", "in", "a", "to"}


@dataclass
class QuoteSpan:
    """Where one quotation sits: the marks' offsets and the text inside them."""

    open_at: int   # offset of the opening mark
    start: int     # first character inside the marks
    end: int       # one past the last character inside
    close_at: int  # offset just past the closing mark (== end when the paragraph ended unclosed)
    run: int = -1  # pieces of one quotation running over paragraphs share a run number (-1: a single piece)


def _is_open(text: str, i: int) -> bool:
    """Return True when a straight double quote at i opens a quotation (space or start before, a letter after)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:,") and not after.isspace()


def _is_close(text: str, j: int) -> bool:
    """Return True when the character at j closes the quotation it is inside."""
    return text[j] == CLOSE or (text[j] == '"' and not _is_open(text, j))


def _next_mark(text: str, j: int) -> int:
    """Return the offset of the quote mark opening the paragraph after a line break at j (-1 when it opens none)."""
    k = j
    while k < len(text) and text[k].isspace():
        k += 1
    return k if k < len(text) and text[k] in (OPEN, '"') else -1


def _wrapped(text: str, start: int, j: int) -> bool:
    """Return True for a hard-wrapped line (wire copy) inside one paragraph at the line break j."""
    return j + 1 < len(text) and not text[j + 1].isspace() and text[start:j].rstrip()[-1:] not in ".!?" \
        and j - start < 2000


def quote_pieces(text: str) -> list[QuoteSpan]:
    """Return every double-quoted passage; a quote whose paragraph ends unclosed goes on in the next paragraph
    when that one opens with a quote mark (news style), each paragraph a piece of the same run."""
    spans, i, n, runs = [], 0, len(text), 0
    while i < n:
        if text[i] not in (OPEN, '"') or (text[i] == '"' and not _is_open(text, i)):
            i += 1
            continue
        j, start, opened, run = i + 1, i + 1, i, -1
        while j < n:
            if _is_close(text, j):
                spans.append(QuoteSpan(opened, start, j, j + 1, run))
                break
            if text[j] == "\n" and ((k := _next_mark(text, j)) != -1 or not _wrapped(text, start, j)):
                end = start + len(text[start:j].rstrip())
                spans.append(QuoteSpan(opened, start, end, end, run))
                if k == -1:
                    break
                run = spans[-1].run = run if run != -1 else (runs := runs + 1)
                j, start, opened = k + 1, k + 1, k  # the quotation runs on into the next paragraph
                continue
            j += 1
        else:
            spans.append(QuoteSpan(opened, start, n, n, run))
        i = max(j, i + 1)
    return [s for s in spans if s.end > s.start]


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return every quotation: the pieces of a run joined into one, unless the run is too long to be one quotation
    (MAX_RUN_CHARS, MAX_RUN_SHARE of the text), when each paragraph stays a quotation of its own."""
    found = []
    for run, group in groupby(quote_pieces(text), key=lambda s: s.run):
        pieces = list(group)
        size = pieces[-1].end - pieces[0].start
        if run == -1 or size > MAX_RUN_CHARS or size > MAX_RUN_SHARE * len(text):
            found += pieces
        else:
            found.append(replace(pieces[0], end=pieces[-1].end, close_at=pieces[-1].close_at))
    return found


def is_scare_quote(text: str, span: QuoteSpan) -> bool:
    """Return True when the words alone look like a term or title rather than speech ('a “public service”
    mindset', 'played “We Will Rise Again”'); rows.py still keeps one a reporting verb governs."""
    inner = text[span.start:span.end].strip()
    words = inner.split()
    titled = all(w[:1].isupper() or not w[:1].isalpha() or w in SHORT_WORDS for w in words)
    if titled and len(words) <= 8 and not re.search(r"[.,!?;:]", inner):
        return True  # a title in Title Case ('played “We Will Rise Again”'), not a slogan with its punctuation
    if len(words) > 4:
        return False
    after = text[span.close_at:span.close_at + 2]
    ends_clause = bool(re.match(r"\s*[.,!?;:]|\s*$|\s*\n", after)) or inner[-1:] in ".!?,"
    return not ends_clause or titled
