"""A report's rows as text: an aligned table for the terminal, CSV, JSON or a Markdown table."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from flows.report.reports import Result

FORMATS = ("table", "csv", "json", "markdown")
CELL_WIDTH = 60  # characters a terminal or Markdown cell shows before it is cut with '…'


def plain(value) -> object:
    """Return a value JSON can hold: dates as ISO text, decimals as floats, anything else unknown as text."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return str(value)


def cell(value, width: int = CELL_WIDTH) -> str:
    """Return a value as one short line: NULL empty, whole floats without decimals, long text cut."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,.3f}".rstrip("0")
    elif isinstance(value, datetime):
        text = f"{value:%Y-%m-%d %H:%M:%S}"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def _numeric(result: Result, column: int) -> bool:
    """Return True when every non-NULL value of a column is a number (those align right)."""
    values = [row[column] for row in result.rows if row[column] is not None]
    return bool(values) and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values)


def as_table(result: Result) -> str:
    """Return the rows as an aligned plain-text table with a header rule and a row count."""
    cells = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    right = [_numeric(result, i) for i in range(len(result.columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right)).rstrip()

    rows = len(result.rows)
    return "\n".join([line(result.columns), line(["-" * w for w in widths]), *map(line, cells),
                      f"({rows} row{'' if rows == 1 else 's'})"])


def as_csv(result: Result) -> str:
    """Return the rows as CSV with a header line, values unshortened."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([plain(v) for v in row] for row in result.rows)
    return out.getvalue().rstrip("\n")


def as_json(result: Result) -> str:
    """Return the rows as a JSON array of objects (column -> value), values unshortened."""
    def value(column: str, v):
        return json.loads(v) if column in result.json_columns and isinstance(v, str) else plain(v)

    return json.dumps([{k: value(k, v) for k, v in row.items()} for row in result.records()], ensure_ascii=False,
                      indent=1)


def as_markdown(result: Result) -> str:
    """Return the rows as a GitHub-flavoured Markdown table (pipes in cells escaped)."""
    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    right = [_numeric(result, i) for i in range(len(result.columns))]
    return "\n".join([line(result.columns), line(["---:" if r else "---" for r in right]),
                      *(line([cell(v) for v in row]) for row in result.rows)])


def render(result: Result, fmt: str) -> str:
    """Return the report's rows in one of FORMATS."""
    return {"table": as_table, "csv": as_csv, "json": as_json, "markdown": as_markdown}[fmt](result)
