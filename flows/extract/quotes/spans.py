"""Direct quotations: the passages inside quote marks, a quotation running over paragraphs as one, and quote marks
around a term or title left out."""
from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE = "“", "”"


@dataclass
class QuoteSpan:
    """Where one quotation sits: the marks' offsets and the text inside them."""

    open_at: int   # offset of the opening mark
    start: int     # first character inside the marks
    end: int       # one past the last character inside
    close_at: int  # offset just past the closing mark (== end when the paragraph ended unclosed)


def _is_open(text: str, i: int) -> bool:
    """Return True when a straight double quote at i opens a quotation (space or start before, a letter after)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:,") and not after.isspace()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return every double-quoted passage; a quote whose paragraph ends unclosed continues into the next
    paragraph when that one opens with a quote mark (news style for quotes running over paragraphs)."""
    spans, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch not in (OPEN, '"') or (ch == '"' and not _is_open(text, i)):
            i += 1
            continue
        j, start = i + 1, i + 1
        while j < n:
            c = text[j]
            if c == CLOSE or (c == '"' and not _is_open(text, j)):
                spans.append(QuoteSpan(i, start, j, j + 1))
                break
            if c == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] in (OPEN, '"'):
                    j = k + 1  # the quotation runs on into the next paragraph
                    continue
                wrapped = j + 1 < n and not text[j + 1].isspace() and text[start:j].rstrip()[-1:] not in ".!?"
                if wrapped and j - start < 2000:
                    j += 1  # a hard-wrapped line (wire copy) inside the same paragraph
                    continue
                end = len(text[start:j].rstrip())
                spans.append(QuoteSpan(i, start, start + end, start + end))
                break
            j += 1
        else:
            spans.append(QuoteSpan(i, start, n, n))
        i = max(j, i + 1)
    return [s for s in spans if s.end > s.start]


def is_scare_quote(text: str, span: QuoteSpan) -> bool:
    """Return True for quote marks around a term or title rather than speech ('a “public service” mindset')."""
    inner = text[span.start:span.end].strip()
    words = inner.split()
    titled = all(w[:1].isupper() or not w[:1].isalpha() or w in {"of", "the", "and", "for", "in", "a", "to"} for w in words)
    if titled and len(words) <= 8 and not re.search(r"[.,!?;:]", inner):
        return True  # a title in Title Case ('played “We Will Rise Again”'), not a slogan with its punctuation
    if len(words) > 4:
        return False
    after = text[span.close_at:span.close_at + 2]
    ends_clause = bool(re.match(r"\s*[.,!?;:]|\s*$|\s*\n", after)) or inner[-1:] in ".!?,"
    return not ends_clause or titled
