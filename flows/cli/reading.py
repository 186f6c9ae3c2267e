"""Commands that read the warehouse: `status`, `report`, `search`, `explain`, `sql`, `audit` and `docs`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flows.cli.options import INBOX, WAREHOUSE, BadInput, article_ids, command, opt, positive, store_of
from flows.settings import Settings


@command("the latest run in detail, recent runs, totals, the inbox, stale articles", WAREHOUSE, INBOX,
         opt("--runs", type=positive, default=5, help="how many recent runs to list (default 5)"))
def status(args: argparse.Namespace, settings: Settings) -> int:
    """Print the status report; return 0."""
    from flows.extract.stamp import current_stamp
    from flows.report.status import status

    print(status(store_of(settings).readers(), settings.inbox, current_stamp(settings.spacy_model, settings.alias_table),
                 args.runs))
    return 0


@command("run a report from sql/reports/ (--list shows them), or write all as HTML", WAREHOUSE,
         opt("name", nargs="?", help="the report to run (a file name in sql/reports/, without .sql)"),
         opt("--list", action="store_true", help="list the reports, what each answers and its parameters"),
         opt("--html", type=Path, metavar="PATH", help="write every report as one offline HTML page"),
         opt("--format", default="table", choices=("table", "csv", "json", "markdown")),
         opt("--limit", type=positive, metavar="N", help="show at most N rows"),
         opt("--param", action="append", metavar="KEY=VALUE", help="a report parameter (repeatable)"))
def report(args: argparse.Namespace, settings: Settings) -> int:
    """List the reports, run one, or write them all as HTML; return 0, or 2 with the reason for a bad request."""
    from flows.db import WarehouseLocked
    from flows.report import formats, reports

    if args.list:
        print(reports.listing(settings.sql_dir))
        return 0
    if not args.html and not args.name:
        raise BadInput("name a report to run (wirehouse report --list shows them), or give --html PATH")
    store = store_of(settings).readers()
    try:
        if args.html:
            from flows.report.html import write_html

            print(write_html(store, args.html.resolve()))
            return 0
        result = reports.run_report(store, args.name, reports.parse_params(args.param), args.limit)
    except (reports.ReportError, ValueError, WarehouseLocked) as exc:  # SearchError is a ValueError (articles_matching)
        print(exc, file=sys.stderr)
        return 2
    print(formats.render(result, args.format))
    return 0


@command("full-text search (BM25) over article titles and bodies, or quotes", WAREHOUSE,
         opt("query", help='words to look for; "a phrase" in double quotes must appear as written'),
         opt("--in", dest="scope", default="articles", choices=("articles", "quotes")),
         opt("--limit", type=positive, default=10, metavar="N", help="show the best N hits (default 10)"))
def search(args: argparse.Namespace, settings: Settings) -> int:
    """Print the best hits of a full-text query; return 0, or 2 with the reason when the query cannot be searched."""
    from flows.db import WarehouseLocked
    from flows.report.search import SearchError, render, search

    try:
        rows = search(store_of(settings).readers(), args.query, args.scope, args.limit)
    except (SearchError, WarehouseLocked) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(render(rows, args.scope, args.query))
    return 0


@command("what one file or loaded article yields, row by row, with its sentences", WAREHOUSE,
         opt("target", metavar="FILE_OR_ARTICLE_ID", help="an article file, or a loaded article's id (or its start)"))
def explain(args: argparse.Namespace, settings: Settings) -> int:
    """Print what one file or loaded article yields; return 0."""
    from flows.report.explain import NothingToExplain, explain

    store = store_of(settings).readers()  # the last completed run: no wait behind a loader
    target = args.target if Path(args.target).is_file() else article_ids(store, [args.target])[0]
    try:
        print(explain(target, settings, store))
    except NothingToExplain as exc:
        raise BadInput(str(exc)) from None
    return 0


@command("print the statements that open the lake read-only in the duckdb shell", WAREHOUSE)
def sql(args: argparse.Namespace, settings: Settings) -> int:
    """Print the statements that open the lake read-only in `.venv/bin/duckdb -cmd "..."`; return 0 (2 without a lake)."""
    store = store_of(settings)
    if not settings.lake:
        raise BadInput(f"no lake is set (--lake or WIREHOUSE_LAKE): a DuckDB file opens as it is, {store.shell()}")
    print(store.shell())
    return 0


@command("re-check every loaded table with the suites in expectations/", WAREHOUSE)
def audit(args: argparse.Namespace, settings: Settings) -> int:
    """Print the suites' verdict on the loaded tables; return 1 when any expectation fails."""
    from flows.quality.audit import audit
    from flows.report.status import plural

    found = audit(store_of(settings).readers(), settings.expectations_dir)
    suites = sorted({r["suite"] for r in found.results})
    print(f"{len(found.results)} expectations in {len(suites)} suites: "
          f"{sum(not r['success'] for r in found.results)} failed")
    for result in found.results:
        if not result["success"]:
            print(f"  {result['suite']}: {result['expectation']} ({plural(result['unexpected_count'], 'row')})")
    return 0 if found.clean else 1


@command("build Great Expectations Data Docs of every run's validation results, readable offline", WAREHOUSE,
         opt("--out", type=Path, setting="docs", help="folder to write the site to (env WIREHOUSE_DOCS)"))
def docs(args: argparse.Namespace, settings: Settings) -> int:
    """Build the Data Docs and print the page to open; return 0 (2 when the folder holds other files)."""
    from flows.quality.docs import DocsFolderTaken, build_docs

    try:
        print(build_docs(store_of(settings).readers(), settings.expectations_dir, settings.docs_dir))
    except DocsFolderTaken as exc:
        raise BadInput(str(exc)) from None
    return 0
