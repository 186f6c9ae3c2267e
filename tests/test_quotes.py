"""Speakers of quotations on invented sentences: the whole row (quotation, speaker, the words that named it, the
rule), offsets checked against the text by test_extract.rows."""
from __future__ import annotations

import pytest
from test_extract import rows


def speakers(text: str) -> list[tuple]:
    art = rows(text)
    names = {e.ref: e.canonical_name for e in art.entities}
    return [(q["quote_text"], names.get(q["speaker"]), q["speaker_text"], q["rule"]) for q in art.quotes]


@pytest.mark.parametrize("text, expected", [
    # a surname that is also an English word is a name after an inverted reporting verb
    ("Tom Early runs Acme Corp.\n“Profits are up,” says Early.", [("Profits are up,", "Tom Early", "Early", "cue")]),
    # ... and a pronoun continues the subject of the sentence before, though the parser took it for an adverb
    ("Tom Early runs Acme Corp. Lewis Ward runs Widget Ltd.\n“Profits are up,” says Ward. While the lineup is light "
     "on titles (only three have been announced), Early says there is a chance that games could be built for it. "
     "“Our aim is to win,” he says.",
     [("Profits are up,", "Ward", "Ward", "cue"), ("Our aim is to win,", "Tom Early", "he", "pronoun")]),
    # a plural-looking word is the company of that whole name, not a common noun
    ("Acme Corp bought 18% of Widget Ltd on Monday. Fosters said it was in talks “which may lead to a deal”. "
     "Fosters has 20 pubs.", [("which may lead to a deal", "Fosters", "Fosters", "cue")]),
    # a quotation that is a sentence of its own takes the speaker of the reporting sentence before it
    ("Dara Vell left Acme Records in May. Vell's rep told reporters that this was not true. “Acme owes Vell money "
     "for the records.”", [("Acme owes Vell money for the records.", "Dara Vell", "Vell's rep", "spokesperson")]),
    ("Tom Hale runs the Acme plant in Ohio.\nHale said the plant would grow in May. “We are proud of the team.”",
     [("We are proud of the team.", "Tom Hale", "Hale", "adjacent-sentence")]),
    # ... but not of a sentence that reports nothing
    ("Tom Hale runs the Acme plant in Ohio.\nHale opened a new line in May. “We are proud of the team.”",
     [("We are proud of the team.", None, None, None)]),
    # a quotation opening the paragraph after an attributed one goes on from it, whatever follows in its paragraph
    ("“We are pleased,” said Tom Hale, head of Acme Corp.\n\n“Growth will go on. We stand firm.” Shares of Acme "
     "rose on Monday.", [("We are pleased,", "Tom Hale", "Tom Hale, head of Acme Corp.", "cue"),
                         ("Growth will go on. We stand firm.", "Tom Hale", "Tom Hale, head of Acme Corp.", "continuation")]),
])
def test_speakers(text, expected):
    assert speakers(text) == expected
