"""Great Expectations suites: each loads from its JSON, catches a corrupted row of its table, and keeps it out."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date

import duckdb
import pytest
from samples import at, query, story
from test_tables import CONTRACT_TABLES

from flows.quality import audit, suites, validate
from flows.records import Entity, EntityRef
from flows.settings import PROJECT_ROOT, Settings
from flows.tables import STAGED
from flows.warehouse import ledger, loader


def retype_widget(art):
    """Make the Widget entity an impossible type, everywhere the article refers to it."""
    art.entities[1] = Entity("widget", "MONEY", "Widget Ltd", None, ["Widget Ltd"])
    art.mentions[1].entity = art.events[0]["actor2"] = EntityRef("widget", "MONEY")


def drop_widget_but_its_metric(art) -> None:
    """Leave Widget out of the article (entity, mention, event), its metric still naming it."""
    widget = art.entities.pop(1)
    art.mentions.pop(1)
    art.events.clear()
    art.metrics[0]["entity"] = widget.ref


def shift(mention) -> None:
    """Move a mention's end one character past its text."""
    mention.end += 1


# story number -> (corruption, quarantined table (None: the whole file), expectation broken, query, rows it returns)
CASES = {
    1: (lambda a: setattr(a, "meta", replace(a.meta, title="T" * 400)), None,
        "dim_article: expect_column_value_lengths_to_be_between(title)",
        "select count(*) from dim_article where file_name = 'story-1.txt'", [(0,)]),
    2: (lambda a: setattr(a, "meta", replace(a.meta, source="Wire\nDesk")), "dim_source",
        "expect_column_values_to_not_match_regex(source_name)",
        "select source_key, published_date_key from dim_article where file_name = 'story-2.txt'", [(-1, 20200303)]),
    3: (lambda a: setattr(a, "meta", replace(a.meta, published_date=date(1850, 1, 1))), "dim_date",
        "expect_column_values_to_be_between(full_date)",
        "select published_date_key, (select count(*) from dim_date where year = 1850) from dim_article "
        "where file_name = 'story-3.txt'", [(-1, 0)]),
    4: (retype_widget, "dim_entity", "expect_column_values_to_be_in_set(entity_type)",
        "select m.mention_text, e.entity_type from fact_entity_mention m join dim_article a using (article_key) "
        "join dim_entity e using (entity_key) where a.file_name = 'story-4.txt'", [("Acme Corp", "ORG")]),
    5: (lambda a: shift(a.mentions[0]), "fact_entity_mention", "expect_column_values_to_be_in_set(offsets_ok)",
        "select m.mention_text from fact_entity_mention m join dim_article a using (article_key) "
        "where a.file_name = 'story-5.txt'", [("Widget Ltd",)]),
    6: (lambda a: a.metrics[0].update(value=-5e6), "fact_metric",
        "expect_column_values_to_be_between(value) where metric_kind IN (money, count)",
        "select count(*) from fact_metric m join dim_article a using (article_key) where a.file_name = 'story-6.txt'",
        [(0,)]),
    7: (lambda a: a.metrics[0].update(unit="dollars"), "fact_metric",
        "expect_column_values_to_be_in_set(unit) where metric_kind == money",
        "select count(*) from fact_metric m join dim_article a using (article_key) where a.file_name = 'story-7.txt'",
        [(0,)]),
    8: (lambda a: a.quotes[0].update(speaker=("ghost", "PERSON")), "fact_quote",
        "expect_column_values_to_be_in_set(speaker_found)",
        "select count(*) from fact_quote q join dim_article a using (article_key) where a.file_name = 'story-8.txt'",
        [(0,)]),
    9: (lambda a: a.events[0].update(event_type="merger"), "fact_event",
        "expect_column_values_to_be_in_set(event_type)",
        "select (select count(*) from fact_event f join dim_article a using (article_key) where a.file_name = 'story-9.txt'),"
        " (select count(*) from fact_quote q join dim_article a using (article_key) where a.file_name = 'story-9.txt')",
        [(0, 1)]),
    10: (lambda a: a.quotes[0].update(speaker_char_start=a.quotes[0]["speaker_char_start"] - 1), "fact_quote",
         "expect_column_values_to_be_in_set(speaker_offsets_ok)",
         "select count(*) from fact_quote q join dim_article a using (article_key) where a.file_name = 'story-10.txt'",
         [(0,)]),
    11: (lambda a: a.quotes[0].update(rule="guess"), "fact_quote", "expect_column_values_to_be_in_set(rule)",
         "select count(*) from fact_quote q join dim_article a using (article_key) where a.file_name = 'story-11.txt'",
         [(0,)]),
    # a fact naming an entity its own article does not stage fails, though another article of the batch stages it
    12: (drop_widget_but_its_metric, "fact_metric", "expect_column_values_to_be_in_set(entity_found)",
         "select count(*) from fact_metric m join dim_article a using (article_key) where a.file_name = 'story-12.txt'",
         [(0,)]),
}


# a failing entity takes the facts naming it along: they fail their *_found check (in table order)
EXTRA_ROWS = {4: ["dim_entity", "fact_entity_mention", "fact_event"]}


@pytest.fixture(scope="module")
def corrupted(tmp_path_factory):
    """Return (settings, batch outcome) after validating and loading one clean story and one corrupted per case."""
    root = tmp_path_factory.mktemp("corrupted")
    settings = replace(Settings(), warehouse=root / "news.duckdb", quarantine=root / "quarantine")
    articles = [story(0)]
    for n, (corrupt, *_) in CASES.items():
        art = story(n)
        corrupt(art)
        articles.append(art)
    run_id = ledger.start_run(settings.store)
    checked = validate.validate_batch(articles, validate.Policy(settings.sql_dir, settings.expectations_dir), 1)
    outcome = loader.load_batch(settings.store, loader.ToLoad(run_id, checked, checked.quarantined))
    return settings, outcome


@pytest.mark.parametrize("table", CONTRACT_TABLES)
def test_each_suite_loads_into_great_expectations(table):
    import great_expectations as gx

    suite = gx.ExpectationSuite(**json.loads((PROJECT_ROOT / "expectations" / f"{table}.json").read_text()))
    assert suite.name == table and len(suite.expectations) >= 4


@pytest.mark.parametrize("n", sorted(CASES), ids=[CASES[n][1] or "dim_article" for n in sorted(CASES)])
def test_a_corrupted_row_is_quarantined_and_kept_out_while_the_rest_loads(corrupted, n):
    settings, _ = corrupted
    _, table, expectation, sql, expected = CASES[n]
    quarantined = query(settings.warehouse, "select table_name, reason from quarantine where file_name = ? "
                                            "order by table_name nulls first, reason", [f"story-{n}.txt"])
    assert [t for t, _ in quarantined] == EXTRA_ROWS.get(n, [table])
    assert expectation in quarantined[0][1]
    assert query(settings.warehouse, sql) == expected


def test_the_clean_article_and_the_results_of_every_expectation_are_kept(corrupted):
    settings, outcome = corrupted
    assert [h.path.name for h in outcome.loaded] == [f"story-{n}.txt" for n in [0, *range(2, max(CASES) + 1)]]
    per_article = query(settings.warehouse, """
        select a.file_name,
               (select count(*) from fact_entity_mention f where f.article_key = a.article_key),
               (select count(*) from fact_metric f where f.article_key = a.article_key),
               (select count(*) from fact_quote f where f.article_key = a.article_key),
               (select count(*) from fact_event f where f.article_key = a.article_key)
        from dim_article a where a.file_name in ('story-0.txt', 'story-4.txt')
        order by a.file_name""")
    assert per_article == [("story-0.txt", 2, 1, 1, 1), ("story-4.txt", 1, 1, 1, 0)]  # Widget's mention and event go
    evaluated = query(settings.warehouse, "select suite, count(*) from validation_result group by suite order by suite")
    before_load = [t.name for t in STAGED]  # a derived table (dim_story) has no rows until the load: the audit checks it
    assert [s for s, _ in evaluated] == sorted(before_load)
    counts = {t: len(suites.load_suite_json(settings.expectations_dir / f"{t}.json")["expectations"])
              for t in before_load}
    assert dict(evaluated) == counts
    assert ("fact_event", "expect_column_values_to_be_in_set(actor2_found)", 1) in query(
        settings.warehouse, "select suite, expectation, unexpected_count from validation_result where not success")
    row = json.loads(query(settings.warehouse, "select row_data from quarantine where table_name = 'fact_event' "
                                     "and reason like '%event_type%'")[0][0])
    assert (row["trigger_text"], row["char_start"], row["event_type"]) == ("bought", 10, "merger")


def test_the_quote_suite_knows_every_speaker_rule():
    from flows.extract.quotes.speakers import RULES

    spec = suites.load_suite_json(PROJECT_ROOT / "expectations" / "fact_quote.json")
    (allowed,) = [e["kwargs"]["value_set"] for e in spec["expectations"] if e["kwargs"].get("column") == "rule"]
    assert sorted(allowed) == sorted(RULES)


def test_a_table_mostly_failing_stops_the_batch():
    settings = Settings()
    articles = [story(n) for n in range(12)]
    for art in articles:
        art.events[0]["event_type"] = "merger"
    with pytest.raises(validate.SuiteFailed, match="fact_event: 12 of 12 rows failed its suite"):
        validate.validate_batch(articles, validate.Policy(settings.sql_dir, settings.expectations_dir), 1)


def test_the_audit_rechecks_the_loaded_tables(corrupted, tmp_path):
    settings, _ = corrupted
    assert audit.audit(settings.store, settings.expectations_dir).clean
    copy = tmp_path / "copy.duckdb"
    shutil.copy(settings.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update fact_quote set char_start = char_start - 1 where char_start > 0")
        con.execute("update dim_entity set country_code = 'usa' where country_code is not null")
        con.execute("update dim_story set article_count = article_count + 1 where story_key > 0")
        con.execute("update dim_article set copy_of_key = 999 where file_name = 'story-0.txt'")
        con.execute("update fact_metric set entity_key = 9999 where entity_key > 0")  # points nowhere
    found = audit.audit(at(copy), settings.expectations_dir)
    failed = {(r["suite"], r["expectation"]) for r in found.results if not r["success"]}
    assert failed == {("fact_quote", "expect_column_values_to_be_in_set(offsets_ok)"),
                      ("dim_entity", "expect_column_values_to_match_regex(country_code)"),
                      ("dim_story", "expect_column_values_to_be_in_set(article_count_ok)"),
                      ("dim_article", "expect_column_values_to_be_in_set(copy_of_found)"),
                      ("fact_metric", "expect_column_values_to_be_in_set(entity_found)")}
    assert {r["row"]["entity_match_key"] for r in found.failures["fact_metric"]} == {"#missing:9999"}
    assert found.failures["dim_entity"][0]["row"]["canonical_name"] == "Acme Corp"
