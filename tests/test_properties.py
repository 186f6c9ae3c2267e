"""Property-based: any text under any file name goes through read -> parse -> extract -> stage without raising,
and every offset produced points at exactly its text in the stored body."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.extract.article import extract_batch
from flows.frames import to_frames
from flows.ingest.parse import parse_batch
from flows.ingest.read import read_batch
from flows.records import Document
from flows.settings import Settings
from flows.staging import stage
from flows.tables import FACTS, TABLES

SETTINGS = Settings()
NAME_BYTES = st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                       and b not in (b".", b".."))
WORDS = st.sampled_from(["Acme", "Corp", "said", "“", "”", '"', "$5", "million", "47%", "Jack", "Ma", "Beijing",
                         "\n", "\n\n", ",", ".", "bought", "the", "In", "2019", "on", "Monday", "—", "Reuters",
                         "\ud83d", "\udce9", "\r\n", "\ufeff", "\t", "e\u0301"])
TEXT = st.one_of(st.text(min_size=0, max_size=400), st.lists(WORDS, max_size=80).map(" ".join))


def through_the_pipeline(folder: Path, files: list[tuple[bytes, bytes, str]]) -> None:
    """Write the files, then read, parse, extract and stage them, checking offsets on the way."""
    paths = []
    for raw_name, data, suffix in files:
        path = folder / (os.fsdecode(raw_name) + suffix)
        path.write_bytes(data)
        paths.append((path, "inbox"))
    docs, _ = read_batch(paths, SETTINGS.extensions, SETTINGS.max_file_bytes, SETTINGS.max_text_chars)
    parsed, _ = parse_batch(docs)
    articles, failed = extract_batch(parsed, SETTINGS.spacy_model, SETTINGS.alias_table, 300)
    assert failed == []
    for art in articles:
        for m in art.mentions:
            assert art.body[m.start:m.end] == m.text
        for table in FACTS:
            if table.rows != "mentions":
                for row in getattr(art, table.rows):
                    assert art.body[row["char_start"]:row["char_end"]] == row[table.text]
    frames = to_frames(articles)
    con = duckdb.connect(":memory:")
    for table in TABLES:
        assert stage(con, table, frames[table.name]) == len(frames[table.name])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(NAME_BYTES, TEXT, st.sampled_from([".txt", ".md", ".json"])), min_size=1, max_size=4,
                unique_by=lambda f: f[0] + f[2].encode()))
def test_any_text_under_any_name_flows_through_and_offsets_round_trip(files):
    written = []
    for name, text, suffix in files:
        data = json.dumps({"title": text[:30], "text": text}) if suffix == ".json" else text
        written.append((name, data.encode("utf-8", "surrogatepass"), suffix))
    with tempfile.TemporaryDirectory() as folder:
        through_the_pipeline(Path(folder), written)


# Invented sentences that exercise every subject: names a batch may share or not (Tallow alone, Tallow as the
# short form of a longer name), amounts, quotes with speakers, deals.
SENTENCES = st.sampled_from([
    "Tallow said on Monday it would open a plant in Leeds.",
    "Tallow Holding Ltd bought a 20% stake in Widget Corp for $40 million.",
    "“We are pleased,” said Jane Roe, chief executive of Acme Corp.",
    "The Bank of Tallow raised rates by 0.25 percent, the bank said.",
    "Acme Tallow agreed to buy Varlo for 3.5 billion euros.",
    "Tom Hale, 52, will join Widget Corp as chairman in March.",
    "Shares of Acme rose 4% in Paris after the deal was announced.",
    "Tallow Group said it would cut 1,200 jobs.",
])
ARTICLES = st.lists(st.lists(SENTENCES, min_size=1, max_size=5).map(" ".join), min_size=2, max_size=6, unique=True)


def extracted(texts: list[str]) -> dict[str, object]:
    """Return the rows of each article, by article id, extracted from texts in one batch."""
    items, _ = parse_batch([Document(Path(f"a{n}.txt"), "inbox", t) for n, t in enumerate(texts)])
    found, failed = extract_batch(items, SETTINGS.spacy_model, SETTINGS.alias_table)
    assert failed == []
    return {a.article_id: (a.entities, a.mentions, a.metrics, a.quotes, a.events) for a in found}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLES, st.randoms(use_true_random=False), st.integers(min_value=1, max_value=3))
def test_an_article_yields_the_same_rows_in_any_batch(texts, rnd, size):
    """Extraction is a function of the article alone: shuffled and cut into other batches, every article gives
    the rows it gives in one batch of all, and never two entities with one identity."""
    whole = extracted(texts)
    shuffled = rnd.sample(texts, len(texts))
    for start in range(0, len(shuffled), size):
        for key, rows in extracted(shuffled[start:start + size]).items():
            assert rows == whole[key]
    for entities, *_ in whole.values():
        assert len({e.ref for e in entities}) == len(entities)
