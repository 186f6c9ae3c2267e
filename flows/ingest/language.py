"""Which texts are English: the model and every rule downstream read English, so other languages are set aside.

The rule (documented in docs/operations.md, Failure handling), on the first 20,000 characters: a text is not English when most of its
letters are outside the Latin script (Chinese, Arabic, Cyrillic...), or when the common function words of
German, French, Spanish, Italian, Portuguese or Dutch outnumber English ones (and there are at least 5).
Tables of figures with hardly any function words ("Shr 11 cts vs 35 cts") stay English.
"""
from __future__ import annotations

import re

ENGLISH = frozenset("the of and to in is that for it on was with as by at he she said from his be are have has an"
                    " this which its were not or but their they will had been".split())
OTHERS = frozenset("der die das und ist nicht ein eine mit auf dem den sich le la les des et est une du dans pour"
                   " qui sur el los las y es una del que por con para lo il che di della sono het een van zijn niet"
                   " não uma com os".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def language_of(text: str) -> str | None:
    """Return 'en' when the text reads as English by the rule above, else None."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if letters and sum(c > "\u024f" for c in letters) > len(letters) / 2:
        return None
    words = _WORD.findall(sample.lower())
    english, others = sum(w in ENGLISH for w in words), sum(w in OTHERS for w in words)
    return None if others >= 5 and others > english else "en"
