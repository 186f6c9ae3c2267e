"""End to end: the real Prefect flow, spaCy model, GE suites and DuckDB file, on temporary folders."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import date

import pytest
import samples

from flows.pipeline import run
from flows.quality import audit, docs, suites
from flows.report.status import status
from flows.tables import FACTS, STAGED

pytestmark = pytest.mark.usefixtures("prefect_harness")

STORY = ("Acme Corp said on Tuesday it had agreed to buy Widget Ltd for $5 million in cash. "
         "Acme chief executive Jane Roe said the deal would close in March.")


def query(settings, sql: str):
    """Return the rows of a query on the settings' warehouse."""
    return samples.query(settings.warehouse, sql)


def test_seeds_load_once_and_offsets_round_trip(seed_runs):
    settings, first, second = seed_runs
    assert (first.files_seen, first.loaded, first.skipped, first.quarantined) == (5, 5, 0, 0)
    assert (second.files_seen, second.loaded, second.skipped, second.quarantined) == (5, 0, 5, 0)
    loaded = {t: n for t, n in first.totals.items() if t in first.rows}
    assert loaded == first.rows and first.rows["dim_article"] == 5 and min(first.rows.values()) > 0
    assert second.totals == first.totals and set(second.rows.values()) == {0}
    for table in FACTS:
        assert query(settings, f"""
            select count(*) from {table.name} f join dim_article a using (article_key)
            where substr(a.body, f.char_start + 1, f.char_end - f.char_start) <> f.{table.text}""") == [(0,)]
    runs = query(settings, "select status, files_seen, files_loaded, files_skipped from etl_run order by run_id")
    assert runs == [("success", 5, 5, 0), ("success", 5, 0, 5)]
    assert query(settings, "select count(*) from dim_date where date_key = -1 or full_date = date '2017-03-05'") == [(2,)]


def test_seed_run_passes_every_expectation_and_documents_it(seed_runs):
    settings, _, _ = seed_runs
    # a batch is checked by the suites of the staged tables; the derived dim_story by the audit after loading
    expected = sum(len(suites.load_suite_json(settings.expectations_dir / f"{t.name}.json")["expectations"]) for t in STAGED)
    assert query(settings, "select run_id, count(*), count(distinct suite), bool_and(success) from validation_result "
                           "group by run_id") == [(1, expected, len(STAGED), True)]
    assert audit.audit(settings.store, settings.expectations_dir).clean
    index = docs.build_docs(settings.store, settings.expectations_dir, settings.docs_dir)
    page = index.read_text()
    assert index == settings.docs_dir.resolve() / "index.html"
    # the index's table data: one row per suite of run 1 (run 2 loaded nothing, so validated nothing), all passed
    listed = re.findall(r"'run_name': 'run-(\d+)'", page)
    assert listed == ["1"] * len(STAGED) and page.count("ge-success-icon") == len(STAGED)
    assert "ge-failed-icon" not in page and "https://" not in page
    report = next((settings.docs_dir / "validations" / "fact_quote" / "run-1").rglob("batch-1.html")).read_text()
    assert "offsets_ok" in report and "Succeeded" in report


def test_inbox_formats_load_and_bad_files_are_quarantined(settings):
    inbox = settings.inbox
    (inbox / "story.txt").write_text("Acme agrees Widget deal\n\n" + STORY, encoding="cp1252")
    (inbox / "page.html").write_text(
        "<html><head><title>Widget sold</title></head><body><article><h1>Widget sold</h1>"
        f"<p>{STORY.replace('Acme', 'Zenith')}</p><p>{STORY.replace('Acme', 'Zenith')}</p></article></body></html>")
    (inbox / "wire.json").write_text(json.dumps({"title": "Omega deal", "date": "2020-02-03",
                                                 "text": STORY.replace("Acme", "Omega")}))
    (inbox / "photo.jpg.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4 binary")
    (inbox / "draft.txt.part").write_text("still downloading")
    summary = run(settings)
    assert (summary.loaded, summary.quarantined) == (3, 2)
    assert sorted(p.name for p in inbox.iterdir()) == ["draft.txt.part"]
    archived = sorted(p.name for p in (settings.archive_dir / date.today().isoformat()).iterdir())
    assert archived == ["page.html", "story.txt", "wire.json"]
    kept = sorted(p.name for p in settings.quarantine_dir.iterdir())
    assert kept == ["notes.pdf", "notes.pdf.reason.txt", "photo.jpg.txt", "photo.jpg.txt.reason.txt"]
    assert "binary content" in (settings.quarantine_dir / "photo.jpg.txt.reason.txt").read_text()
    assert query(settings, "select file_name, stage from quarantine order by file_name") == [
        ("notes.pdf", "read"), ("photo.jpg.txt", "read")]
    assert query(settings, "select file_name, title from dim_article where article_key <> -1 order by file_name") == [
        ("page.html", "Widget sold"), ("story.txt", "Acme agrees Widget deal"), ("wire.json", "Omega deal")]
    # the same text dropped again is archived as already present, not loaded twice
    shutil.copy(settings.archive_dir / date.today().isoformat() / "story.txt", inbox / "again.txt")
    again = run(settings)
    assert (again.loaded, again.skipped, list(inbox.iterdir())[0].name) == (0, 1, "draft.txt.part")


def test_an_article_failing_validation_is_quarantined_and_the_rest_loads(settings):
    (settings.inbox / "ok.txt").write_text(STORY)
    (settings.inbox / "huge-title.json").write_text(json.dumps({"title": "T" * 400, "text": STORY + " More."}))
    summary = run(settings)
    assert (summary.loaded, summary.quarantined) == (1, 1)
    reason = (settings.quarantine_dir / "huge-title.json.reason.txt").read_text()
    assert "dim_article: expect_column_value_lengths_to_be_between(title)" in reason
    assert query(settings, "select count(*) from validation_result where not success") == [(1,)]
    text = status(settings.store)
    assert "files: 2 seen, 1 loaded, 0 skipped (already loaded), 1 quarantined" in text
    assert "[validate] huge-title.json: failed expectations: dim_article: " in text


def test_a_broken_suite_fails_the_run_loudly_and_loads_nothing(settings, tmp_path):
    suites = tmp_path / "expectations"
    shutil.copytree(settings.expectations_dir, suites)
    spec = json.loads((suites / "fact_entity_mention.json").read_text())
    spec["expectations"].append({"type": "expect_column_value_lengths_to_be_between",
                                 "kwargs": {"column": "mention_text", "min_value": 50}})
    (suites / "fact_entity_mention.json").write_text(json.dumps(spec))
    settings = replace(settings, expectations_dir=suites, abort_min_rows=1)
    (settings.inbox / "story.txt").write_text(STORY)
    with pytest.raises(Exception, match=r"fact_entity_mention: (\d+) of \1 rows failed its suite"):
        run(settings)
    assert query(settings, "select status, error like '%SuiteFailed%' from etl_run") == [("failed", True)]
    assert query(settings, "select count(*) from dim_article where article_key <> -1") == [(0,)]
    assert [p.name for p in settings.inbox.iterdir()] == ["story.txt"]  # left for the next run
    text = status(settings.store)
    assert "run 1: failed" in text
    assert re.search(r"fact_entity_mention: expect_column_value_lengths_to_be_between\(mention_text\) \(\d+ rows?\)", text)


def test_a_stage_gets_its_arguments_as_they_are_and_prefect_does_not_walk_them():
    import pickle

    from prefect import flow
    from prefect.utilities import collections as prefect_collections

    from flows.tasks import Quoted, Stage

    rows = [{"name": "Acme", "mentions": [1, 2, 3]} for _ in range(50)]
    walked = []
    original = prefect_collections.visit_collection

    @Stage
    def same(items, settings=None):
        return items is rows and settings == ("a", 1)

    @flow
    def run_stage():
        return same(rows, settings=("a", 1))

    def counting(expr, *args, **kwargs):
        walked.append(expr)
        return original(expr, *args, **kwargs)

    prefect_collections.visit_collection = counting
    try:
        assert run_stage() is True
    finally:
        prefect_collections.visit_collection = original
    assert not any(isinstance(e, dict) and e.get("name") == "Acme" for e in walked)
    assert pickle.loads(pickle.dumps(Quoted(rows))).unwrap() == rows  # as a Dask worker receives it
