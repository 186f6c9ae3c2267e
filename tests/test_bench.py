"""The benchmark's pure helpers: unique texts, ratios, the result line, the time breakdown (no NLP run)."""
from __future__ import annotations

import gzip
import json

import pytest

from bench import breakdown, corpus, results, sampler


def test_tags_are_unique_lowercase_words():
    tags = [corpus.tag(i) for i in range(30_000)]
    assert len(set(tags)) == len(tags)
    assert all(t.isalpha() and t.islower() for t in tags)
    assert tags[:3] == ["a", "b", "c"] and tags[26] == "ba"


def test_texts_are_unique_even_when_the_corpus_cycles():
    texts = corpus.texts_for(["One story here.", "Another story there."], 0, 5)
    assert len(set(texts)) == 5
    assert texts[2].startswith("One story here.\n\nbench copy ")
    assert not any(ch.isdigit() for t in texts for ch in t.rsplit("\n", 1)[1])  # a digit would become a metric


def test_corpus_reading_keeps_distinct_articles_and_interleaves(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    rows = [{"text": "word " * 50}, {"text": "word " * 50}, {"text": "too short"}, {"text": "other " * 45}]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r) for r in rows))
    assert len(corpus.read_texts(path)) == 2
    assert corpus.interleave(["a1", "a2", "a3"], ["b1"]) == ["a1", "b1", "a2", "a3"]


def test_write_inbox_numbers_files(tmp_path):
    paths = corpus.write_inbox(["x y z", "u v w"], tmp_path / "inbox", start=7)
    assert [p.name for p in paths] == ["bench_000007.txt", "bench_000008.txt"]
    assert corpus.word_count(["x y z", "u v w"]) == 6


def test_ratios_and_result_line_round_trip():
    values = results.ratios(floor_s=100.0, full_s=230.0, noop_s=16.0, incremental_s=20.0, n=5000, n_new=50)
    assert values["full/floor"] == pytest.approx(2.3)
    assert values["noop/full"] == pytest.approx(16 / 230)
    assert values["incremental/expected"] == pytest.approx(20 / 2.3)
    line = results.result_line({**values, "peak_rss_mb": 850.4})
    assert line == "full/floor=2.30 noop/full=0.070 incremental/expected=8.70 peak_rss_mb=850"
    assert results.parse_result_line("log...\n" + line)["peak_rss_mb"] == 850
    with pytest.raises(ValueError):
        results.parse_result_line("full/floor=1.0")


def test_rates_and_collapse():
    row = results.Row("full", articles=100, words=30_000, wall_s=10.0)
    assert (row.articles_per_s, row.words_per_s) == (10.0, 3000.0)
    assert results.Row("noop", 0, 0, 0.0).words_per_s == 0.0
    assert results.collapse({"a": 99.0, "b": 0.4, "c": 0.6}, 0.01) == {"a": 99.0, "everything else": 1.0}


def test_stage_breakdown_adds_up_to_the_wall_time():
    found = {"imports": {"prefect": 2.0, "spacy": 1.0}, "flow_s": 20.0,
             "spent": {"wait_healthy": 5.0, "plan_files": 0.5, "extract_batch": 8.0,
                       "extract_article": 3.0, "places": 1.0, "load_nlp": 0.5, "validate_batch": 2.0,
                       "run_suite": 1.5, "_suites": 0.5, "load_batch": 1.0}}
    stages = breakdown.stage_seconds(found, wall_s=25.0)
    assert sum(stages.values()) == pytest.approx(25.0)
    assert stages["extract: spaCy nlp.pipe"] == pytest.approx(4.5)
    assert stages["extract: rules (entities, metrics, quotes, events)"] == pytest.approx(2.0)
    assert stages["prefect: flow/task orchestration (API calls, state)"] == pytest.approx(3.5)
    fam = breakdown.families(stages)
    assert fam["extract: spaCy"] == pytest.approx(5.0) and fam["extract: rules"] == pytest.approx(3.0)


def test_sampler_buckets():
    assert sampler.bucket("/x/.venv/lib/python3.11/site-packages/prefect/flows.py") == "prefect"
    assert sampler.bucket("/x/.venv/lib/python3.11/site-packages/thinc/api.py") == "spacy"
    assert sampler.bucket("/x/.venv/lib/python3.11/site-packages/pandas/core/frame.py") is None
    assert sampler.bucket("/work/wt/flows/extract/quotes/speakers.py") == "flows.extract"
    assert sampler.bucket("/work/wt/flows/pipeline.py") == "flows (core)"


def test_stage_breakdown_splits_exit_when_start_time_is_known():
    found = {"imports": {"prefect": 2.0}, "flow_s": 10.0, "spent": {}, "done_at": 1012.5}
    stages = breakdown.stage_seconds(found, wall_s=15.0, started_at=1000.0)
    assert stages["prefect: process exit (server shutdown, flushing)"] == pytest.approx(2.5)
    assert stages["start-up: interpreter start, bench set-up"] == pytest.approx(0.5)
    assert sum(stages.values()) == pytest.approx(15.0)


def test_incremental_cost_beyond_the_start_up_is_scaled_to_the_new_share():
    assert results.marginal(incremental_s=12.0, startup_s=10.0, full_s=200.0, n=1000, n_new=10) == pytest.approx(1.0)
    assert results.marginal(incremental_s=9.0, startup_s=10.0, full_s=200.0, n=1000, n_new=10) == 0.0
