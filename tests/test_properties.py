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
