"""`wirehouse report --html`: every report on one static page, as tables and charts that render offline.

Charts are Vega-Lite specs (flows/report/charts.py) drawn in the browser by Vega-Embed. The Vega, Vega-Lite
and Vega-Embed scripts come from the vl-convert-python package, which bundles them, and are inlined in the page:
nothing is fetched from a CDN, so the page opens with no network.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from flows.report.formats import cell, plain
from flows.report.reports import Report, Result, catalog, run_report
from flows.warehouse.handle import Warehouse

HTML_ROWS = 200   # rows per table on the page; the CLI gives every row
HTML_CELL = 160   # characters per cell before it is cut
# What a reader looks at first; reports not named here follow in name order.
PAGE_ORDER = ("stories", "top_entities", "entity_pairs", "events_timeline", "metrics_by_entity", "quotes_by_speaker",
              "money_by_article", "articles_by_source_month", "data_quality", "failed_expectations")


def vega_bundle(vl_version: str) -> str:
    """Return one JavaScript bundle of Vega, Vega-Lite (the release Altair writes for) and Vega-Embed."""
    import vl_convert

    if vl_version not in vl_convert.get_vegalite_versions():
        vl_version = None  # vl-convert's newest; a spec of an older minor release still renders
    return vl_convert.javascript_bundle(vl_version=vl_version)


def script_json(value) -> str:
    """Return JSON that is safe inside a <script> element ('<' escaped, so no text can close the element)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def section(report: Report, result: Result | None) -> dict:
    """Return what the page shows of one report: description, chart spec, and table rows (or a note)."""
    from flows.report.charts import chart_spec

    if result is None:
        needs = ", ".join(f"--param {name}=..." for name in report.required)
        return {"name": report.name, "description": report.description, "spec": None, "columns": [], "rows": [],
                "note": f"Takes parameters, so it is not on this page: wirehouse report {report.name} {needs}"}
    records = [{k: plain(v) for k, v in r.items()} for r in result.records()]
    spec = chart_spec(report.name, records)
    numeric = [all(isinstance(row[i], (int, float)) for row in result.rows if row[i] is not None)
               for i in range(len(result.columns))]
    rows = [[(cell(v, HTML_CELL), n) for v, n in zip(row, numeric)] for row in result.rows]
    note = "No rows." if not rows else (f"First {HTML_ROWS} rows." if len(rows) == HTML_ROWS else "")
    return {"name": report.name, "description": report.description, "spec": script_json(spec) if spec else None,
            "columns": result.columns, "rows": rows, "note": note}


def render_page(sections: list[dict], warehouse: Warehouse, bundle: str) -> str:
    """Return the HTML page (templates/reports.html) holding every section and the inlined chart scripts."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, trim_blocks=False)
    return env.get_template("reports.html").render(
        sections=sections, warehouse=str(warehouse), written=f"{datetime.now():%Y-%m-%d %H:%M}", bundle=bundle)


def write_html(warehouse: Warehouse, out: Path) -> Path:
    """Write every report as one offline HTML page (tables and charts) to `out`; return its path."""
    from flows.report.charts import vegalite_version

    sections = []
    reports = catalog(warehouse.sql_dir)
    names = [n for n in PAGE_ORDER if n in reports] + [n for n in reports if n not in PAGE_ORDER]
    for report in (reports[n] for n in names):
        result = None if report.required else run_report(warehouse, report.name, limit=HTML_ROWS)
        sections.append(section(report, result))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(sections, warehouse, vega_bundle(vegalite_version())), encoding="utf-8")
    return out
