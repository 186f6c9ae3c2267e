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
    ("Tom Early runs Acme Corp. Colm Ward runs Widget Ltd.\n“Profits are up,” says Ward. While the lineup is light "
     "on titles (only three have been announced), Early says there is a chance that games could be built for it. "
     "“Our aim is to win,” he says.",
     [("Profits are up,", "Ward", "Ward", "cue"), ("Our aim is to win,", "Tom Early", "he", "pronoun")]),
    # a plural-looking word is the company of that whole name, not a common noun
    ("Acme Corp bought 18% of Widget Ltd on Monday. Tollings said it was in talks “which may lead to a deal”. "
     "Tollings has 20 pubs.", [("which may lead to a deal", "Tollings", "Tollings", "cue")]),
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
    # an office described by whom it belongs to is an organization of its own, not the country or company it names
    ("Varlo opened talks on Monday. Varlo's foreign ministry said the plan was “another step backwards” then.",
     [("another step backwards", "Varlo's foreign ministry", "Varlo's foreign ministry", "office")]),
    ("Acme Corp opened a plant. The French foreign ministry said it “regrets any such decision”.",
     [("regrets any such decision", "French foreign ministry", "French foreign ministry", "office")]),
    ("Varlo signed the pact. The Varlo High Commissioner for Human Rights said the pact did “not change the law”.",
     [("not change the law", "Varlo High Commissioner for Human Rights", "Varlo High Commissioner for Human Rights",
       "office")]),
    # ... while a bare office stands for the latest body named before it, and an unnamed person names no one
    ("Acme Corp opened a plant. The ministry said it “welcomes the jobs”.",
     [("welcomes the jobs", "Acme Corp", "The ministry", "description")]),
    ("An insider told reporters, “He does not run the firm.”", [("He does not run the firm.", None, "An insider", "cue")]),
    # a name the model did not tag, typed by the descriptor noun before it
    ("A new game is coming. Developer Tarnwick called it “a flagship VR game.”",
     [("a flagship VR game.", "Tarnwick", "Developer Tarnwick", "name")]),
    # a definite description by role is the person named with that role, before or in an appositive
    ("Judge Ann Lee heard the case against Acme Corp on Monday. Tom Hale, a lawyer, spoke first. The judge said "
     "the claim was “without merit”.", [("without merit", "Ann Lee", "The judge", "description")]),
    ("Ann Lee, the presiding judge, heard the case on Monday. Tom Hale, a lawyer, spoke first. The judge said the "
     "claim was “without merit”.", [("without merit", "Ann Lee", "The judge", "description")]),
    ("Tom Hale runs Acme Corp. The billionaire businessman said the offer was “a joke”.",
     [("a joke", "Tom Hale", "The billionaire businessman", "description")]),
    # ... an indefinite one names no one
    ("Tom Hale runs Acme Corp. A judge said the claim was “without merit”.",
     [("without merit", None, "A judge", "cue")]),
])
def test_speakers(text, expected):
    assert speakers(text) == expected


def test_a_speaker_only_a_reporting_clause_names_is_an_entity_of_the_article():
    art = rows("A new game is coming. Developer Tarnwick called it “a flagship VR game.”")
    assert [(e.canonical_name, e.entity_type, e.match_key) for e in art.entities if e.ref == art.quotes[0]["speaker"]] \
        == [("Tarnwick", "ORG", "tarnwick")]
