"""Reports: every file in sql/reports runs in every format, names are checked, parameters bound, the HTML page renders."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import dump_dom, needs_chromium
from samples import at, build_newsroom

from flows import cli
from flows.report import formats, reports
from flows.settings import PROJECT_ROOT

SQL = PROJECT_ROOT / "sql"
NEEDS = {"articles_matching": {"query": "robot"}}  # reports with a required parameter, and a value for it


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_newsroom(at(tmp_path_factory.mktemp("reports") / "news.duckdb"))


def rows(warehouse: Path, name: str, **params) -> list[tuple]:
    return reports.run_report(warehouse, name, params).rows


def wirehouse(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_report_has_a_header_and_runs_in_every_format(warehouse: Path):
    catalog = reports.catalog(SQL)
    assert {"top_entities", "entity_pairs", "metrics_by_entity", "events_timeline", "articles_by_source_month",
            "data_quality", "quotes_by_speaker", "money_by_article", "last_run", "stories", "entity_profile",
            "tone_by_week", "places_on_map"} <= set(catalog)
    for name, report in catalog.items():
        assert report.description, name
        result = reports.run_report(warehouse, name, NEEDS.get(name, {}))
        assert result.rows, name  # the newsroom gives every report something to show
        for fmt in formats.FORMATS:
            assert formats.render(result, fmt), (name, fmt)


def test_top_entities_by_type_with_article_counts(warehouse: Path):
    assert rows(warehouse, "top_entities") == [
        ("GPE", 1, "Berlin", 1, 1), ("ORG", 1, "Acme Corp", 2, 2), ("ORG", 2, "Widget Ltd", 2, 2),
        ("PERSON", 1, "Jane Doe", 2, 2)]
    assert rows(warehouse, "top_entities", per_type="1", entity_type="org") == [("ORG", 1, "Acme Corp", 2, 2)]


def test_pairs_metrics_events_sources(warehouse: Path):
    # a pair is listed in entity-key order: the order the batch first names them in (Acme Corp before Jane Doe)
    assert rows(warehouse, "entity_pairs", entity="BERLIN") == [
        ("Acme Corp", "ORG", "Berlin", "GPE", 1, 1), ("Jane Doe", "PERSON", "Berlin", "GPE", 1, 1)]
    assert rows(warehouse, "entity_pairs", min_articles="2") == [("Acme Corp", "ORG", "Jane Doe", "PERSON", 2, 1)]
    assert rows(warehouse, "metrics_by_entity") == [
        ("Acme Corp", "ORG", "money", "USD", 1, 1, 5e6, 5e6, 5e6),
        ("Acme Corp", "ORG", "percent", "percent", 1, 1, 12.0, 12.0, None)]
    # the visit has no date of its own: it is dated by its article; the launch's family (.4) is below the default .5
    assert [r[:8] for r in rows(warehouse, "events_timeline")] == [
        (date(2020, 3, 2), "stated", "acquisition", "Acme Corp", "Widget Ltd", "bought", "verb:buy", 0.7),
        (date(2020, 4, 6), "published", "visit", "Jane Doe", "Berlin", "visited", "verb:visit", 0.5)]
    assert [r[:3] for r in rows(warehouse, "events_timeline", min_confidence="0.3")][2] == (None, "unknown", "launch")
    assert [r[2] for r in rows(warehouse, "events_timeline", min_confidence="0.6")] == ["acquisition"]
    assert [r[2] for r in rows(warehouse, "events_timeline", entity="jane doe")] == ["visit"]
    # quotes per speaker with the rules that found the speaker; the unattributed quote is left out
    assert rows(warehouse, "quotes_by_speaker") == [("Jane Doe", 2, "cue 2", "It is a good deal for our shareholders,")]
    assert rows(warehouse, "articles_by_source_month") == [
        ("Wire", "2020-03", 1, 28), ("Daily Planet", "2020-04", 1, 23), ("Unknown", "undated", 1, 15)]


def test_entity_profile_by_name_alias_or_key(warehouse: Path):
    profile = rows(warehouse, "entity_profile", entity="jane doe")
    (head,) = [r for r in profile if r[0] == "entity"]
    assert head[2:5] == ("Jane Doe (PERSON)", 2, 2) and head[5] is not None  # two articles, their mean tone
    assert [r[1:5] for r in profile if r[0] == "week"] == [  # weeks start on Monday
        (date(2020, 3, 2), "week of 2020-03-02", 1, 1), (date(2020, 4, 6), "week of 2020-04-06", 1, 1)]
    assert [r[2:4] for r in profile if r[0] == "named with"] == [
        ("Acme Corp (ORG)", 2), ("Berlin (GPE)", 1), ("Widget Ltd (ORG)", 1)]
    assert [r[2] for r in profile if r[0] == "quote"] == ["It is a good deal for our shareholders,",
                                                         "Berlin is our second home,"]
    assert [r[2:5] for r in profile if r[0] == "event"] == [("visit: Jane Doe / Berlin", 1, 1)]
    key = head[6].removeprefix("key ")
    assert rows(warehouse, "entity_profile", entity="Doe") == profile  # an alias
    assert rows(warehouse, "entity_profile", entity=key) == profile    # its key
    assert rows(warehouse, "entity_profile", entity="Nobody Ever") == []
    # with no entity: the most mentioned one (Acme Corp and Jane Doe tie on two; the lower key, named first)
    assert [r[2] for r in rows(warehouse, "entity_profile") if r[0] == "entity"] == [
        "Acme Corp (ORG)"]


def test_tone_by_week_and_places_on_the_map(warehouse: Path):
    weeks = rows(warehouse, "tone_by_week")
    assert [r[:3] for r in weeks] == [(date(2020, 3, 2), "all", 1), (date(2020, 3, 2), "Wire", 1),
                                      (date(2020, 4, 6), "all", 1), (date(2020, 4, 6), "Daily Planet", 1)]
    assert all(-100 <= r[3] <= 100 for r in weeks)  # the undated article is left out
    assert [r[:6] for r in rows(warehouse, "places_on_map")] == [("Berlin", "DE", "16", 2950159, 52.5244, 13.4105)]
    assert rows(warehouse, "places_on_map", country_code="fr") == []


def test_data_quality_by_run(warehouse: Path):
    (run,) = rows(warehouse, "data_quality")
    assert run[:1] + run[2:] == (1, "success", 3, 3, 0, 1, 2, 1, 1)
    assert rows(warehouse, "failed_expectations") == [(1, "fact_metric", "expect_column_values_to_not_be_null(unit)", 1, 1)]
    assert rows(warehouse, "failed_expectations", run_id="2") == []


def test_parameters_are_bound_never_spliced(warehouse: Path):
    assert rows(warehouse, "entity_pairs", entity="x') or true or ('") == []
    assert rows(warehouse, "metrics_by_entity", entity="Acme Corp' --") == []
    assert [r[0] for r in rows(warehouse, "articles_matching", query="robot")] == [None]


def test_formats_whole_output(warehouse: Path):
    result = reports.run_report(warehouse, "top_entities", {"entity_type": "ORG"}, limit=1)
    assert formats.render(result, "table") == (
        "entity_type  rank_in_type  canonical_name  articles  mentions\n"
        "-----------  ------------  --------------  --------  --------\n"
        "ORG                     1  Acme Corp              2         2\n"
        "(1 row)")
    assert formats.render(result, "csv") == "entity_type,rank_in_type,canonical_name,articles,mentions\nORG,1,Acme Corp,2,2"
    assert json.loads(formats.render(result, "json")) == [
        {"entity_type": "ORG", "rank_in_type": 1, "canonical_name": "Acme Corp", "articles": 2, "mentions": 2}]
    assert formats.render(result, "markdown") == (
        "| entity_type | rank_in_type | canonical_name | articles | mentions |\n"
        "| --- | ---: | --- | ---: | ---: |\n"
        "| ORG | 1 | Acme Corp | 2 | 2 |")


def test_cli_lists_and_runs_reports(warehouse: Path, capsys):
    code, out, _ = wirehouse(capsys, "report", "--list")
    assert code == 0
    for name, report in reports.catalog(SQL).items():
        assert re.search(rf"^{name} +{re.escape(report.description)}$", out, re.M), name
    assert "--param per_type=...  how many entities to show per type; default 5" in out
    code, out, _ = wirehouse(capsys, "report", "money_by_article", "--format", "csv", "--warehouse", str(warehouse))
    assert (code, out) == (0, "file_name,published,metric_text,value,unit\nacme-widget.txt,2020-03-03,$5 million,5000000.0,USD\n")
    code, out, _ = wirehouse(capsys, "report", "top_entities", "--limit", "2", "--param", "per_type=1",
                             "--format", "json", "--warehouse", str(warehouse))
    assert [r["canonical_name"] for r in json.loads(out)] == ["Berlin", "Acme Corp"]
    code, out, _ = wirehouse(capsys, "report", "last_run", "--format", "json", "--warehouse", str(warehouse))
    assert json.loads(out)[0]["rows_loaded"] == {  # a JSON column is JSON in the output, not a string of JSON
        "dim_article": 3, "fact_entity_mention": 7, "fact_metric": 2, "fact_quote": 3, "fact_event": 3}


@pytest.mark.parametrize("name", ["../../etc/passwd", "../reports/top_entities", "top_entities.sql", "/etc/passwd",
                                  "nope"])
def test_names_outside_the_report_folder_are_refused(warehouse: Path, capsys, name: str):
    code, out, err = wirehouse(capsys, "report", name, "--warehouse", str(warehouse))
    assert (code, out) == (2, "")
    assert err.startswith(f"no report named {name!r}; the reports are: articles_by_source_month,")


@pytest.mark.parametrize("args, message", [
    (["top_entities", "--param", "colour=red"], "report top_entities does not take colour; it takes: entity_type, per_type"),
    (["top_entities", "--param", "per_type"], "bad parameter 'per_type': write it as name=value"),
    (["top_entities", "--param", "per_type=five"], "report top_entities: a parameter has the wrong type: Conversion Error"),
    (["articles_matching"], "report articles_matching needs query: --param query=... (the words to look for)"),
])
def test_bad_parameters_get_a_clear_message(warehouse: Path, capsys, args: list[str], message: str):
    code, out, err = wirehouse(capsys, "report", *args, "--warehouse", str(warehouse))
    assert (code, out) == (2, "")
    assert err.startswith(message)


class Charts(HTMLParser):
    """Collect the chart containers of a rendered page, whether each rendered, and the SVGs inside them."""

    def __init__(self):
        super().__init__()
        self.charts: dict[str, dict] = {}
        self.depth, self.current = 0, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.current:
            self.depth += 1
            self.charts[self.current]["svg"] += tag == "svg"
        elif "data-spec" in attrs:
            self.current, self.depth = attrs["data-spec"], 1
            self.charts[self.current] = {"rendered": attrs.get("data-rendered"), "svg": 0}

    def handle_endtag(self, tag):
        if self.current:
            self.depth -= 1
            if self.depth == 0:
                self.current = None


def test_html_page_is_self_contained(warehouse: Path, tmp_path: Path, capsys):
    page = tmp_path / "out" / "reports.html"
    code, out, _ = wirehouse(capsys, "report", "--html", str(page), "--warehouse", str(warehouse))
    assert (code, out.strip()) == (0, str(page))
    html = page.read_text(encoding="utf-8")
    markup = re.sub(r"(?s)(<script[^>]*>).*?</script>", r"\1</script>", html)  # the tags, not the inlined code
    assert markup.count("<script") == 2 + 11  # the Vega bundle, the embedding code, one spec per chart
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", markup)  # nothing loaded from elsewhere
    assert html.count('<section id="') == len(reports.catalog(SQL))
    assert "wirehouse report articles_matching --param query=..." in html


@needs_chromium
def test_html_charts_render_in_headless_chromium(warehouse: Path, tmp_path: Path):
    from flows.report.charts import CHARTS
    from flows.report.html import write_html

    page = write_html(warehouse, tmp_path / "reports.html")
    dom, console = dump_dom(page, tmp_path / "profile")
    parser = Charts()
    parser.feed(dom)
    assert parser.charts == {f"spec-{name}": {"rendered": "ok", "svg": 1} for name in CHARTS}
    assert console == []  # the page logs nothing: no script error, no Vega warning


@pytest.mark.parametrize(("setting", "report", "expected"), [
    ("set variable entity = 'Jane Doe'", "entity_profile", "Jane Doe (PERSON)"),
    ("select 1", "places_on_map", "Berlin,DE,16,2950159"),
    ("select 1", "tone_by_week", "2020-03-02,Wire,1"),
])
def test_reports_run_in_the_duckdb_shell_with_a_variable_for_a_parameter(warehouse: Path, setting, report, expected):
    shell = Path(sys.executable).parent / "duckdb"
    done = subprocess.run([str(shell), "-readonly", "-csv", str(warehouse), "-c", setting,
                           "-c", f".read {SQL / 'reports' / f'{report}.sql'}"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and expected in done.stdout, done.stderr
    assert "Deprecated" not in done.stderr  # the SQL uses no syntax the shell warns about
