"""Tone, GDELT V2Tone style: charged words per 100 words of an article, and of the sentence of a quote or event."""
from __future__ import annotations

import pytest
import spacy

from flows.extract import tone


@pytest.mark.parametrize(("text", "expected"), [
    # 10 words, "great" and "strong" positive: +20 per 100 words
    ("Acme posted great results and strong sales in the spring.", (20.0, 20.0, 0.0, 20.0)),
    # 10 words, "failed" negative and "happy" positive cancel out: tone 0, polarity 20 (words count, as in GDELT,
    # with no negation: "nobody was happy" still counts "happy")
    ("The appeal failed, and nobody at Widget Corp was happy.", (0.0, 10.0, 10.0, 20.0)),
    # no word of either list: a neutral text has tone 0, not NULL
    ("Widget Corp opened an office in Riverton on Monday.", (0.0, 0.0, 0.0, 0.0)),
    # words too weakly rated ("top") or neutral in business news ("shares", "like", "no") are not charged
    ("Shares of firms like Acme hit no top marks.", (0.0, 0.0, 0.0, 0.0)),
], ids=["positive", "mixed", "neutral", "weak and news-neutral words"])
def test_tone_is_charged_words_per_hundred(text, expected):
    assert tuple(tone.score(text)[c] for c in tone.COLUMNS) == expected


def test_words_of_a_name_are_counted_but_never_charged():
    text = "Best Buy and United Widgets agreed terms."
    named = tone.entity_spans([type("M", (), {"start": 0, "end": 8}), type("M", (), {"start": 13, "end": 28})])
    assert named == [(0, 8), (13, 28)]
    assert tone.score(text)["tone"] > 0  # "best", "united" and "agreed" are in the positive list
    assert tone.score(text, skip=named) == {"tone": 14.286, "positive_pct": 14.286, "negative_pct": 0.0,
                                            "polarity": 14.286}  # only "agreed", of 7 words


def test_a_text_without_words_has_no_tone():
    assert tone.score("2024 - 40,000 ...") is None


def test_a_quote_or_event_takes_the_tone_of_its_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp('Acme lost a bitter lawsuit. "We are delighted," said Jane Roe. Widget Corp signed a deal.')
    rows = [{"char_start": doc.text.index("We are"), "char_end": doc.text.index(',"'), "quote_text": "We are delighted"},
            {"char_start": doc.text.index("signed"), "char_end": doc.text.index(" a deal"), "trigger_text": "signed"}]
    scored = tone.with_tone(rows, doc, [(doc.text.index("Jane"), doc.text.index(". Widget"))])
    # the quote's sentence: 6 words, "delighted" positive; the event's: 4 words, none charged
    assert [r["tone"] for r in scored] == [16.667, 0.0]
    assert [{k: v for k, v in r.items() if k != "tone"} for r in scored] == rows


def test_the_audit_fails_when_few_articles_have_a_tone(tmp_path):
    from datetime import date
    from pathlib import Path

    from samples import at

    from flows.frames import to_frames
    from flows.quality import audit
    from flows.records import ArticleMeta, ArticleRows, Checked, article_id
    from flows.settings import Settings
    from flows.warehouse import ledger, loader

    wh = tmp_path / "w.duckdb"
    bodies = [f"Acme Corp opened shop number {i} and sales were good." for i in range(20)]  # enough to count
    articles = [ArticleRows(article_id(b), Path(f"{i}.txt"), "inbox", b,
                            ArticleMeta(None, date(2024, 5, 14), None, None, None, "en", len(b.split())),
                            tone=tone.score(b)) for i, b in enumerate(bodies)]
    loader.load_batch(at(wh), loader.ToLoad(ledger.start_run(at(wh)), Checked(1, articles, to_frames(articles))))
    assert audit.audit(at(wh), Settings().expectations_dir).clean
    with at(wh).connect() as con:  # the word list did not load: no tone
        con.execute("update dim_article set tone = null, positive_pct = null, negative_pct = null, polarity = null")
    found = audit.audit(at(wh), Settings().expectations_dir)
    assert [r["expectation"] for r in found.results if not r["success"]] == [
        "expect_column_values_to_be_between(tone_coverage)"]
