"""`wirehouse report --html`: every report on one static page, as tables and charts that render offline.

Charts are Vega-Lite specs (flows/report/charts.py) drawn in the browser by Vega-Embed. The Vega, Vega-Lite
and Vega-Embed scripts come from the vl-convert-python package, which bundles them, and are inlined in the page:
nothing is fetched from a CDN, so the page opens with no network.

The page is written only where no file is, or over a page this command wrote before (it carries MARKER in its
head): never over anything else, such as the warehouse itself. It is written beside its place and renamed into
it, so a failed write leaves no half page.
"""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from flows.report.formats import cell, plain
from flows.report.reports import Report, ReportError, Result, catalog, run_report
from flows.warehouse.handle import Warehouse

HTML_ROWS = 200   # rows per table on the page; the CLI gives every row
HTML_CELL = 160   # characters per cell before it is cut
# A page this command wrote says so near its start; only such a page is ever written over.
MARKER = '<meta name="generator" content="wirehouse report --html">'
# What a reader looks at first; reports not named here follow in name order.
PAGE_ORDER = ("stories", "top_entities", "entity_profile", "entity_pairs", "events_timeline", "tone_by_week",
              "places_on_map", "metrics_by_entity", "quotes_by_speaker", "money_by_article", "articles_by_source_month",
              "data_quality", "failed_expectations")


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
        sections=sections, warehouse=str(warehouse), written=f"{datetime.now():%Y-%m-%d %H:%M}", bundle=bundle,
        marker=MARKER)


def check_target(out: Path) -> None:
    """Raise ReportError unless `out` is free or a page written by this command (MARKER near its start)."""
    if not os.path.lexists(out):
        return
    if out.is_dir() and not out.is_symlink():
        raise ReportError(f"{out} is a folder: give the path of the HTML file to write, such as {out / 'reports.html'}")
    ours = False
    if out.is_file() and not out.is_symlink():
        with out.open("rb") as handle:
            ours = MARKER.encode() in handle.read(4096)
    if not ours:
        raise ReportError(f"refusing to overwrite {out}: it is not a page written by `wirehouse report --html` "
                          "(give another path, or move that file away first)")


def write_new_page(out: Path, page: str) -> None:
    """Write the page to a temporary file beside `out`, then rename it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.{os.getpid()}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
        check_target(out)  # once more: something may have been put there while the reports ran
        os.replace(temp, out)
    except BaseException:
        os.unlink(temp)
        raise


def write_html(warehouse: Warehouse, out: Path) -> Path:
    """Write every report as one offline HTML page (tables and charts) to `out`; return its path. Raise
    ReportError when `out` holds anything but an earlier page of this command."""
    from flows.report.charts import vegalite_version

    check_target(out)
    sections = []
    reports = catalog(warehouse.sql_dir)
    names = [n for n in PAGE_ORDER if n in reports] + [n for n in reports if n not in PAGE_ORDER]
    for report in (reports[n] for n in names):
        result = None if report.required else run_report(warehouse, report.name, limit=HTML_ROWS)
        sections.append(section(report, result))
    write_new_page(out, render_page(sections, warehouse, vega_bundle(vegalite_version())))
    return out
