"""Data Docs: every run's results listed, pages that load only local files, a rebuild that renders only new runs,
and the index's results table built offline in headless Chromium. A small warehouse made here: no flow run."""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from browser import dump_dom, needs_chromium
from samples import at

from flows.quality import docs
from flows.quality.offline import VEGA, drop_block, localize_page
from flows.quality.suites import run_suite
from flows.settings import PROJECT_ROOT

SQL = PROJECT_ROOT / "sql"
REMOTE = re.compile(r'\b(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', re.I)
LOCAL = re.compile(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"#]+)"', re.S)


def add_run(warehouse: Path, run_id: int, started: datetime, result: dict) -> None:
    """Record a finished run whose one batch has `result` (a GX result of the dim_source suite)."""
    with at(warehouse).connect() as con:
        at(warehouse).script(con, "ops/schema.sql")
        con.execute("insert into etl_run (run_id, started_at, status) values (?, ?, 'success')", [run_id, started])
        con.execute("insert into validation_report values (?, 1, 'dim_source', ?, ?)",
                    [run_id, result["success"], json.dumps(result)])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Return (warehouse, expectations folder, docs folder): run 1 passed its suite, run 2 failed it."""
    root = tmp_path_factory.mktemp("docs")
    expectations = root / "expectations"
    expectations.mkdir()
    shutil.copy(PROJECT_ROOT / "expectations" / "dim_source.json", expectations)
    warehouse = root / "news.duckdb"
    for run_id, name in ((1, "Wire"), (2, None)):   # a source without a name fails the suite
        *_, result = run_suite("dim_source", pd.DataFrame({"source_key": [1], "source_name": [name]}), expectations)
        add_run(warehouse, run_id, datetime(2026, 1, run_id, 9, 30), result)
    docs.build_docs(at(warehouse), expectations, root / "site")
    return warehouse, expectations, root / "site"


def pages(docs_dir: Path) -> list[Path]:
    return sorted(docs_dir.rglob("*.html"))


def test_index_lists_every_run_with_its_outcome(site):
    _, _, docs_dir = site
    index = (docs_dir / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"'run_name': '(run-\d+)'", index) == ["run-2", "run-1"]   # newest first
    assert index.count("ge-success-icon") == 1 and index.count("ge-failed-icon") == 1
    runs = sorted(p.relative_to(docs_dir).parts[2] for p in (docs_dir / "validations").rglob("*.html"))
    assert runs == ["run-1", "run-2"]


def test_pages_load_nothing_from_the_network(site):
    _, _, docs_dir = site
    assert len(pages(docs_dir)) == 4   # index, the suite, two results
    for page in pages(docs_dir):
        text = page.read_text(encoding="utf-8")
        assert not REMOTE.search(text), page
        assert "newsletter" not in text and "amazonaws" not in text and "prefers-color-scheme" not in text
        for ref in LOCAL.findall(text):   # every script, style and image it names is in the site
            assert (page.parent / ref).resolve().is_file(), (page, ref)
    assert (docs_dir / "static/vendor/font-awesome/webfonts/fa-solid-900.woff2").is_file()


def test_rebuild_renders_only_new_runs_and_lists_them_all(site, tmp_path):
    warehouse, expectations, docs_dir = site
    copy = tmp_path / "site"
    shutil.copytree(docs_dir, copy)
    before = {p: p.stat().st_mtime_ns for p in (copy / "validations").rglob("*.html")}
    docs.build_docs(at(warehouse), expectations, copy)
    assert {p: p.stat().st_mtime_ns for p in (copy / "validations").rglob("*.html")} == before   # not rendered again
    assert sorted(p.relative_to(copy) for p in pages(copy)) == sorted(p.relative_to(docs_dir) for p in pages(docs_dir))
    wh = tmp_path / "news.duckdb"
    shutil.copy(warehouse, wh)
    *_, result = run_suite("dim_source", pd.DataFrame({"source_key": [1], "source_name": ["Wire"]}), expectations)
    add_run(wh, 3, datetime(2026, 1, 3, 9, 30), result)
    docs.build_docs(at(wh), expectations, copy)
    index = (copy / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"'run_name': '(run-\d+)'", index) == ["run-3", "run-2", "run-1"]
    assert not REMOTE.search(index)


def test_a_page_with_a_chart_gets_the_vega_bundle_and_others_drop_it():
    head = ('<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>'
            '<script src="https://cdn.jsdelivr.net/npm/vega-lite@5"></script>'
            '<script src="https://cdn.jsdelivr.net/npm/vega-embed@6"></script>')
    assert localize_page(head + "<p>no chart</p>", 0) == "<p>no chart</p>"
    assert localize_page(head + "<script>vegaEmbed('#c', spec)</script>", 2) == (
        f'<script src="../../{VEGA}"></script><script>vegaEmbed(\'#c\', spec)</script>')
    css = "a { color: red } @media (prefers-color-scheme: dark) { a { color: white } .x { b: c } } p { margin: 0 }"
    assert drop_block(css, "@media (prefers-color-scheme: dark)") == "a { color: red }  p { margin: 0 }"


class ResultsTable(HTMLParser):
    """Collects the index's validation results rows as bootstrap-table built them: (row link, status icon)."""

    def __init__(self):
        super().__init__()
        self.rows: list[list] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-index" in attrs and (attrs.get("data-href") or "").startswith("validations/"):
            self.rows.append([attrs["data-href"], None])
        elif tag == "i" and self.rows and self.rows[-1][1] is None:
            icons = set((attrs.get("class") or "").split())
            self.rows[-1][1] = "passed" if "ge-success-icon" in icons else "failed" if "ge-failed-icon" in icons else None


@needs_chromium
def test_index_table_renders_offline_in_headless_chromium(site, tmp_path):
    _, _, docs_dir = site
    dom, console = dump_dom(docs_dir / "index.html", tmp_path / "profile")
    table = ResultsTable()
    table.feed(dom)
    outcomes = sorted((href.split("/")[2], status) for href, status in table.rows)
    assert outcomes == [("run-1", "passed"), ("run-2", "failed")]   # rows built, the status column filled
    assert console == []   # no script error, no file missing
